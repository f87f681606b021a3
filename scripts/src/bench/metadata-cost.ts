/**
 * What the contract metadata costs per call: fabric-shim's per-argument work (`DataMarshall.handleParameters`:
 * ajv's cache key and a debug message, both serializing the argument's schema and `components.schemas`), plus
 * the debug message of the called transaction's whole metadata entry, which `invokeFunctionality` builds on
 * every call. Times both for VerifyLicense's three arguments and IssueLicense's one record argument, with the
 * generated `META-INF/metadata.json` and with none (fabric-shim's introspection), interleaved in one process.
 *
 * `node scripts/dist/bench/metadata-cost.js [calls]` (default 10,000 per case).
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { JSONSerializer, type Contract } from 'fabric-contract-api';
import { LicenseContract } from '@govchain/e-license';

interface TransactionEntry {
  readonly name: string;
}
interface ChaincodeFromContract {
  readonly metadata: { readonly contracts: Record<string, { readonly transactions: readonly TransactionEntry[] }> };
  readonly contractImplementations: Record<
    string,
    { readonly dataMarshall: { handleParameters(fn: unknown, args: readonly Buffer[], prefix: string): unknown } }
  >;
}
type ChaincodeFromContractClass = new (
  contracts: (typeof Contract)[],
  serializers: unknown,
  metadata: object,
  title: string,
  version: string,
) => ChaincodeFromContract;
/* eslint-disable @typescript-eslint/no-require-imports -- fabric-shim's internals have no type declarations */
const ChaincodeFromContract =
  require('fabric-shim/lib/contract-spi/chaincodefromcontract') as ChaincodeFromContractClass;
const Bootstrap = require('fabric-shim/lib/contract-spi/bootstrap') as {
  loadAndValidateMetadata(file: string): object;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const SERIALIZERS = { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };
const PREFIX = '[govchannel-0123456789]';
const CALLS: Readonly<Record<string, readonly string[]>> = {
  VerifyLicense: ['BL-2025-000123', 'a'.repeat(64), ''],
  IssueLicense: [
    JSON.stringify({ id: 'BL-2025-000123', type: 'BUSINESS_LICENCE', fingerprint: 'a'.repeat(64), metadata: {} }),
  ],
};

/** One way of running a transaction's per-call metadata work. */
interface Case {
  readonly label: string;
  readonly run: () => void;
  readonly marshal: () => void;
  /** Sampled in every n-th block only (the costly comparison case). */
  readonly every: number;
}

function cases(metadata: object, label: string, transaction: string, every = 1): Case {
  const chaincode = new ChaincodeFromContract([LicenseContract], SERIALIZERS, metadata, 'e-license', '0.1.0');
  const fn = chaincode.metadata.contracts.LicenseContract?.transactions.find((t) => t.name === transaction);
  const marshall = chaincode.contractImplementations.LicenseContract?.dataMarshall;
  if (fn === undefined || marshall === undefined) throw new Error(`no ${transaction} in ${label}`);
  const args = (CALLS[transaction] ?? []).map((arg) => Buffer.from(arg));
  const marshal = (): void => {
    marshall.handleParameters(fn, args, PREFIX);
  };
  return {
    label,
    marshal,
    every,
    run: () => {
      // invokeFunctionality's `logger.debug(`${JSON.stringify(functionExists)}`)`, built before the level check.
      JSON.stringify(fn);
      marshal();
    },
  };
}

/**
 * What the design avoids: the record schemas where OpenAPI keeps them, `components.schemas`, which every
 * argument's validation embeds.
 */
function withComponents(generated: object): object {
  const metadata = JSON.parse(JSON.stringify(generated)) as { definitions: Record<string, object> };
  const schemas = Object.fromEntries(
    Object.entries(metadata.definitions).map(([name, schema]) => [
      name,
      JSON.parse(JSON.stringify({ $id: name, ...schema }).replaceAll('"#/definitions/', '"')) as object,
    ]),
  );
  return { ...metadata, components: { schemas } };
}

/** Runs without ajv's warnings (it ignores keywords beside a `$ref`, which the generated schemas have). */
function quietly<T>(run: () => T): T {
  const warn = console.warn;
  console.warn = (): void => undefined;
  try {
    return run();
  } finally {
    console.warn = warn;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(run: () => void, calls: number): number {
  const start = performance.now();
  for (let i = 0; i < calls; i += 1) run();
  return performance.now() - start;
}

/**
 * @param calls - calls per case
 * @returns one line per transaction and metadata: µs per call
 */
export function measureMetadataCost(calls: number): string[] {
  const file = path.join(
    path.dirname(require.resolve('@govchain/e-license/package.json')),
    'META-INF',
    'metadata.json',
  );
  const generated = Bootstrap.loadAndValidateMetadata(file);
  const lines: string[] = [];
  for (const transaction of Object.keys(CALLS)) {
    const all = [
      cases(JSON.parse(JSON.stringify(generated)) as object, 'generated META-INF/metadata.json', transaction),
      cases({}, 'introspection (no file)', transaction),
      quietly(() => cases(withComponents(generated), 'the records in components.schemas instead', transaction, 10)),
    ];
    // Short interleaved blocks, and the median block: the machine is shared, and contention comes in bursts.
    const samples = new Map(all.map((c) => [c.label, { marshal: [] as number[], run: [] as number[] }]));
    for (const c of all) time(c.run, 1000 / c.every);
    const blockCalls = 200;
    for (let block = 0; block < calls / blockCalls; block += 1) {
      for (const c of all.filter((candidate) => block % candidate.every === 0)) {
        const sample = samples.get(c.label);
        sample?.marshal.push((time(c.marshal, blockCalls) * 1000) / blockCalls);
        sample?.run.push((time(c.run, blockCalls) * 1000) / blockCalls);
      }
    }
    for (const [label, sample] of samples) {
      lines.push(
        `${transaction}, ${label}: handleParameters ${median(sample.marshal).toFixed(1)} µs/call; ` +
          `with the entry's debug message ${median(sample.run).toFixed(1)} µs/call ` +
          `(median of ${sample.run.length} blocks of ${blockCalls} calls each)`,
      );
    }
  }
  return lines;
}

if (require.main === module) {
  const calls = Number(process.argv[2] ?? '10000');
  for (const line of measureMetadataCost(calls)) console.log(line);
}
