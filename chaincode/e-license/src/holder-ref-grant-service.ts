import type { Context } from 'fabric-contract-api';
import type { Iterators } from 'fabric-shim';
import {
  DAY_MILLIS,
  INDEX_VALUE,
  MSP_ID_RULE,
  callerMsp,
  compositeKey,
  corruptState,
  emitEvent,
  forbidden,
  hmacSha256Hex,
  invalidArgument,
  isoFromMillis,
  loadGovernance,
  marshal,
  notFound,
  parseIsoTime,
  preconditionFailed,
  rateLimited,
  readPrivateJson,
  requireString,
  requireTransient,
  txTimeIso,
  txTimeMillis,
  storedRecord,
} from '@govchain/chaincode-common';
import { PRIVATE_DATA_UNAVAILABLE, holderReference, readHolderRefKeyHere } from './holder-service';
import { HOLDER_REF_GRANTS_COLLECTION } from './keys';
import {
  BINDING_PURPOSES,
  GRANT_ID_RULE,
  HOLDER_REF_PURPOSES,
  HOUR_RULE,
  HolderRefGrant,
  HolderRefGrantLog,
  HolderRefGrantLogEntry,
  HolderRefGrantQuota,
  HolderRefGrantRecord,
  type HolderRefPurpose,
  HolderRefRequested,
  ID_NUMBER_RULE,
  ISSUANCE_PURPOSES,
  type LicenseTypeRegistry,
} from './models';
import { requireDepartment } from './registry-service';

/**
 * Holder-reference grants: the only way a holder reference is computed. The
 * key K lives only on the identity authority's peer (collection
 * `holderRefKey`, members and endorsement policy: that department alone);
 * RequestHolderRef, endorsed by that peer alone, turns a department's ID
 * number (transient) into a grant in collection `holderRefGrants` (every
 * department holds it; its collection-level endorsement policy is the identity
 * authority alone, so no one else can write a grant). Every reference entering
 * the ledger is read from a grant of the caller's department.
 */

export { BINDING_PURPOSES, HOLDER_REF_PURPOSES, type HolderRefPurpose, ISSUANCE_PURPOSES };

/**
 * How long a grant can be used after it was granted. A grant is reusable by
 * its grantee until then (a day's issuances for one holder need one lookup),
 * short enough that a grant found later in the collection is no standing
 * licence to attach that person to new records.
 */
export const GRANT_VALIDITY_MILLIS = DAY_MILLIS;

/** Transient field carrying a grant id into IssueLicense, RenewLicense, ReplaceLicense, BindHolderKey. */
export const GRANT_TRANSIENT_FIELD = 'holderRefGrant';

/**
 * @param ctx - transaction context
 * @param mspId - the grantee
 * @param grantId - the grant id
 * @returns the grant's key in {@link HOLDER_REF_GRANTS_COLLECTION}
 */
export function grantKey(ctx: Context, mspId: string, grantId: string): string {
  return compositeKey(ctx, 'grant', [mspId, grantId]);
}

/**
 * @param ctx - transaction context
 * @param mspId - the grantee
 * @param hour - `YYYY-MM-DDTHH`
 * @returns the key of the department's grant counter for that hour
 */
export function quotaKey(ctx: Context, mspId: string, hour: string): string {
  return compositeKey(ctx, 'quota', [mspId, hour]);
}

/** Index of grants by grantee and hour — attributes `[mspId, hour, grantId]`. */
export const GRANT_HOUR_INDEX = 'grantHour';

/**
 * @param purpose - the argument
 * @returns the purpose code
 * @throws INVALID_ARGUMENT when it is not one of {@link HOLDER_REF_PURPOSES}
 */
export function requirePurpose(purpose: string): HolderRefPurpose {
  if (!(HOLDER_REF_PURPOSES as readonly string[]).includes(purpose)) {
    throw invalidArgument(`purpose must be one of ${HOLDER_REF_PURPOSES.join(', ')}`);
  }
  return purpose as HolderRefPurpose;
}

/**
 * RequestHolderRef: the identity authority's peer computes the reference of
 * the ID number in transient `idNumber` and records a grant of it to the
 * calling department, counted against that department's hourly quota (the
 * governance file's `holderRefGrantsPerHour`). Writes only to
 * {@link HOLDER_REF_GRANTS_COLLECTION}, so only that collection's endorsement
 * policy (the identity authority alone) applies.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @param purpose - a purpose code
 * @returns the grant id and purpose (never the reference: an evaluation commits nothing)
 * @throws FORBIDDEN for a caller that is no department; INVALID_ARGUMENT for a bad purpose or ID
 * number; PRECONDITION_FAILED on another peer or when K is not set; RATE_LIMITED beyond the quota
 */
export async function requestHolderRef(
  ctx: Context,
  registry: LicenseTypeRegistry,
  purpose: string,
): Promise<HolderRefRequested> {
  const caller = requireDepartment(ctx, registry, 'request holder references');
  const code = requirePurpose(purpose);
  const idNumber = requireTransient(ctx, 'idNumber', ID_NUMBER_RULE);
  const keyHex = await readHolderRefKeyHere(ctx, registry);
  if (keyHex === undefined) {
    throw preconditionFailed('the holder-reference key is not set; Public Security calls SetHolderRefKey first');
  }
  const holderRef = holderReference(keyHex, idNumber);
  const at = txTimeIso(ctx);
  const hour = at.slice(0, 13);
  const counterKey = quotaKey(ctx, caller, hour);
  const used = await readQuota(ctx, counterKey);
  const { holderRefGrantsPerHour: limit } = loadGovernance();
  if (used >= limit) {
    throw rateLimited(`${caller} has used its ${limit} holder-reference grants of the hour ${hour}:00Z`);
  }
  const txId = ctx.stub.getTxID();
  const grant = Object.assign(new HolderRefGrantRecord(), {
    grantId: txId,
    holderRef,
    grantedToMsp: caller,
    requestedBy: ctx.clientIdentity.getID(),
    purpose: code,
    at,
    txId,
    salt: hmacSha256Hex(Buffer.from(keyHex, 'hex'), `grant:${txId}`),
  });

  await ctx.stub.putPrivateData(HOLDER_REF_GRANTS_COLLECTION, grantKey(ctx, caller, txId), marshal(grant));
  await ctx.stub.putPrivateData(
    HOLDER_REF_GRANTS_COLLECTION,
    compositeKey(ctx, GRANT_HOUR_INDEX, [caller, hour, txId]),
    INDEX_VALUE,
  );
  await ctx.stub.putPrivateData(
    HOLDER_REF_GRANTS_COLLECTION,
    counterKey,
    marshal({ count: used + 1, hour, mspId: caller }),
  );
  emitEvent(ctx, 'HolderRefRequested', { grantedToMsp: caller, purpose: code, txId });
  return Object.assign(new HolderRefRequested(), { grantId: txId, purpose: code });
}

async function readQuota(ctx: Context, key: string): Promise<number> {
  const count = await readPrivateJson(
    ctx,
    HOLDER_REF_GRANTS_COLLECTION,
    key,
    storedRecord(HolderRefGrantQuota, 'grant quota'),
    'grant quota',
  );
  return count?.count ?? 0;
}

/**
 * Reads a grant of a department from this peer's copy of the collection.
 *
 * @param ctx - transaction context
 * @param mspId - the grantee
 * @param grantId - the grant id
 * @returns the grant, or undefined when there is none
 * @throws PRECONDITION_FAILED when this peer has not received the grant's private data yet
 */
export async function readGrant(
  ctx: Context,
  mspId: string,
  grantId: string,
): Promise<HolderRefGrantRecord | undefined> {
  try {
    return await readPrivateJson(
      ctx,
      HOLDER_REF_GRANTS_COLLECTION,
      grantKey(ctx, mspId, grantId),
      storedRecord(HolderRefGrantRecord, 'holder-reference grant'),
      'holder-reference grant',
    );
  } catch (err) {
    if (PRIVATE_DATA_UNAVAILABLE.test((err as Error).message)) {
      throw preconditionFailed(`holder-reference grant ${grantId} has not reached this peer yet; retry`);
    }
    throw err;
  }
}

/** The grant's expiry, ISO-8601 UTC. */
function expiresAt(grant: HolderRefGrantRecord): string {
  return isoFromMillis(parseIsoTime(grant.at, 'grant.at', corruptState) + GRANT_VALIDITY_MILLIS);
}

/**
 * The holder reference of the grant in transient `holderRefGrant`: granted to
 * the caller's department, for one of the given purposes, at most
 * {@link GRANT_VALIDITY_MILLIS} before the transaction time. Every endorser
 * checks this, so a department cannot attach a reference it never had
 * resolved by the identity authority.
 *
 * @param ctx - transaction context
 * @param purposes - the purposes this transaction accepts
 * @param action - what the caller does, for messages
 * @returns the granted holder reference
 * @throws INVALID_ARGUMENT when the field is missing or malformed; FORBIDDEN when the caller holds no such
 * grant or it is for another purpose; PRECONDITION_FAILED when it expired
 */
export async function requireGrantedHolderRef(
  ctx: Context,
  purposes: readonly HolderRefPurpose[],
  action: string,
): Promise<string> {
  const grantId = requireTransient(ctx, GRANT_TRANSIENT_FIELD, GRANT_ID_RULE);
  const caller = callerMsp(ctx);
  const grant = await readGrant(ctx, caller, grantId);
  if (grant?.grantedToMsp !== caller) {
    throw forbidden(`${caller} holds no holder-reference grant ${grantId}`);
  }
  if (!(purposes as readonly string[]).includes(grant.purpose)) {
    throw forbidden(
      `holder-reference grant ${grantId} is for ${grant.purpose}; ${action} needs a grant for ${purposes.join(' or ')}`,
    );
  }
  if (txTimeMillis(ctx) - parseIsoTime(grant.at, 'grant.at', corruptState) > GRANT_VALIDITY_MILLIS) {
    throw preconditionFailed(`holder-reference grant ${grantId} expired at ${expiresAt(grant)}; request a new one`);
  }
  return grant.holderRef;
}

/**
 * ReadHolderRefGrant: the grantee reads the reference of its grant. Runs on
 * the caller's own peer only (its response is private data).
 *
 * @param ctx - transaction context
 * @param grantId - the grant id
 * @returns the grant's reference, purpose and times
 * @throws NOT_FOUND when the caller's department has no such grant
 */
export async function readHolderRefGrant(ctx: Context, grantId: string): Promise<HolderRefGrant> {
  requireString(grantId, 'grantId', GRANT_ID_RULE);
  const caller = callerMsp(ctx);
  const grant = await readGrant(ctx, caller, grantId);
  if (grant?.grantedToMsp !== caller) {
    throw notFound(`holder-reference grant ${grantId} of ${caller} does not exist`);
  }
  return Object.assign(new HolderRefGrant(), {
    grantId: grant.grantId,
    holderRef: grant.holderRef,
    purpose: grant.purpose as HolderRefPurpose,
    at: grant.at,
    expiresAt: expiresAt(grant),
  });
}

/**
 * ListHolderRefGrants: the attributable log of a department's lookups in one
 * hour — who asked, for what, when — for any department to audit. The
 * references are left out (every department's peer holds them, but an audit
 * needs none).
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @param grantedToMsp - the department audited
 * @param hour - `YYYY-MM-DDTHH` (UTC)
 * @returns the grants of that hour, oldest first
 */
export async function listHolderRefGrants(
  ctx: Context,
  registry: LicenseTypeRegistry,
  grantedToMsp: string,
  hour: string,
): Promise<HolderRefGrantLog> {
  requireDepartment(ctx, registry, 'audit holder-reference grants');
  requireString(grantedToMsp, 'grantedToMsp', MSP_ID_RULE);
  requireString(hour, 'hour', HOUR_RULE);
  // fabric-shim resolves a private-data range query to `{ iterator, metadata }`, not to the iterator itself
  // (its async-iterator wrapper unwraps it; the awaited value does not).
  const response: unknown = await ctx.stub.getPrivateDataByPartialCompositeKey(
    HOLDER_REF_GRANTS_COLLECTION,
    GRANT_HOUR_INDEX,
    [grantedToMsp, hour],
  );
  const iterator = (
    typeof response === 'object' && response !== null && 'iterator' in response ? response.iterator : response
  ) as Iterators.StateQueryIterator;
  const grantIds: string[] = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const grantId = ctx.stub.splitCompositeKey(next.value.key).attributes[2];
      if (grantId !== undefined) grantIds.push(grantId);
    }
  } finally {
    await iterator.close();
  }
  const grants: HolderRefGrantLogEntry[] = [];
  for (const grantId of grantIds) {
    const grant = await readGrant(ctx, grantedToMsp, grantId);
    if (grant !== undefined) {
      const purpose = grant.purpose as HolderRefPurpose;
      grants.push(
        Object.assign(new HolderRefGrantLogEntry(), { grantId, requestedBy: grant.requestedBy, purpose, at: grant.at }),
      );
    }
  }
  grants.sort((a, b) => (a.at === b.at ? compare(a.grantId, b.grantId) : compare(a.at, b.at)));
  return Object.assign(new HolderRefGrantLog(), { grantedToMsp, hour, count: grants.length, grants });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
