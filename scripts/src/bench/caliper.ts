#!/usr/bin/env node
/**
 * npm run bench:caliper — govchain's workloads through Hyperledger Caliper 0.6, against the running network
 * (GOVCHAIN_HOME), configured from the standard common connection profiles `network:up` writes.
 *
 * Each round of caliper/benchmark.yaml names the Caliper binding that runs it:
 * - `gateway`: fabric:2.5, Caliper's peer-gateway connector (@hyperledger/fabric-gateway, as govchain's
 *   own client). It refuses `targetOrganizations`.
 * - `legacy`: fabric:2.2 (the fabric-network 2.2 SDK), for the rounds that must name their endorsing
 *   organizations: a write with private data in transient data, which the gateway will not send to a peer
 *   outside the collection's distribution unless the client names the endorsers.
 * Each binding is installed once into its own directory under ~/.cache/govchain: Caliper refuses to start
 * when it can resolve two Fabric bindings, or the repository's own @hyperledger/fabric-gateway.
 *
 * What a round needs on the ledger first (a licence to verify, a holder with ten licences) is issued
 * through govchain's client and handed to the round as arguments, so the rounds measure only their call.
 * Exits non-zero when a round has a failed transaction or none that succeeded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { connectDepartment, eLicenseClient, type GovchainConnection } from '@govchain/gateway-client';
import { commonConnectionProfileFile, currentLayout, type Layout } from '@govchain/network';
import { holderGrant, issueBusinessLicence } from './licences';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CALIPER_VERSION = '0.6.0';
const BINDINGS = { gateway: 'fabric:2.5', legacy: 'fabric:2.2' } as const;
type Binding = keyof typeof BINDINGS;

interface Round {
  readonly label: string;
  readonly binding: Binding;
  readonly txDuration: number;
  readonly workload: { readonly module: string; readonly arguments?: Record<string, unknown> };
  readonly [other: string]: unknown;
}

interface Options {
  readonly duration?: number;
  readonly only?: ReadonlySet<string>;
}

/** One row of Caliper's summary table. */
export interface CaliperResult {
  readonly round: string;
  readonly binding: Binding;
  readonly succeeded: number;
  readonly failed: number;
  readonly throughput: number;
  readonly averageLatency: number;
}

function options(argv: string[], rounds: readonly Round[]): Options {
  const { values } = parseArgs({ args: argv, options: { duration: { type: 'string' }, only: { type: 'string' } } });
  let duration: number | undefined;
  if (values.duration !== undefined) {
    duration = Number(values.duration);
    if (!Number.isInteger(duration) || duration < 1) {
      throw new Error(`--duration takes whole seconds (at least 1); got '${values.duration}'`);
    }
  }
  let only: Set<string> | undefined;
  if (values.only !== undefined) {
    only = new Set(values.only.split(',').map((r) => r.trim()));
    const labels = rounds.map((r) => r.label);
    for (const label of only) {
      if (!labels.includes(label)) throw new Error(`--only takes rounds of ${labels.join(', ')}; got '${label}'`);
    }
  }
  return { duration, only };
}

/** The rounds of caliper/benchmark.yaml, each checked to name a binding. */
export function loadRounds(file: string): Round[] {
  const doc = parse(readFileSync(file, 'utf8')) as { test?: { rounds?: Round[] } };
  const rounds = doc.test?.rounds ?? [];
  for (const r of rounds) {
    if (!(r.binding in BINDINGS)) {
      throw new Error(`${file}: round '${r.label}' must say binding: ${Object.keys(BINDINGS).join(' or ')}`);
    }
  }
  return rounds;
}

/** Caliper's end-of-run table ("| Name | Succ | Fail | Send Rate (TPS) | ... |"), one result per round. */
export function parseSummary(output: string, binding: Binding): CaliperResult[] {
  const results: CaliperResult[] = [];
  for (const line of output.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== 8 || !/^\d+$/.test(cells[1] ?? '')) continue;
    const [round, succ, fail, , , , avg, tps] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (results.some((r) => r.round === round)) continue;
    results.push({
      round,
      binding,
      succeeded: Number(succ),
      failed: Number(fail),
      throughput: Number(tps),
      averageLatency: Number(avg),
    });
  }
  return results;
}

/** Installs Caliper bound to one Fabric binding into its own cache directory, once. */
function install(binding: Binding): string {
  const sut = BINDINGS[binding];
  const dir = path.join(
    process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
    'govchain',
    `caliper-${CALIPER_VERSION}-${sut.replace(':', '-')}`,
  );
  const cli = path.join(dir, 'node_modules', '.bin', 'caliper');
  const bound = path.join(dir, '.bound');
  if (existsSync(cli) && existsSync(bound)) return dir;
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`caliper: installing @hyperledger/caliper-cli@${CALIPER_VERSION} bound to ${sut} into ${dir}\n`);
  run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', `@hyperledger/caliper-cli@${CALIPER_VERSION}`]);
  run(cli, ['bind', '--caliper-bind-sut', sut, '--caliper-bind-cwd', dir]);
  writeFileSync(bound, `${sut}\n`);
  return dir;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 28,
  });
  if (result.error) throw new Error(`${path.basename(command)} could not start: ${result.error.message}`);
  process.stderr.write(result.stdout);
  if (result.status !== 0) {
    throw new Error(`${path.basename(command)} ${args.slice(0, 2).join(' ')} failed with exit code ${result.status}`);
  }
  return result.stdout;
}

/** Caliper's network configuration: each department's common connection profile and User1 identity. */
function networkConfig(layout: Layout): unknown {
  return {
    name: 'govchain',
    version: '2.0.0',
    caliper: { blockchain: 'fabric' },
    channels: [
      { channelName: layout.topology.channel, contracts: layout.topology.chaincodes.map((c) => ({ id: c.name })) },
    ],
    organizations: layout.orgs.map((org) => ({
      mspid: org.department.mspId,
      identities: {
        certificates: [
          { name: 'User1', clientPrivateKey: { path: org.user.key }, clientSignedCert: { path: org.user.cert } },
        ],
      },
      connectionProfile: { path: commonConnectionProfileFile(layout, org), discover: true },
    })),
  };
}

/** An 18-character ID-number-shaped string (synthetic, not a real person). */
function syntheticIdNumber(run: string, n: number): string {
  return `97${String(parseInt(run.slice(-6), 36) % 1e9).padStart(9, '0')}${String(n).padStart(6, '0')}X`;
}

/** The fingerprint of Caliper's licences: the one caliper/workloads/verify-licence.js verifies. */
const CALIPER_LICENCE = { label: 'Caliper', fingerprint: 'c'.repeat(64) };

async function issue(market: GovchainConnection, id: string, idNumber: string): Promise<void> {
  await issueBusinessLicence(market, id, idNumber, CALIPER_LICENCE);
}

/** The licences the read rounds use, issued now: one to verify, and a holder with ten. */
async function prepare(run: string): Promise<Record<string, unknown>> {
  const market = await connectDepartment({ department: 'market-regulation', readYourWrites: false });
  try {
    const licenceId = `CAL-VERIFY-${run}`;
    // The issue-licence round issues every licence to this holder with this grant (reusable for 24 h;
    // lookups are rate-limited per hour), so it measures the issuance alone.
    const bulkHolder = syntheticIdNumber(run, 0);
    await issue(market, licenceId, bulkHolder);
    const holder = syntheticIdNumber(run, 1);
    for (let i = 0; i < 10; i++) await issue(market, `CAL-HOLDER-${run}-${i}`, holder);
    const { holderRef } = await eLicenseClient(market).readHolderRefGrant(await holderGrant(market, holder));
    const holderRefGrant = await holderGrant(market, bulkHolder);
    return { licenceId, holderRef, holderIdNumber: bulkHolder, holderRefGrant, run };
  } finally {
    market.close();
  }
}

async function main(): Promise<void> {
  const all = loadRounds(path.join(ROOT, 'caliper', 'benchmark.yaml'));
  const opts = options(process.argv.slice(2), all);
  const rounds = all.filter((r) => !opts.only || opts.only.has(r.label));
  const layout = currentLayout(ROOT);
  const out = path.join(ROOT, '.bench', 'caliper');
  mkdirSync(out, { recursive: true });
  const network = path.join(out, 'network.yaml');
  writeFileSync(network, stringify(networkConfig(layout)));

  process.stderr.write('caliper: issuing the licences the read rounds verify and list\n');
  const prepared = await prepare(Date.now().toString(36));

  const results: CaliperResult[] = [];
  for (const binding of Object.keys(BINDINGS) as Binding[]) {
    const mine = rounds.filter((r) => r.binding === binding);
    if (mine.length === 0) continue;
    const dir = install(binding);
    const bench = path.join(out, `benchmark-${binding}.yaml`);
    const config = {
      test: {
        name: `govchain (${BINDINGS[binding]})`,
        description: `govchain rounds through Caliper's ${BINDINGS[binding]} binding`,
        workers: { number: 2 },
        rounds: mine.map((round) => ({
          // Caliper reads everything else of the round as it is; `binding` is govchain's.
          ...Object.fromEntries(Object.entries(round).filter(([key]) => key !== 'binding')),
          txDuration: opts.duration ?? round.txDuration,
          workload: { ...round.workload, arguments: { ...round.workload.arguments, ...prepared } },
        })),
      },
    };
    writeFileSync(bench, stringify(config));
    process.stderr.write(`caliper: ${mine.map((r) => r.label).join(', ')} through ${BINDINGS[binding]}\n`);
    const output = run(
      path.join(dir, 'node_modules', '.bin', 'caliper'),
      [
        'launch',
        'manager',
        '--caliper-workspace',
        ROOT,
        '--caliper-networkconfig',
        network,
        '--caliper-benchconfig',
        bench,
        '--caliper-report-path',
        path.join(out, `report-${binding}.html`),
        '--caliper-flow-only-test',
        ...(binding === 'legacy' ? ['--caliper-fabric-gateway-enabled'] : []),
      ],
      { ...process.env, NODE_PATH: path.join(dir, 'node_modules') },
    );
    const found = parseSummary(output, binding);
    for (const r of mine) {
      if (!found.some((f) => f.round === r.label)) throw new Error(`caliper: no result for round '${r.label}'`);
    }
    results.push(...found);
  }
  writeFileSync(path.join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write('\nround                       binding   succeeded  failed  throughput/s  avg latency s\n');
  for (const r of results) {
    process.stdout.write(
      `${r.round.padEnd(28)}${BINDINGS[r.binding].padEnd(10)}${String(r.succeeded).padStart(9)}${String(r.failed).padStart(8)}${r.throughput.toFixed(1).padStart(14)}${r.averageLatency.toFixed(2).padStart(15)}\n`,
    );
  }
  const bad = results.filter((r) => r.failed > 0 || r.succeeded === 0);
  if (bad.length > 0) {
    throw new Error(
      `caliper: ${bad.map((r) => `${r.round} (${r.succeeded} succeeded, ${r.failed} failed)`).join('; ')}`,
    );
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:caliper: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
