import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * The benchmark control: a plain put and get of a small JSON value with no business rules, so that
 * the cost of govchain's own chaincode logic can be measured against what Fabric allows on the same
 * network. Deliberately free of validation beyond the key shape and the value's size.
 */
@Info({ title: 'Control', description: 'Plain put and get, the platform ceiling for benchmarks' })
export class ControlContract extends Contract {
  constructor() {
    super('control');
  }

  /** Stores `value` (a JSON document of at most 4 KiB) under `key`. */
  @Transaction()
  public async Put(ctx: Context, key: string, value: string): Promise<void> {
    if (!KEY.test(key)) throw new Error(`INVALID_ARGUMENT: key '${key}' is not a valid key`);
    if (Buffer.byteLength(value) > 4096) throw new Error('INVALID_ARGUMENT: value is larger than 4 KiB');
    try {
      JSON.parse(value);
    } catch {
      throw new Error('INVALID_ARGUMENT: value is not JSON');
    }
    await ctx.stub.putState(key, Buffer.from(value));
  }

  /** Returns the value stored under `key`. */
  @Transaction(false)
  @Returns('string')
  public async Get(ctx: Context, key: string): Promise<string> {
    const bytes = await ctx.stub.getState(key);
    if (bytes.length === 0) throw new Error(`NOT_FOUND: key ${key} does not exist`);
    return Buffer.from(bytes).toString('utf8');
  }
}
