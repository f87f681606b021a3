#!/usr/bin/env bash
# npm run bench:caliper — the same workloads as npm run bench, through Hyperledger Caliper 0.6,
# against the network in GOVCHAIN_HOME (default .govchain; bring it up with npm run network:up).
# Caliper and its Fabric binding are installed on first use into ~/.cache/govchain/caliper-0.6.0:
# outside the repository, because Caliper refuses to run when it can also resolve the repository's
# own @hyperledger/fabric-gateway ("Multiple bindings for fabric have been detected").
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
cli="${XDG_CACHE_HOME:-$HOME/.cache}/govchain/caliper-0.6.0"
if [ ! -x "$cli/node_modules/.bin/caliper" ]; then
  mkdir -p "$cli"
  npm install --prefix "$cli" --no-audit --no-fund @hyperledger/caliper-cli@0.6.0 >&2
  # The fabric:2.2 binding's connector passes endorsing organizations, which issuance needs
  # (Caliper 0.6's peer-gateway connector refuses targetOrganizations).
  (cd "$cli" && npx caliper bind --caliper-bind-sut fabric:2.2) >&2
fi
network=$(node scripts/dist/bench/caliper-network.js)
export NODE_PATH="$cli/node_modules"
cd "$root"
"$cli/node_modules/.bin/caliper" launch manager \
  --caliper-workspace "$root" \
  --caliper-networkconfig "$network" \
  --caliper-benchconfig caliper/benchmark.yaml \
  --caliper-report-path "$root/.bench/caliper/report.html" \
  --caliper-flow-only-test \
  --caliper-fabric-gateway-enabled "$@"
