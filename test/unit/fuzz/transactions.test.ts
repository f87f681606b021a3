/**
 * Property-based fuzzing of every transaction of every chaincode on the unit world state (fast-check):
 * generated callers, arguments and transient data, each run the way the peer
 * runs it — the contract's `beforeTransaction`, then the method — on a seeded world. For every input:
 *
 * - it succeeds, or is refused with a stable error code (`CODE: …`, a code of the protocol's list) — never
 *   an uncaught or uncoded error;
 * - a refusal calls no write method of the stub (state, private data, policies, events);
 * - the same input on the same world gives the same answer and the same world, byte for byte.
 *
 * Half the inputs are wild (strings shaped by each parameter's rule, JSON records with the record's own
 * fields holding any value, arbitrary text), half well-formed (every argument, record field and transient
 * value valid by the protocol's JSON Schemas, ids and codes from small pools, times near now): wild inputs
 * try the validation, well-formed ones get past it to the roles, the world state and the writes.
 *
 * `npm run fuzz` runs GOVCHAIN_FUZZ_RUNS inputs per transaction (10,000 unless set); the unit suite runs
 * a short slice (20) so it cannot rot. A failure prints fast-check's seed and the shrunk input.
 */
import fc from 'fast-check';
import { BidRecordContract } from '@govchain/bid-record';
import type { GovchainContract } from '@govchain/chaincode-common';
import { LicenseContract } from '@govchain/e-license';
import { ERROR_CODES, type ContractDescriptor } from '@govchain/protocol';
import { BID_RECORD_TRANSACTIONS, usccCheckCharacter } from '@govchain/protocol/bid-record';
import { E_LICENSE_TRANSACTIONS } from '@govchain/protocol/e-license';
import { REAL_ESTATE_TRANSACTIONS } from '@govchain/protocol/real-estate';
import { protocolSchemas, type SchemaObject } from '@govchain/protocol/schema';
import type { ParameterDescriptor, TransactionDescriptor } from '@govchain/protocol/dist/transactions';
import { RealEstateContract } from '@govchain/real-estate';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { P256Holder, TestContext, WorldState } from '../../support';
import { actAs } from '../../support/clerks';
import { UNIT_GOVERNANCE_MSPS } from '../../support/env';

const RUNS = Number(process.env.GOVCHAIN_FUZZ_RUNS ?? '20');
const T0 = '2025-03-01T08:00:00.000Z';
/** Rounds, and well-formed inputs per submitted transaction and department in each, that fill the world. */
const POPULATE_ROUNDS = 3;
const POPULATE_INPUTS = 8;
/** Transactions that change who governs or holds which role: not run to fill a world (it would refuse the rest). */
const RECONFIGURING = new Set(['SetGovernanceMsps', 'PutLicenseType', 'UpdateRoles', 'UpdateConfig']);
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

const NOW = Date.now();
const DAY = 86_400_000;
/** Valid unified social credit codes (the 18th character is the check character). */
const USCC = ['91310000MA1FL4CT3', '91440300MA5F00001', '11310000002420001'].map((c) => c + usccCheckCharacter(c));
/** The licence type codes the e-license seed registers. */
const SEED_TYPES = JSON.parse(readFileSync(require.resolve('@govchain/e-license/seed/license-types.json'), 'utf8')) as {
  code: string;
  requiredMetadata: string[];
  owningChaincode?: string;
}[];
const SEEDED_TYPES = SEED_TYPES.map((t) => t.code);
/** A P-256 public key, PEM and hex DER (signatures made with anything else fail their check, with a code). */
const HOLDER = P256Holder.generate();
const PUBLIC_KEYS = [HOLDER.publicKeyPem, HOLDER.publicKeyHex];
const HEX64 = ['a3'.repeat(32), 'b4'.repeat(32), '5f'.repeat(32)];
const anyHex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
/** A time within two years of now, whole seconds: what the chaincodes' time rules can accept. */
const isoTime = fc
  .integer({ min: -730, max: 730 })
  .chain((days) => fc.integer({ min: 0, max: DAY / 1000 }).map((s) => days * DAY + s * 1000))
  .map((offset) => new Date(Math.floor((NOW + offset) / 1000) * 1000).toISOString());

/** Small pools for the protocol's common rules, so that well-formed inputs name the same things often. */
const POOLS: Readonly<Record<string, fc.Arbitrary<string>>> = {
  '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$': fc.constantFrom('BL-1', 'BL-2', 'P-1', 'U-1', 'A-1'),
  '^[A-Z][A-Z0-9_]{1,63}$': fc.constantFrom(...SEEDED_TYPES, 'FRAUD', 'OTHER'),
  '^[0-9a-f]{64}$': fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HEX64) }, { weight: 1, arbitrary: anyHex64 }),
  '^[0-9A-HJ-NPQRTUWXY]{18}$': fc.constantFrom(...USCC),
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$': fc.constantFrom(...UNIT_GOVERNANCE_MSPS),
};
const TIME_PATTERN = String.raw`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$`;

/** A string valid by a rule: from its pool, a time, or matching its pattern within its lengths. */
function stringFor(rule: { pattern?: string | RegExp; minLength?: number; maxLength?: number }): fc.Arbitrary<string> {
  const source = rule.pattern instanceof RegExp ? rule.pattern.source : rule.pattern;
  if (source === TIME_PATTERN) return isoTime;
  if (source !== undefined && source in POOLS) return POOLS[source]!;
  const min = rule.minLength ?? 1;
  const max = rule.maxLength ?? 64;
  if (source === undefined) return fc.string({ minLength: min, maxLength: Math.min(max, 40) });
  // One character class repeated (`^[…]+$`): its lengths in the pattern, or the filter would seldom pass.
  const repeated = /^\^(\[[^\]]+\])\+\$$/.exec(source);
  const pattern = repeated === null ? source : `^${repeated[1]}{${min},${Math.min(max, 64)}}$`;
  return fc.stringMatching(new RegExp(pattern)).filter((v) => v.length >= min && v.length <= max);
}

/** Owners of a unit: distinct holders whose shares sum to 10,000 basis points. */
const ownerShares = fc.uniqueArray(fc.constantFrom(...HEX64), { minLength: 1, maxLength: 3 }).map((holders) =>
  holders.map((holderRef, i) => ({
    holderRef,
    shareBasisPoints:
      i === 0
        ? 10_000 - Math.floor(10_000 / holders.length) * (holders.length - 1)
        : Math.floor(10_000 / holders.length),
  })),
);

/** A value valid by a JSON Schema of the protocol (references resolved among its definitions). */
function wellFormed(schema: SchemaObject | undefined): fc.Arbitrary<unknown> {
  const s = (schema ?? {}) as {
    $ref?: string;
    enum?: readonly unknown[];
    type?: string;
    format?: string;
    pattern?: string;
    minLength?: number;
    maxLength?: number;
    minimum?: number;
    maximum?: number;
    items?: SchemaObject;
    minItems?: number;
    maxItems?: number;
    properties?: Record<string, SchemaObject>;
    required?: readonly string[];
    propertyNames?: SchemaObject;
    additionalProperties?: SchemaObject | boolean;
  };
  if (s.$ref !== undefined) return fc.constant(null).chain(() => wellFormed(SCHEMAS[s.$ref!.split('/').at(-1)!]));
  if (s.enum !== undefined) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'string':
      return s.format === 'date-time' ? isoTime : stringFor(s);
    case 'integer':
    case 'number':
      return fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 1_000_000, 2 ** 31) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      if ((s.items as { $ref?: string } | undefined)?.$ref === '#/definitions/OwnerShare') return ownerShares;
      return fc.array(wellFormed(s.items), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      });
    case 'object':
      if (s.properties !== undefined) {
        const fields = Object.fromEntries(
          Object.entries(s.properties).map(([k, v]) => [
            k,
            k === 'publicKey' ? fc.constantFrom(...PUBLIC_KEYS) : wellFormed(v),
          ]),
        );
        return fc.record(fields, { requiredKeys: [...(s.required ?? [])] });
      }
      return fc.dictionary(
        wellFormed(s.propertyNames ?? { type: 'string', pattern: '^[a-z][A-Za-z0-9]{0,63}$' }) as fc.Arbitrary<string>,
        wellFormed(typeof s.additionalProperties === 'object' ? s.additionalProperties : { type: 'string' }),
        { maxKeys: 3 },
      );
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** A licence to issue: valid by its schema, of a type e-license issues itself, with that type's metadata. */
function licenceInput(): fc.Arbitrary<unknown> {
  const types = SEED_TYPES.filter((t) => t.owningChaincode === undefined);
  return fc.tuple(wellFormed(SCHEMAS.LicenseInput), fc.constantFrom(...types)).map(([licence, type]) => ({
    ...(licence as object),
    type: type.code,
    validFrom: undefined, // the transaction time
    validUntil: undefined, // the type's default validity
    metadata: Object.fromEntries(type.requiredMetadata.map((name) => [name, USCC[0]!])),
  }));
}

/** A valid argument: by its values, its record's schema, its rule, or what its empty string means. */
function wellFormedArgument(parameter: ParameterDescriptor): fc.Arbitrary<string> {
  if (parameter.oneOf !== undefined) return fc.constantFrom(...parameter.oneOf);
  if (parameter.record !== undefined) {
    const record =
      parameter.record.name === 'LicenseInput' ? licenceInput() : wellFormed(SCHEMAS[parameter.record.name]);
    return (parameter.list === true ? fc.array(record, { minLength: 1, maxLength: 3 }) : record).map((v) =>
      JSON.stringify(v),
    );
  }
  if (parameter.name === 'pageSize') return fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 100 }).map(String));
  if (parameter.name === 'recentCount') return fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 50 }).map(String));
  if (parameter.name === 'price') return fc.integer({ min: 1, max: 10_000_000 }).map(String);
  if (parameter.name === 'signature' || parameter.name === 'signatureHex') {
    return fc.stringMatching(/^(?:[0-9a-f]{2}){8,72}$/);
  }
  if (parameter.rule === undefined)
    return parameter.empty !== undefined ? fc.constant('') : fc.string({ minLength: 1 });
  const valid = stringFor(parameter.rule);
  const listed =
    parameter.list === true ? fc.array(valid, { minLength: 1, maxLength: 3 }).map((v) => JSON.stringify(v)) : valid;
  return parameter.empty !== undefined ? fc.oneof(fc.constant(''), listed) : listed;
}

/** A JSON object of a few lowerCamelCase members holding text: the shape of the transient details. */
const jsonObject = fc
  .dictionary(fc.stringMatching(/^[a-z][A-Za-z0-9]{0,15}$/), fc.string({ minLength: 1, maxLength: 20 }), {
    minKeys: 1,
    maxKeys: 3,
  })
  .map((detail) => JSON.stringify(detail));

/** Valid transient values: a holder's identity, the client's salt and keys; anything for the rest. */
const TRANSIENT: Readonly<Record<string, fc.Arbitrary<string>>> = {
  idNumber: fc.constantFrom('11010519491231002X', '440301198001010011'),
  name: fc.constantFrom('Zhang San', 'Li Si'),
  salt: fc.constant('7e'.repeat(32)),
  holderRefKey: fc.constant('5f'.repeat(32)),
  responseKey: anyHex64,
  requestId: fc.uuid(),
  holderRefGrant: anyHex64,
  detail: jsonObject,
  transferDetail: jsonObject,
  taxAssessment: jsonObject,
  loanDetail: jsonObject,
};
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

/** What a call did: its answer or its refusal's code, and what it committed (every byte of it). */
interface Outcome {
  readonly answer: string;
  readonly committed: string;
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

/** A wild input (see the file's comment): any caller, any of the argument shapes, any transient text. */
function wildInputFor(transaction: TransactionDescriptor): fc.Arbitrary<Omit<Input, 'time' | 'txId'>> {
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

/** A well-formed input: a department's caller, every argument and transient value valid. */
function wellFormedInputFor(transaction: TransactionDescriptor): fc.Arbitrary<Omit<Input, 'time' | 'txId'>> {
  const transient = Object.fromEntries(
    (transaction.transient ?? []).map((name) => [
      name,
      TRANSIENT[name] ?? fc.jsonValue().map((v) => JSON.stringify(v)),
    ]),
  );
  return fc.record({
    mspId: fc.constantFrom(...UNIT_GOVERNANCE_MSPS),
    admin: fc.boolean(),
    args: fc.tuple(...transaction.parameters.map(wellFormedArgument)),
    // A licence names a holder by ID number or by a grant (an id of a grant no department holds here).
    transient: fc.record(transient, { requiredKeys: Object.keys(transient).filter((n) => n !== 'holderRefGrant') }),
  });
}

function inputFor(transaction: TransactionDescriptor): fc.Arbitrary<Omit<Input, 'time' | 'txId'>> {
  return fc.oneof(wildInputFor(transaction), wellFormedInputFor(transaction));
}

/** A copy of a world state. */
function copyOf(world: WorldState): WorldState {
  const copy = new WorldState();
  for (const [key, value] of world.state) copy.state.set(key, value);
  for (const [collection, entries] of world.privateData) copy.privateData.set(collection, new Map(entries));
  for (const [key, value] of world.validationParameters) copy.validationParameters.set(key, value);
  for (const [key, records] of world.history) copy.history.set(key, [...records]);
  copy.events.push(...world.events);
  return copy;
}

/**
 * A context and its world, reused for every input of one transaction: making sinon's stubs is most of what
 * a fresh context per call costs (10 ms an input before, ~1 ms after), and copying and dumping a filled
 * world most of the rest. Two lanes per transaction run the two runs of each input, so nothing one run
 * leaves on its context (the role configuration cached per stub and transaction id) can reach the other;
 * each input has a transaction id of its own. With a seed, the lane's world is a copy of it, and what a call
 * commits is undone after it; without, calls accumulate (filling a world).
 */
class Lane {
  readonly ctx: TestContext;
  constructor(
    readonly world: WorldState,
    readonly seed?: WorldState,
  ) {
    this.ctx = new TestContext({ world });
  }

  static over(seed: WorldState): Lane {
    return new Lane(copyOf(seed), seed);
  }
}

/**
 * Runs one transaction as the peer does: beforeTransaction, then the method; commits a submit that succeeds
 * (and undoes it when the lane has a seed).
 */
async function call(
  contract: GovchainContract,
  lane: Lane,
  name: string,
  transaction: TransactionDescriptor,
  input: Input,
): Promise<Outcome> {
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
  const answer = await answerOf(ctx, run, transaction, name, input);
  const committed = ctx.committed;
  if (committed !== undefined && lane.seed !== undefined) lane.world.undo(committed, lane.seed);
  return { answer, committed: committed?.dump() ?? '' };
}

/** The call's answer, or `refused CODE`; a refusal (and any evaluation) must have written nothing. */
async function answerOf(
  ctx: TestContext,
  run: () => Promise<string>,
  transaction: TransactionDescriptor,
  name: string,
  input: Input,
): Promise<string> {
  try {
    const options = { mspId: input.mspId, time: input.time, txId: input.txId, transient: input.transient };
    const answer = transaction.submit ? await ctx.submit(run, options) : await ctx.evaluate(run, options);
    if (!transaction.submit) ctx.assertNothingWritten();
    return answer;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    expect(message, `${name}: an uncoded error`).to.match(CODE);
    ctx.assertNothingWritten();
    if (process.env.GOVCHAIN_FUZZ_DEBUG !== undefined) console.log(`${name}: ${message.slice(0, 160)}`);
    return `refused ${CODE.exec(message)?.[1] ?? ''}`;
  }
}

/**
 * Fills a seeded world with records, so that well-formed inputs naming the pools' ids find licences, units,
 * projects, bids and applications in every state: rounds of well-formed inputs (a fixed fast-check seed) of
 * every submitted transaction, from each department in turn, each success committed.
 *
 * @returns how many of those transactions committed
 */
async function populate(
  contract: GovchainContract,
  descriptor: ContractDescriptor,
  world: WorldState,
): Promise<number> {
  const lane = new Lane(world);
  let committed = 0;
  try {
    for (let round = 0; round < POPULATE_ROUNDS; round += 1) {
      for (const [name, transaction] of Object.entries(descriptor.transactions)) {
        if (!transaction.submit || RECONFIGURING.has(name)) continue;
        const inputs = UNIT_GOVERNANCE_MSPS.flatMap((mspId, m) =>
          fc
            .sample(wellFormedInputFor(transaction), { numRuns: POPULATE_INPUTS, seed: round * 100 + m })
            .map((generated) => ({ ...generated, mspId })),
        );
        for (const [i, generated] of inputs.entries()) {
          const txId = `ff${round.toString(16).padStart(2, '0')}${i.toString(16).padStart(60, '0')}`;
          const input = { ...generated, time: new Date().toISOString(), txId };
          const outcome = await call(contract, lane, name, transaction, input);
          if (outcome.answer.startsWith('refused ')) continue;
          committed += 1;
          if (process.env.GOVCHAIN_FUZZ_DEBUG !== undefined)
            console.log(`populate: ${name} (${world.state.size} keys)`);
        }
      }
    }
  } finally {
    lane.ctx.dispose();
  }
  return committed;
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
    let populated = 0;
    /** Inputs run per transaction and how many of them the chaincode answered (the rest it refused). */
    const tally = new Map<string, { runs: number; answered: number }>();

    before(async function () {
      world = await seeded(contract, seed);
      populated = await populate(contract, descriptor, world);
    });

    after(function () {
      const runs = [...tally.values()].reduce((n, t) => n + t.runs, 0);
      const answered = [...tally.values()].reduce((n, t) => n + t.answered, 0);
      const refusedOnly = [...tally].filter(([, t]) => t.answered === 0).map(([n]) => n);
      console.log(
        `      ${descriptor.title}: a world of ${world.state.size} keys (${populated} transactions); ${runs} inputs over ${tally.size} transactions, ${answered} answered, the rest refused with a code; refused every time: ${refusedOnly.length}`,
      );
    });

    for (const [name, transaction] of Object.entries(descriptor.transactions)) {
      it(`${name}: answers or refuses with a code, writes nothing when it refuses, the same input the same way`, async function () {
        const lanes = [Lane.over(world), Lane.over(world)] as const;
        let inputs = 0;
        try {
          await fc.assert(
            fc.asyncProperty(inputFor(transaction), async (generated) => {
              inputs += 1;
              const txId = inputs.toString(16).padStart(64, '0');
              const input = { ...generated, time: new Date().toISOString(), txId };
              const first = await call(contract, lanes[0], name, transaction, input);
              const second = await call(contract, lanes[1], name, transaction, input);
              expect(second, `${name}: the same input twice`).to.deep.equal(first);
              const counted = tally.get(name) ?? { runs: 0, answered: 0 };
              tally.set(name, {
                runs: counted.runs + 1,
                answered: counted.answered + (first.answer.startsWith('refused ') ? 0 : 1),
              });
            }),
            { numRuns: RUNS },
          );
          // Every call was undone: both lanes hold the seeded world again (or a comparison above meant little).
          for (const lane of lanes)
            expect(lane.world.dump(), `${name}: the world after undoing`).to.equal(world.dump());
        } finally {
          for (const lane of lanes) lane.ctx.dispose();
        }
      });
    }
  });
}
