import { Context, Contract, Transaction } from 'fabric-contract-api';
import { nOutOfOrgsPolicy } from '@govchain/chaincode-common';

/**
 * What a rogue department adds to the chaincode server its own peer calls
 * (with chaincode-as-a-service it runs any code behind its package id): raw
 * writes of anything, with no rule at all. Only the rogue's server has this
 * contract; honest departments' servers answer "function does not exist". The
 * integration harness (test/integration/rogue.ts) loads it beside the genuine
 * contracts; it is never part of a chaincode package.
 */
export interface RogueWrite {
  /** A plain key, or the parts of a composite key (object type first). */
  readonly key: string | readonly string[];
  /** The JSON value to store; `null` deletes the key. */
  readonly value: unknown;
  /** A private collection to write into instead of the world state. */
  readonly collection?: string;
  /** Sets the key's validation parameter to "any one of these MSPs' peers". */
  readonly policy?: readonly string[];
}

export class RogueContract extends Contract {
  constructor() {
    super('rogue');
  }

  /** Answers from the rogue server only: how the harness knows its peer calls it. */
  @Transaction(false)
  public async Ping(ctx: Context): Promise<string> {
    return Promise.resolve(`rogue ${ctx.stub.getMspID()}`);
  }

  /** Reads any private data this peer holds (or Fabric's refusal, when it holds none). */
  @Transaction(false)
  public async ReadPrivate(ctx: Context, collection: string, key: string): Promise<string> {
    return Buffer.from(await ctx.stub.getPrivateData(collection, key)).toString('utf8');
  }

  /** Writes whatever it is told to. */
  @Transaction()
  public async Write(ctx: Context, writesJson: string): Promise<void> {
    const writes = JSON.parse(writesJson) as RogueWrite[];
    for (const w of writes) {
      const key = typeof w.key === 'string' ? w.key : ctx.stub.createCompositeKey(w.key[0] ?? '', w.key.slice(1));
      const bytes = Buffer.from(JSON.stringify(w.value));
      if (w.collection !== undefined) {
        if (w.value === null) await ctx.stub.deletePrivateData(w.collection, key);
        else await ctx.stub.putPrivateData(w.collection, key, bytes);
      } else if (w.value === null) {
        await ctx.stub.deleteState(key);
      } else {
        await ctx.stub.putState(key, bytes);
      }
      if (w.policy !== undefined) {
        await ctx.stub.setStateValidationParameter(key, nOutOfOrgsPolicy(1, w.policy));
      }
    }
  }
}
