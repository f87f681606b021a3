#!/usr/bin/env node
/**
 * CPU per call of chaincode servers, by where it went: reads the profiles that
 * `scripts/profile/cpu-profile-on-signal.js` wrote (each `.cpuprofile` with its `.calls.json`) and prints,
 * per chaincode, a Markdown table of µs of CPU per call for each package or part (fabric-shim's logging,
 * X.509 parsing, gRPC, govchain's own layers, …), one column per directory given.
 *
 *   node scripts/dist/bench/profile-report.js DIR [DIR …]
 *
 * Give one directory per side or run (e.g. the profiles of a base and a head commit under the same load):
 * the columns then compare what the same call costs in each. Idle samples are left out; a call is one
 * dispatch by fabric-shim, whatever the transaction (the count of each is printed).
 *
 * Read the shares, not only the µs: V8's sampling profiler charges wall time to the running function, so
 * on a machine busier than the server (two cores under the whole network) a preempted call's µs grow with
 * the load, while its parts' shares of the server's time do not.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}
interface Calls {
  readonly chaincodeId: string | null;
  readonly calls: Readonly<Record<string, number>>;
}
/** One chaincode's profiles in one directory, added up. */
interface Sum {
  calls: Record<string, number>;
  readonly micros: Map<string, number>;
}

const LOGGING = new Set([
  'winston',
  'logform',
  'winston-transport',
  'readable-stream',
  '@colors/colors',
  'safe-stable-stringify',
  'fecha',
  'triple-beam',
  '@dabh/diagnostics',
  'string_decoder',
]);
const RPC = new Set(['google-protobuf', '@hyperledger/fabric-protos', 'protobufjs', '@grpc/grpc-js', 'long']);

/** The parts that are govchain's own code and the validation library its records use. */
const OURS = [
  'govchain protocol',
  'govchain chaincode-common',
  'the chaincode itself',
  'class-validator',
  'class-transformer',
] as const;

/** Where a profile node's own time goes: a package, one of govchain's layers, or the runtime. */
export function partOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'V8 built-ins';
  const packages = url.match(/node_modules\/(?:@[^/]+\/)?[^/]+/g);
  const pkg = packages?.at(-1)?.slice('node_modules/'.length);
  if (pkg !== undefined && !pkg.startsWith('@govchain/')) {
    if (LOGGING.has(pkg)) return "fabric-shim's logging (winston, logform, …)";
    if (pkg.startsWith('@fidm/')) return 'X.509 parsing (@fidm)';
    if (RPC.has(pkg)) return 'gRPC and protobuf';
    return pkg;
  }
  if (url.includes('/protocol/')) return 'govchain protocol';
  if (url.includes('/chaincode/common/')) return 'govchain chaincode-common';
  if (url.includes('/chaincode/')) return 'the chaincode itself';
  if (url.startsWith('node:')) return 'Node.js';
  return url;
}

function add(sum: Sum, profile: Profile): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    if (node === undefined) return;
    const part = partOf(node.callFrame.url, node.callFrame.functionName);
    if (part === '(idle)') return;
    sum.micros.set(part, (sum.micros.get(part) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
}

/** Every chaincode's profiles in a directory, by chaincode name (the package label's part before `_`). */
export function readDirectory(dir: string): Map<string, Sum> {
  const sums = new Map<string, Sum>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()) {
    const calls = JSON.parse(readFileSync(path.join(dir, `${file}.calls.json`), 'utf8')) as Calls;
    const chaincode = (calls.chaincodeId ?? 'unknown').split('_')[0] ?? 'unknown';
    let sum = sums.get(chaincode);
    if (sum === undefined) sums.set(chaincode, (sum = { calls: {}, micros: new Map() }));
    for (const [fn, n] of Object.entries(calls.calls)) sum.calls[fn] = (sum.calls[fn] ?? 0) + n;
    add(sum, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile);
  }
  return sums;
}

function callCount(sum: Sum | undefined): number {
  return Object.values(sum?.calls ?? {}).reduce((a, b) => a + b, 0);
}

/** The report: one table per chaincode, parts sorted by their cost in the first directory. */
export function render(columns: readonly { readonly label: string; readonly sums: Map<string, Sum> }[]): string {
  const chaincodes = [...new Set(columns.flatMap((c) => [...c.sums.keys()]))].sort();
  const out: string[] = [];
  for (const chaincode of chaincodes) {
    const sums = columns.map((c) => c.sums.get(chaincode));
    const perCall = (sum: Sum | undefined, part?: string): number => {
      const n = callCount(sum);
      if (sum === undefined || n === 0) return NaN;
      const micros = part === undefined ? [...sum.micros.values()].reduce((a, b) => a + b, 0) : sum.micros.get(part);
      return (micros ?? 0) / n;
    };
    const parts = [...new Set(sums.flatMap((s) => [...(s?.micros.keys() ?? [])]))].sort(
      (a, b) => perCall(sums[0], b) - perCall(sums[0], a) || a.localeCompare(b),
    );
    const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
    out.push(`## ${chaincode}: µs of CPU per call`, '');
    out.push(row(['where', ...columns.map((c) => c.label)]), row(['---', ...columns.map(() => '---:')]));
    const calls = (s: Sum | undefined): string =>
      Object.entries(s?.calls ?? {})
        .map(([fn, n]) => `${fn} ${n}`)
        .join(', ');
    out.push(row(['calls', ...sums.map(calls)]));
    out.push(row(['**all, busy**', ...sums.map((s) => `**${perCall(s).toFixed(1)}**`)]));
    const ours = (s: Sum | undefined): string => {
      const micros = OURS.reduce((a, part) => a + perCall(s, part), 0);
      return `**${micros.toFixed(1)}** (${((100 * micros) / perCall(s)).toFixed(1)} %)`;
    };
    out.push(row([`**govchain's own code** (${OURS.join(', ')})`, ...sums.map(ours)]));
    for (const part of parts) {
      if (Math.max(...sums.map((s) => perCall(s, part)).filter((v) => !Number.isNaN(v))) < 2) continue;
      out.push(row([part, ...sums.map((s) => perCall(s, part).toFixed(1))]));
    }
    out.push('');
  }
  return out.join('\n');
}

function main(dirs: readonly string[]): void {
  if (dirs.length === 0) {
    process.stderr.write('usage: profile-report DIR [DIR …] (directories of .cpuprofile and .calls.json files)\n');
    process.exit(2);
  }
  process.stdout.write(render(dirs.map((dir) => ({ label: path.basename(dir), sums: readDirectory(dir) }))));
}

if (require.main === module) main(process.argv.slice(2));
