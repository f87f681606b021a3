import type { Context } from 'fabric-contract-api';
import {
  JsonObject,
  conflict,
  emitEvent,
  hmacSha256Hex,
  invalidArgument,
  marshal,
  optionalTransient,
  parseJson,
  preconditionFailed,
  readPrivateJson,
  requireTransient,
  txTimeIso,
  storedRecord,
} from '@govchain/chaincode-common';
import { HOLDER_REF_KEY_COLLECTION, HOLDER_REF_KEY_KEY } from './keys';
import {
  DETAIL_VALUE_RULE,
  HolderRefKeyRecord,
  HolderRefKeySet,
  ID_NUMBER_RULE,
  type LicenseTypeRegistry,
  METADATA_FIELD_RULE,
} from './models';
import { identityAuthority, requireIdentityAuthority } from './ownership';

/** A normalized ID number: upper-case letters and digits. */
const NORMALIZED_ID_NUMBER = /^[A-Z0-9]{4,64}$/;

/**
 * Normalizes an ID number before it is keyed into a holder reference:
 * Unicode NFKC (full-width digits become ASCII), whitespace and hyphens
 * removed, letters upper-cased. Clients computing holder references must do
 * the same.
 *
 * @param raw - the ID number as typed
 * @returns the normalized ID number
 * @throws INVALID_ARGUMENT when the result is not 4–64 letters and digits (the value is never echoed)
 */
export function normalizeIdNumber(raw: string): string {
  const normalized = raw.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  if (!NORMALIZED_ID_NUMBER.test(normalized)) {
    throw invalidArgument('transient field idNumber must be 4 to 64 letters and digits');
  }
  return normalized;
}

/**
 * The holder reference: HMAC-SHA256 under the channel's secret holder-reference
 * key of the normalized ID number, as lowercase hex. Without the key, a
 * reference cannot be reversed by enumerating ID numbers.
 *
 * @param keyHex - the holder-reference key, 64 hex characters
 * @param idNumber - the raw ID number
 * @returns the holder reference (64 lowercase hex characters)
 */
export function holderReference(keyHex: string, idNumber: string): string {
  return hmacSha256Hex(Buffer.from(keyHex, 'hex'), normalizeIdNumber(idNumber));
}

/** Fabric's refusal of a private read whose data this peer does not hold. */
export const PRIVATE_DATA_UNAVAILABLE = /private data matching public hash version is not available/i;

/**
 * Reads K, on the identity authority's peer only. Anywhere else K is not
 * there: an honest peer refuses before reading, and Fabric itself refuses the
 * read of a collection the peer is no member of.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @returns K, 64 lowercase hex, or undefined when not set yet
 * @throws PRECONDITION_FAILED on any other department's peer
 */
export async function readHolderRefKeyHere(ctx: Context, registry: LicenseTypeRegistry): Promise<string | undefined> {
  const authority = identityAuthority(registry);
  const notHere = preconditionFailed(`holder references are computed only on ${authority}'s peer`);
  if (ctx.stub.getMspID() !== authority) {
    throw notHere;
  }
  try {
    return await readHolderRefKey(ctx);
  } catch (err) {
    if (PRIVATE_DATA_UNAVAILABLE.test((err as Error).message)) {
      throw notHere;
    }
    throw err;
  }
}

/**
 * @param ctx - transaction context
 * @returns the holder-reference key, or undefined when not set
 */
export async function readHolderRefKey(ctx: Context): Promise<string | undefined> {
  const stored = await readPrivateJson(
    ctx,
    HOLDER_REF_KEY_COLLECTION,
    HOLDER_REF_KEY_KEY,
    storedRecord(HolderRefKeyRecord, 'holder-reference key'),
    'holder-reference key',
  );
  return stored?.key;
}

/**
 * SetHolderRefKey: the identity authority stores the channel's secret
 * holder-reference key (transient `holderRefKey`) on its own peer. Idempotent:
 * the same key again writes nothing; a different key is refused, because every
 * holder reference on the ledger is keyed with the first. The collection's own
 * endorsement policy (the identity authority's peer alone) guards the key, so
 * it carries no key-level policy, and the client sends the proposal to that
 * peer alone: no other department ever sees K.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @returns what was done
 * @throws FORBIDDEN for any other department; INVALID_ARGUMENT for a missing or malformed key;
 * CONFLICT when a different key is set; PRECONDITION_FAILED on another department's peer
 */
export async function setHolderRefKey(ctx: Context, registry: LicenseTypeRegistry): Promise<HolderRefKeySet> {
  const authority = requireIdentityAuthority(ctx, registry, 'set the holder-reference key');
  const key = requireTransient(ctx, 'holderRefKey', {
    pattern: /^[0-9a-fA-F]{64}$/,
    patternHint: '64 hex characters',
  }).toLowerCase();
  const stored = await readHolderRefKeyHere(ctx, registry);
  const txId = ctx.stub.getTxID();
  const result = Object.assign(new HolderRefKeySet(), {
    collection: HOLDER_REF_KEY_COLLECTION,
    set: stored === undefined,
    setByMsp: authority,
    txId,
  });
  if (stored !== undefined) {
    if (stored !== key) {
      throw conflict('a different holder-reference key is already set');
    }
    return result;
  }
  const record = Object.assign(new HolderRefKeyRecord(), { key, setAt: txTimeIso(ctx), setByMsp: authority, txId });
  await ctx.stub.putPrivateData(HOLDER_REF_KEY_COLLECTION, HOLDER_REF_KEY_KEY, marshal(record));
  emitEvent(ctx, 'HolderRefKeySet', { collection: result.collection, set: result.set, setByMsp: authority, txId });
  return result;
}

/**
 * Refuses a holder key at issuance: keys are bound by the identity authority
 * with the holder's proof of possession (BindHolderKey), never by an issuer.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @throws INVALID_ARGUMENT when transient `holderPublicKey` is present
 */
export function refuseIssuerBoundKey(ctx: Context, registry: LicenseTypeRegistry): void {
  if (ctx.stub.getTransient().has('holderPublicKey')) {
    throw invalidArgument(
      `transient field holderPublicKey is not accepted: holder keys are bound by ${identityAuthority(registry)} with BindHolderKey`,
    );
  }
}

/** Personal detail of a holder as it arrives in transient data. */
export interface TransientHolderFields {
  /** Raw ID number (kept for the private detail). */
  readonly idNumber: string;
  readonly name: string;
  /** Further personal detail (transient `detail`, a JSON object of strings). */
  readonly extra: Record<string, string>;
}

/** The holder of a new licence: transient personal detail and the reference from the caller's grant. */
export interface TransientHolder extends TransientHolderFields {
  /** Holder reference, from the caller's holder-reference grant (the issuer attests the ID number is that holder's). */
  readonly holderRef: string;
}

/**
 * Reads the holder fields of IssueLicense/RenewLicense/ReplaceLicense from transient data.
 *
 * @param ctx - transaction context
 * @returns the holder's personal detail
 * @throws INVALID_ARGUMENT when a field is missing or malformed (an ID number that is not 4–64 letters and
 * digits once normalized, never echoed)
 */
export function readTransientHolder(ctx: Context): TransientHolderFields {
  const idNumber = requireTransient(ctx, 'idNumber', ID_NUMBER_RULE).trim();
  normalizeIdNumber(idNumber);
  const name = requireTransient(ctx, 'name', { minLength: 1, maxLength: 128 }).trim();
  if (name === '') {
    throw invalidArgument('transient field name is required');
  }
  const detailJson = optionalTransient(ctx, 'detail', { maxLength: 16_384 });
  const extra =
    detailJson === undefined
      ? {}
      : JsonObject.from({ detail: parseJson(detailJson, 'transient field detail') }, 'transient').stringMap(
          'detail',
          METADATA_FIELD_RULE,
          DETAIL_VALUE_RULE,
          32,
        );
  return { idNumber, name, extra };
}
