#!/usr/bin/env node
/**
 * Writes a Caliper 0.6 network configuration for the running network into .bench/caliper/: one
 * connection profile per department (its peer, TLS CA; discovery finds the rest) and its User1
 * identity. Paths depend on GOVCHAIN_HOME, so the files are generated, not committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { address, currentLayout } from '@govchain/network';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function main(): void {
  const layout = currentLayout(ROOT);
  const out = path.join(ROOT, '.bench', 'caliper');
  mkdirSync(out, { recursive: true });
  const organizations = layout.orgs.map((org) => {
    const ccp = {
      name: `govchain-${org.department.key}`,
      version: '1.0.0',
      client: { organization: org.department.org },
      organizations: { [org.department.org]: { mspid: org.department.mspId, peers: [org.peer.host] } },
      peers: {
        [org.peer.host]: {
          url: `grpcs://${address(org.peer.port)}`,
          tlsCACerts: { path: org.tlsCa },
          grpcOptions: { 'ssl-target-name-override': org.peer.host },
        },
      },
    };
    const file = path.join(out, `ccp-${org.department.key}.json`);
    writeFileSync(file, `${JSON.stringify(ccp, null, 2)}\n`);
    return {
      mspid: org.department.mspId,
      identities: {
        certificates: [
          { name: 'User1', clientPrivateKey: { path: org.user.key }, clientSignedCert: { path: org.user.cert } },
        ],
      },
      connectionProfile: { path: file, discover: true },
    };
  });
  const network = {
    name: 'govchain',
    version: '2.0.0',
    caliper: { blockchain: 'fabric' },
    channels: [
      {
        channelName: layout.topology.channel,
        contracts: layout.topology.chaincodes.map((c) => ({ id: c.name })),
      },
    ],
    organizations,
  };
  const file = path.join(out, 'network.yaml');
  writeFileSync(file, stringify(network));
  process.stdout.write(`${file}\n`);
}

main();
