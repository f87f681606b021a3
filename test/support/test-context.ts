import './env';
import { Context } from 'fabric-contract-api';
import { ChaincodeStub, ClientIdentity, type Iterators, type Timestamp } from 'fabric-shim';
import * as sinon from 'sinon';
import { WorldState, WriteSet } from './world-state';

/** Options of a {@link TestContext}. */
export interface TestContextOptions {
  /** MSP of the calling identity (default `Org1MSP`). */
  readonly mspId?: string;
  /** Transaction time, ISO-8601 (default `2025-01-01T00:00:00.000Z`). */
  readonly time?: string;
  /** Channel name (default `govchannel`). */
  readonly channel?: string;
  /** A world state shared with another context (default: a new one). */
  readonly world?: WorldState;
}

/** Options of one transaction. */
export interface TxOptions {
  /** Caller MSP for this transaction (default: unchanged). */
  readonly mspId?: string;
  /** Transaction time, ISO-8601 (default: unchanged). */
  readonly time?: string;
  /** Transient data, as UTF-8 strings (default: none). */
  readonly transient?: Readonly<Record<string, string>>;
  /** Transaction id (default: a counter-based hex id). */
  readonly txId?: string;
}

const WRITE_METHODS = [
  'putState',
  'deleteState',
  'putPrivateData',
  'deletePrivateData',
  'purgePrivateData',
  'setStateValidationParameter',
  'setPrivateDataValidationParameter',
  'setEvent',
] as const;

type StubbedStub = sinon.SinonStubbedInstance<ChaincodeStub>;
type StubbedIdentity = sinon.SinonStubbedInstance<ClientIdentity>;

/**
 * A contract-api Context whose ChaincodeStub and ClientIdentity are sinon
 * stubs backed by an in-memory {@link WorldState}. Reusable by every
 * chaincode's unit tests.
 *
 * Run each call as one transaction with {@link TestContext.submit} (commits
 * the writes when the call succeeds, discards them when it throws) or
 * {@link TestContext.evaluate} (never commits). Stub call history is reset at
 * the start of each transaction, so after a refused call
 * {@link TestContext.assertNothingWritten} checks that transaction alone.
 *
 * @example
 * const ctx = new TestContext({ mspId: 'HealthMSP', time: '2025-03-01T00:00:00Z' });
 * await ctx.submit(() => contract.IssueLicense(ctx, json), { transient: { idNumber: '…', name: '…', salt: '…' } });
 * await expect(ctx.submit(() => contract.IssueLicense(ctx, json))).to.be.rejectedWith(/^CONFLICT/);
 * ctx.assertNothingWritten();
 */
export class TestContext extends Context {
  declare stub: StubbedStub;
  declare clientIdentity: StubbedIdentity;
  readonly world: WorldState;
  /** MSP of the peer the chaincode runs on; private data of other orgs' implicit collections is unavailable. */
  peerMsp: string | undefined;

  #mspId: string;
  #timeMillis: number;
  #txId = '';
  #txCounter = 0;
  #transient = new Map<string, Uint8Array>();
  #writes = new WriteSet();
  #committed: WriteSet | undefined;
  readonly #channel: string;
  readonly #sandbox: sinon.SinonSandbox;

  constructor(options: TestContextOptions = {}) {
    super();
    this.world = options.world ?? new WorldState();
    this.#mspId = options.mspId ?? 'Org1MSP';
    this.#timeMillis = parseTime(options.time ?? '2025-01-01T00:00:00.000Z');
    this.#channel = options.channel ?? 'govchannel';
    // A sandbox of its own: sinon keeps every fake it made (some 360 kB a stub instance) until its sandbox
    // is restored, so thousands of contexts (the fuzzing suite) call dispose() when done.
    this.#sandbox = sinon.createSandbox();
    this.stub = this.#sandbox.createStubInstance(ChaincodeStub);
    this.clientIdentity = this.#sandbox.createStubInstance(ClientIdentity);
    this.#wireIdentity();
    this.#wireStub();
    this.beginTx();
  }

  /** Releases the stubs: the context is not used after this. */
  dispose(): void {
    this.#sandbox.restore();
    // sinon.createSandbox also lists the new sandbox among the fakes of sinon's default sandbox (so that
    // sinon.restore() restores it), and keeps it there until then: one mocha test of the fuzzing suite
    // makes 20,000 contexts, which kept ~12 kB each until the process ran out of memory.
    const fakes = (sinon as unknown as { getFakes(): unknown[] }).getFakes();
    const at = fakes.lastIndexOf(this.#sandbox);
    if (at >= 0) fakes.splice(at, 1);
  }

  /** The caller's MSP id. */
  get mspId(): string {
    return this.#mspId;
  }

  /** The current transaction id. */
  get txId(): string {
    return this.#txId;
  }

  /** The current transaction time, epoch milliseconds. */
  get timeMillis(): number {
    return this.#timeMillis;
  }

  /** @param mspId - the caller's MSP for the following transactions */
  setCaller(mspId: string): void {
    this.#mspId = mspId;
  }

  /** @param time - ISO-8601 transaction time for the following transactions */
  setTime(time: string): void {
    this.#timeMillis = parseTime(time);
  }

  /**
   * Starts a new transaction: new id, empty write set, fresh stub call history.
   *
   * @param options - caller, time, transient data, id
   */
  beginTx(options: TxOptions = {}): void {
    if (options.mspId !== undefined) {
      this.#mspId = options.mspId;
    }
    if (options.time !== undefined) {
      this.#timeMillis = parseTime(options.time);
    }
    this.#txCounter += 1;
    this.#txId = options.txId ?? `${this.#txCounter.toString(16).padStart(8, '0')}${'0'.repeat(56)}`;
    this.#transient = new Map(
      Object.entries(options.transient ?? {}).map(([key, value]) => [key, new TextEncoder().encode(value)]),
    );
    this.#writes = new WriteSet();
    this.#committed = undefined;
    for (const name of Object.getOwnPropertyNames(ChaincodeStub.prototype)) {
      const method: unknown = (this.stub as unknown as Record<string, unknown>)[name];
      if (isSinonStub(method)) {
        method.resetHistory();
      }
    }
  }

  /** Applies the current transaction's writes to the world state. */
  commit(): void {
    this.world.commit(this.#writes, this.#txId, this.#timeMillis);
    this.#committed = this.#writes;
    this.#writes = new WriteSet();
  }

  /** The writes the current transaction committed; undefined until it commits. */
  get committed(): WriteSet | undefined {
    return this.#committed;
  }

  /**
   * Runs a call as a submitted transaction: commits its writes if it succeeds,
   * discards them if it throws (and rethrows).
   *
   * @param call - the contract call
   * @param options - caller, time, transient data, id
   * @returns the call's result
   */
  async submit<T>(call: () => Promise<T>, options: TxOptions = {}): Promise<T> {
    this.beginTx(options);
    const result = await call();
    this.commit();
    return result;
  }

  /**
   * Runs a call as an evaluated transaction: never commits.
   *
   * @param call - the contract call
   * @param options - caller, time, transient data, id
   * @returns the call's result
   */
  async evaluate<T>(call: () => Promise<T>, options: TxOptions = {}): Promise<T> {
    this.beginTx(options);
    return call();
  }

  /** @returns whether the current transaction has written anything (state, private data, policies, event) */
  get hasWrites(): boolean {
    return !this.#writes.isEmpty;
  }

  /** Asserts that the current transaction called no write method of the stub. */
  assertNothingWritten(): void {
    const called = WRITE_METHODS.filter((method) => this.stub[method].called);
    if (called.length > 0) {
      throw new Error(`expected no writes, but the transaction called ${called.join(', ')}`);
    }
    if (this.hasWrites) {
      throw new Error('the transaction has pending writes');
    }
  }

  /** @returns the event set by the current transaction, decoded */
  pendingEvent(): { name: string; payload: unknown } | undefined {
    const event = this.#writes.event;
    return event === undefined
      ? undefined
      : { name: event.name, payload: JSON.parse(Buffer.from(event.payload).toString('utf8')) as unknown };
  }

  /** @returns the last committed event, decoded */
  lastEvent(): { name: string; payload: unknown } | undefined {
    const event = this.world.events.at(-1);
    return event === undefined
      ? undefined
      : { name: event.name, payload: JSON.parse(Buffer.from(event.payload).toString('utf8')) as unknown };
  }

  #wireIdentity(): void {
    this.clientIdentity.getMSPID.callsFake(() => this.#mspId);
    this.clientIdentity.getID.callsFake(() => `x509::/CN=user1@${this.#mspId}::/CN=ca.${this.#mspId}`);
    this.clientIdentity.getAttributeValue.returns(null);
    this.clientIdentity.assertAttributeValue.returns(false);
  }

  #wireStub(): void {
    const stub = this.stub;
    const world = this.world;
    stub.getTxID.callsFake(() => this.#txId);
    stub.getChannelID.returns(this.#channel);
    stub.getMspID.callsFake(() => this.peerMsp ?? this.#mspId);
    stub.getCreator.callsFake(() => ({ mspid: this.#mspId, idBytes: new Uint8Array() }));
    stub.getTransient.callsFake(() => new Map(this.#transient));
    stub.getTxTimestamp.callsFake(() => toTimestamp(this.#timeMillis));
    stub.getDateTimestamp.callsFake(() => new Date(this.#timeMillis));
    stub.createCompositeKey.callsFake((objectType, attributes) =>
      ChaincodeStub.prototype.createCompositeKey.call(stub, objectType, attributes),
    );
    stub.splitCompositeKey.callsFake((key) => ChaincodeStub.prototype.splitCompositeKey.call(stub, key));

    stub.getState.callsFake((key) => Promise.resolve(copy(world.state.get(key))));
    stub.putState.callsFake((key, value) => {
      requireKey(key);
      this.#writes.state.set(key, value.length === 0 ? null : copy(value));
      return Promise.resolve();
    });
    stub.deleteState.callsFake((key) => {
      requireKey(key);
      this.#writes.state.set(key, null);
      return Promise.resolve();
    });
    stub.setStateValidationParameter.callsFake((key, policy) => {
      requireKey(key);
      this.#writes.validationParameters.set(key, copy(policy));
      return Promise.resolve();
    });
    stub.getStateValidationParameter.callsFake((key) => Promise.resolve(copy(world.validationParameters.get(key))));

    stub.getPrivateData.callsFake((collection, key) => {
      this.#requirePrivateDataAvailable(collection);
      return Promise.resolve(copy(world.privateData.get(collection)?.get(key)));
    });
    stub.putPrivateData.callsFake((collection, key, value) => {
      requireKey(key);
      if (value.length === 0) {
        throw new Error('private data value must not be empty');
      }
      this.#privateWrites(collection).set(key, copy(value));
      return Promise.resolve();
    });
    stub.deletePrivateData.callsFake((collection, key) => {
      this.#privateWrites(collection).set(key, null);
      return Promise.resolve();
    });

    stub.getStateByPartialCompositeKey.callsFake((objectType, attributes) => {
      const prefix = ChaincodeStub.prototype.createCompositeKey.call(stub, objectType, attributes);
      const keys = sortedKeys(world.state).filter((key) => key.startsWith(prefix));
      return asQueryResult(stateIterator(keys.map((key) => ({ key, value: world.state.get(key)! }))));
    });
    stub.getPrivateDataByPartialCompositeKey.callsFake((collection, objectType, attributes) => {
      this.#requirePrivateDataAvailable(collection);
      const entries = world.privateData.get(collection) ?? new Map<string, Uint8Array>();
      const prefix = ChaincodeStub.prototype.createCompositeKey.call(stub, objectType, attributes);
      const keys = sortedKeys(entries).filter((key) => key.startsWith(prefix));
      // As fabric-shim 2.5 resolves it: `{ iterator }`, unlike getStateByPartialCompositeKey (the iterator).
      const response = { iterator: stateIterator(keys.map((key) => ({ key, value: entries.get(key)! }))) };
      return asQueryResult(response as unknown as Iterators.StateQueryIterator);
    });
    stub.getStateByPartialCompositeKeyWithPagination.callsFake((objectType, attributes, pageSize, bookmark) => {
      this.#writes.paginatedQuery = true;
      const prefix = ChaincodeStub.prototype.createCompositeKey.call(stub, objectType, attributes);
      const all = sortedKeys(world.state).filter((key) => key.startsWith(prefix));
      const start = bookmark === undefined || bookmark === '' ? 0 : all.findIndex((key) => key >= bookmark);
      const from = start < 0 ? all.length : start;
      const page = all.slice(from, from + pageSize);
      const nextKey = all[from + pageSize] ?? '';
      const response = {
        iterator: stateIterator(page.map((key) => ({ key, value: world.state.get(key)! }))),
        metadata: { fetchedRecordsCount: page.length, bookmark: nextKey },
      };
      return asQueryResult(response);
    });
    stub.getHistoryForKey.callsFake((key) => {
      const records = [...(world.history.get(key) ?? [])].reverse();
      return asQueryResult(
        historyIterator(
          records.map((record) => ({
            txId: record.txId,
            isDelete: record.isDelete,
            value: copy(record.value),
            timestamp: toTimestamp(record.timestampMillis),
          })),
        ),
      );
    });

    stub.setEvent.callsFake((name, payload) => {
      this.#writes.event = { txId: this.#txId, name, payload: copy(payload) };
    });
    stub.invokeChaincode.rejects(new Error('invokeChaincode is not stubbed in this test'));
  }

  #privateWrites(collection: string): Map<string, Uint8Array | null> {
    const writes = this.#writes.privateData.get(collection) ?? new Map<string, Uint8Array | null>();
    this.#writes.privateData.set(collection, writes);
    return writes;
  }

  #requirePrivateDataAvailable(collection: string): void {
    const implicitOrg = /^_implicit_org_(.+)$/.exec(collection)?.[1];
    if (this.peerMsp !== undefined && implicitOrg !== undefined && implicitOrg !== this.peerMsp) {
      throw new Error(`private data of collection ${collection} is not available on a peer of ${this.peerMsp}`);
    }
  }
}

function parseTime(time: string): number {
  const millis = Date.parse(time);
  if (Number.isNaN(millis)) {
    throw new Error(`bad test time ${time}`);
  }
  return millis;
}

function toTimestamp(millis: number): Timestamp {
  const seconds = Math.floor(millis / 1000);
  const longLike = { toNumber: (): number => seconds, low: seconds | 0, high: 0, unsigned: false };
  return { seconds: longLike, nanos: (millis % 1000) * 1_000_000 } as unknown as Timestamp;
}

function copy(value: Uint8Array | undefined): Uint8Array {
  return value === undefined ? Buffer.alloc(0) : Buffer.from(value);
}

function requireKey(key: string): void {
  if (key === '') {
    throw new Error('key must not be empty');
  }
}

function sortedKeys(map: Map<string, unknown>): string[] {
  return [...map.keys()].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

function isSinonStub(value: unknown): value is sinon.SinonStub {
  return typeof value === 'function' && 'resetHistory' in value;
}

function stateIterator(entries: readonly { key: string; value: Uint8Array }[]): Iterators.StateQueryIterator {
  return listIterator(entries.map((entry) => ({ namespace: 'test', key: entry.key, value: Buffer.from(entry.value) })));
}

function historyIterator(entries: readonly Iterators.KeyModification[]): Iterators.HistoryQueryIterator {
  return listIterator(entries);
}

function listIterator<T>(items: readonly T[]): Iterators.CommonIterator<T> {
  let index = 0;
  return {
    next: (): Promise<Iterators.NextResult<T>> => {
      const item = items[index];
      index += 1;
      return Promise.resolve(
        item === undefined ? ({ done: true } as Iterators.NextResult<T>) : { value: item, done: false },
      );
    },
    close: (): Promise<void> => Promise.resolve(),
  };
}

/** The shim's query methods return a promise that is also async-iterable; the contract code only awaits it. */
function asQueryResult<T, K>(value: T): Promise<T> & AsyncIterable<K> {
  return Promise.resolve(value) as Promise<T> & AsyncIterable<K>;
}
