import type { Context } from 'fabric-contract-api';
import type { TestContext, TxOptions } from './test-context';

/**
 * Holder references enter the ledger only through grants (e-license RequestHolderRef, endorsed on the
 * identity authority's peer). Most unit tests issue licences and are not about grants; for them
 * {@link autoGrantHolderRefs} makes a submit that carries a transient `idNumber` and no
 * `holderRefGrant` first request a grant the way a client library does — the real RequestHolderRef,
 * as the caller's department, on Public Security's peer, at the same transaction time — and send its id.
 * A grant is reused for the same department, holder and purpose while it is less than 23 hours old, and
 * fixtures request the grants their tests use up front ({@link HolderRefGrants.warm}), so a test's refused
 * call finds nothing new written. Tests about grants pass `holderRefGrant` themselves
 * (any value, even empty, turns the automatic grant off for that call).
 */

/** The e-license contract's RequestHolderRef, as the grant source calls it. */
export interface GrantingContract {
  RequestHolderRef(ctx: Context, purpose: string): Promise<string>;
}

/** Where grants come from: the e-license contract and the context of its world. */
export interface GrantSource {
  readonly ctx: TestContext;
  readonly contract: GrantingContract;
  /** The identity authority, on whose peer RequestHolderRef runs (default PublicSecurityMSP). */
  readonly authority?: string;
}

/** Grants live 24 h; reuse one for 23 h of transaction time. */
const REUSE_MILLIS = 23 * 3_600_000;

/** The grants made in each e-license world (keyed by its context), shared by every wrapper using it. */
const GRANTS = new WeakMap<TestContext, Map<string, { grantId: string; atMillis: number }>>();

/** The grants of one context. */
export interface HolderRefGrants {
  /**
   * Requests grants now (at the context's current time) so later calls reuse them.
   *
   * @param mspIds - the grantees
   * @param idNumbers - the holders
   * @param purpose - ISSUE_LICENCE (issuances) or BIND_HOLDER_KEY (key bindings)
   */
  warm(mspIds: readonly string[], idNumbers: readonly string[], purpose: string): Promise<void>;
}

/**
 * Wraps `ctx.submit` so that issuances and key bindings get a holder-reference grant.
 *
 * @param ctx - the context whose submits carry the holder's transient data
 * @param source - the e-license contract and its context (the same context for e-license's own tests)
 * @returns a handle to request grants up front
 */
export function autoGrantHolderRefs(ctx: TestContext, source: GrantSource): HolderRefGrants {
  const grants = GRANTS.get(source.ctx) ?? new Map<string, { grantId: string; atMillis: number }>();
  GRANTS.set(source.ctx, grants);
  const submit = ctx.submit.bind(ctx);
  const submitAtSource = source.ctx === ctx ? submit : source.ctx.submit.bind(source.ctx);
  const grant = async (mspId: string, idNumber: string, purpose: string, atMillis: number): Promise<string> => {
    const key = `${mspId}|${idNumber}|${purpose}`;
    const cached = grants.get(key);
    if (cached !== undefined && atMillis >= cached.atMillis && atMillis - cached.atMillis <= REUSE_MILLIS) {
      return cached.grantId;
    }
    const peer = source.ctx.peerMsp;
    source.ctx.peerMsp = source.authority ?? 'PublicSecurityMSP';
    try {
      const result = await submitAtSource(() => source.contract.RequestHolderRef(source.ctx, purpose), {
        mspId,
        time: new Date(atMillis).toISOString(),
        transient: { idNumber },
      });
      const { grantId } = JSON.parse(result) as { grantId: string };
      grants.set(key, { grantId, atMillis });
      return grantId;
    } finally {
      source.ctx.peerMsp = peer;
    }
  };
  ctx.submit = async <T>(call: () => Promise<T>, given?: TxOptions): Promise<T> => {
    const options = given ?? {};
    const transient = options.transient;
    const idNumber = transient?.idNumber;
    const authority = source.authority ?? 'PublicSecurityMSP';
    // A test's own RequestHolderRef runs on the authority's peer: it is the grant, not a user of one.
    if (
      transient === undefined ||
      idNumber === undefined ||
      'holderRefGrant' in transient ||
      source.ctx.peerMsp === authority
    ) {
      return submit(call, options);
    }
    const mspId = options.mspId ?? ctx.mspId;
    // Issuances send the holder's name; key bindings send only the ID number, and only the authority binds.
    const purpose = 'name' in transient ? 'ISSUE_LICENCE' : 'BIND_HOLDER_KEY';
    if (purpose === 'BIND_HOLDER_KEY' && mspId !== authority) {
      return submit(call, options);
    }
    const atMillis = options.time === undefined ? ctx.timeMillis : Date.parse(options.time);
    let holderRefGrant: string | undefined;
    try {
      holderRefGrant = await grant(mspId, idNumber, purpose, atMillis);
    } catch {
      // A caller or ID number RequestHolderRef refuses: the call itself meets the refusal it tests.
      holderRefGrant = undefined;
    }
    ctx.setCaller(mspId);
    ctx.setTime(new Date(atMillis).toISOString());
    return submit(call, {
      ...options,
      transient: holderRefGrant === undefined ? transient : { ...transient, holderRefGrant },
    });
  };
  return {
    warm: async (mspIds, idNumbers, purpose): Promise<void> => {
      const caller = ctx.mspId;
      for (const mspId of mspIds) {
        for (const idNumber of idNumbers) {
          await grant(mspId, idNumber, purpose, ctx.timeMillis);
        }
      }
      ctx.setCaller(caller);
    },
  };
}
