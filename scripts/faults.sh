#!/usr/bin/env bash
# npm run faults -- [--only F1,F2] [--seconds S] [--outage S] [--concurrency C] [--out FILE]
#
# The fault suite on networks of its own (Fabric and Fabric CA binaries are built on first use):
#   1. the default topology (Raft, Fabric CA) in .govchain/faults on ports from 25000: every fault of
#      scripts/src/faults/main.ts under load (or those --only names);
#   2. without arguments, also the bft-small topology (SmartBFT, cryptogen) in .govchain/faults-bft on
#      ports from 23000: its leader killed under load.
# Each network is cleaned up on exit, even when a fault fails. The whole suite writes RELIABILITY.md.
# GOVCHAIN_FAULTS_HOME, GOVCHAIN_FAULTS_BASE_PORT, GOVCHAIN_FAULTS_BFT_HOME and GOVCHAIN_FAULTS_BFT_BASE_PORT
# move them. The disk-full fault mounts a tmpfs and needs root.
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

networks=("$home")
on "$home" "$base_port" default node network/dist/cli.js clean >/dev/null 2>&1 || true
on "$home" "$base_port" default node network/dist/cli.js up
on "$home" "$base_port" default node scripts/dist/faults/main.js "$@"
on "$home" "$base_port" default node network/dist/cli.js clean
networks=()

[ $# -gt 0 ] && exit 0
networks=("$bft_home")
bft() { GOVCHAIN_MEMBER_SERVICES=cryptogen on "$bft_home" "$bft_base_port" bft-small "$@"; }
bft node network/dist/cli.js clean >/dev/null 2>&1 || true
bft node network/dist/cli.js up
bft node scripts/dist/faults/main.js --only orderer-leader --append --out RELIABILITY.md
