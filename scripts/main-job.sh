#!/usr/bin/env bash
# npm start — the main job: from a fresh clone, build, get the Fabric binaries,
# bring up the default network of every department (or the one already in
# .govchain), deploy the chaincodes, run the narrated cross-department
# scenario, and leave the network running with the govchain CLI ready to use.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
begin=$(date +%s)

printf '\n=== building govchain\n'
npm run --silent build

printf '\n=== Fabric and Fabric CA binaries\n'
bash scripts/install-fabric.sh >/dev/null
bash scripts/install-fabric-ca.sh >/dev/null

printf '\n=== network up (topology %s)\n' "${GOVCHAIN_TOPOLOGY:-default}"
node network/dist/cli.js up
node network/dist/cli.js status

printf '\n=== the scenario\n'
node scripts/dist/demo/main.js

cat <<EOT

The network is still running ($(($(date +%s) - begin)) s since start). Try the CLI:
  npx govchain departments
  npx govchain --as tax licence verify <licence-id> --document <file>
  npx govchain --as tax query e-license ListLicenseTypes
  npx govchain --as market-regulation identity list      # its clerks: active, revoked
  npm run network:status          # nodes, heights, chaincodes
  npm run network:logs -- peer0-tax
  npm run network:down            # stop (ledgers kept); network:up resumes
  npm run network:clean           # stop and remove everything generated
EOT
