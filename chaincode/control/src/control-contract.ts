import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { GovchainContract, loadGovernance, ownerAndOtherPolicy } from '@govchain/chaincode-common';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * The benchmark control: a plain put and get of a small JSON value with no business rules, so that
 * the cost of govchain's own chaincode logic can be measured against what Fabric allows on the same
 * network. Deliberately free of validation beyond the key shape and the value's size.
 */
@Info({ title: 'Control', description: 'Plain put and get, the platform ceiling for benchmarks' })
export class ControlContract extends GovchainContract {
  constructor() {
    super('control');
  }

  /** Stores `value` (a JSON document of at most 4 KiB) under `key`. */
  @Transaction()
  public async Put(ctx: Context, key: string, value: string): Promise<void> {
    checkPut(key, value);
    await ctx.stub.putState(key, Buffer.from(value));
  }

  /**
   * Put, plus the two platform features a govchain record needs beside its public value: the
   * transient `detail` (at most 4 KiB) in the caller's implicit private collection, and a key-level
   * endorsement policy shaped like a govchain record's (the caller's peer and one other department's,
   * from the governance file). The ceiling for a write shaped like IssueLicense, without any of
   * e-license's own logic. Endorse it with the caller's own peer among the endorsers.
   */
  @Transaction()
  public async PutWithDetail(ctx: Context, key: string, value: string): Promise<void> {
    checkPut(key, value);
    const detail = ctx.stub.getTransient().get('detail');
    if (detail === undefined || detail.length === 0) {
      throw new Error('INVALID_ARGUMENT: transient field detail is required');
    }
    if (detail.length > 4096) throw new Error('INVALID_ARGUMENT: detail is larger than 4 KiB');
    const mspId = ctx.clientIdentity.getMSPID();
    await ctx.stub.putState(key, Buffer.from(value));
    await ctx.stub.putPrivateData(`_implicit_org_${mspId}`, key, detail);
    await ctx.stub.setStateValidationParameter(key, ownerAndOtherPolicy(mspId, loadGovernance().departmentMsps));
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

function checkPut(key: string, value: string): void {
  if (!KEY.test(key)) throw new Error(`INVALID_ARGUMENT: key '${key}' is not a valid key`);
  if (Buffer.byteLength(value) > 4096) throw new Error('INVALID_ARGUMENT: value is larger than 4 KiB');
  try {
    JSON.parse(value);
  } catch {
    throw new Error('INVALID_ARGUMENT: value is not JSON');
  }
}
