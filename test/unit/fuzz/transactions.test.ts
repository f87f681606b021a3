/**
 * Property-based fuzzing of every transaction of every chaincode on the unit world state (fast-check):
 * generated callers, arguments (strings shaped by each parameter's rule, JSON records with the record's
 * own fields holding generated values, arbitrary text) and transient data, each run the way the peer
 * runs it — the contract's `beforeTransaction`, then the method — on a seeded world. For every input:
 *
 * - it succeeds, or is refused with a stable error code (`CODE: …`, a code of the protocol's list) — never
 *   an uncaught or uncoded error;
 * - a refusal calls no write method of the stub (state, private data, policies, events);
 * - the same input on the same world gives the same answer and the same world, byte for byte.
 *
 * `npm run fuzz` runs GOVCHAIN_FUZZ_RUNS inputs per transaction (10,000 unless set); the unit suite runs
 * a short slice (20) so it cannot rot. A failure prints fast-check's seed and the shrunk input.
 */
import fc from 'fast-check';
import { BidRecordContract } from '@govchain/bid-record';
import type { GovchainContract } from '@govchain/chaincode-common';
import { LicenseContract } from '@govchain/e-license';
import { ERROR_CODES, type ContractDescriptor } from '@govchain/protocol';
import { BID_RECORD_TRANSACTIONS } from '@govchain/protocol/bid-record';
import { E_LICENSE_TRANSACTIONS } from '@govchain/protocol/e-license';
import { REAL_ESTATE_TRANSACTIONS } from '@govchain/protocol/real-estate';
import { protocolSchemas, type SchemaObject } from '@govchain/protocol/schema';
import type { ParameterDescriptor, TransactionDescriptor } from '@govchain/protocol/dist/transactions';
import { RealEstateContract } from '@govchain/real-estate';
import { expect } from 'chai';
import { TestContext, WorldState } from '../../support';
import { actAs } from '../../support/clerks';
import { UNIT_GOVERNANCE_MSPS } from '../../support/env';

const RUNS = Number(process.env.GOVCHAIN_FUZZ_RUNS ?? '20');
const T0 = '2025-03-01T08:00:00.000Z';
const SCHEMAS = protocolSchemas();
const CODE = new RegExp(`^(${ERROR_CODES.join('|')}): `);

/** Each chaincode, with the transactions that seed it (run once, as the peer would after commit). */
const CHAINCODES: readonly {
  readonly contract: GovchainContract;
  readonly descriptor: ContractDescriptor;
  readonly seed: readonly string[];
}[] = [
  { contract: new LicenseContract(), descriptor: E_LICENSE_TRANSACTIONS, seed: ['SeedLicenseTypes'] },
  { contract: new RealEstateContract(), descriptor: REAL_ESTATE_TRANSACTIONS, seed: ['SeedRoles'] },
  { contract: new BidRecordContract(), descriptor: BID_RECORD_TRANSACTIONS, seed: ['SeedConfig'] },
];

/** One generated call: who calls, with what. */
interface Input {
  /** The transaction time: now, as the peer would accept it (both runs of one input share it). */
  readonly time: string;
  /** The transaction id: one per input, the same for both runs of it. */
  readonly txId: string;
  readonly mspId: string;
  readonly admin: boolean;
  readonly args: readonly string[];
  readonly transient: Readonly<Record<string, string>>;
}

/** What a call did: its answer or its refusal's code, and the world after it. */
interface Outcome {
  readonly answer: string;
  readonly world: string;
}

/** A plausible value for one property of a record's JSON Schema, or anything at all. */
function valueFor(schema: SchemaObject | undefined): fc.Arbitrary<unknown> {
  const type = (schema as { type?: string } | undefined)?.type;
  const typed: fc.Arbitrary<unknown>[] =
    type === 'string'
      ? [fc.string(), fc.constantFrom('', 'TaxMSP', T0, 'a3'.repeat(32), 'BUSINESS_LICENCE')]
      : type === 'number' || type === 'integer'
        ? [fc.integer(), fc.double()]
        : type === 'boolean'
          ? [fc.boolean()]
          : type === 'array'
            ? [fc.array(fc.string(), { maxLength: 3 })]
            : [];
  return fc.oneof(...typed, fc.jsonValue({ maxDepth: 2 }));
}

/** A record's JSON with its own fields (each kept or left out) holding generated values. */
function recordJson(name: string): fc.Arbitrary<string> {
  const properties = (SCHEMAS[name] as { properties?: Record<string, SchemaObject> } | undefined)?.properties ?? {};
  const fields = Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, valueFor(schema)]));
  return fc.record(fields, { requiredKeys: [] }).map((value) => JSON.stringify(value));
}

/** One argument: shaped by the parameter's rule, one of its values, its record, or any text. */
function argumentFor(parameter: ParameterDescriptor): fc.Arbitrary<string> {
  const shaped: fc.Arbitrary<string>[] = [];
  if (parameter.oneOf !== undefined) shaped.push(fc.constantFrom(...parameter.oneOf));
  if (parameter.rule?.pattern !== undefined) shaped.push(fc.stringMatching(parameter.rule.pattern));
  if (parameter.record !== undefined) {
    const record = recordJson(parameter.record.name);
    shaped.push(parameter.list === true ? fc.array(record, { maxLength: 3 }).map((r) => `[${r.join(',')}]`) : record);
  }
  return fc.oneof(...shaped, fc.string(), fc.constantFrom('', '{}', '[]', 'null', '0'));
}

function inputFor(transaction: TransactionDescriptor): fc.Arbitrary<Omit<Input, 'time' | 'txId'>> {
  const transient = Object.fromEntries((transaction.transient ?? []).map((name) => [name, fc.string()]));
  return fc.record({
    mspId: fc.constantFrom(...UNIT_GOVERNANCE_MSPS, 'StrangerMSP'),
    admin: fc.boolean(),
    args: fc.tuple(...transaction.parameters.map(argumentFor)),
    transient: fc
      .record(transient, { requiredKeys: [] })
      .map((t) => Object.fromEntries(Object.entries(t).filter((e): e is [string, string] => e[1] !== undefined))),
  });
}

/** Makes `world` the same as `from` again, in place (a lane's context keeps its world object). */
function resetTo(world: WorldState, from: WorldState): void {
  world.state.clear();
  world.privateData.clear();
  world.validationParameters.clear();
  world.history.clear();
  world.events.length = 0;
  for (const [key, value] of from.state) world.state.set(key, value);
  for (const [collection, entries] of from.privateData) world.privateData.set(collection, new Map(entries));
  for (const [key, value] of from.validationParameters) world.validationParameters.set(key, value);
  for (const [key, records] of from.history) world.history.set(key, [...records]);
  world.events.push(...from.events);
}

/**
 * A context and its world, reused for every input of one transaction: making sinon's stubs is most of what
 * a fresh context per call costs (10 ms an input before, ~1 ms after). Two lanes per transaction run the
 * two runs of each input, so nothing one run leaves on its context (the role configuration cached per stub
 * and transaction id) can reach the other; each input has a transaction id of its own.
 */
class Lane {
  readonly world = new WorldState();
  readonly ctx = new TestContext({ world: this.world });
}

/** Runs one transaction as the peer does: beforeTransaction, then the method; commits a submit that succeeds. */
async function call(
  contract: GovchainContract,
  lane: Lane,
  seededWorld: WorldState,
  name: string,
  transaction: TransactionDescriptor,
  input: Input,
): Promise<Outcome> {
  resetTo(lane.world, seededWorld);
  const ctx = lane.ctx;
  actAs(
    ctx,
    input.admin ? { admin: true } : { roles: 'issuer,examiner,attester,tenderOfficer,evaluator,supervisor,auditor' },
  );
  ctx.stub.getFunctionAndParameters.returns({ fcn: `${contract.getName()}:${name}`, params: [...input.args] });
  const run = async (): Promise<string> => {
    await contract.beforeTransaction(ctx);
    const method = (contract as unknown as Record<string, (...a: unknown[]) => Promise<string>>)[name];
    if (method === undefined) throw new Error(`the contract has no method ${name}`);
    return method.call(contract, ctx, ...input.args);
  };
  return outcomeOf(ctx, run, transaction, name, input, lane.world);
}

async function outcomeOf(
  ctx: TestContext,
  run: () => Promise<string>,
  transaction: TransactionDescriptor,
  name: string,
  input: Input,
  world: WorldState,
): Promise<Outcome> {
  try {
    const options = { mspId: input.mspId, time: input.time, txId: input.txId, transient: input.transient };
    const answer = transaction.submit ? await ctx.submit(run, options) : await ctx.evaluate(run, options);
    if (!transaction.submit) ctx.assertNothingWritten();
    return { answer, world: world.dump() };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    expect(message, `${name}: an uncoded error`).to.match(CODE);
    ctx.assertNothingWritten();
    if (process.env.GOVCHAIN_FUZZ_DEBUG !== undefined) console.log(`${name}: ${message.slice(0, 160)}`);
    return { answer: `refused ${CODE.exec(message)?.[1] ?? ''}`, world: world.dump() };
  }
}

/** The chaincode's world after its seeding transactions, as a department administrator made them. */
async function seeded(contract: GovchainContract, seed: readonly string[]): Promise<WorldState> {
  const world = new WorldState();
  for (const name of seed) {
    const ctx = new TestContext({ mspId: 'PublicSecurityMSP', time: new Date().toISOString(), world });
    actAs(ctx, { admin: true });
    await ctx.submit(() => (contract as unknown as Record<string, (c: TestContext) => Promise<string>>)[name]!(ctx));
  }
  return world;
}

for (const { contract, descriptor, seed } of CHAINCODES) {
  describe(`fuzzing ${descriptor.title}: ${RUNS} generated inputs per transaction`, function () {
    this.timeout(Math.max(60_000, RUNS * 200));
    let world: WorldState;
    /** Inputs run per transaction and how many of them the chaincode answered (the rest it refused). */
    const tally = new Map<string, { runs: number; answered: number }>();

    before(async function () {
      world = await seeded(contract, seed);
    });

    after(function () {
      const runs = [...tally.values()].reduce((n, t) => n + t.runs, 0);
      const answered = [...tally.values()].reduce((n, t) => n + t.answered, 0);
      const refusedOnly = [...tally].filter(([, t]) => t.answered === 0).map(([n]) => n);
      console.log(
        `      ${descriptor.title}: ${runs} inputs over ${tally.size} transactions, ${answered} answered, the rest refused with a code; refused every time: ${refusedOnly.length}`,
      );
    });

    for (const [name, transaction] of Object.entries(descriptor.transactions)) {
      it(`${name}: answers or refuses with a code, writes nothing when it refuses, the same input the same way`, async function () {
        const lanes = [new Lane(), new Lane()] as const;
        let inputs = 0;
        try {
          await fc.assert(
            fc.asyncProperty(inputFor(transaction), async (generated) => {
              inputs += 1;
              const txId = inputs.toString(16).padStart(64, '0');
              const input = { ...generated, time: new Date().toISOString(), txId };
              const first = await call(contract, lanes[0], world, name, transaction, input);
              const second = await call(contract, lanes[1], world, name, transaction, input);
              expect(second, `${name}: the same input twice`).to.deep.equal(first);
              const counted = tally.get(name) ?? { runs: 0, answered: 0 };
              tally.set(name, {
                runs: counted.runs + 1,
                answered: counted.answered + (first.answer.startsWith('refused ') ? 0 : 1),
              });
            }),
            { numRuns: RUNS },
          );
        } finally {
          for (const lane of lanes) lane.ctx.dispose();
        }
      });
    }
  });
}
