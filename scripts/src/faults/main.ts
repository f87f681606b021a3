#!/usr/bin/env node
/**
 * `npm run faults -- [--only F1,F2] [--seconds S] [--outage S] [--concurrency C] [--out FILE]`
 *
 * The fault suite, against the running network (GOVCHAIN_HOME): each fault is made while a sustained load
 * writes, then repaired the way an operator would (`network:up` starts what is stopped). Afterwards the
 * ledger is held against what every caller was told:
 *
 * - lost: a write its caller was told committed that no valid transaction on the ledger applied;
 * - applied twice: a write (one unique key) applied by more than one valid transaction;
 * - told failed, applied: a write reported failed (not "outcome unknown") that the ledger applied anyway;
 *
 * and every peer's ledger is compared by snapshot (`compareLedgers`: same height, same state digest).
 * Prints a Markdown table; the whole suite (no `--only`) writes it to RELIABILITY.md and keeps its results
 * in `.bench/faults.json` (`--render` writes RELIABILITY.md again from them), a part of the suite writes
 * only where `--out` says and keeps its results in `.bench/faults-part.json`. Exits 1 when a fault broke a
 * promise.
 *
 * Faults: orderer-leader (the Raft leader SIGKILLed), peer (a peer SIGKILLed), chaincode (the load's own
 * department's chaincode server SIGKILLed), partition (a department's host cut off from the others for
 * `--partition` seconds, then joined again: needs a network with hosts: namespaces), listener (an event
 * listener SIGKILLed and resumed from its checkpoint), disk-full (a peer's ledger directory fills up).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectDepartment, ledgerHeight, peerHeight, submit, type GovchainConnection } from '@govchain/gateway-client';
import { pollUntil } from '@govchain/protocol';
import {
  bftLeader,
  compareLedgers,
  currentLayout,
  pathsFor,
  ProcessTable,
  raftLeader,
  setReachable,
  type Layout,
  type OrgLayout,
} from '@govchain/network';
import { issueBusinessLicence, syntheticIdNumber } from '../bench/licences';
import { scanTransactions, type LedgerTransaction } from '@govchain/gateway-client';
import { startLoad, type Outcome, type Write } from './load';
import {
  FAULTS,
  faultRunOf,
  problemsOf,
  renderReliability,
  summarise,
  type FaultName,
  type FaultResult,
  type FaultRun,
} from './report';
import { diskFault } from './disk';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRATCH = path.join(ROOT, '.bench', 'faults');
const RELIABILITY = path.join(ROOT, 'RELIABILITY.md');
/** The run behind RELIABILITY.md (both networks of the whole suite), which `--render` writes it from. */
const RESULTS_FILE = path.join(ROOT, '.bench', 'faults.json');
/** Any other run (a part of the suite, npm test's slice): kept apart so it never replaces the whole run. */
const PART_FILE = path.join(ROOT, '.bench', 'faults-part.json');
const CLI = path.join(ROOT, 'network', 'dist', 'cli.js');
const execFileAsync = promisify(execFile);
/** How much longer than `--seconds` the load may go on after a repair, waiting for writes to commit again. */
const AFTER_REPAIR_BOUND_MS = 120_000;

interface Options {
  readonly only: readonly FaultName[];
  /** Seconds of load before the fault and again after the repair. */
  readonly seconds: number;
  /** Seconds the fault lasts before the repair starts. */
  readonly outage: number;
  /** Seconds the partition fault lasts. */
  readonly partition: number;
  readonly concurrency: number;
  readonly out: string | undefined;
  readonly checkOnly: boolean;
  readonly append: boolean;
  readonly render: boolean;
}

function fail(message: string): never {
  process.stderr.write(`faults: ${message}\n`);
  process.exit(2);
}

function options(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        only: { type: 'string' },
        seconds: { type: 'string', default: '20' },
        outage: { type: 'string', default: '10' },
        partition: { type: 'string', default: '30' },
        concurrency: { type: 'string', default: '8' },
        out: { type: 'string' },
        // Only check the arguments (scripts/faults.sh, before it starts a network).
        check: { type: 'boolean', default: false },
        // Add this run's rows to those of the previous run (.bench/faults.json): scripts/faults.sh runs the
        // SmartBFT leader fault on a second network.
        append: { type: 'boolean', default: false },
        // Write the report again from the last run's .bench/faults.json, without a network.
        render: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const only = (values.only ?? FAULTS.join(',')).split(',').filter((f) => f !== '');
  const unknown = only.filter((f) => !(FAULTS as readonly string[]).includes(f));
  if (unknown.length > 0)
    fail(`--only takes a comma-separated list of ${FAULTS.join(', ')}; got ${unknown.join(', ')}`);
  const count = (name: string, raw: string, least: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < least) fail(`--${name} takes a whole number from ${least}, not '${raw}'`);
    return n;
  };
  if (only.includes('disk-full') && process.getuid?.() !== 0) {
    fail("disk-full mounts a tmpfs over a peer's ledger directory and needs root; leave it out with --only");
  }
  return {
    only: only as FaultName[],
    seconds: count('seconds', values.seconds, 2),
    outage: count('outage', values.outage, 1),
    partition: count('partition', values.partition, 1),
    concurrency: count('concurrency', values.concurrency, 1),
    // The whole suite writes RELIABILITY.md; a part of it only prints its table, unless told where to write.
    out: values.out ?? (values.only === undefined ? RELIABILITY : undefined),
    checkOnly: values.check,
    append: values.append,
    render: values.render,
  };
}

const log = (line: string): void => {
  process.stderr.write(`faults: ${line}\n`);
};
const table = (): ProcessTable => new ProcessTable(pathsFor(ROOT).run);

/** `network:up`, as an operator repairs the network: starts what is stopped, leaves what runs. */
async function networkUp(fault: FaultName): Promise<void> {
  const logFile = path.join(SCRATCH, `${fault}-up.log`);
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, 'up'], { maxBuffer: 64 * 1024 * 1024 });
    writeFileSync(logFile, stdout + stderr);
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    writeFileSync(logFile, `${e.stdout ?? ''}${e.stderr ?? ''}`);
    throw new Error(`network:up failed while repairing ${fault} (see ${logFile}): ${e.message.split('\n')[0] ?? ''}`);
  }
}

async function killRecorded(name: string): Promise<void> {
  if (!(await table().kill(name))) throw new Error(`${name} is not running: nothing to kill`);
}

/** The department whose clerks write (Tax), and the second endorser every write names. */
const SECOND_ENDORSER = 'PublicSecurityMSP';

/** What one fault does and undoes; `write` is the load's single write. */
interface FaultPlan {
  readonly what: string;
  /** What the fault observed beyond the counts (e.g. what the failing peer logged). */
  readonly notes: string[];
  readonly write: Write;
  /** Which ledger transactions belong to the load, and the key each names. */
  readonly keyOf: (tx: LedgerTransaction) => string | undefined;
  /** Seconds from the fault to the repair, when not `--outage`. */
  readonly outage?: number;
  inject(): Promise<void>;
  repair(): Promise<void>;
  /** Run after the ledgers are compared (the listener's own tally). */
  tally?(applied: ReadonlyMap<string, LedgerTransaction[]>): FaultResult['events'];
  /** Stops whatever the fault started. */
  dispose?(): Promise<void>;
}

/**
 * How long a writer waits for its transaction to commit before it reports OUTCOME_UNKNOWN: one wait of 20 s,
 * as a department system with a service-level deadline would set it. With the library's default (three
 * waits of the connection's 60 s), a caller whose transaction a crashed Raft leader dropped waits three
 * minutes for that answer, and its worker sends nothing meanwhile.
 */
const COMMIT_STATUS = {
  maxAttempts: 1,
  callOptions: () => ({ deadline: Date.now() + 20_000 }),
} as const;

function controlWrite(tax: GovchainConnection): Pick<FaultPlan, 'write' | 'keyOf'> {
  return {
    write: (n, key) =>
      submit(tax.getContract('control'), 'Put', {
        arguments: [key, JSON.stringify({ n })],
        endorsingOrganizations: [tax.mspId, SECOND_ENDORSER],
        commitStatus: COMMIT_STATUS,
      }),
    keyOf: (tx) => (tx.chaincode.startsWith('control') && tx.fn === 'Put' ? tx.firstArgument : undefined),
  };
}

function licenceWrite(market: GovchainConnection): Pick<FaultPlan, 'write' | 'keyOf'> {
  return {
    write: (n, key) =>
      issueBusinessLicence(market, key, syntheticIdNumber(n % 8), { label: 'Fault', fingerprint: 'f'.repeat(64) }),
    keyOf: (tx) => {
      if (!tx.chaincode.startsWith('e-license') || tx.fn !== 'IssueLicense') return undefined;
      try {
        const id = (JSON.parse(tx.firstArgument) as { id?: unknown }).id;
        return typeof id === 'string' ? id : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Waits until `mspId`'s peer is at least at the height of Tax's (asked through Tax's gateway). */
async function caughtUp(tax: GovchainConnection, mspId: string, timeoutMs = 120_000): Promise<void> {
  const reached = await pollUntil(
    async () => {
      try {
        const [theirs, ours] = await Promise.all([peerHeight(tax.network, mspId), ledgerHeight(tax)]);
        return theirs >= ours ? true : undefined;
      } catch {
        return undefined; // not answering yet
      }
    },
    { timeoutMs, intervalMs: 250 },
  );
  if (reached === undefined) throw new Error(`${mspId}'s peer did not catch up within ${timeoutMs / 1000}s`);
}

/** The non-empty lines of a file, none when it does not exist. */
function linesOf(file: string): string[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
}

/** The department whose peer the peer and disk faults take down: Health, which does not endorse the load. */
function victimOf(layout: Layout): OrgLayout {
  const victim = layout.orgs.find((o) => o.department.key === 'health') ?? layout.orgs[layout.orgs.length - 1];
  if (victim === undefined) throw new Error('the network has no peer');
  return victim;
}

/** The disk-full fault: Health's ledger on a tmpfs of its own, then filled. */
async function diskFullPlan(
  fault: FaultName,
  layout: Layout,
  tax: GovchainConnection,
  notes: string[],
): Promise<FaultPlan> {
  const victim = victimOf(layout);
  const disk = diskFault(ROOT, victim, log);
  try {
    await disk.prepare();
    await networkUp(fault);
    await caughtUp(tax, victim.department.mspId);
  } catch (err) {
    await disk.dispose();
    throw err;
  }
  return {
    notes,
    what: `${victim.peer.name}'s ledger disk filled up (its own tmpfs, no room left)`,
    ...controlWrite(tax),
    inject: disk.fill,
    repair: async () => {
      const verdict = disk.verdict();
      notes.push(
        `${victim.peer.name} ${verdict.running ? 'kept running' : 'stopped'}; its log: ${verdict.lastError ?? '(nothing)'}`,
      );
      await disk.restore();
      await networkUp(fault);
      await caughtUp(tax, victim.department.mspId);
    },
    dispose: disk.dispose,
  };
}

/**
 * The partition fault: Health's host cut off from the bridge (its veth link down) while its nodes run on,
 * then joined again; it must catch up, with the same ledger as the others.
 */
function partitionPlan(layout: Layout, tax: GovchainConnection, seconds: number, notes: string[]): FaultPlan {
  const victim = victimOf(layout);
  if (victim.machine.link === undefined) {
    throw new Error(
      'the partition fault needs a network whose departments have hosts of their own (GOVCHAIN_HOSTS=namespaces)',
    );
  }
  const join = (): Promise<void> => setReachable(victim.machine, true);
  return {
    notes,
    what: `${victim.department.name}'s host (${victim.machine.ip}) cut off from the other hosts for ${seconds}s, then joined again`,
    ...controlWrite(tax),
    outage: seconds,
    inject: () => setReachable(victim.machine, false),
    repair: async () => {
      await join();
      await caughtUp(tax, victim.department.mspId);
    },
    // Also after a failure: the host is never left cut off.
    dispose: join,
  };
}

async function plan(
  fault: FaultName,
  tax: GovchainConnection,
  market: GovchainConnection,
  run: string,
  opts: Options,
): Promise<FaultPlan> {
  const layout = currentLayout(ROOT);
  const notes: string[] = [];
  switch (fault) {
    case 'orderer-leader': {
      const bft = layout.topology.consensus === 'bft';
      const leader = await (bft ? bftLeader(layout) : raftLeader(layout));
      if (leader === undefined) throw new Error(`no single ${bft ? 'SmartBFT' : 'Raft'} leader to kill`);
      return {
        notes,
        what: `${leader}, the ${bft ? 'SmartBFT' : 'Raft'} leader, killed with SIGKILL`,
        ...controlWrite(tax),
        inject: () => killRecorded(leader),
        repair: () => networkUp(fault),
      };
    }
    case 'peer': {
      // Not an endorser of the load: the others carry on while it is down, and it must catch up.
      const victim = victimOf(layout);
      return {
        notes,
        what: `${victim.peer.name} killed with SIGKILL`,
        ...controlWrite(tax),
        inject: () => killRecorded(victim.peer.name),
        repair: async () => {
          await networkUp(fault);
          await caughtUp(tax, victim.department.mspId);
        },
      };
    }
    case 'partition':
      return partitionPlan(layout, tax, opts.partition, notes);
    case 'chaincode': {
      // The load's own department: every write needs its endorsement, so callers see the failure.
      const name = `cc-${tax.department ?? 'tax'}`;
      return {
        notes,
        what: `${name} (the writing department's chaincode host, its control server among them) killed with SIGKILL`,
        ...controlWrite(tax),
        inject: () => killRecorded(name),
        repair: () => networkUp(fault),
      };
    }
    case 'listener': {
      const out = path.join(SCRATCH, `listener-${run}.jsonl`);
      const checkpoint = path.join(SCRATCH, `listener-${run}.checkpoint.json`);
      const start = await ledgerHeight(tax);
      let child: ChildProcess | undefined;
      const startListener = async (): Promise<void> => {
        child = spawn(process.execPath, [path.join(__dirname, 'listener.js'), out, checkpoint, String(start)], {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: process.env,
        });
        await new Promise<void>((resolve, reject) => {
          child?.stderr?.on('data', (chunk: Buffer) => {
            if (chunk.toString().includes('listener: following')) resolve();
          });
          child?.once('exit', (code) => {
            reject(new Error(`the listener exited (${String(code)}) before following`));
          });
        });
      };
      await startListener();
      return {
        notes,
        what: 'an e-license event listener (Tax) killed with SIGKILL, resumed from its checkpoint',
        ...licenceWrite(market),
        inject: async () => {
          child?.kill('SIGKILL');
          await sleep(100);
        },
        repair: startListener,
        tally: (applied) => {
          const recorded = linesOf(out).map((l) => (JSON.parse(l) as { transactionId: string }).transactionId);
          const redelivered = linesOf(`${out}.redelivered`).length;
          const issued = [...applied.values()].flat().map((tx) => tx.transactionId);
          const ours = new Set(issued);
          const seen = new Set(recorded);
          return {
            recorded: recorded.filter((t) => ours.has(t)).length,
            redelivered,
            missing: issued.filter((t) => !seen.has(t)).length,
            twice: recorded.length - seen.size,
          };
        },
        dispose: async () => {
          child?.kill('SIGTERM');
          await sleep(200);
        },
      };
    }
    case 'disk-full':
      return diskFullPlan(fault, layout, tax, notes);
  }
}

/** When the fault was made and repaired, in milliseconds since the load started. */
interface Timings {
  readonly injectedAt: number;
  readonly repairStartedAt: number;
  readonly repairedAt: number;
}

/** Runs the load, makes the fault, repairs it, and goes on until writes commit again (within a bound). */
async function underLoad(
  fault: FaultName,
  faultPlan: FaultPlan,
  opts: Options,
  prefix: string,
): Promise<{ outcomes: Outcome[]; timings: Timings }> {
  log(`${fault}: ${faultPlan.what}; load of ${opts.concurrency} in flight`);
  const load = startLoad(prefix, opts.concurrency, faultPlan.write);
  const now = (): number => performance.now() - load.started;
  let timings: Timings = { injectedAt: 0, repairStartedAt: 0, repairedAt: 0 };
  try {
    await sleep(opts.seconds * 1000);
    const injectedAt = now();
    await faultPlan.inject();
    const outage = faultPlan.outage ?? opts.outage;
    log(`${fault}: injected; waiting ${outage}s`);
    await sleep(outage * 1000);
    const repairStartedAt = now();
    await faultPlan.repair();
    const repairedAt = now();
    timings = { injectedAt, repairStartedAt, repairedAt };
    log(`${fault}: repaired in ${((repairedAt - repairStartedAt) / 1000).toFixed(1)}s; load goes on ${opts.seconds}s`);
    // Writes sent during the fault may wait out their commit-status deadline before their workers send
    // anything new: the load goes on until writes commit again, within a bound.
    const until = performance.now() + opts.seconds * 1000;
    const bound = until + AFTER_REPAIR_BOUND_MS;
    const committedSince = (): number =>
      load.outcomes.filter((o) => o.told === 'committed' && o.at > repairedAt).length;
    while (performance.now() < until || (committedSince() < opts.concurrency && performance.now() < bound)) {
      await sleep(250);
    }
  } finally {
    await load.stop();
  }
  return { outcomes: [...load.outcomes].sort((a, b) => a.n - b.n), timings };
}

/** The load's writes the ledger applied between two heights, by key. */
async function appliedWrites(
  tax: GovchainConnection,
  faultPlan: FaultPlan,
  prefix: string,
  from: bigint,
  to: bigint,
): Promise<Map<string, LedgerTransaction[]>> {
  const applied = new Map<string, LedgerTransaction[]>();
  for (const tx of await scanTransactions(tax, from, to)) {
    const key = faultPlan.keyOf(tx);
    if (key === undefined || !tx.valid || !key.startsWith(`${prefix}-`)) continue;
    applied.set(key, [...(applied.get(key) ?? []), tx]);
  }
  return applied;
}

function networkLabel(): string {
  const { topology, orderers, orgs, bridge } = currentLayout(ROOT);
  const consensus = topology.consensus === 'bft' ? 'SmartBFT' : 'Raft';
  const hosts = bridge === undefined ? 'loopback' : 'a host each';
  return `${topology.name} (${consensus}, ${orderers.length} orderers, ${orgs.length} departments, ${hosts})`;
}

async function runFault(fault: FaultName, opts: Options): Promise<FaultResult> {
  const run = `${fault}-${Date.now().toString(36)}`.toUpperCase().replace(/[^A-Z0-9-]/g, '');
  const prefix = `FAULT-${run}`;
  const tax = await connectDepartment({ department: 'tax', readYourWrites: false });
  const market = await connectDepartment({ department: 'market-regulation', readYourWrites: false });
  try {
    const from = await ledgerHeight(tax);
    const faultPlan = await plan(fault, tax, market, run, opts);
    try {
      const { outcomes, timings } = await underLoad(fault, faultPlan, opts, prefix);
      log(`${fault}: ${outcomes.length} writes; comparing ledgers`);
      const ledgers = await compareLedgers(ROOT);
      const applied = await appliedWrites(tax, faultPlan, prefix, from, await ledgerHeight(tax));
      const events = faultPlan.tally?.(applied);
      return summarise(fault, faultPlan.what, outcomes, applied, {
        network: networkLabel(),
        ...timings,
        ledgers,
        notes: faultPlan.notes,
        ...(events === undefined ? {} : { events }),
      });
    } finally {
      // Also after a failure: the listener is stopped, the tmpfs unmounted.
      await faultPlan.dispose?.();
    }
  } finally {
    tax.close();
    market.close();
  }
}

/** Where a run's results are kept: beside RELIABILITY.md when it writes that, else apart. */
function resultsFileFor(opts: Options): string {
  return opts.render || (opts.out !== undefined && path.resolve(opts.out) === RELIABILITY) ? RESULTS_FILE : PART_FILE;
}

/** The run recorded in `file`, if any. */
function previousRun(file: string, command: string, when: string): FaultRun | undefined {
  if (!existsSync(file)) return undefined;
  return faultRunOf(JSON.parse(readFileSync(file, 'utf8')), { command, when });
}

/** Runs each fault in turn, logging what it found. */
async function runFaults(opts: Options): Promise<FaultResult[]> {
  const results: FaultResult[] = [];
  for (const fault of opts.only) {
    const result = await runFault(fault, opts);
    results.push(result);
    const problems = problemsOf(result);
    log(
      `${fault}: ${result.submitted} submitted, ${result.committed} committed, ${result.failed} failed, ` +
        `${result.unknown} unknown, ${result.lost} lost, ${result.appliedTwice} applied twice; ledgers ` +
        `${result.ledgers.same ? 'the same' : 'DIFFER'}${problems.length > 0 ? `; PROBLEMS: ${problems.join(', ')}` : ''}`,
    );
  }
  return results;
}

/** Writes the report of the recorded run again (`--render`), without a network. */
function renderAgain(previous: FaultRun | undefined, out: string): void {
  if (previous === undefined) fail(`--render needs a run's ${path.relative(ROOT, RESULTS_FILE)}`);
  writeFileSync(out, renderReliability(previous.results, previous.command, previous.when));
  log(`wrote ${path.relative(process.cwd(), out)} from ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  if (opts.checkOnly) return;
  mkdirSync(SCRATCH, { recursive: true });
  // scripts/faults.sh names the command a person typed; run directly, this script names itself.
  const command =
    process.env.GOVCHAIN_FAULTS_COMMAND ?? `node scripts/dist/faults/main.js ${process.argv.slice(2).join(' ')}`.trim();
  const file = resultsFileFor(opts);
  const previous =
    opts.append || opts.render ? previousRun(file, command, new Date().toISOString().slice(0, 10)) : undefined;
  if (opts.render) {
    renderAgain(previous, opts.out ?? RELIABILITY);
    return;
  }
  const results = await runFaults(opts);
  const run: FaultRun = {
    command: previous?.command ?? command,
    when: previous?.when ?? new Date().toISOString().slice(0, 10),
    results: [...(previous?.results ?? []), ...results],
  };
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  const report = renderReliability(run.results, run.command, run.when);
  if (opts.out !== undefined) writeFileSync(opts.out, report);
  process.stdout.write(report);
  const failing = results.filter((r) => problemsOf(r).length > 0);
  if (failing.length > 0) {
    log(`${failing.length} fault(s) broke a promise: ${failing.map((r) => r.fault).join(', ')}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`faults: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
