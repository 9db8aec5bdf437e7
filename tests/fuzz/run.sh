#!/usr/bin/env bash
# Builds Kith's importer fuzz targets with clang's libFuzzer and runs each for a
# bounded time (docs/FUZZING.md). Usage:
#   tests/fuzz/run.sh [BUILD_DIR]            default /tmp/kith-fuzz
# Environment:
#   KITH_FUZZ_SECONDS   fuzzing time per target (default 12)
#   KITH_FUZZ_TARGETS   targets to run (default "csv ssda903 ssda903_xml cin_xml session_json")
#   KITH_FUZZ_CXX       the clang++ to use (default clang++-14, else clang++)
# For each target: replay tests/fuzz/regressions/<target>/* (inputs that once
# crashed), then fuzz from tests/fuzz/corpus/<target>/ (a working copy of the
# corpus grows in BUILD_DIR/corpus/<target>). Exit 1 on any crash, leak, timeout
# or out-of-memory, with the crashing input in BUILD_DIR/artifacts/<target>/;
# exit 2 when the targets cannot be built.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-/tmp/kith-fuzz}"
seconds="${KITH_FUZZ_SECONDS:-12}"
targets="${KITH_FUZZ_TARGETS:-csv ssda903 ssda903_xml cin_xml session_json}"
cxx="${KITH_FUZZ_CXX:-$(command -v clang++-14 || command -v clang++ || true)}"
if [[ -z "$cxx" ]]; then
  echo "fuzz: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
mkdir -p "$build/obj"

flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
       -I "$root/src" -I /usr/include/libxml2
       -DKITH_FUZZ_CIN_XSD="\"$root/data/spec/cin/CIN_schema_2025_26.xsd\""
       -DKITH_FUZZ_903_XSD="\"$root/data/spec/ssda903/ssda903_xml_schema_2021.xsd\"")

# Compiles one source to an object when the object is missing or older than the
# source or any Kith header (one compiler at a time, to keep the machine usable).
newest_header=$(find "$root/src" -name '*.h' -newer "$build/obj/.stamp" 2>/dev/null | head -1 || true)
[[ -f "$build/obj/.stamp" ]] || newest_header=all
object() {  # object SOURCE -> prints the object path
  local src="$1" obj
  obj="$build/obj/$(echo "${src#"$root"/}" | tr / _).o"
  if [[ ! -f "$obj" || "$src" -nt "$obj" || -n "$newest_header" ]]; then
    echo "fuzz: compiling ${src#"$root"/}" >&2
    "$cxx" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj" >&2 || return 1
  fi
  echo "$obj"
}

# target -> Kith sources (besides tests/fuzz/fuzz_<target>.cpp) and libraries.
sources() {
  case "$1" in
    csv) echo src/io/csv.cpp ;;
    ssda903) echo src/io/csv.cpp src/model/date.cpp src/model/distance.cpp src/returns/ssda903/reader.cpp src/returns/ssda903/table.cpp \
                  src/returns/ssda903/schema.cpp src/returns/ssda903/derived.cpp src/returns/ssda903/postcodes.cpp \
                  src/returns/untrusted_xml.cpp src/returns/ssda903/xml_reader.cpp src/returns/ssda903/xml_writer.cpp ;;
    ssda903_xml) echo src/io/csv.cpp src/model/date.cpp src/model/distance.cpp src/returns/untrusted_xml.cpp src/returns/ssda903/xml_reader.cpp \
                      src/returns/ssda903/xml_writer.cpp src/returns/ssda903/table.cpp src/returns/ssda903/schema.cpp \
                      src/returns/ssda903/derived.cpp src/returns/ssda903/postcodes.cpp ;;
    cin_xml) echo src/model/date.cpp src/returns/untrusted_xml.cpp src/returns/cin/cin_reader.cpp src/returns/cin/cin_table.cpp ;;
    session_json) echo src/web/credentials.cpp ;;
    *) echo "fuzz: unknown target $1" >&2; return 1 ;;
  esac
}
libraries() {
  case "$1" in
    ssda903) echo -lxml2 -lz ;;
    ssda903_xml) echo -lxml2 -lz ;;
    cin_xml) echo -lxml2 ;;
    session_json) echo -lfmt ;;
  esac
}

for t in $targets; do
  objs=()
  for s in "$here/fuzz_$t.cpp" $(sources "$t" | tr ' ' '\n' | sed -n "/./s|^|$root/|p"); do
    o=$(object "$s") || { echo "fuzz: cannot compile $s" >&2; exit 2; }
    objs+=("$o")
  done
  bin="$build/fuzz_$t"
  if [[ ! -x "$bin" ]] || [[ -n "$(find "${objs[@]}" -newer "$bin" 2>/dev/null)" ]]; then
    echo "fuzz: linking fuzz_$t" >&2
    # shellcheck disable=SC2046
    "$cxx" "${flags[@]}" -fsanitize=fuzzer "${objs[@]}" $(libraries "$t") -o "$bin" || { echo "fuzz: cannot link fuzz_$t" >&2; exit 2; }
  fi
done
touch "$build/obj/.stamp"

common=(-rss_limit_mb=1024 -timeout=5 -max_len=8192 -print_final_stats=1)
status=0
summary=()
for t in $targets; do
  bin="$build/fuzz_$t"
  mkdir -p "$build/corpus/$t" "$build/artifacts/$t"
  args=("${common[@]}" -artifact_prefix="$build/artifacts/$t/")
  [[ -f "$here/corpus/$t.dict" ]] && args+=(-dict="$here/corpus/$t.dict")

  shopt -s nullglob
  regressions=("$here/regressions/$t"/*)
  shopt -u nullglob
  if ((${#regressions[@]})); then
    if ! "$bin" "${args[@]}" "${regressions[@]}" >"$build/$t.regressions.log" 2>&1; then
      echo "fuzz: $t: a regression input crashes again; see $build/$t.regressions.log" >&2
      tail -n 40 "$build/$t.regressions.log" >&2
      status=1
      continue
    fi
  fi

  log="$build/$t.log"
  if "$bin" "${args[@]}" -max_total_time="$seconds" "$build/corpus/$t" "$here/corpus/$t" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    summary+=("$t: ${runs:-?} runs in ${seconds}s (${rate:-?}/s), ${#regressions[@]} regression input(s) replayed, corpus $(ls "$build/corpus/$t" | wc -l) + $(ls "$here/corpus/$t" | wc -l) seeds")
  else
    echo "fuzz: $t: CRASH; the input is in $build/artifacts/$t/ (add it to tests/fuzz/regressions/$t/ once fixed)" >&2
    grep -E -A30 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error|invariant broken|deadly signal' "$log" | head -n 60 >&2 || tail -n 60 "$log" >&2
    summary+=("$t: CRASH (log $log)")
    status=1
  fi
done
printf 'fuzz: %s\n' "${summary[@]}"
exit $status
