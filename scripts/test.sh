#!/usr/bin/env bash
# `npm test`: everything CI checks, in order, stopping at the first failure (non-zero exit):
#   npm ci (when node_modules is missing or older than package-lock.json), scripts/setup-tools.sh
#   (chromium + code-server), build, typecheck, lint, the contributed-vs-registered command check, then the unit, integration and e2e suites, and a
#   quick benchmark run (bench/, `npm run bench -- --quick`) that only has to complete.
#
# usage: scripts/test.sh                       the whole pipeline
#        scripts/test.sh SUITE [TEST_FILE...]  one suite only (unit | integration | e2e), no build;
#                                              all of its test/SUITE/**/*.test.ts files unless files are given
# Suites run with node's test runner + tsx. The file list is expanded here because Node 20's --test does not
# expand globs itself. Integration and e2e tests run one file at a time (real CLIs, real VS Code, 2 cores).
set -euo pipefail
exec </dev/null   # never wait for input (CI has none)
cd "$(dirname "${BASH_SOURCE[0]}")/.."

run_suite() {
  local suite=$1
  shift
  local files=("$@")
  if [[ ${#files[@]} -eq 0 ]]; then
    mapfile -t files < <(find "test/$suite" -name '*.test.ts' -type f 2>/dev/null | sort)
  fi
  if [[ ${#files[@]} -eq 0 ]]; then
    echo "no $suite tests (test/$suite/**/*.test.ts)"
    return 0
  fi
  local options=(--import tsx --test --test-reporter=spec)
  [[ $suite == unit ]] || options+=(--test-concurrency=1)
  node "${options[@]}" "${files[@]}"
}

case ${1:-} in
  unit | integration | e2e)
    run_suite "$@"
    exit
    ;;
  "") ;;
  *)
    echo "usage: $0 [unit|integration|e2e [TEST_FILE...]]" >&2
    exit 2
    ;;
esac

node scripts/check-node.mjs   # one line when a pinned CLI declares a newer Node (see docs/setup.md)
started=$SECONDS
passed=()
step() {
  local name=$1
  shift
  echo
  echo "==> $name"
  if ! "$@"; then
    echo
    echo "test.sh: FAILED at '$name' after $((SECONDS - started)) s (passed: ${passed[*]:-none})"
    exit 1
  fi
  passed+=("$name")
}

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "npm ci" npm ci --no-audit --no-fund
fi
step "tools" bash scripts/setup-tools.sh
step "build" npm run --silent build
step "typecheck" npm run --silent typecheck
step "lint" npm run --silent lint
step "commands" node --import tsx scripts/check-commands.ts
step "unit" run_suite unit
step "integration" run_suite integration
step "exthost" node scripts/run-exthost-tests.mjs
step "e2e" run_suite e2e
# Benchmarks are not tests: CI only checks that the quick run completes (figures in test-results/).
step "bench (quick)" npm run --silent bench -- --quick --out test-results/bench-quick.md

echo
echo "test.sh: all passed (${passed[*]}) in $((SECONDS - started)) s"
