#!/usr/bin/env node
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { NetworkError } from './errors';
import { type PackageResult, packageChaincodes } from './packaging';

const USAGE = `usage: npm run package -- <chaincode>... | all [options]
  (node network/dist/package-cli.js …)

Writes, for each chaincode, packages any Fabric network can install, and prints their ids:
  <out>/<chaincode>/node/<label>.tgz          node package (the peer's own Node builder; needs Docker there)
  <out>/<chaincode>/ccaas/<department>.tgz    chaincode-as-a-service package per department
  <out>/<chaincode>/image/                    the server image's Dockerfile, README (environment) and source
  <out>/<chaincode>/definition/               signature-policy.txt, collections_config.json
  <out>/<chaincode>/k8s/<department>.yaml     Deployment and Service per department (with --k8s)

options:
  --topology NAME|FILE  the topology the policy, collections and departments come from (default: default)
  --out DIR             where to write (default: <GOVCHAIN_HOME or .govchain>/packages)
  --tls-ca-dir DIR      each department's TLS CA as <department key>.pem, for the ccaas packages
                        (default: the CAs of the network under GOVCHAIN_HOME, once created)
  --k8s                 also write Kubernetes manifests (needs the TLS CAs)
  --registry REPO       image repository the manifests name: REPO/<chaincode>:<label> (default: govchain)`;

const OPTIONS = {
  topology: { type: 'string' },
  out: { type: 'string' },
  'tls-ca-dir': { type: 'string' },
  k8s: { type: 'boolean' },
  registry: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function report(result: PackageResult): string {
  const lines = [`packages for topology ${result.topology} in ${result.out}`];
  for (const c of result.chaincodes) {
    lines.push(`${c.name} (definition version ${c.version})`);
    lines.push(`  node   ${c.node.id}`);
    for (const [department, pkg] of Object.entries(c.ccaas)) lines.push(`  ccaas  ${pkg.id}  (${department})`);
    lines.push(`  policy ${c.signaturePolicy}`);
  }
  if (result.ccaasSkipped !== undefined) lines.push(`ccaas packages not written: ${result.ccaasSkipped}`);
  return `${lines.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (err) {
    process.stderr.write(`package: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`package: name a chaincode or all\n${USAGE}\n`);
    return 2;
  }
  const result = await packageChaincodes({
    root: path.resolve(__dirname, '..', '..'),
    chaincodes: positionals.includes('all') ? 'all' : positionals,
    ...(values.topology === undefined ? {} : { topology: values.topology }),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values['tls-ca-dir'] === undefined ? {} : { tlsCaDir: values['tls-ca-dir'] }),
    ...(values.registry === undefined ? {} : { registry: values.registry }),
    k8s: values.k8s === true,
  });
  process.stdout.write(report(result));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      err instanceof NetworkError
        ? `package: ${err.message}\n`
        : `package: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
