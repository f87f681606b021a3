import type { Context } from 'fabric-contract-api';
import type { Iterators } from 'fabric-shim';
import {
  CODE_RULE,
  DAY_MILLIS,
  INDEX_VALUE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
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
} from '@govchain/chaincode-common';
import { PRIVATE_DATA_UNAVAILABLE, holderReference, readHolderRefKeyHere } from './holder-service';
import { HOLDER_REF_GRANTS_COLLECTION } from './keys';
import { ID_NUMBER_RULE, type LicenseTypeRegistry } from './models';
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

/**
 * Why a department asks for a holder reference. Each issuing transaction
 * accepts grants of some purposes only ({@link ISSUANCE_PURPOSES}, {@link BINDING_PURPOSES}).
 */
export const HOLDER_REF_PURPOSES = {
  /** Issue, renew or replace a licence of the department's own types (e-license directly). */
  ISSUE_LICENCE: 'issue, renew or replace a licence',
  /** Bind or rotate a holder's key (the identity authority). */
  BIND_HOLDER_KEY: "bind or rotate a holder's key",
  /** Look up a holder's licences, consents or keys by reference. */
  QUERY_HOLDER: "look up a holder's records",
  /** Register a property unit, a transfer or a replaced certificate (real-estate, through e-license). */
  REGISTER_PROPERTY: 'register a property unit, transfer or certificate',
} as const;

/** A purpose code, a key of {@link HOLDER_REF_PURPOSES}. */
export type HolderRefPurpose = keyof typeof HOLDER_REF_PURPOSES;

/** Purposes whose grants IssueLicense, RenewLicense and ReplaceLicense accept. */
export const ISSUANCE_PURPOSES: readonly HolderRefPurpose[] = ['ISSUE_LICENCE', 'REGISTER_PROPERTY'];
/** Purposes whose grants BindHolderKey and RotateHolderKey accept. */
export const BINDING_PURPOSES: readonly HolderRefPurpose[] = ['BIND_HOLDER_KEY'];

/**
 * How long a grant can be used after it was granted. A grant is reusable by
 * its grantee until then (a day's issuances for one holder need one lookup),
 * short enough that a grant found later in the collection is no standing
 * licence to attach that person to new records.
 */
export const GRANT_VALIDITY_MILLIS = DAY_MILLIS;

/** Transient field carrying a grant id into IssueLicense, RenewLicense, ReplaceLicense, BindHolderKey. */
export const GRANT_TRANSIENT_FIELD = 'holderRefGrant';

/** A grant id: the RequestHolderRef transaction id. */
const GRANT_ID_RULE = { pattern: /^[0-9a-f]{64}$/, patternHint: '64 lowercase hex characters (a transaction id)' };
/** An hour of quota, `YYYY-MM-DDTHH` (UTC). */
const HOUR_RULE = { pattern: /^\d{4}-\d{2}-\d{2}T\d{2}$/, patternHint: 'YYYY-MM-DDTHH (UTC)' };

/** A grant as stored in {@link HOLDER_REF_GRANTS_COLLECTION}. */
export interface HolderRefGrant {
  readonly grantId: string;
  readonly holderRef: string;
  readonly grantedToMsp: string;
  /** The requesting client identity (x509::subject::issuer), for the audit log. */
  readonly requestedBy: string;
  readonly purpose: string;
  /** Transaction time of the grant, ISO-8601 UTC. */
  readonly at: string;
  readonly txId: string;
  /** HMAC(K, "grant:" + txId): blinds the value hash in the block against known references. */
  readonly salt: string;
}

function grantFrom(value: unknown): HolderRefGrant {
  const input = JsonObject.from(value, 'holder-reference grant', corruptState);
  return {
    grantId: input.string('grantId', GRANT_ID_RULE),
    holderRef: input.string('holderRef', SHA256_HEX_RULE),
    grantedToMsp: input.string('grantedToMsp', MSP_ID_RULE),
    requestedBy: input.string('requestedBy', { maxLength: 4096 }),
    purpose: input.string('purpose', CODE_RULE),
    at: input.string('at', ISO_UTC_RULE),
    txId: input.string('txId', GRANT_ID_RULE),
    salt: input.string('salt', SHA256_HEX_RULE),
  };
}

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
  const known = Object.keys(HOLDER_REF_PURPOSES);
  if (!known.includes(purpose)) {
    throw invalidArgument(`purpose must be one of ${known.join(', ')}`);
  }
  return purpose as HolderRefPurpose;
}

/** What RequestHolderRef returns: nothing derived from the reference. */
export interface HolderRefRequested {
  readonly grantId: string;
  readonly purpose: string;
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
  const grant: HolderRefGrant = {
    grantId: txId,
    holderRef,
    grantedToMsp: caller,
    requestedBy: ctx.clientIdentity.getID(),
    purpose: code,
    at,
    txId,
    salt: hmacSha256Hex(Buffer.from(keyHex, 'hex'), `grant:${txId}`),
  };
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
  return { grantId: txId, purpose: code };
}

async function readQuota(ctx: Context, key: string): Promise<number> {
  const count = await readPrivateJson(
    ctx,
    HOLDER_REF_GRANTS_COLLECTION,
    key,
    (value) => JsonObject.from(value, 'grant quota', corruptState).integer('count', 0, Number.MAX_SAFE_INTEGER),
    'grant quota',
  );
  return count ?? 0;
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
export async function readGrant(ctx: Context, mspId: string, grantId: string): Promise<HolderRefGrant | undefined> {
  try {
    return await readPrivateJson(
      ctx,
      HOLDER_REF_GRANTS_COLLECTION,
      grantKey(ctx, mspId, grantId),
      grantFrom,
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
function expiresAt(grant: HolderRefGrant): string {
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

/** What ReadHolderRefGrant returns to the grantee. */
export interface GrantView {
  readonly grantId: string;
  readonly holderRef: string;
  readonly purpose: string;
  readonly at: string;
  readonly expiresAt: string;
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
export async function readHolderRefGrant(ctx: Context, grantId: string): Promise<GrantView> {
  requireString(grantId, 'grantId', GRANT_ID_RULE);
  const caller = callerMsp(ctx);
  const grant = await readGrant(ctx, caller, grantId);
  if (grant?.grantedToMsp !== caller) {
    throw notFound(`holder-reference grant ${grantId} of ${caller} does not exist`);
  }
  return {
    grantId: grant.grantId,
    holderRef: grant.holderRef,
    purpose: grant.purpose,
    at: grant.at,
    expiresAt: expiresAt(grant),
  };
}

/** One entry of the grant log (no reference). */
export interface GrantLogEntry {
  readonly grantId: string;
  readonly requestedBy: string;
  readonly purpose: string;
  readonly at: string;
}

/** ListHolderRefGrants' answer: one department's grants in one hour. */
export interface GrantLog {
  readonly grantedToMsp: string;
  readonly hour: string;
  readonly count: number;
  readonly grants: readonly GrantLogEntry[];
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
): Promise<GrantLog> {
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
  const grants: GrantLogEntry[] = [];
  for (const grantId of grantIds) {
    const grant = await readGrant(ctx, grantedToMsp, grantId);
    if (grant !== undefined) {
      grants.push({ grantId, requestedBy: grant.requestedBy, purpose: grant.purpose, at: grant.at });
    }
  }
  grants.sort((a, b) => (a.at === b.at ? compare(a.grantId, b.grantId) : compare(a.at, b.at)));
  return { grantedToMsp, hour, count: grants.length, grants };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
