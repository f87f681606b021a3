#!/usr/bin/env bash
# npm run faults -- [--only F1,F2] [--seconds S] [--outage S] [--concurrency C] [--out FILE]
#
# The fault suite on networks of its own (Fabric and Fabric CA binaries are built on first use):
#   1. the default topology (Raft, Fabric CA) in .govchain/faults on ports from 25000, each organization on a
#      host of its own (a network namespace on a bridge: hosts namespaces): without arguments, first the
#      integration tests that hold on separate hosts (below), then every fault of scripts/src/faults/main.ts
#      under load (or those --only names);
#   2. without arguments, also the bft-small topology (SmartBFT, cryptogen) in .govchain/faults-bft on
#      ports from 23000: its leader killed under load.
# Each network is cleaned up on exit, even when a fault fails. The whole suite writes RELIABILITY.md.
# GOVCHAIN_FAULTS_HOME, GOVCHAIN_FAULTS_BASE_PORT, GOVCHAIN_FAULTS_BFT_HOME and GOVCHAIN_FAULTS_BFT_BASE_PORT
# move them; GOVCHAIN_FAULTS_HOSTS=loopback runs the first network on loopback (no partition fault then).
# Namespaces, and the disk-full fault's tmpfs, need root.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

home=${GOVCHAIN_FAULTS_HOME:-$root/.govchain/faults}
base_port=${GOVCHAIN_FAULTS_BASE_PORT:-25000}
bft_home=${GOVCHAIN_FAULTS_BFT_HOME:-$root/.govchain/faults-bft}
bft_base_port=${GOVCHAIN_FAULTS_BFT_BASE_PORT:-23000}
export GOVCHAIN_FAULTS_COMMAND="npm run faults${*:+ -- $*}"

# Arguments are checked before any network starts.
node scripts/dist/faults/main.js --check "$@"
bash scripts/install-fabric.sh >/dev/null
bash scripts/install-fabric-ca.sh >/dev/null

networks=()
cleanup() {
  local rc=$?
  for h in ${networks[@]+"${networks[@]}"}; do GOVCHAIN_HOME=$h node network/dist/cli.js clean || true; done
  exit "$rc"
}
trap cleanup EXIT

on() { GOVCHAIN_HOME=$1 GOVCHAIN_BASE_PORT=$2 GOVCHAIN_TOPOLOGY=$3 "${@:4}"; }
hosts=${GOVCHAIN_FAULTS_HOSTS:-namespaces}
first() { GOVCHAIN_HOSTS=$hosts on "$home" "$base_port" default "$@"; }

# The integration tests on separate hosts: every file but chaincode-tls, whose impostor listens on this
# machine's loopback (on separate hosts the department's peer never dials there). Not in the mocha config:
# its spec would add every file.
namespaced_tests() {
  local files=()
  for f in test/dist/integration/*.test.js; do
    case $f in */chaincode-tls.test.js) ;; *) files+=("$f") ;; esac
  done
  first npx mocha --reporter spec --timeout 180000 --slow 5000 "${files[@]}"
}

# The integration tests run first on separate hosts when the whole suite does.
with_tests=false
[ $# -eq 0 ] && [ "$hosts" = namespaces ] && with_tests=true
# They include the privacy check of chaincode debug logs: as in `npm test`, chaincode servers log at
# debug level (the faults then run with it too, as the CI slice does).
$with_tests && export GOVCHAIN_CHAINCODE_LOGGING=${GOVCHAIN_CHAINCODE_LOGGING:-debug}
networks=("$home")
first node network/dist/cli.js clean >/dev/null 2>&1 || true
first node network/dist/cli.js up
$with_tests && namespaced_tests
first node scripts/dist/faults/main.js "$@"
first node network/dist/cli.js clean
networks=()

[ $# -gt 0 ] && exit 0
networks=("$bft_home")
bft() { GOVCHAIN_MEMBER_SERVICES=cryptogen on "$bft_home" "$bft_base_port" bft-small "$@"; }
bft node network/dist/cli.js clean >/dev/null 2>&1 || true
bft node network/dist/cli.js up
bft node scripts/dist/faults/main.js --only orderer-leader --append --out RELIABILITY.md
