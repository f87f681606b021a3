/** One committed modification of a key, as getHistoryForKey reports it. */
export interface HistoryRecord {
  readonly txId: string;
  readonly timestampMillis: number;
  readonly isDelete: boolean;
  readonly value: Uint8Array;
}

/** One committed chaincode event. */
export interface EventRecord {
  readonly txId: string;
  readonly name: string;
  readonly payload: Uint8Array;
}

const hex = (value: Uint8Array): string => Buffer.from(value).toString('hex');
const sortedEntries = <T>(map: Map<string, T>): [string, T][] =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Writes of one transaction, applied only when it commits. */
export class WriteSet {
  readonly state = new Map<string, Uint8Array | null>();
  readonly privateData = new Map<string, Map<string, Uint8Array | null>>();
  readonly validationParameters = new Map<string, Uint8Array>();
  event: EventRecord | undefined;
  paginatedQuery = false;

  /**
   * A byte-exact, order-independent dump of the writes, for comparing what two runs of one input wrote.
   *
   * @returns the dump
   */
  dump(): string {
    const hexOrNull = (value: Uint8Array | null): string | null => (value === null ? null : hex(value));
    return JSON.stringify({
      state: sortedEntries(this.state).map(([key, value]) => [key, hexOrNull(value)]),
      privateData: sortedEntries(this.privateData).map(([collection, entries]) => [
        collection,
        sortedEntries(entries).map(([key, value]) => [key, hexOrNull(value)]),
      ]),
      validationParameters: sortedEntries(this.validationParameters).map(([key, value]) => [key, hex(value)]),
      event: this.event === undefined ? null : [this.event.name, hex(this.event.payload)],
    });
  }

  /** @returns whether the transaction wrote anything at all */
  get isEmpty(): boolean {
    return (
      this.state.size === 0 &&
      this.privateData.size === 0 &&
      this.validationParameters.size === 0 &&
      this.event === undefined
    );
  }
}

/**
 * An in-memory ledger: committed public state, private data per collection,
 * key-level validation parameters, key history and events. Transactions write
 * into a {@link WriteSet}; like Fabric, reads never see the transaction's own
 * writes, and nothing is applied unless the transaction commits.
 */
export class WorldState {
  readonly state = new Map<string, Uint8Array>();
  readonly privateData = new Map<string, Map<string, Uint8Array>>();
  readonly validationParameters = new Map<string, Uint8Array>();
  readonly history = new Map<string, HistoryRecord[]>();
  readonly events: EventRecord[] = [];

  /**
   * Applies a transaction's writes.
   *
   * @param writes - the write set
   * @param txId - transaction id
   * @param timestampMillis - transaction time
   */
  commit(writes: WriteSet, txId: string, timestampMillis: number): void {
    if (writes.paginatedQuery && (writes.state.size > 0 || writes.privateData.size > 0)) {
      throw new Error('paginated queries are only valid in read-only transactions');
    }
    for (const [key, value] of writes.state) {
      if (value === null) {
        this.state.delete(key);
        this.validationParameters.delete(key);
      } else {
        this.state.set(key, value);
      }
      const records = this.history.get(key) ?? [];
      records.push({ txId, timestampMillis, isDelete: value === null, value: value ?? new Uint8Array() });
      this.history.set(key, records);
    }
    for (const [collection, entries] of writes.privateData) {
      const target = this.privateData.get(collection) ?? new Map<string, Uint8Array>();
      for (const [key, value] of entries) {
        if (value === null) {
          target.delete(key);
        } else {
          target.set(key, value);
        }
      }
      this.privateData.set(collection, target);
    }
    for (const [key, value] of writes.validationParameters) {
      this.validationParameters.set(key, value);
    }
    if (writes.event !== undefined) {
      this.events.push(writes.event);
    }
  }

  /**
   * Takes back a commit of `writes`: every key, policy, history and event they touched is again as in
   * `before` (this world before the commit, or a copy of it).
   *
   * @param writes - the write set that was committed
   * @param before - the world as it was before that commit
   */
  undo(writes: WriteSet, before: WorldState): void {
    const restore = <T>(target: Map<string, T>, from: Map<string, T> | undefined, key: string): void => {
      const value = from?.get(key);
      if (value === undefined) target.delete(key);
      else target.set(key, value);
    };
    for (const key of [...writes.state.keys(), ...writes.validationParameters.keys()]) {
      restore(this.state, before.state, key);
      restore(this.validationParameters, before.validationParameters, key);
      const records = before.history.get(key);
      if (records === undefined) this.history.delete(key);
      else this.history.set(key, [...records]);
    }
    for (const [collection, entries] of writes.privateData) {
      const target = this.privateData.get(collection);
      if (target === undefined) continue;
      for (const key of entries.keys()) restore(target, before.privateData.get(collection), key);
      if (target.size === 0 && !before.privateData.has(collection)) this.privateData.delete(collection);
    }
    this.events.length = before.events.length;
  }

  /**
   * @param key - state key
   * @returns the committed value as UTF-8 text, or undefined
   */
  text(key: string): string | undefined {
    const value = this.state.get(key);
    return value === undefined ? undefined : Buffer.from(value).toString('utf8');
  }

  /**
   * @param key - state key
   * @returns the committed value parsed as JSON, or undefined
   */
  json(key: string): unknown {
    const text = this.text(key);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  }

  /**
   * @param collection - collection name
   * @param key - key
   * @returns the committed private value parsed as JSON, or undefined
   */
  privateJson(collection: string, key: string): unknown {
    const value = this.privateData.get(collection)?.get(key);
    return value === undefined ? undefined : (JSON.parse(Buffer.from(value).toString('utf8')) as unknown);
  }

  /**
   * A byte-exact, order-independent dump of everything committed (state,
   * private data, validation parameters, history, events), for comparing two
   * runs of the same input.
   *
   * @returns the dump
   */
  dump(): string {
    return JSON.stringify({
      state: sortedEntries(this.state).map(([key, value]) => [key, hex(value)]),
      privateData: sortedEntries(this.privateData).map(([collection, entries]) => [
        collection,
        sortedEntries(entries).map(([key, value]) => [key, hex(value)]),
      ]),
      validationParameters: sortedEntries(this.validationParameters).map(([key, value]) => [key, hex(value)]),
      history: sortedEntries(this.history).map(([key, records]) => [
        key,
        records.map((record) => [record.txId, record.timestampMillis, record.isDelete, hex(record.value)]),
      ]),
      events: this.events.map((event) => [event.txId, event.name, hex(event.payload)]),
    });
  }
}
