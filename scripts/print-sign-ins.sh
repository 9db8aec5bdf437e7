#!/usr/bin/env bash
# Prints the demo council's sign-ins (created by `kith synth`; synthetic people only).
# Usage: print-sign-ins.sh [PORT]
port=${1:-8080}
cat <<TABLE

Demo sign-ins (password for every one: kith-demo-2026)
  username               role
  practitioner           Practitioner (a social worker with a caseload)
  team_manager           Team manager (the practitioner's team)
  locality_manager       Locality manager (the practitioner's locality)
  partner_practitioner   Partner practitioner (a health visitor in teams around families)
  performance_analyst    Performance analyst (aggregates)
  councillor             Councillor (aggregates only)
  administrator          Administrator (no case content)

Open http://127.0.0.1:${port} in a browser. Stop with Ctrl-C.
TABLE
