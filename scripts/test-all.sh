#!/usr/bin/env bash
# npm test: everything CI runs. Lint, build, unit tests, then a real network
# (Fabric binaries, nodes, channel, chaincodes), the integration tests through
# the gateway, short slices of the Caliper, join and fault suites, and a clean-up of that
# network even when a test fails. Then a second, SmartBFT-ordered network
# (four orderers of four organizations) with the ordering and platform tests
# against it, cleaned up the same way.
#
# The test networks live apart from the one `npm start` leaves running:
# GOVCHAIN_HOME defaults to .govchain/test and GOVCHAIN_BASE_PORT to 27000, the
# SmartBFT one to .govchain/test-bft and 24000 (GOVCHAIN_TEST_BFT_HOME,
# GOVCHAIN_TEST_BFT_BASE_PORT), so running the tests never disturbs a network
# you are using. GOVCHAIN_TEST_BFT_TOPOLOGY picks its topology: bft-small (the
# default: the bft profile's four orderers with four departments and the
# control chaincode, about three minutes on two cores), bft (all ten
# departments and chaincodes, about six), or none to skip it. The first network
# gets its certificates from its organizations' Fabric CAs (memberServices ca,
# the default); the SmartBFT one from cryptogen (GOVCHAIN_MEMBER_SERVICES=
# cryptogen), so that the quick path stays tested. Between the two, a third
# small network (.govchain/test-deploy, ports from 22000; GOVCHAIN_TEST_DEPLOY_HOME,
# GOVCHAIN_TEST_DEPLOY_BASE_PORT) is brought up without chaincodes and has them
# deployed by npm run chaincode (about a minute).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

export GOVCHAIN_HOME=${GOVCHAIN_HOME:-$root/.govchain/test}
export GOVCHAIN_BASE_PORT=${GOVCHAIN_BASE_PORT:-27000}
export GOVCHAIN_TOPOLOGY=${GOVCHAIN_TOPOLOGY:-default}
# Chaincode servers log at debug level, also those the tests restart (they run network:up themselves):
# the privacy scan (zzz-privacy-logs) reads those logs too.
export GOVCHAIN_CHAINCODE_LOGGING=${GOVCHAIN_CHAINCODE_LOGGING:-debug}
bft_home=${GOVCHAIN_TEST_BFT_HOME:-$root/.govchain/test-bft}
bft_base_port=${GOVCHAIN_TEST_BFT_BASE_PORT:-24000}
bft_topology=${GOVCHAIN_TEST_BFT_TOPOLOGY:-bft-small}

step() { printf '\n=== %s\n' "$*"; }
started=$(date +%s)

step "lint"
npm run --silent lint

step "build"
npm run --silent build

# Before the unit tests: some of them drive the network CLI, which needs the binaries.
step "Fabric and Fabric CA binaries"
bash scripts/install-fabric.sh >/dev/null
bash scripts/install-fabric-ca.sh >/dev/null

# The console's browser tests drive Debian's Chromium (playwright-core, no browser download).
step "Chromium for the browser tests"
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
"${CHROMIUM_PATH:-/usr/bin/chromium}" --version

step "unit tests"
npx mocha --config test/.mocharc.unit.json

# The runtime directories of the networks this run has up; each is cleaned on exit, even on failure.
networks=()
clean_network() {
  step "network clean (test network in ${1#"$root"/})"
  GOVCHAIN_HOME=$1 node network/dist/cli.js clean || true
}
cleanup() {
  local rc=$?
  for home in ${networks[@]+"${networks[@]}"}; do clean_network "$home"; done
  printf '\nnpm test finished in %ss with exit code %s\n' "$(($(date +%s) - started))" "$rc"
  exit "$rc"
}
trap cleanup EXIT

networks=("$GOVCHAIN_HOME")
step "network up (topology $GOVCHAIN_TOPOLOGY)"
# A leftover from an interrupted run starts from scratch.
node network/dist/cli.js clean >/dev/null 2>&1 || true
node network/dist/cli.js up
node network/dist/cli.js status

step "integration tests"
npx mocha --config test/.mocharc.integration.json

# A short slice of npm run bench:caliper, so it cannot rot: every round, 2 s each, through both Caliper
# bindings (installed on first use into ~/.cache/govchain), reading the common connection profiles.
step "Caliper slice (npm run bench:caliper -- --duration 2)"
node scripts/dist/bench/caliper.js --duration 2 2>/dev/null
# A short slice of npm run bench:join: a department joins by snapshot and another from the genesis block
# on a ledger of 50 more licences, then both leave (the full run uses 100,000).
step "join slice (npm run bench:join -- --licences 50)"
node scripts/dist/bench/join.js --licences 50 2>/dev/null
# A short slice of npm run faults: the Raft leader, then a peer, killed with SIGKILL under load and repaired
# by network:up; it fails when a write is lost or applied twice, nothing commits after the repair, or the
# peers' ledgers differ afterwards (the full suite, with the chaincode, listener and disk-full faults and the
# SmartBFT leader, is npm run faults).
step "fault slice (npm run faults -- --only orderer-leader,peer --seconds 5 --outage 3)"
node scripts/dist/faults/main.js --only orderer-leader,peer --seconds 5 --outage 3
clean_network "$GOVCHAIN_HOME"
networks=()

# A short slice of npm run bench:scale: the city topology's first ten departments brought up cold in a
# network of its own, measured 2 s a workload and removed; its section goes to .bench/scale/slice.md, not
# BENCHMARKS.md (the full run: 10, 20 and 49 departments).
networks=("$root/.govchain/scale-10")
step "scaling slice (npm run bench:scale -- --sizes 10 --duration 2)"
node scripts/dist/bench/scale.js --sizes 10 --duration 2 --concurrency 4 --base-port 20000 \
  --out "$root/.bench/scale/slice.md"
networks=()

# Issue 20's acceptance, on a network of its own (test/deploy/topology.yaml: four departments, all four
# chaincodes): network:up --no-chaincodes, then npm run chaincode -- deploy from the profiles and the admins'
# MSP folders only, a licence issued and verified through the gateway client; the test cleans it up.
deploy_home=${GOVCHAIN_TEST_DEPLOY_HOME:-$root/.govchain/test-deploy}
networks=("$deploy_home")
step "chaincode deploy onto a network without our chaincodes (in ${deploy_home#"$root"/})"
GOVCHAIN_MEMBER_SERVICES=cryptogen GOVCHAIN_HOME=$deploy_home \
  GOVCHAIN_BASE_PORT=${GOVCHAIN_TEST_DEPLOY_BASE_PORT:-22000} GOVCHAIN_TOPOLOGY=$root/test/deploy/topology.yaml \
  npx mocha --reporter spec --timeout 600000 --slow 60000 \
  test/dist/deploy/deploy.test.js
networks=()

[ "$bft_topology" = none ] && exit 0
bft_started=$(date +%s)
networks=("$bft_home")
bft() { GOVCHAIN_MEMBER_SERVICES=cryptogen GOVCHAIN_HOME=$bft_home GOVCHAIN_BASE_PORT=$bft_base_port GOVCHAIN_TOPOLOGY=$bft_topology "$@"; }
step "SmartBFT network up (topology $bft_topology, in ${bft_home#"$root"/})"
bft node network/dist/cli.js clean >/dev/null 2>&1 || true
bft node network/dist/cli.js up
bft node network/dist/cli.js status

step "integration tests on SmartBFT (bft, platform)"
# Not the integration config: mocha would add its spec (every test file) to the files named here.
bft npx mocha --reporter spec --timeout 180000 --slow 5000 \
  test/dist/integration/bft.test.js test/dist/integration/platform.test.js
clean_network "$bft_home"
networks=()
printf '\nSmartBFT stage: %ss\n' "$(($(date +%s) - bft_started))"
