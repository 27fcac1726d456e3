#!/usr/bin/env bash
# The one test command (README: `npm test`). Runs every tier; any failure fails the whole run.
# Under CI (CI=true) no tier may be skipped. Locally, pass tier names to run a subset:
#   npm test -- unit system
set -euo pipefail
cd "$(dirname "$0")/.."

tiers=("$@")
if [[ ${#tiers[@]} -eq 0 ]]; then tiers=(static unit system extension-host ui); fi
if [[ "${CI:-}" == "true" && $# -gt 0 ]]; then
  echo "test.sh: under CI every tier runs; tier arguments are not allowed" >&2
  exit 2
fi

results_dir=test-artifacts/results
rm -rf "$results_dir"
mkdir -p "$results_dir"

bash scripts/setup-machine.sh
[[ -d node_modules ]] || npm ci --no-audit --no-fund
node esbuild.js
rm -rf out && npx tsc -p tsconfig.json

# node's test runner, with a TAP copy so the totals can be added up across tiers.
run_node_tests() {
  local tier=$1
  shift
  node --test --test-concurrency=1 "$@" \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$results_dir/$tier.tap" \
    "out/test/$tier/"
}

for tier in "${tiers[@]}"; do
  echo "=== tier: $tier"
  case "$tier" in
    static)
      npx tsc -p tsconfig.json --noEmit
      npx eslint .
      npx prettier --check .
      ;;
    unit) run_node_tests unit ;;
    system) run_node_tests system ;;
    extension-host) node out/test/extension-host/runInCodeServer.js ;;
    ui) node out/test/ui/run.js ;;
    *)
      echo "test.sh: unknown tier $tier" >&2
      exit 2
      ;;
  esac
done

node scripts/summarize-results.js "$results_dir"
