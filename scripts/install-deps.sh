#!/usr/bin/env bash
# Installs what Kith needs to build, test and serve on Debian 12, and only
# what is missing: Debian packages with apt-get (as root), web assets and the
# browser-test drivers with npm. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config
  libsqlite3-dev libcpp-httplib-dev nlohmann-json3-dev libsodium-dev libfmt-dev libspdlog-dev
  libcli11-dev libpugixml-dev libxml2-dev libxlsxwriter-dev libhpdf-dev libpq-dev postgresql-15 zlib1g-dev libssl-dev
  libqrencode-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  chromium poppler-utils
)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing Debian packages: ${missing[*]}; run this script as root (or apt-get install them)" >&2
    exit 3
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Web assets (govuk-frontend, htmx) and browser-test drivers (playwright-core, axe-core).
if [[ ! -d web/node_modules/govuk-frontend || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci (web assets)"
  npm ci --prefix web --no-audit --no-fund --loglevel=error
fi
