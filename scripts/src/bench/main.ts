#!/usr/bin/env node
/**
 * npm run bench: throughput and latency of govchain's main transactions beside the control chaincode
 * (plain put/get, the platform's ceiling on this machine), measured in one run on one network, plus
 * query cost as the ledger grows and the peak memory of every chaincode server and peer.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  bidRecordClient,
  bidderSigner,
  connectDepartment,
  eLicenseClient,
  evaluate,
  generateBidderKeyPair,
  realEstateClient,
  sealBid,
  signBidderKeyBinding,
  submit,
  type GovchainConnection,
} from '@govchain/gateway-client';
import type { IssueLicenseInput, NewLicense } from '@govchain/protocol/e-license';
import { usccCheckCharacter } from '@govchain/bid-record';
import { pathsFor, ProcessTable, processMemory } from '@govchain/network';
import { businessLicence, holderGrant, issueBusinessLicence, syntheticIdNumber } from './licences';
import { RestService } from './rest';
import { CHAINCODE_HOSTS, drive as driveWith, drivePair, pool, type WorkloadResult } from './stats';
import {
  describeTopology,
  jsonBeside,
  previousOf,
  readReport,
  renderReport,
  writeReport,
  type BenchReport,
  type MemoryPeak,
} from './report';

interface Options {
  readonly duration: number;
  readonly concurrency: number;
  readonly small: number;
  readonly large: number;
  readonly out: string;
  /** Workload groups to run (all by default). */
  readonly only: ReadonlySet<Group>;
}

/** Workload groups, each measured beside its control where it has one. */
const GROUPS = ['write', 'read', 'rest', 'real-estate', 'bid', 'query'] as const;
type Group = (typeof GROUPS)[number];

function groups(raw: string | undefined): ReadonlySet<Group> {
  if (raw === undefined || raw === '') return new Set(GROUPS);
  const picked = raw.split(',').map((g) => g.trim());
  for (const g of picked) {
    if (!(GROUPS as readonly string[]).includes(g)) {
      throw new Error(`--only takes a comma-separated list of ${GROUPS.join(', ')}; got '${g}'`);
    }
  }
  return new Set(picked as Group[]);
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** `--render FILE.json [--out FILE.md]`: writes the report of an earlier run again, measuring nothing. */
function renderOnly(argv: string[]): { from: string; out: string } | undefined {
  const { values } = parseArgs({
    args: argv,
    options: { render: { type: 'string' }, out: { type: 'string' } },
    strict: false,
  });
  if (typeof values.render !== 'string') return undefined;
  const out = typeof values.out === 'string' ? values.out : path.join(ROOT, 'BENCHMARKS.md');
  return { from: path.resolve(values.render), out: path.resolve(out) };
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '16' },
      small: { type: 'string', default: '1000' },
      large: { type: 'string', default: '100000' },
      out: { type: 'string', default: path.join(ROOT, 'BENCHMARKS.md') },
      smoke: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const num = (name: string, raw: string | undefined): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${String(raw)}`);
    return n;
  };
  if (values.smoke) {
    // A few seconds in all: proves the script still runs end to end.
    return {
      duration: 1,
      concurrency: 4,
      small: 20,
      large: 40,
      out: values.out === path.join(ROOT, 'BENCHMARKS.md') ? path.join(ROOT, '.bench', 'smoke.md') : values.out,
      only: groups(values.only),
    };
  }
  return {
    duration: num('duration', values.duration),
    concurrency: num('concurrency', values.concurrency),
    small: num('small', values.small),
    large: num('large', values.large),
    out: values.out,
    only: groups(values.only),
  };
}

/** Samples the resident memory of every process of the network once a second; keeps each one's peak. */
class MemorySampler {
  readonly #table = new ProcessTable(pathsFor(ROOT).run);
  readonly #peaks = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;

  constructor() {
    this.#sample();
    this.#timer = setInterval(() => {
      this.#sample();
    }, 1000);
  }

  #sample(): void {
    for (const record of this.#table.all()) {
      const mem = processMemory(record.pid);
      if (mem) this.#peaks.set(record.name, Math.max(this.#peaks.get(record.name) ?? 0, mem.rss));
    }
  }

  stop(): MemoryPeak[] {
    clearInterval(this.#timer);
    this.#sample();
    return [...this.#peaks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, bytes]) => ({ name, bytes }));
  }
}

const RUN = Date.now().toString(36).toUpperCase();

/** Clock ticks per second of /proc/<pid>/stat times (CLK_TCK, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Turns of each side of a pair measured side by side (each turn a quarter of the workload's duration). */
const PAIR_ROUNDS = 4;

/** Processes the benchmark started itself, accounted by the component name given here (the REST services). */
const ownProcesses = new Map<number, string>();

/** Runs one workload, accounting the CPU every component of the network spent on it. */
function drive(
  name: string,
  concurrency: number,
  seconds: number,
  op: (n: number) => Promise<void>,
): Promise<WorkloadResult> {
  return driveWith(name, concurrency, seconds, op, cpuByComponent);
}

/** Cumulative CPU time (user + system, ms) of every process of the network by component, and of this client. */
function cpuByComponent(): ReadonlyMap<string, number> {
  const totals = new Map<string, number>();
  const add = (pid: number, component: string): void => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
      totals.set(component, (totals.get(component) ?? 0) + ms);
    } catch {
      // the process has gone
    }
  };
  for (const record of new ProcessTable(pathsFor(ROOT).run).all()) {
    add(record.pid, record.meta.kind === 'chaincode' ? CHAINCODE_HOSTS : (record.meta.kind ?? 'other'));
  }
  for (const [pid, component] of ownProcesses) add(pid, component);
  const self = process.cpuUsage();
  totals.set('client', (self.user + self.system) / 1000);
  return totals;
}
const FINGERPRINT = 'b'.repeat(64);

/** A private-detail record about the size of a licence's (about 400 bytes of JSON). */
function syntheticDetail(n: number): string {
  return JSON.stringify({
    licenceId: `BENCH-${RUN}-${n}`,
    issuerMsp: 'MarketRegulationMSP',
    holderRef: 'c'.repeat(64),
    idNumber: syntheticIdNumber(n),
    name: 'Bench Holder',
    salt: 'd'.repeat(64),
    recordedAt: new Date(0).toISOString(),
    txId: 'e'.repeat(64),
  });
}

/**
 * The holder of every bulk-issued licence: one synthetic person whose reference Market Regulation resolves
 * once (a grant is reusable for 24 h; lookups are rate-limited per hour), so what IssueLicense measures is
 * the issuance alone.
 */
const BULK_HOLDER = syntheticIdNumber(0);

/** Market Regulation issues a business licence; the holder's ID number travels only as transient data. */
async function issue(market: GovchainConnection, id: string, idNumber: string, creditCode?: string): Promise<void> {
  await issueBusinessLicence(market, id, idNumber, { label: 'Bench', fingerprint: FINGERPRINT, creditCode });
}

async function main(): Promise<void> {
  const render = renderOnly(process.argv.slice(2));
  if (render) {
    const report = JSON.parse(readFileSync(render.from, 'utf8')) as BenchReport;
    writeReport(render.out, renderReport(report));
    process.stderr.write(`bench: wrote ${path.relative(process.cwd(), render.out)} from ${render.from}\n`);
    return;
  }
  const opts = options(process.argv.slice(2));
  const log = (line: string): void => {
    process.stderr.write(`bench: ${line}\n`);
  };
  // The workloads' transactions are independent of each other: no read-your-writes waits (one workload
  // below measures what they cost).
  const market = await connectDepartment({ department: 'market-regulation', readYourWrites: false });
  const tax = await connectDepartment({ department: 'tax', readYourWrites: false });
  const memory = new MemorySampler();
  const results: WorkloadResult[] = [];
  let issued = 0;
  let preloadFailures = 0;
  try {
    const d = opts.duration;
    const c = opts.concurrency;
    if (opts.only.has('write')) {
      log(`control Put, control PutWithDetail and IssueLicense: ${c} in flight, ${d} s each`);
      results.push(
        await drive('control Put', c, d, (n) =>
          submit(market.getContract('control'), 'Put', { arguments: [`bench-${RUN}-${n}`, '{"v":1}'] }).then(
            () => undefined,
          ),
        ),
      );
      // What the client's default read-your-writes session costs: before each endorsement it waits until
      // the peers that may endorse have the last block it saw commit (heights asked through the gateway).
      const session = await connectDepartment({ department: 'market-regulation' });
      try {
        results.push(
          await drive('control Put, read-your-writes session', c, d, (n) =>
            submit(session.getContract('control'), 'Put', { arguments: [`bench-${RUN}-s${n}`, '{"v":1}'] }).then(
              () => undefined,
            ),
          ),
        );
      } finally {
        session.close();
      }
      // The same platform features IssueLicense needs (private detail in the issuer's implicit
      // collection, a key-level policy, the same endorsers), without any e-license logic.
      results.push(
        await drive('control PutWithDetail', c, d, (n) =>
          submit(market.getContract('control'), 'PutWithDetail', {
            arguments: [`bench-${RUN}-d${n}`, '{"v":1}'],
            transientData: { detail: syntheticDetail(n) },
            endorsingOrganizations: [market.mspId, 'PublicSecurityMSP'],
          }).then(() => undefined),
        ),
      );
      const issueResult = await drive('e-license IssueLicense', c, d, (n) =>
        issue(market, `BENCH-${RUN}-${n}`, BULK_HOLDER),
      );
      issued += issueResult.successes;
      results.push(issueResult);
    }

    if (opts.only.has('read')) {
      log('control get vs VerifyLicense');
      await submit(market.getContract('control'), 'Put', { arguments: [`bench-${RUN}-get`, '{"v":1}'] });
      await issue(market, `BENCH-${RUN}-VERIFY`, BULK_HOLDER);
      issued++;
      results.push(
        await drive('control Get', c, d, () =>
          evaluate(tax.getContract('control'), 'Get', { arguments: [`bench-${RUN}-get`] }).then(() => undefined),
        ),
      );
      results.push(
        await drive('e-license VerifyLicense', c, d, () =>
          evaluate(tax.getContract('e-license'), 'VerifyLicense', {
            arguments: [`BENCH-${RUN}-VERIFY`, FINGERPRINT, ''],
          }).then(() => undefined),
        ),
      );
    }

    if (opts.only.has('rest')) {
      log('VerifyLicense and IssueLicense through the typed client and through the REST service, in turns');
      const rest = await restBesideClient(market, d, c);
      issued += rest.issued;
      results.push(...rest.results);
    }

    if (opts.only.has('real-estate')) results.push(await realEstateStep(d, c));
    if (opts.only.has('bid')) {
      const bids = await sealedBids(market, d, c);
      issued += bids.licences;
      results.push(bids.result);
    }
    if (opts.only.has('query')) {
      const q = await queryAsLedgerGrows(market, tax, opts, issued);
      issued = q.issued;
      preloadFailures += q.preloadFailures;
      results.push(...q.results);
    }
  } finally {
    const peaks = memory.stop();
    market.close();
    tax.close();
    const report: BenchReport = {
      when: new Date().toISOString(),
      machine: machine(),
      topology: describeTopology(ROOT),
      settings: { duration: opts.duration, concurrency: opts.concurrency, small: opts.small, large: opts.large },
      results,
      peaks,
      licencesIssued: issued,
      preloadFailures,
      previous: previousOf(readReport(jsonBeside(opts.out))),
    };
    mkdirSync(path.dirname(opts.out), { recursive: true });
    writeReport(opts.out, renderReport(report));
    // The measurements themselves, so the report can be rendered again (--render) without a new run.
    writeFileSync(jsonBeside(opts.out), `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${path.relative(process.cwd(), opts.out)}`);
  }
}

/**
 * Licences by holder as the ledger grows: one holder with 10 licences among many; the ledger is
 * filled up to each target count first (not measured).
 */
async function queryAsLedgerGrows(
  market: GovchainConnection,
  tax: GovchainConnection,
  opts: Options,
  alreadyIssued: number,
): Promise<{ results: WorkloadResult[]; issued: number; preloadFailures: number }> {
  const c = opts.concurrency;
  const results: WorkloadResult[] = [];
  let issued = alreadyIssued;
  let preloadFailures = 0;
  const holderId = syntheticIdNumber(8_888_888);
  await pool(10, c, (n) => issue(market, `BENCH-${RUN}-Q${n}`, holderId));
  issued += 10;
  const ref = await eLicenseClient(market).readHolderRefGrant(await holderGrant(market, holderId));
  for (const target of [opts.small, opts.large]) {
    const missing = Math.max(0, target - issued);
    if (missing > 0) process.stderr.write(`bench: issuing ${missing} more licences to reach ${target} on the ledger\n`);
    const base = issued;
    preloadFailures += await pool(missing, Math.max(c, 32), (n) =>
      issue(market, `BENCH-${RUN}-P${base + n}`, BULK_HOLDER),
    );
    issued += missing;
    results.push(
      await drive(`ListLicensesByHolder, ${target} licences`, c, opts.duration, () =>
        evaluate(tax.getContract('e-license'), 'ListLicensesByHolder', { arguments: [ref.holderRef, '20', ''] }).then(
          () => undefined,
        ),
      ),
    );
  }
  return { results, issued, preloadFailures };
}

/**
 * What the department service adds to a call: VerifyLicense (Tax) and IssueLicense (Market Regulation)
 * through the typed client with the connection options the service uses (the default read-your-writes
 * session), and the same calls through each department's service over keep-alive HTTP, which runs that
 * same client. Both sides issue to the bulk holder with the same grant, so each issuance is one transaction.
 */
async function restBesideClient(
  market: GovchainConnection,
  seconds: number,
  concurrency: number,
): Promise<{ results: WorkloadResult[]; issued: number }> {
  const kind = { label: 'Bench REST', fingerprint: FINGERPRINT };
  const holder = {
    idNumber: BULK_HOLDER,
    name: 'Bench REST Holder',
    holderRefGrant: await holderGrant(market, BULK_HOLDER),
  };
  const licence = (id: string): IssueLicenseInput => ({
    ...(JSON.parse(businessLicence(id, kind)) as NewLicense),
    holder,
  });
  const services: RestService[] = [];
  const clientMarket = await connectDepartment({ department: 'market-regulation' });
  const clientTax = await connectDepartment({ department: 'tax' });
  try {
    for (const department of ['tax', 'market-regulation']) {
      const service = await RestService.start(ROOT, department, RUN);
      services.push(service);
      if (service.pid !== undefined) ownProcesses.set(service.pid, 'service');
    }
    const [taxService, marketService] = services as [RestService, RestService];
    const verifyId = `BENCH-${RUN}-RVERIFY`;
    await eLicenseClient(clientMarket).issueLicense(licence(verifyId));
    const fingerprintQuery = `?fingerprint=${FINGERPRINT}`;
    const verifier = eLicenseClient(clientTax);
    const issuer = eLicenseClient(clientMarket);
    const valid = (verdict: unknown): void => {
      if ((verdict as { result?: unknown }).result !== 'VALID') throw new Error('VerifyLicense did not answer VALID');
    };
    // In turns, so that the ledger's growth and the machine's other load fall on both sides alike.
    const verify = await drivePair(
      [
        {
          name: 'client VerifyLicense',
          op: async () => {
            valid(await verifier.verifyLicense({ licenceId: verifyId, fingerprint: FINGERPRINT }));
          },
        },
        {
          name: 'REST VerifyLicense',
          op: async () => {
            valid(
              await taxService.expect(200, 'GET', `/v1/e-license/licences/${verifyId}/verification${fingerprintQuery}`),
            );
          },
        },
      ],
      concurrency,
      seconds,
      PAIR_ROUNDS,
      cpuByComponent,
    );
    const issue = await drivePair(
      [
        {
          name: 'client IssueLicense',
          op: async (n) => {
            await issuer.issueLicense(licence(`BENCH-${RUN}-RC${n}`));
          },
        },
        {
          name: 'REST IssueLicense',
          op: async (n) => {
            const { holder: body, ...rest } = licence(`BENCH-${RUN}-RR${n}`);
            await marketService.expect(
              200,
              'POST',
              '/v1/e-license/licences',
              { licence: rest, holder: body },
              {
                'idempotency-key': `bench-${RUN}-rr-${n}`,
              },
            );
          },
        },
      ],
      concurrency,
      seconds,
      PAIR_ROUNDS,
      cpuByComponent,
    );
    return { results: [...verify, ...issue], issued: 1 + issue[0].successes + issue[1].successes };
  } finally {
    for (const service of services) {
      if (service.pid !== undefined) ownProcesses.delete(service.pid);
      service.stop();
    }
    clientMarket.close();
    clientTax.close();
  }
}

/** One department's step of the property register: Natural Resources confirms a land-use right. */
async function realEstateStep(seconds: number, concurrency: number): Promise<WorkloadResult> {
  const naturalResources = await connectDepartment({ department: 'natural-resources', readYourWrites: false });
  try {
    const register = realEstateClient(naturalResources);
    return await drive('real-estate ConfirmLandUseRight', concurrency, seconds, async (n) => {
      await register.confirmLandUseRight({
        unitNumber: `BENCH-U-${RUN}-${n}`,
        kind: 'GRANTED',
        termEnd: '2088-12-31T00:00:00Z',
        evidenceFingerprint: FINGERPRINT,
      });
    });
  } finally {
    naturalResources.close();
  }
}

/** A valid unified social credit code, distinct per n. */
function enterpriseCode(n: number): string {
  const first17 = `913101${String(n).padStart(11, '0')}`;
  return `${first17}${usccCheckCharacter(first17)}`;
}

/**
 * Sealed-bid commitments through a trading centre: each bidder (with an ACTIVE business licence,
 * checked by the chaincode through e-license, and a key bound by Market Regulation) signs and commits
 * once per project, so the run needs enough bidder × project pairs; they are made first and not
 * measured. Each measured commit includes the bidder's P-256 signature (made by the client) and its
 * verification by both endorsers.
 */
async function sealedBids(
  market: GovchainConnection,
  seconds: number,
  concurrency: number,
): Promise<{ result: WorkloadResult; licences: number }> {
  const centre = await connectDepartment({ department: 'trading-center', readYourWrites: false });
  try {
    const tenders = bidRecordClient(centre);
    const side = Math.ceil(Math.sqrt(150 * seconds));
    const base = (Date.now() % 1_000_000) * 1000;
    const bidders = Array.from({ length: side }, (_, i) => enterpriseCode(base + i));
    await pool(side, concurrency, (i) => issue(market, `BENCH-BL-${RUN}-${i}`, BULK_HOLDER, bidders[i] ?? ''));
    const wallets = bidders.map(() => generateBidderKeyPair());
    const authority = bidRecordClient(market);
    await pool(side, concurrency, async (i) => {
      const wallet = wallets[i] ?? generateBidderKeyPair();
      await authority.bindBidderKey(
        signBidderKeyBinding(wallet.privateKeyPem, {
          uscc: bidders[i] ?? '',
          publicKey: wallet.publicKeyHex,
          keyVersion: 1,
        }),
      );
    });
    const signers = wallets.map((wallet) => bidderSigner(wallet.privateKeyPem));
    const deadline = new Date(Date.now() + 3_600_000);
    await pool(side, concurrency, async (j) => {
      await tenders.publishProject({
        projectId: `BENCH-TP-${RUN}-${j}`,
        title: `Bench project ${j}`,
        tendererCode: enterpriseCode(99_999),
        tendererName: 'Bench Tenderer',
        category: 'GOODS',
        budget: 100_000_00,
        documentFingerprint: FINGERPRINT,
        bidDeadline: deadline,
        openingTime: new Date(deadline.getTime() + 60_000),
        evaluationMethod: 'LOWEST_PRICE',
        minValidBids: 1,
      });
    });
    const result = await drive('bid-record CommitBid', concurrency, seconds, async (n) => {
      const project = `BENCH-TP-${RUN}-${n % side}`;
      const bidder = Math.floor(n / side) % side;
      const sealed = sealBid({
        projectId: project,
        bidderCode: bidders[bidder] ?? '',
        price: 90_000_00,
        bidDocumentFingerprint: FINGERPRINT,
      });
      await tenders.commitBid({
        projectId: project,
        bidderCode: bidders[bidder] ?? '',
        licenceId: `BENCH-BL-${RUN}-${bidder}`,
        commitment: sealed.commitment,
        signer: signers[bidder] ?? bidderSigner(generateBidderKeyPair().privateKeyPem),
        sequence: 1,
        keyVersion: 1,
      });
    });
    return { result, licences: side };
  } finally {
    centre.close();
  }
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let fabric = '';
  try {
    fabric = /^FABRIC_VERSION=(.*)$/m.exec(readFileSync(path.join(ROOT, 'network', 'fabric.env'), 'utf8'))?.[1] ?? '';
  } catch {
    fabric = '';
  }
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, Fabric ${fabric}`;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
