import type { Context } from 'fabric-contract-api';
import {
  ID_RULE,
  callerMsp,
  canonicalJson,
  INDEX_VALUE,
  conflict,
  emitEvent,
  forbidden,
  implicitCollection,
  invalidArgument,
  notFound,
  optionalRequest,
  parseIsoTime,
  parseJson,
  preconditionFailed,
  priorResult,
  readJson,
  readPrivateJson,
  storedRecord,
  rememberRequest,
  requireString,
  txTimeIso,
  txTimeMillis,
  verifyP256Signature,
  writeJson,
} from '@govchain/chaincode-common';
import { parseRecord } from '@govchain/protocol';
import { readHolderKey } from './holder-key-service';
import { ACCESS_INDEX, GRANTEE_INDEX, accessKey, consentKey, detailKey, indexKey } from './keys';
import { requireLicence } from './license-service';
import {
  Consent,
  ConsentPayload,
  DetailAccess,
  GRANT_CONSENT_ACTION,
  type HolderKey,
  type License,
  LicenseDetail,
  type LicenseTypeRegistry,
  PURPOSE_RULE,
  PrivateLicenseDetail,
  SIGNATURE_RULE,
  WithdrawalPayload,
} from './models';
import { guardKeys, identityAuthority, ownedBy, requireIssuerPeer } from './ownership';
import { requireKnownType } from './registry-service';

/** How long an access record authorizes ReadLicenseDetail. */
export const ACCESS_WINDOW_MILLIS = 10 * 60 * 1000;
/** Tolerated clock skew between the access record and the reading proposal. */
export const ACCESS_CLOCK_SKEW_MILLIS = 60 * 1000;

/**
 * The bytes a holder signs for a consent or withdrawal: canonical JSON
 * (RFC 8785 style, see canonicalJson in @govchain/chaincode-common) as UTF-8.
 *
 * @param payload - the consent or withdrawal object
 * @returns the bytes to sign
 */
export function signedBytes(payload: object): Uint8Array {
  return new TextEncoder().encode(canonicalJson(payload));
}

function requireSignature(signatureHex: string): string {
  return requireString(signatureHex.toLowerCase(), 'signature', SIGNATURE_RULE);
}

async function requireHolderKey(ctx: Context, holderRef: string): Promise<HolderKey> {
  const key = await readHolderKey(ctx, holderRef);
  if (key === undefined) {
    throw preconditionFailed(
      'no public key is bound to this holder; the identity authority binds one with BindHolderKey',
    );
  }
  return key;
}

function requireHolderSignature(key: HolderKey, payload: unknown, signature: string, what: string): void {
  if (!verifyP256Signature(key.publicKey, signedBytes(payload as Record<string, unknown>), signature)) {
    throw forbidden(`${what} signature does not verify with the holder's bound key`);
  }
}

/**
 * Reads a consent.
 *
 * @param ctx - transaction context
 * @param consentId - consent id
 * @returns the consent
 * @throws NOT_FOUND when it does not exist
 */
export async function requireConsent(ctx: Context, consentId: string): Promise<Consent> {
  const consent = await readJson(
    ctx,
    consentKey(ctx, consentId),
    storedRecord(Consent, 'consent'),
    `consent ${consentId}`,
  );
  if (consent === undefined) {
    throw notFound(`consent ${consentId} does not exist`);
  }
  return consent;
}

/**
 * Requires a consent to be live at a time: not withdrawn and not expired.
 *
 * @param consent - the consent
 * @param at - epoch milliseconds
 * @throws PRECONDITION_FAILED when withdrawn or expired
 */
export function requireLive(consent: Consent, at: number): void {
  if (consent.status !== 'ACTIVE') {
    throw preconditionFailed(`consent ${consent.consentId} has been withdrawn`);
  }
  if (at >= parseIsoTime(consent.expiresAt, 'expiresAt')) {
    throw preconditionFailed(`consent ${consent.consentId} expired at ${consent.expiresAt}`);
  }
}

/**
 * @param consent - a consent
 * @param licence - a licence
 * @returns whether the consent's holder and scope cover the licence
 */
export function covers(consent: Consent, licence: License): boolean {
  if (consent.holderRef !== licence.holderRef) {
    return false;
  }
  return consent.licenceId === '' ? consent.licenceType === licence.type : consent.licenceId === licence.id;
}

/**
 * The consent object exactly as the holder signed it, rebuilt from the record.
 *
 * @param consent - the consent record
 * @returns the signed object
 */
function signedConsent(consent: Consent): Readonly<Record<string, string>> {
  return {
    action: GRANT_CONSENT_ACTION,
    consentId: consent.consentId,
    holderRef: consent.holderRef,
    granteeMsp: consent.granteeMsp,
    ...(consent.licenceId === '' ? { licenceType: consent.licenceType } : { licenceId: consent.licenceId }),
    purpose: consent.purpose,
    expiresAt: consent.expiresAt,
    nonce: consent.nonce,
  };
}

/**
 * Checks the holder's signature on a stored consent again, with the key bound
 * now. A consent record is a new key when written, so any two departments
 * together could write one without the holder; this check, on the endorser
 * that releases personal detail, lets only consents the holder signed with its
 * current key through. Rotating a key therefore ends the consents signed with
 * the old one.
 *
 * @param ctx - transaction context
 * @param consent - the consent record
 * @throws PRECONDITION_FAILED when the signing key is no longer bound; FORBIDDEN when the signature does not verify
 */
async function requireHolderSigned(ctx: Context, consent: Consent): Promise<void> {
  const key = await requireHolderKey(ctx, consent.holderRef);
  if (key.fingerprint !== consent.holderKeyFingerprint) {
    throw preconditionFailed(
      `consent ${consent.consentId} was signed with a key that is no longer bound to the holder; the holder must consent again`,
    );
  }
  requireHolderSignature(key, signedConsent(consent), consent.signature, 'consent');
}

/**
 * Requires the caller to hold a live consent covering the licence, signed by the holder's bound key.
 *
 * @param ctx - transaction context
 * @param consent - the consent
 * @param licence - the licence
 * @param at - the time to judge liveness at
 * @throws FORBIDDEN when the consent is someone else's, does not cover the licence or its signature does not
 * verify; PRECONDITION_FAILED when not live or signed with a key no longer bound
 */
async function requireConsentFor(ctx: Context, consent: Consent, licence: License, at: number): Promise<void> {
  if (consent.granteeMsp !== callerMsp(ctx)) {
    throw forbidden(`consent ${consent.consentId} is not granted to ${callerMsp(ctx)}`);
  }
  if (!covers(consent, licence)) {
    throw forbidden(`consent ${consent.consentId} does not cover licence ${licence.id}`);
  }
  requireLive(consent, at);
  await requireHolderSigned(ctx, consent);
}

function parseConsentJson(json: string): { readonly payload: unknown; readonly consent: Consent } {
  // The holder signed the JSON as sent: the signature is checked against it, the record built from its parse.
  const payload = parseJson(json, 'consent');
  const input = parseRecord(ConsentPayload, payload, 'consent', invalidArgument);
  if ((input.licenceId === undefined) === (input.licenceType === undefined)) {
    throw invalidArgument('consent must name exactly one of licenceId and licenceType');
  }
  const consent = new Consent();
  consent.consentId = input.consentId;
  consent.holderRef = input.holderRef;
  consent.granteeMsp = input.granteeMsp;
  consent.licenceId = input.licenceId ?? '';
  consent.licenceType = input.licenceType ?? '';
  consent.purpose = input.purpose;
  consent.expiresAt = input.expiresAt;
  consent.nonce = input.nonce;
  return { payload, consent };
}

async function checkScope(ctx: Context, registry: LicenseTypeRegistry, consent: Consent): Promise<void> {
  if (consent.licenceType !== '') {
    requireKnownType(registry, consent.licenceType);
    return;
  }
  const licence = await requireLicence(ctx, consent.licenceId);
  if (licence.holderRef !== consent.holderRef) {
    throw forbidden(`licence ${licence.id} is not held by the consenting holder`);
  }
  if (licence.status === 'REVOKED') {
    throw preconditionFailed(`licence ${licence.id} is revoked; revocation is final`);
  }
}

/**
 * GrantConsent: records a holder-signed consent.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @param json - consentJson
 * @param signatureHex - holder's signature over canonicalJson(consentJson)
 * @returns the consent record
 */
export async function grantConsent(
  ctx: Context,
  registry: LicenseTypeRegistry,
  json: string,
  signatureHex: string,
): Promise<Consent> {
  const { payload, consent } = parseConsentJson(json);
  const signature = requireSignature(signatureHex);
  if (!registry.governanceMsps.includes(consent.granteeMsp)) {
    throw invalidArgument(`consent.granteeMsp ${consent.granteeMsp} is not a department of the registry`);
  }
  if (txTimeMillis(ctx) >= parseIsoTime(consent.expiresAt, 'expiresAt')) {
    throw preconditionFailed(`consent ${consent.consentId} expired at ${consent.expiresAt}`);
  }
  await checkScope(ctx, registry, consent);
  const holderKey = await requireHolderKey(ctx, consent.holderRef);
  requireHolderSignature(holderKey, payload, signature, 'consent');
  const key = consentKey(ctx, consent.consentId);
  if ((await ctx.stub.getState(key)).length > 0) {
    throw conflict(`consent ${consent.consentId} already exists`);
  }
  const now = txTimeIso(ctx);
  consent.signature = signature;
  consent.holderKeyFingerprint = holderKey.fingerprint;
  consent.status = 'ACTIVE';
  consent.grantedAt = now;
  consent.updatedAt = now;
  consent.updatedByMsp = callerMsp(ctx);
  consent.txId = ctx.stub.getTxID();

  const index = indexKey(ctx, GRANTEE_INDEX, [consent.granteeMsp, consent.holderRef, consent.consentId]);
  await writeJson(ctx, key, consent);
  await ctx.stub.putState(index, INDEX_VALUE);
  await guardKeys(ctx, [key, index], identityAuthority(registry), registry);
  emitEvent(ctx, 'ConsentGranted', consentEvent(consent));
  return consent;
}

/**
 * WithdrawConsent: records the holder's signed withdrawal.
 *
 * @param ctx - transaction context
 * @param consentId - consent id
 * @param json - withdrawalJson
 * @param signatureHex - holder's signature over canonicalJson(withdrawalJson)
 * @returns the withdrawn consent
 */
export async function withdrawConsent(
  ctx: Context,
  consentId: string,
  json: string,
  signatureHex: string,
): Promise<Consent> {
  requireString(consentId, 'consent id', ID_RULE);
  const payload = parseJson(json, 'withdrawal');
  const { consentId: withdrawn, holderRef } = parseRecord(WithdrawalPayload, payload, 'withdrawal', invalidArgument);
  if (withdrawn !== consentId) {
    throw invalidArgument('withdrawal.consentId must equal the consent id argument');
  }
  const signature = requireSignature(signatureHex);

  const consent = await requireConsent(ctx, consentId);
  if (holderRef !== consent.holderRef) {
    throw forbidden(`withdrawal of consent ${consentId} is not from the consenting holder`);
  }
  if (consent.status === 'WITHDRAWN') {
    throw preconditionFailed(`consent ${consentId} has already been withdrawn`);
  }
  const holderKey = await requireHolderKey(ctx, holderRef);
  requireHolderSignature(holderKey, payload, signature, 'withdrawal');

  const now = txTimeIso(ctx);
  const updated = Object.assign(new Consent(), consent);
  updated.status = 'WITHDRAWN';
  updated.withdrawnAt = now;
  updated.updatedAt = now;
  updated.updatedByMsp = callerMsp(ctx);
  updated.txId = ctx.stub.getTxID();
  await writeJson(ctx, consentKey(ctx, consentId), updated);
  emitEvent(ctx, 'ConsentWithdrawn', consentEvent(updated));
  return updated;
}

function consentEvent(consent: Consent): Record<string, unknown> {
  return {
    consentId: consent.consentId,
    granteeMsp: consent.granteeMsp,
    licenceId: consent.licenceId,
    licenceType: consent.licenceType,
    expiresAt: consent.expiresAt,
    status: consent.status,
    txId: consent.txId,
  };
}

/**
 * RecordDetailAccess: checks a live consent for the caller and writes a public
 * access record (no personal data) that authorizes one ReadLicenseDetail. The
 * record and its index belong to the licence's issuer, the detail's custodian,
 * so the reading department cannot erase its own read from the holder's log.
 * With a transient `requestId`, a retry of the same access (same licence,
 * consent and purpose) returns the first access record and writes nothing, so
 * the holder's log shows one read per request; other arguments under the same
 * requestId are refused with CONFLICT.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @param licenceId - licence id
 * @param consentId - consent id
 * @param purpose - purpose of this read
 * @returns the access record (its accessId is the transaction id)
 */
export async function recordDetailAccess(
  ctx: Context,
  registry: LicenseTypeRegistry,
  licenceId: string,
  consentId: string,
  purpose: string,
): Promise<DetailAccess> {
  requireString(licenceId, 'licence id', ID_RULE);
  requireString(consentId, 'consent id', ID_RULE);
  requireString(purpose, 'purpose', PURPOSE_RULE);
  const request = optionalRequest(ctx, 'RecordDetailAccess');
  const first = await priorResult(
    ctx,
    request,
    { licenceId, consentId, purpose },
    (key) => readJson(ctx, key, storedRecord(DetailAccess, 'detail access'), 'detail access'),
    (access) => ({ licenceId: access.licenceId, consentId: access.consentId, purpose: access.purpose }),
  );
  if (first !== undefined) {
    return first;
  }
  const licence = await requireLicence(ctx, licenceId);
  const consent = await requireConsent(ctx, consentId);
  await requireConsentFor(ctx, consent, licence, txTimeMillis(ctx));

  const access = new DetailAccess();
  access.accessId = ctx.stub.getTxID();
  access.licenceId = licenceId;
  access.consentId = consentId;
  access.accessorMsp = callerMsp(ctx);
  access.purpose = purpose;
  access.accessedAt = txTimeIso(ctx);
  access.txId = ctx.stub.getTxID();
  const key = accessKey(ctx, access.accessId);
  const index = indexKey(ctx, ACCESS_INDEX, [licenceId, access.accessedAt, access.accessId]);
  await writeJson(ctx, key, access);
  await ctx.stub.putState(index, INDEX_VALUE);
  await guardKeys(ctx, [key, index], licence.issuerMsp, registry);
  await rememberRequest(ctx, request, key, ownedBy(access.accessorMsp, registry));
  emitEvent(ctx, 'LicenseDetailAccessed', {
    accessId: access.accessId,
    licenceId,
    consentId,
    accessorMsp: access.accessorMsp,
    issuerMsp: licence.issuerMsp,
    txId: access.txId,
  });
  return access;
}

/**
 * @param ctx - transaction context
 * @param accessId - access id
 * @returns the access record
 * @throws NOT_FOUND when it does not exist
 */
export async function requireAccess(ctx: Context, accessId: string): Promise<DetailAccess> {
  const access = await readJson(
    ctx,
    accessKey(ctx, accessId),
    storedRecord(DetailAccess, 'detail access'),
    'detail access',
  );
  if (access === undefined) {
    throw notFound(`detail access ${accessId} does not exist`);
  }
  return access;
}

/**
 * ReadLicenseDetail (evaluate only, on a peer of the issuer). Refused on any
 * other organization's peer before anything else is read, so a submitted read
 * never gathers the second endorsement it would need to reach a block.
 *
 * @param ctx - transaction context
 * @param licenceId - licence id
 * @param accessId - access id returned by RecordDetailAccess
 * @returns the personal detail
 */
export async function readLicenceDetail(ctx: Context, licenceId: string, accessId: string): Promise<LicenseDetail> {
  requireString(licenceId, 'licence id', ID_RULE);
  requireString(accessId, 'access id', ID_RULE);
  const licence = await requireLicence(ctx, licenceId);
  requireIssuerPeer(ctx, licence);
  const access = await requireAccess(ctx, accessId);
  if (access.licenceId !== licenceId) {
    throw forbidden(`detail access ${accessId} is not for licence ${licenceId}`);
  }
  if (access.accessorMsp !== callerMsp(ctx)) {
    throw forbidden(`detail access ${accessId} was recorded by ${access.accessorMsp}, not ${callerMsp(ctx)}`);
  }
  const now = txTimeMillis(ctx);
  const age = now - parseIsoTime(access.accessedAt, 'accessedAt');
  if (age > ACCESS_WINDOW_MILLIS || age < -ACCESS_CLOCK_SKEW_MILLIS) {
    throw preconditionFailed(`detail access ${accessId} is not recent (within 10 minutes); record a new access`);
  }
  const consent = await requireConsent(ctx, access.consentId);
  await requireConsentFor(ctx, consent, licence, now);
  const detail = await readDetail(ctx, licence);
  return Object.assign(new LicenseDetail(), {
    licenceId,
    issuerMsp: licence.issuerMsp,
    holderRef: licence.holderRef,
    idNumber: detail.idNumber,
    name: detail.name,
    extra: detail.extra,
    accessId,
    consentId: consent.consentId,
  });
}

async function readDetail(ctx: Context, licence: License): Promise<PrivateLicenseDetail> {
  const collection = implicitCollection(licence.issuerMsp);
  let detail: PrivateLicenseDetail | undefined;
  try {
    detail = await readPrivateJson(
      ctx,
      collection,
      detailKey(ctx, licence.id),
      storedRecord(PrivateLicenseDetail, 'licence detail'),
      'licence detail',
    );
  } catch {
    detail = undefined;
  }
  if (detail === undefined) {
    throw preconditionFailed(
      `private detail of licence ${licence.id} is not available on this peer; evaluate on a peer of ${licence.issuerMsp}`,
    );
  }
  return detail;
}

/**
 * Whether the caller holds a live consent covering the licence (checked via
 * the grantee index, so only this holder's consents to the caller are read).
 *
 * @param ctx - transaction context
 * @param licence - the licence
 * @returns true when one of the caller's consents from the holder is live and covers the licence
 */
export async function callerHoldsLiveConsent(ctx: Context, licence: License): Promise<boolean> {
  const now = txTimeMillis(ctx);
  const iterator = await ctx.stub.getStateByPartialCompositeKey(GRANTEE_INDEX, [callerMsp(ctx), licence.holderRef]);
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const consentId = ctx.stub.splitCompositeKey(next.value.key).attributes[2];
      if (consentId !== undefined) {
        const consent = await requireConsent(ctx, consentId);
        if (
          covers(consent, licence) &&
          consent.status === 'ACTIVE' &&
          now < parseIsoTime(consent.expiresAt, 'expiresAt')
        ) {
          return true;
        }
      }
    }
  } finally {
    await iterator.close();
  }
  return false;
}
