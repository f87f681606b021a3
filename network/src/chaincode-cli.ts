#!/usr/bin/env node
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ChaincodeDeployStatus,
  type DeployOptions,
  type DeployResult,
  DeployInputError,
  EXIT,
  deploy,
  deployStatus,
  upgrade,
} from './deploy';
import { NetworkError } from './errors';

const USAGE = `usage: npm run chaincode -- deploy|upgrade|status <chaincode>... | all [options]
  (node network/dist/chaincode-cli.js …)

Deploys our chaincodes onto a Fabric network we did not start, as its operators would, with the peer
CLI of .fabric/: install on each present department's peer, approve as each department's own admin,
check commit readiness, commit, run the bootstrap calls. Each step is skipped when done (queryinstalled,
queryapproved, querycommitted), so a consortium that approves over days runs it again.

  deploy   do what is left; exits 3 naming the departments that have not approved yet
  upgrade  as deploy, for chaincodes already committed whose definition changed (code, endorsement
           policy or collections): approved and committed as the next sequence; refuses (exit 2) a
           chaincode not committed yet
  status   per chaincode: package ids installed per department, approvals for the next sequence
           (or the committed one), committed version and sequence; exits 3 unless all is committed

options:
  --profiles DIR          connection profiles, <department>.json: ours (<home>/profiles) or common
                          connection profiles (<home>/profiles/ccp, which also name the orderers)
  --admin DEPT=MSPDIR     a present department's admin MSP folder (signcerts/, keystore/); repeat
  --packages DIR          npm run package's output: <chaincode>/ccaas/<department>.tgz, else the
                          chaincode's node package <chaincode>/node/<label>.tgz (deploy)
  --topology NAME|FILE    departments, policies, collections and bootstrap calls (default: default)
  --orderer HOST:PORT     with --orderer-tls-ca FILE [--orderer-host NAME], when the profiles name none
  --secrets DIR           where @secret: bootstrap values are kept (default <GOVCHAIN_HOME>/secrets)
  --wait SECONDS          wait that long for the other departments' approvals before exiting 3
  --json                  print the result as JSON

exit codes: 0 done, 1 a step failed, 2 an input is missing or wrong (nothing done), 3 approvals pending`;

const OPTIONS = {
  profiles: { type: 'string' },
  admin: { type: 'string', multiple: true },
  packages: { type: 'string' },
  topology: { type: 'string' },
  orderer: { type: 'string' },
  'orderer-tls-ca': { type: 'string' },
  'orderer-host': { type: 'string' },
  secrets: { type: 'string' },
  wait: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function log(line: string): void {
  process.stderr.write(`chaincode: ${line}\n`);
}

function deployReport(results: readonly DeployResult[]): string {
  return results
    .map((r) =>
      r.committed
        ? `${r.chaincode} ${r.version}: committed (sequence ${r.sequence}); bootstrap: ${r.bootstrapped.join(', ') || 'none'}`
        : `${r.chaincode} ${r.version}: sequence ${r.sequence} not committed; not approved by: ${r.pending.join(', ')}`,
    )
    .join('\n');
}

function statusReport(all: readonly ChaincodeDeployStatus[]): string {
  const lines: string[] = [];
  for (const s of all) {
    const committed = s.committed ? `${s.committed.version} sequence ${s.committed.sequence}` : 'nothing';
    lines.push(
      `${s.chaincode} (this code: ${s.version})`,
      `  committed  ${committed}${s.current ? '' : ' (not this code)'}`,
    );
    for (const [department, ids] of Object.entries(s.installed)) {
      lines.push(`  installed  ${department}: ${ids.join(', ') || '-'}`);
    }
    const approvals = Object.entries(s.approvals).map(([d, ok]) => `${d} ${ok ? 'yes' : 'NO'}`);
    lines.push(`  approved   sequence ${s.sequence}: ${approvals.join(', ')}`);
  }
  return lines.join('\n');
}

function options(values: ReturnType<typeof parse>['values'], chaincodes: readonly string[]): DeployOptions {
  if (values.profiles === undefined) throw new DeployInputError('give --profiles DIR');
  const wait = values.wait === undefined ? undefined : Number(values.wait);
  if (wait !== undefined && !(Number.isFinite(wait) && wait > 0)) {
    throw new DeployInputError(`--wait takes a number of seconds, not '${values.wait ?? ''}'`);
  }
  const optional = (key: keyof DeployOptions, value: string | number | undefined): Partial<DeployOptions> =>
    value === undefined ? {} : { [key]: value };
  return {
    ...optional('packages', values.packages),
    ...optional('topology', values.topology),
    ...optional('orderer', values.orderer),
    ...optional('ordererTlsCa', values['orderer-tls-ca']),
    ...optional('ordererHost', values['orderer-host']),
    ...optional('secrets', values.secrets),
    ...optional('waitSeconds', wait),
    root: path.resolve(__dirname, '..', '..'),
    chaincodes: chaincodes.includes('all') ? 'all' : chaincodes,
    profiles: values.profiles,
    admins: values.admin ?? [],
  };
}

function parse(
  argv: readonly string[],
): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>> {
  return parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`chaincode: ${(err as Error).message}\n${USAGE}\n`);
    return EXIT.invalid;
  }
  const { values, positionals } = parsed;
  const [command, ...chaincodes] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'deploy' && command !== 'upgrade' && command !== 'status') {
    process.stderr.write(
      `chaincode: ${command === undefined ? 'name a command' : `unknown command '${command}'`}\n${USAGE}\n`,
    );
    return EXIT.invalid;
  }
  if (chaincodes.length === 0) {
    process.stderr.write(`chaincode: name a chaincode or all\n${USAGE}\n`);
    return EXIT.invalid;
  }
  const opts = options(values, chaincodes);
  if (command === 'deploy' || command === 'upgrade') {
    const results = await (command === 'deploy' ? deploy : upgrade)(opts, log);
    process.stdout.write(`${values.json ? JSON.stringify(results, null, 2) : deployReport(results)}\n`);
    return results.every((r) => r.committed) ? 0 : EXIT.pending;
  }
  const all = await deployStatus(opts);
  process.stdout.write(`${values.json ? JSON.stringify(all, null, 2) : statusReport(all)}\n`);
  return all.every((s) => s.current) ? 0 : EXIT.pending;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof DeployInputError) {
      process.stderr.write(`chaincode: ${err.message} (nothing done)\n`);
      process.exitCode = EXIT.invalid;
    } else if (err instanceof NetworkError) {
      process.stderr.write(`chaincode: ${err.message}\n`);
      process.exitCode = EXIT.failed;
    } else {
      process.stderr.write(
        `chaincode: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = EXIT.failed;
    }
  },
);
