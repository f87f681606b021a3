/**
 * `npm run bench:join -- [--licences N] [--concurrency C]`: how long a department takes to join the running network by
 * snapshot and from the genesis block, on a ledger of N business licences (default 100,000, the
 * benchmark's). Issues the licences first (not measured), then adds one department joining by snapshot
 * and another joining from the genesis block (`network:add-department --join …`), reads the times each
 * step took from what the command reports, and removes both again. Writes `.bench/join.json` and prints
 * a Markdown table.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { connectDepartment } from '@govchain/gateway-client';
import { addDepartment, currentLayout, removeDepartment } from '@govchain/network';
import { issueBusinessLicence, syntheticIdNumber } from './licences';
import { pool } from './stats';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** One department's join, in seconds, from the lines `network:add-department` logs. */
interface JoinResult {
  readonly mode: 'snapshot' | 'genesis';
  readonly height: number;
  /** Until the peer had joined (snapshot taken, copied and loaded; or the join from block 0). */
  readonly joinSeconds: number;
  /** Until it had every block the others have. */
  readonly caughtUpSeconds: number;
  /** The whole add-department command. */
  readonly addSeconds: number;
}

function seconds(lines: readonly string[], pattern: RegExp): number {
  const line = lines.find((l) => pattern.test(l));
  const value = line === undefined ? undefined : pattern.exec(line)?.[1];
  if (value === undefined) throw new Error(`add-department did not report ${String(pattern)}`);
  return Number(value);
}

/** A department entry no run has used: removed keys are never given again. */
function departmentFile(dir: string, mode: 'snapshot' | 'genesis'): { file: string; key: string } {
  const suffix = `${mode === 'snapshot' ? 'S' : 'G'}${Date.now().toString(36)}`;
  const file = path.join(dir, `${mode}.yaml`);
  const key = `join-${suffix.toLowerCase()}`;
  writeFileSync(
    file,
    [
      `key: ${key}`,
      `org: Join${suffix.toUpperCase()}`,
      `mspId: Join${suffix.toUpperCase()}MSP`,
      `name: Joining department (${mode})`,
      'clerkRoles: [auditor]',
      '',
    ].join('\n'),
  );
  return { file, key };
}

async function join(mode: 'snapshot' | 'genesis', dir: string): Promise<JoinResult & { key: string }> {
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(line);
    process.stderr.write(`bench: ${line}\n`);
  };
  const { file, key } = departmentFile(dir, mode);
  const addSeconds = await addDepartment(ROOT, file, { joinBy: mode }, log);
  const joined = /^joined \S+: \S+ (?:from a snapshot of \S+ at block (\d+)|from the genesis block) in ([\d.]+)s$/;
  const joinLine = lines.find((l) => joined.test(l)) ?? '';
  return {
    key,
    mode,
    height: Number(joined.exec(joinLine)?.[1] ?? 0),
    joinSeconds: Number(joined.exec(joinLine)?.[2] ?? Number.NaN),
    caughtUpSeconds: seconds(lines, /caught up with the channel in ([\d.]+)s$/),
    addSeconds,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { licences: { type: 'string', default: '100000' }, concurrency: { type: 'string', default: '128' } },
  });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`--concurrency takes a whole number from 1, not ${values.concurrency}`);
  }
  const licences = Number(values.licences);
  if (!Number.isInteger(licences) || licences < 0)
    throw new Error(`--licences takes a whole number, not ${values.licences}`);
  const layout = currentLayout(ROOT);
  const market = await connectDepartment({ department: 'market-regulation', readYourWrites: false });
  const begin = Date.now();
  const run = Date.now().toString(36);
  try {
    process.stderr.write(`bench: issuing ${licences} licences (not measured)\n`);
    await pool(licences, concurrency, (n) =>
      issueBusinessLicence(market, `JOIN-${run}-${n}`, syntheticIdNumber(n % 16), {
        label: 'Join',
        fingerprint: 'a'.repeat(64),
      }),
    );
  } finally {
    market.close();
  }
  const fillSeconds = (Date.now() - begin) / 1000;
  const source = layout.orgs[0];
  const ledgerMb = source
    ? Number(execFileSync('du', ['-sm', source.peer.dataDir], { encoding: 'utf8' }).split('\t')[0])
    : Number.NaN;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'govchain-join-'));
  const results: (JoinResult & { key: string })[] = [];
  try {
    for (const mode of ['snapshot', 'genesis'] as const) results.push(await join(mode, dir));
  } finally {
    for (const { key } of results) await removeDepartment(ROOT, key, (l) => process.stderr.write(`bench: ${l}\n`));
    rmSync(dir, { recursive: true, force: true });
  }
  const report = { licences, fillSeconds, ledgerMb, results };
  mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  writeFileSync(path.join(ROOT, '.bench', 'join.json'), `${JSON.stringify(report, null, 2)}\n`);
  const rows = results.map(
    (r) =>
      `| ${r.mode} | ${r.mode === 'snapshot' ? r.height : 0} | ${r.joinSeconds.toFixed(1)} | ${r.caughtUpSeconds.toFixed(1)} | ${r.addSeconds.toFixed(1)} |`,
  );
  process.stdout.write(
    [
      `${licences} licences issued in ${fillSeconds.toFixed(0)} s; a peer's ledger directory: ${ledgerMb} MB`,
      '',
      '| join | from block | joined (s) | caught up (s) | add-department (s) |',
      '|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
