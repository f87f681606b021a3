import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  GovchainContract,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  canonicalJson,
  conflict,
  emitEvent,
  encryptResponse,
  forbidden,
  invalidArgument,
  loadGovernance,
  notFound,
  parseBookmark,
  parseIsoTime,
  parsePageSize,
  queryIndexPage,
  readHistory,
  requireCallerIn,
  requireCallersOwnPeer,
  requireFingerprint,
  requireString,
  readJson,
  txTimeMillis,
  unmarshal,
  storedRecord,
} from '@govchain/chaincode-common';
import {
  callerHoldsLiveConsent,
  grantConsent,
  readLicenceDetail,
  recordDetailAccess,
  requireConsent,
  withdrawConsent,
} from './consent-service';
import { bindHolderKey, readHolderKey } from './holder-key-service';
import { listHolderRefGrants, readHolderRefGrant, requestHolderRef } from './holder-ref-grant-service';
import { setHolderRefKey } from './holder-service';
import {
  ACCESS_INDEX,
  GRANTEE_INDEX,
  HOLDER_INDEX,
  ISSUER_INDEX,
  TYPE_INDEX,
  accessKey,
  consentKey,
  licenceKey,
} from './keys';
import {
  TRANSITIONS,
  changeStatus,
  issueLicence,
  readLicence,
  requireLicence,
  requireLicenceId,
  requireReasonCode,
  supersedeLicence,
} from './license-service';
import { Consent, DetailAccess, License, LicenseHistoryEntry } from './models';
import {
  loadSeedTypes,
  parseGovernanceMsps,
  parseLicenseType,
  readRegistry,
  registryDifferences,
  requireDepartment,
  requireDisjointIdPrefixes,
  requireRegistry,
  requireTypeCode,
  stampRegistry,
  writeRegistry,
} from './registry-service';
import { checkLicence, judgeLicence } from './verify';
import { E_LICENSE_TRANSACTIONS } from '@govchain/protocol/e-license';
import { REAL_ESTATE_TRANSACTIONS } from '@govchain/protocol/real-estate';

/**
 * The e-license contract: licence-type registry, licence lifecycle,
 * verification by fingerprint, holder keys, holder consent and consented
 * access to personal detail. Every transaction returns canonical JSON text and
 * every refusal is an error whose message starts with a stable code. As a
 * {@link GovchainContract}, each endorser first refuses a proposal whose
 * timestamp is outside the allowed skew of its own clock.
 */
@Info({ title: 'e-license', description: 'Electronic licences and certificates shared by city departments' })
export class LicenseContract extends GovchainContract {
  constructor() {
    super('LicenseContract', { transactions: E_LICENSE_TRANSACTIONS, callers: [REAL_ESTATE_TRANSACTIONS] });
  }

  // ---------------------------------------------------------------- registry

  /**
   * Seeds the licence-type registry from what every department approved: the
   * licence types in this package's `seed/license-types.json`, each issued by
   * the department holding its `issuerRole` in this endorser's governance file,
   * and the departments of that file. No arguments, so the first
   * caller chooses nothing. Sets a key-level policy on the registry: a majority
   * of the departments' peers must endorse every later change. Idempotent:
   * when the stored registry is what this endorser would write, nothing is
   * written; when it differs, CONFLICT names the differences.
   *
   * @param ctx - transaction context
   * @returns `{ seeded }`: true when this call wrote the registry
   */
  @Transaction()
  @Returns('string')
  public async SeedLicenseTypes(ctx: Context): Promise<string> {
    const { departmentMsps, roles } = loadGovernance();
    requireCallerIn(ctx, departmentMsps, 'seed the licence-type registry (not a department of the governance file)');
    const types = loadSeedTypes(undefined, roles ?? {});
    const stored = await readRegistry(ctx);
    if (stored !== undefined) {
      const differences = registryDifferences(stored, departmentMsps, types);
      if (differences.length > 0) {
        throw conflict(
          `stored licence-type registry differs from this endorser's governance: ${differences.slice(0, 5).join('; ')}`,
        );
      }
      return canonicalJson({ seeded: false });
    }
    const registry = stampRegistry(ctx, departmentMsps, types, ctx.stub.getTxID());
    await writeRegistry(ctx, registry, true);
    emitEvent(ctx, 'LicenseTypesSeeded', {
      governanceMsps: registry.governanceMsps,
      typeCodes: registry.types.map((type) => type.code),
      txId: registry.txId,
    });
    return canonicalJson({ seeded: true });
  }

  /**
   * Replaces the list of governance departments (e.g. when a department joins)
   * and re-sets the registry's majority policy for the new list. Validated
   * against the current majority policy.
   *
   * @param ctx - transaction context
   * @param governanceMspsJson - JSON array of MSP ids
   * @returns the registry
   */
  @Transaction()
  @Returns('string')
  public async SetGovernanceMsps(ctx: Context, governanceMspsJson: string): Promise<string> {
    const current = await requireRegistry(ctx);
    requireDepartment(ctx, current, 'change the governance departments');
    const governanceMsps = parseGovernanceMsps(governanceMspsJson);
    const registry = stampRegistry(ctx, governanceMsps, current.types, current.seededTxId);
    await writeRegistry(ctx, registry, true);
    emitEvent(ctx, 'GovernanceMspsSet', { governanceMsps: registry.governanceMsps, txId: registry.txId });
    return canonicalJson(registry);
  }

  /**
   * Adds or changes one licence type. Any governance department may propose;
   * validation requires a majority of the governance departments' peers.
   *
   * @param ctx - transaction context
   * @param typeJson - the licence type
   * @returns the licence type
   */
  @Transaction()
  @Returns('string')
  public async PutLicenseType(ctx: Context, typeJson: string): Promise<string> {
    const current = await requireRegistry(ctx);
    requireDepartment(ctx, current, 'change the licence-type registry');
    const type = parseLicenseType(typeJson);
    const created = current.find(type.code) === undefined;
    const types = [...current.types.filter((existing) => existing.code !== type.code), type];
    requireDisjointIdPrefixes(types, invalidArgument, 'licence type');
    const registry = stampRegistry(ctx, current.governanceMsps, types, current.seededTxId);
    await writeRegistry(ctx, registry, false);
    emitEvent(ctx, 'LicenseTypePut', {
      code: type.code,
      issuerMsp: type.issuerMsp,
      created,
      txId: registry.txId,
    });
    return canonicalJson(type);
  }

  /**
   * @param ctx - transaction context
   * @param code - licence-type code
   * @returns the licence type
   */
  @Transaction(false)
  @Returns('string')
  public async GetLicenseType(ctx: Context, code: string): Promise<string> {
    requireTypeCode(code);
    const type = (await requireRegistry(ctx)).find(code);
    if (type === undefined) {
      throw notFound(`licence type ${code} does not exist`);
    }
    return canonicalJson(type);
  }

  /**
   * @param ctx - transaction context
   * @returns the whole registry: governance departments and licence types
   */
  @Transaction(false)
  @Returns('string')
  public async ListLicenseTypes(ctx: Context): Promise<string> {
    return canonicalJson(await requireRegistry(ctx));
  }

  // ------------------------------------------------------- holder reference

  /**
   * Stores the secret holder-reference key (transient `holderRefKey`, 64 hex
   * characters) in the `holderRefKey` collection, which only the identity
   * authority's peer holds. Caller: the identity authority (Public Security),
   * endorsed by its own peer alone. The same key again writes nothing; a
   * different one is refused.
   *
   * @param ctx - transaction context
   * @returns `{ collection, set, setByMsp, txId }`
   */
  @Transaction()
  @Returns('string')
  public async SetHolderRefKey(ctx: Context): Promise<string> {
    return canonicalJson(await setHolderRefKey(ctx, await requireRegistry(ctx)));
  }

  /**
   * Resolves the ID number in transient `idNumber` into a holder-reference
   * grant to the calling department. Submit it endorsed by the identity
   * authority's peer alone (the only peer holding K; the grant collection's
   * endorsement policy is that department alone). Counted against the
   * department's hourly quota and logged (ListHolderRefGrants).
   *
   * @param ctx - transaction context
   * @param purpose - ISSUE_LICENCE, BIND_HOLDER_KEY, QUERY_HOLDER or REGISTER_PROPERTY
   * @returns `{ grantId, purpose }` — nothing derived from the reference; read it with ReadHolderRefGrant
   */
  @Transaction()
  @Returns('string')
  public async RequestHolderRef(ctx: Context, purpose: string): Promise<string> {
    return canonicalJson(await requestHolderRef(ctx, await requireRegistry(ctx), purpose));
  }

  /**
   * The grantee reads the holder reference of one of its grants. Evaluate
   * only, on the caller's own peer.
   *
   * @param ctx - transaction context
   * @param grantId - from RequestHolderRef
   * @returns `{ alg, ciphertext, iv, tag }` sealing `{ grantId, holderRef, purpose, at, expiresAt }` to the
   * transient one-time `responseKey`
   */
  @Transaction(false)
  @Returns('string')
  public async ReadHolderRefGrant(ctx: Context, grantId: string): Promise<string> {
    requireCallersOwnPeer(ctx, 'ReadHolderRefGrant');
    // Sealed like every private read: submitted by mistake, it must not put the reference in a block.
    return encryptResponse(
      ctx,
      'e-license',
      'ReadHolderRefGrant',
      canonicalJson(await readHolderRefGrant(ctx, grantId)),
    );
  }

  /**
   * The audit log of one department's holder-reference grants in one hour:
   * who asked, for what purpose, when (no references). Any department, on its
   * own peer.
   *
   * @param ctx - transaction context
   * @param grantedToMsp - the department audited
   * @param hour - `YYYY-MM-DDTHH` (UTC)
   * @returns `{ grantedToMsp, hour, count, grants: [{ grantId, requestedBy, purpose, at }] }`
   */
  @Transaction(false)
  @Returns('string')
  public async ListHolderRefGrants(ctx: Context, grantedToMsp: string, hour: string): Promise<string> {
    requireCallersOwnPeer(ctx, 'ListHolderRefGrants');
    return canonicalJson(await listHolderRefGrants(ctx, await requireRegistry(ctx), grantedToMsp, hour));
  }

  /**
   * Binds a holder's first key. Caller: the identity authority (Public
   * Security), having identified the holder and resolved the reference
   * (transient `holderRefGrant`, its grant for BIND_HOLDER_KEY). The holder proves possession of the key by signing
   * the binding with it.
   *
   * @param ctx - transaction context
   * @param bindingJson - `{ action: "BIND_HOLDER_KEY", holderRef, publicKey (hex DER SPKI), keyVersion: 1 }`
   * @param signatureHex - the holder's ECDSA P-256/SHA-256 signature over canonicalJson(binding) by that key
   * @returns the holder key record
   */
  @Transaction()
  @Returns('string')
  public async BindHolderKey(ctx: Context, bindingJson: string, signatureHex: string): Promise<string> {
    const registry = await requireRegistry(ctx);
    return canonicalJson(await bindHolderKey(ctx, registry, 'BIND', bindingJson, signatureHex));
  }

  /**
   * Replaces a holder's key (lost or compromised): as BindHolderKey, with
   * `keyVersion` one more than the bound key's. The old key is not needed:
   * the identity authority identifies the holder again.
   *
   * @param ctx - transaction context
   * @param bindingJson - `{ action: "BIND_HOLDER_KEY", holderRef, publicKey, keyVersion: current + 1 }`
   * @param signatureHex - the holder's signature over canonicalJson(binding) by the new key
   * @returns the holder key record
   */
  @Transaction()
  @Returns('string')
  public async RotateHolderKey(ctx: Context, bindingJson: string, signatureHex: string): Promise<string> {
    const registry = await requireRegistry(ctx);
    return canonicalJson(await bindHolderKey(ctx, registry, 'ROTATE', bindingJson, signatureHex));
  }

  /**
   * @param ctx - transaction context
   * @param holderRef - holder reference
   * @returns the holder's bound public key
   */
  @Transaction(false)
  @Returns('string')
  public async GetHolderKey(ctx: Context, holderRef: string): Promise<string> {
    requireString(holderRef, 'holderRef', SHA256_HEX_RULE);
    const key = await readHolderKey(ctx, holderRef);
    if (key === undefined) {
      throw notFound('no public key is bound to this holder');
    }
    return canonicalJson(key);
  }

  // ---------------------------------------------------------------- licences

  /**
   * Issues a licence. Caller: the type's issuing department. Transient:
   * `holderRefGrant` (the caller's grant for ISSUE_LICENCE or REGISTER_PROPERTY,
   * at most 24 h old: the holder's reference), `idNumber`, `name` (kept in the
   * issuer's private detail; the issuer attests they are the grant's holder), `salt` (required: 32 to 128 lowercase hex characters of
   * the client's random bytes, which blind the private detail's hash in the
   * block), `detail` (optional); `holderPublicKey` is refused (holder keys are
   * bound with BindHolderKey).
   *
   * @param ctx - transaction context
   * @param licenceJson - `{ id, type, fingerprint, validFrom?, validUntil?, metadata }`
   * @returns the public licence record
   */
  @Transaction()
  @Returns('string')
  public async IssueLicense(ctx: Context, licenceJson: string): Promise<string> {
    const registry = await requireRegistry(ctx);
    return canonicalJson(await issueLicence(ctx, registry, licenceJson));
  }

  /**
   * Renews a licence: a new licence of the same type and holder, linked to its
   * predecessor, which becomes SUPERSEDED (reason RENEWED). Caller: the issuer.
   *
   * @param ctx - transaction context
   * @param predecessorId - licence being renewed
   * @param licenceJson - the new licence, as for IssueLicense (same transient fields)
   * @returns the new licence
   */
  @Transaction()
  @Returns('string')
  public async RenewLicense(ctx: Context, predecessorId: string, licenceJson: string): Promise<string> {
    requireLicenceId(predecessorId, 'predecessorId');
    const registry = await requireRegistry(ctx);
    return canonicalJson(await supersedeLicence(ctx, registry, predecessorId, licenceJson, 'RENEW', 'RENEWED'));
  }

  /**
   * Replaces a licence (reissue after loss, correction, …): like RenewLicense,
   * with a reason code recorded on the predecessor.
   *
   * @param ctx - transaction context
   * @param predecessorId - licence being replaced
   * @param licenceJson - the new licence
   * @param reasonCode - upper-case reason code, e.g. `LOST`
   * @returns the new licence
   */
  @Transaction()
  @Returns('string')
  public async ReplaceLicense(
    ctx: Context,
    predecessorId: string,
    licenceJson: string,
    reasonCode: string,
  ): Promise<string> {
    requireLicenceId(predecessorId, 'predecessorId');
    requireReasonCode(reasonCode);
    const registry = await requireRegistry(ctx);
    return canonicalJson(await supersedeLicence(ctx, registry, predecessorId, licenceJson, 'REPLACE', reasonCode));
  }

  /**
   * @param ctx - transaction context
   * @param licenceId - licence id
   * @param reasonCode - upper-case reason code
   * @param effectiveAt - ISO-8601 UTC, not after the transaction time; empty for the transaction time
   * @returns the licence
   */
  @Transaction()
  @Returns('string')
  public async SuspendLicense(
    ctx: Context,
    licenceId: string,
    reasonCode: string,
    effectiveAt: string,
  ): Promise<string> {
    const registry = await requireRegistry(ctx);
    return canonicalJson(await changeStatus(ctx, registry, TRANSITIONS.SUSPEND, licenceId, reasonCode, effectiveAt));
  }

  /**
   * @param ctx - transaction context
   * @param licenceId - licence id
   * @param reasonCode - upper-case reason code
   * @param effectiveAt - ISO-8601 UTC, not after the transaction time; empty for the transaction time
   * @returns the licence
   */
  @Transaction()
  @Returns('string')
  public async ReinstateLicense(
    ctx: Context,
    licenceId: string,
    reasonCode: string,
    effectiveAt: string,
  ): Promise<string> {
    const registry = await requireRegistry(ctx);
    return canonicalJson(await changeStatus(ctx, registry, TRANSITIONS.REINSTATE, licenceId, reasonCode, effectiveAt));
  }

  /**
   * Revokes a licence. Final.
   *
   * @param ctx - transaction context
   * @param licenceId - licence id
   * @param reasonCode - upper-case reason code
   * @param effectiveAt - ISO-8601 UTC, not after the transaction time; empty for the transaction time
   * @returns the licence
   */
  @Transaction()
  @Returns('string')
  public async RevokeLicense(
    ctx: Context,
    licenceId: string,
    reasonCode: string,
    effectiveAt: string,
  ): Promise<string> {
    const registry = await requireRegistry(ctx);
    return canonicalJson(await changeStatus(ctx, registry, TRANSITIONS.REVOKE, licenceId, reasonCode, effectiveAt));
  }

  /**
   * Compares a document fingerprint with the ledger. Any department.
   *
   * @param ctx - transaction context
   * @param licenceId - licence id
   * @param fingerprint - SHA-256 of the canonical document, 64 lowercase hex
   * @param atTime - ISO-8601 UTC time to judge at; empty for the transaction time
   * @returns the verification result
   */
  @Transaction(false)
  @Returns('string')
  public async VerifyLicense(ctx: Context, licenceId: string, fingerprint: string, atTime: string): Promise<string> {
    requireLicenceId(licenceId);
    requireFingerprint(fingerprint);
    const at = atTime === '' ? txTimeMillis(ctx) : parseIsoTime(atTime, 'atTime');
    return canonicalJson(judgeLicence(licenceId, await readLicence(ctx, licenceId), fingerprint, at));
  }

  /**
   * e-license's verdict on a licence at a time without a document: VerifyLicense's
   * results except FINGERPRINT_MISMATCH, with the record it was reached on. Other
   * chaincodes ask this (through invokeChaincode) instead of reading the status
   * field, which says SUPERSEDED for a licence renewed ahead of time that is still
   * VALID until its successor starts. Any department.
   *
   * @param ctx - transaction context
   * @param licenceId - licence id
   * @param atTime - ISO-8601 UTC time to judge at; empty for the transaction time
   * @returns `{ licenceId, result, checkedAt, licence }` (`licence` null when not found)
   */
  @Transaction(false)
  @Returns('string')
  public async CheckLicense(ctx: Context, licenceId: string, atTime: string): Promise<string> {
    requireLicenceId(licenceId);
    const at = atTime === '' ? txTimeMillis(ctx) : parseIsoTime(atTime, 'atTime');
    return canonicalJson(checkLicence(licenceId, await readLicence(ctx, licenceId), at));
  }

  /**
   * @param ctx - transaction context
   * @param licenceId - licence id
   * @returns the public licence record
   */
  @Transaction(false)
  @Returns('string')
  public async GetLicense(ctx: Context, licenceId: string): Promise<string> {
    requireLicenceId(licenceId);
    return canonicalJson(await requireLicence(ctx, licenceId));
  }

  /**
   * @param ctx - transaction context
   * @param licenceId - licence id
   * @returns every change of the licence, newest first: `[{ txId, timestamp, submitterMsp, isDelete, value }]`
   */
  @Transaction(false)
  @Returns('string')
  public async GetLicenseHistory(ctx: Context, licenceId: string): Promise<string> {
    requireLicenceId(licenceId);
    await requireLicence(ctx, licenceId);
    const entries = await readHistory(ctx, licenceKey(ctx, licenceId));
    const history = entries.map((entry) => {
      const item = new LicenseHistoryEntry();
      item.txId = entry.txId;
      item.timestamp = entry.timestamp;
      item.isDelete = entry.isDelete;
      item.value =
        entry.value === undefined ? null : unmarshal(entry.value, storedRecord(License, 'licence'), 'licence history');
      item.submitterMsp = item.value?.updatedByMsp ?? '';
      return item;
    });
    return canonicalJson(history);
  }

  /**
   * @param ctx - transaction context
   * @param holderRef - holder reference
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: License[], bookmark, fetchedCount }`
   */
  @Transaction(false)
  @Returns('string')
  public async ListLicensesByHolder(
    ctx: Context,
    holderRef: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requireString(holderRef, 'holderRef', SHA256_HEX_RULE);
    return this.#listLicences(ctx, HOLDER_INDEX, holderRef, pageSize, bookmark);
  }

  /**
   * @param ctx - transaction context
   * @param issuerMsp - issuing department's MSP id
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: License[], bookmark, fetchedCount }`
   */
  @Transaction(false)
  @Returns('string')
  public async ListLicensesByIssuer(
    ctx: Context,
    issuerMsp: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requireString(issuerMsp, 'issuerMsp', MSP_ID_RULE);
    return this.#listLicences(ctx, ISSUER_INDEX, issuerMsp, pageSize, bookmark);
  }

  /**
   * @param ctx - transaction context
   * @param typeCode - licence-type code
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: License[], bookmark, fetchedCount }`
   */
  @Transaction(false)
  @Returns('string')
  public async ListLicensesByType(ctx: Context, typeCode: string, pageSize: string, bookmark: string): Promise<string> {
    requireTypeCode(typeCode);
    return this.#listLicences(ctx, TYPE_INDEX, typeCode, pageSize, bookmark);
  }

  // ---------------------------------------------------------------- consents

  /**
   * Records a holder-signed consent. Caller: any governance department (on the holder's behalf).
   *
   * @param ctx - transaction context
   * @param consentJson - `{ action: "GRANT_CONSENT", consentId, holderRef, granteeMsp, licenceId | licenceType, purpose, expiresAt, nonce }`
   * @param signatureHex - holder's ECDSA P-256/SHA-256 signature over canonicalJson(consentJson), hex (DER or r‖s)
   * @returns the consent
   */
  @Transaction()
  @Returns('string')
  public async GrantConsent(ctx: Context, consentJson: string, signatureHex: string): Promise<string> {
    const registry = await requireRegistry(ctx);
    requireDepartment(ctx, registry, 'record consents');
    return canonicalJson(await grantConsent(ctx, registry, consentJson, signatureHex));
  }

  /**
   * Records the holder's signed withdrawal of a consent.
   *
   * @param ctx - transaction context
   * @param consentId - consent id
   * @param withdrawalJson - `{ action: "WITHDRAW_CONSENT", consentId, holderRef, nonce }`
   * @param signatureHex - holder's signature over canonicalJson(withdrawalJson), hex
   * @returns the withdrawn consent
   */
  @Transaction()
  @Returns('string')
  public async WithdrawConsent(
    ctx: Context,
    consentId: string,
    withdrawalJson: string,
    signatureHex: string,
  ): Promise<string> {
    const registry = await requireRegistry(ctx);
    requireDepartment(ctx, registry, 'record consent withdrawals');
    return canonicalJson(await withdrawConsent(ctx, consentId, withdrawalJson, signatureHex));
  }

  /**
   * @param ctx - transaction context
   * @param consentId - consent id
   * @returns the consent
   */
  @Transaction(false)
  @Returns('string')
  public async GetConsent(ctx: Context, consentId: string): Promise<string> {
    requireLicenceId(consentId, 'consent id');
    return canonicalJson(await requireConsent(ctx, consentId));
  }

  /**
   * Lists the consents granted to a department (active, expired and withdrawn). Caller: that department.
   *
   * @param ctx - transaction context
   * @param mspId - the grantee department
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: Consent[], bookmark, fetchedCount }`
   */
  @Transaction(false)
  @Returns('string')
  public async ListConsentsForDepartment(
    ctx: Context,
    mspId: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requireString(mspId, 'mspId', MSP_ID_RULE);
    const size = parsePageSize(pageSize);
    const mark = parseBookmark(bookmark);
    if (ctx.clientIdentity.getMSPID() !== mspId) {
      throw forbidden(`${ctx.clientIdentity.getMSPID()} may not list the consents granted to ${mspId}`);
    }
    const page = await queryIndexPage(ctx, GRANTEE_INDEX, [mspId], size, mark, async ([, , consentId]) =>
      consentId === undefined
        ? undefined
        : readJson(ctx, consentKey(ctx, consentId), storedRecord(Consent, 'consent'), `consent ${consentId}`),
    );
    return canonicalJson(page);
  }

  /**
   * Step 1 of reading personal detail: checks the caller's live consent and
   * records the access publicly (department, time, purpose). Returns the access
   * record; its `accessId` authorizes ReadLicenseDetail for 10 minutes.
   * Transient `requestId` (optional, 8 to 64 letters, digits and `. _ : -`) makes
   * a retry idempotent: the same caller's same requestId with the same
   * arguments returns the first access record and writes nothing; with other
   * arguments it is refused with CONFLICT.
   *
   * @param ctx - transaction context
   * @param licenceId - licence id
   * @param consentId - consent granted to the caller
   * @param purpose - purpose of this read (no personal data)
   * @returns the access record
   */
  @Transaction()
  @Returns('string')
  public async RecordDetailAccess(
    ctx: Context,
    licenceId: string,
    consentId: string,
    purpose: string,
  ): Promise<string> {
    const registry = await requireRegistry(ctx);
    return canonicalJson(await recordDetailAccess(ctx, registry, licenceId, consentId, purpose));
  }

  /**
   * Step 2: returns the personal detail, encrypted to the caller's one-time
   * key (transient `responseKey`), so that even submitted it puts only
   * ciphertext into a block. Evaluate only, on a peer of the issuer; refused
   * (FORBIDDEN) on any other organization's peer.
   *
   * @param ctx - transaction context
   * @param licenceId - licence id
   * @param accessId - from RecordDetailAccess
   * @returns `{ alg, ciphertext, iv, tag }` sealing
   * `{ licenceId, issuerMsp, holderRef, idNumber, name, extra, accessId, consentId }`
   */
  @Transaction(false)
  @Returns('string')
  public async ReadLicenseDetail(ctx: Context, licenceId: string, accessId: string): Promise<string> {
    return encryptResponse(
      ctx,
      'e-license',
      'ReadLicenseDetail',
      canonicalJson(await readLicenceDetail(ctx, licenceId, accessId)),
    );
  }

  /**
   * The holder's access log of a licence, oldest first. Caller: the issuer,
   * or a department holding a live consent covering the licence.
   *
   * @param ctx - transaction context
   * @param licenceId - licence id
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: DetailAccess[], bookmark, fetchedCount }`
   */
  @Transaction(false)
  @Returns('string')
  public async ListDetailAccesses(
    ctx: Context,
    licenceId: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requireLicenceId(licenceId);
    const size = parsePageSize(pageSize);
    const mark = parseBookmark(bookmark);
    const licence = await requireLicence(ctx, licenceId);
    const caller = ctx.clientIdentity.getMSPID();
    if (caller !== licence.issuerMsp && !(await callerHoldsLiveConsent(ctx, licence))) {
      throw forbidden(
        `${caller} may not list accesses to licence ${licenceId} (neither issuer nor holding a live consent)`,
      );
    }
    const page = await queryIndexPage(ctx, ACCESS_INDEX, [licenceId], size, mark, async ([, , accessId]) =>
      accessId === undefined
        ? undefined
        : readJson(ctx, accessKey(ctx, accessId), storedRecord(DetailAccess, 'detail access'), 'detail access'),
    );
    return canonicalJson(page);
  }

  async #listLicences(ctx: Context, index: string, value: string, pageSize: string, bookmark: string): Promise<string> {
    const size = parsePageSize(pageSize);
    const mark = parseBookmark(bookmark);
    const page = await queryIndexPage(ctx, index, [value], size, mark, async ([, licenceId]) => {
      if (licenceId === undefined) return undefined;
      const licence = await readLicence(ctx, licenceId);
      // Index entries sit under the chaincode-level policy; list only a licence that really has the value.
      return licence !== undefined && indexedValue(index, licence) === value ? licence : undefined;
    });
    return canonicalJson(page);
  }
}

/** The value a licence is listed under in each of its indexes. */
function indexedValue(index: string, licence: License): string | undefined {
  if (index === HOLDER_INDEX) return licence.holderRef;
  if (index === ISSUER_INDEX) return licence.issuerMsp;
  if (index === TYPE_INDEX) return licence.type;
  return undefined;
}
