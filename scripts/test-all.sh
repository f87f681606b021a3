#!/usr/bin/env bash
# npm test: everything CI runs. Lint, build, unit tests, then a real network
# (Fabric binaries, nodes, channel, chaincodes), the integration tests through
# the gateway, and a clean-up of that network even when a test fails.
#
# The test network lives apart from the one `npm start` leaves running:
# GOVCHAIN_HOME defaults to .govchain/test and GOVCHAIN_BASE_PORT to 27000, so
# running the tests never disturbs a network you are using.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

export GOVCHAIN_HOME=${GOVCHAIN_HOME:-$root/.govchain/test}
export GOVCHAIN_BASE_PORT=${GOVCHAIN_BASE_PORT:-27000}
export GOVCHAIN_TOPOLOGY=${GOVCHAIN_TOPOLOGY:-default}

step() { printf '\n=== %s\n' "$*"; }
started=$(date +%s)

step "lint"
npm run --silent lint

step "build"
npm run --silent build

# Before the unit tests: some of them drive the network CLI, which needs the binaries.
step "Fabric binaries"
bash scripts/install-fabric.sh >/dev/null

step "unit tests"
npx mocha --config test/.mocharc.unit.json

cleanup() {
  local rc=$?
  step "network clean (test network in ${GOVCHAIN_HOME#"$root"/})"
  node network/dist/cli.js clean || true
  printf '\nnpm test finished in %ss with exit code %s\n' "$(($(date +%s) - started))" "$rc"
  exit "$rc"
}
trap cleanup EXIT

step "network up (topology $GOVCHAIN_TOPOLOGY)"
# A leftover from an interrupted run starts from scratch.
node network/dist/cli.js clean >/dev/null 2>&1 || true
node network/dist/cli.js up
node network/dist/cli.js status

step "integration tests"
npx mocha --config test/.mocharc.integration.json
