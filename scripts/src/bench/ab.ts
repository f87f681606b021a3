#!/usr/bin/env node
/**
 * npm run bench:ab -- --base REF [--head REF] [--repeat N] [--only GROUPS] [--duration S] [--out FILE]
 *
 * Compares the benchmark ratios of two commits. Each commit is checked out in a git worktree of its own
 * under .bench/ab/ (dependencies installed with `npm ci`, built, the Fabric binaries shared through a link
 * to this checkout's .fabric), and run N times, alternating which side goes first, each run on a fresh
 * network of its own (`network:up`, `npm run bench`, `network:clean`). The report gives every run's
 * ratios, their spread per side and whether the change is shown to be within 5 %.
 *
 * Member services: both sides use cryptogen identities (GOVCHAIN_MEMBER_SERVICES=cryptogen; commits from
 * before Fabric CA ignore it), so the comparison is of the code, not of Fabric CA's clerk-role checks.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { renderAb } from './ab-report';
import { jsonBeside, type BenchReport } from './report';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRATCH = path.join(ROOT, '.bench', 'ab');
const LOG = path.join(SCRATCH, 'ab.log');
const TOLERANCE = 0.05;

interface Options {
  readonly base: string;
  readonly head: string;
  readonly repeat: number;
  readonly only: string;
  readonly duration: number;
  readonly out: string;
}

function fail(message: string): never {
  process.stderr.write(`bench:ab: ${message}\n`);
  process.exit(2);
}

/** Runs a command, its output appended to the log; throws with the log's path when it fails. */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  appendFileSync(LOG, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  appendFileSync(LOG, `${result.stdout}${result.stderr}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${String(result.status)}); see ${LOG}`);
  }
  return result.stdout;
}

function commitOf(ref: string): string {
  const result = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) fail(`${ref} is not a commit of this repository`);
  return result.stdout.trim();
}

function options(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        base: { type: 'string' },
        head: { type: 'string', default: 'HEAD' },
        repeat: { type: 'string', default: '3' },
        only: { type: 'string', default: 'write,read' },
        duration: { type: 'string', default: '20' },
        out: { type: 'string', default: path.join(SCRATCH, 'report.md') },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.base === undefined) fail('--base REF is required (the commit to compare with)');
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 2 || repeat > 10) {
    fail(`--repeat must be a whole number from 2 to 10 (a spread needs two runs a side), got ${values.repeat}`);
  }
  const duration = Number(values.duration);
  if (!Number.isFinite(duration) || duration <= 0) fail(`--duration must be a positive number, got ${values.duration}`);
  if (!/^[a-z-]+(,[a-z-]+)*$/.test(values.only)) fail(`--only takes a comma-separated list of groups`);
  return {
    base: commitOf(values.base),
    head: commitOf(values.head),
    repeat,
    only: values.only,
    duration,
    out: path.resolve(values.out),
  };
}

/** A commit checked out, installed and built in its own worktree (made once, reused by later runs). */
function prepare(commit: string): string {
  const dir = path.join(SCRATCH, commit.slice(0, 12));
  const ready = path.join(dir, '.ab-ready');
  if (existsSync(ready)) return dir;
  if (!existsSync(dir)) run('git', ['worktree', 'add', '--detach', dir, commit], ROOT);
  if (!existsSync(path.join(dir, '.fabric'))) symlinkSync(path.join(ROOT, '.fabric'), path.join(dir, '.fabric'));
  run('npm', ['ci', '--no-audit', '--no-fund'], dir);
  run('npm', ['run', 'build', '--silent'], dir);
  writeFileSync(ready, `${commit}\n`);
  return dir;
}

/** One benchmark run of a side on a fresh network, always torn down. */
function benchOnce(dir: string, out: string, opts: Options): BenchReport {
  const env = { GOVCHAIN_HOME: path.join(SCRATCH, 'home'), GOVCHAIN_MEMBER_SERVICES: 'cryptogen' };
  const cli = path.join('network', 'dist', 'cli.js');
  run('node', [cli, 'clean'], dir, env);
  try {
    run('node', [cli, 'up', '--topology', 'default'], dir, env);
    run(
      'node',
      [
        path.join('scripts', 'dist', 'bench', 'main.js'),
        '--only',
        opts.only,
        '--duration',
        String(opts.duration),
        '--out',
        out,
      ],
      dir,
      env,
    );
  } finally {
    run('node', [cli, 'clean'], dir, env);
  }
  return JSON.parse(readFileSync(jsonBeside(out), 'utf8')) as BenchReport;
}

function main(): void {
  const opts = options(process.argv.slice(2));
  mkdirSync(SCRATCH, { recursive: true });
  writeFileSync(LOG, '');
  const base = { name: 'base', commit: opts.base, dir: prepare(opts.base), runs: [] as BenchReport[] };
  const head = { name: 'head', commit: opts.head, dir: prepare(opts.head), runs: [] as BenchReport[] };
  const sides = [base, head];
  for (let round = 0; round < opts.repeat; round += 1) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const out = path.join(SCRATCH, `${side.name}-${round + 1}.md`);
      process.stdout.write(`bench:ab: round ${round + 1}/${opts.repeat}, ${side.name} ${side.commit.slice(0, 7)}\n`);
      side.runs.push(benchOnce(side.dir, out, opts));
    }
  }
  const command = `npm run bench:ab -- --base ${opts.base.slice(0, 7)} --repeat ${opts.repeat} --only ${opts.only} --duration ${opts.duration}`;
  const report = renderAb(base, head, TOLERANCE, command);
  writeFileSync(opts.out, report);
  process.stdout.write(report);
}

try {
  main();
} catch (err) {
  fail((err as Error).message);
}
