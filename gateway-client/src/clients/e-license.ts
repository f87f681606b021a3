/**
 * Typed client of the e-license chaincode: licence-type registry, licence lifecycle, verification by
 * fingerprint, holder references and keys, holder consent and consented reads of personal detail. Its
 * records are the protocol classes of `@govchain/protocol/e-license`, each result checked against its class
 * (`INVALID_RESULT` naming the member); a refusal is a {@link ChaincodeError} with the chaincode's code.
 *
 * Endorsement: service discovery knows the chaincode policy but not the key-level policies e-license sets
 * (`AND(owner, OutOf(1, other departments))` on every owned record), nor that the gateway refuses transient
 * data for a private-data write unless the endorsers are named. So the client names them, from the on-ledger
 * registry (never hard-coded MSP ids): an issuer and one partner department (the identity authority first,
 * then the registry's departments), a majority of the departments for registry changes, the identity
 * authority for holder references. Every default can be overridden per call (`endorsingOrganizations`) or
 * per client (`endorsers`, `endorsingPartners`).
 */
import { pollUntil } from '@govchain/protocol';
import {
  Consent,
  ConsentPayload,
  type CheckLicenseInput,
  DetailAccess,
  type DetailAccessRequest,
  HolderKey,
  HolderKeyBindingPayload,
  type HolderKeyBindingInput,
  HolderRefGrant,
  HolderRefGrantLog,
  HolderRefKeySet,
  type HolderRefPurpose,
  HolderRefRequested,
  type IssueLicenseInput,
  License,
  type LicenseHolder,
  LicenseCheck,
  LicenseDetail,
  LicenseHistoryEntry,
  LicenseInput,
  type LicenseStatusChange,
  LicenseType,
  type LicenseTypeInput,
  LicenseTypeRegistry,
  LicenseTypesSeeded,
  LicenseVerification,
  type NewLicense,
  type ReadLicenseDetailInput,
  type RenewLicenseInput,
  type ReplaceLicenseInput,
  type SignedConsent,
  type SignedWithdrawal,
  type VerifyLicenseInput,
  WithdrawalPayload,
} from '@govchain/protocol/e-license';
import type { GovchainConnection } from '../connection';
import { ChaincodeError } from '../errors';
import type { SubmitOptions } from '../transactions';
import {
  type ChaincodeClientOptions,
  ChaincodeClient,
  clientFactory,
  type EndorsementNeed,
  listOf,
  majorityOf,
  pageOf,
  pairEndorsingOrganizations,
  recordOf,
} from './base';
import type {
  IdempotencyOptions,
  PageRequest,
  ResultPage,
  Submitted,
  TypedSubmitOptions as Options,
  TypedSubmitResult,
} from './shape';
import { checkedInput, pageArguments, privateSalt, requestTransient, timeArgument } from './shape';

export * from '@govchain/protocol/e-license';
export * from './holder-keys';

/** Logical name of the e-license chaincode in connection profiles. */
export const E_LICENSE_CHAINCODE = 'e-license';

/**
 * The licence type whose issuer is the identity authority: it binds holder keys, holds the holder-reference
 * key, and co-owns every holder consent (Public Security in the shipped seed).
 */
export const IDENTITY_DOCUMENT_TYPE = 'IDENTITY_DOCUMENT';

/** MVCC retries of RequestHolderRef: a department's grants of one hour share one counter. */
export const GRANT_REQUEST_RETRIES = 10;

/**
 * Default wait of {@link ELicenseClient.readDetailUnderConsent} (and of `requestHolderRef`) for a peer to
 * receive what was just committed on the caller's own: the other peer may be a block behind.
 */
export const DEFAULT_DETAIL_READ_WAIT_MS = 10_000;

/** What {@link ELicenseClient.readDetailUnderConsent} returns: the committed access record and the detail. */
export interface ConsentedDetailRead {
  readonly access: TypedSubmitResult<Readonly<DetailAccess>>;
  readonly detail: Readonly<LicenseDetail>;
}

/** Options of {@link eLicenseClient}. */
export interface ELicenseClientOptions extends ChaincodeClientOptions {
  /** Partner departments for issuer transactions, in order of preference (default: from the registry). */
  readonly endorsingPartners?: readonly string[];
  /** How long to wait for a peer a block behind (default {@link DEFAULT_DETAIL_READ_WAIT_MS}). */
  readonly detailReadWaitMs?: number;
}

function licenseJson(input: NewLicense): NewLicense {
  return checkedInput(
    LicenseInput,
    {
      id: input.id,
      type: input.type,
      fingerprint: input.fingerprint,
      metadata: input.metadata,
      ...(input.validFrom === undefined || input.validFrom === '' ? {} : { validFrom: input.validFrom }),
      ...(input.validUntil === undefined || input.validUntil === '' ? {} : { validUntil: input.validUntil }),
    },
    'licence',
  );
}

function licenseTypeJson(type: LicenseTypeInput): LicenseTypeInput {
  const { idPrefix, owningChaincode } = type;
  return checkedInput(
    LicenseType,
    {
      code: type.code,
      name: type.name,
      issuerMsp: type.issuerMsp,
      requiredMetadata: type.requiredMetadata,
      optionalMetadata: type.optionalMetadata ?? [],
      defaultValidityDays: type.defaultValidityDays,
      ...(idPrefix === undefined || idPrefix === '' ? {} : { idPrefix }),
      ...(owningChaincode === undefined || owningChaincode === '' ? {} : { owningChaincode }),
    },
    'licence type',
  );
}

/** Whose endorsement each transaction needs (absent: service discovery's choice). */
const NEEDS: Readonly<Record<string, EndorsementNeed['kind']>> = {
  IssueLicense: 'issuer',
  RenewLicense: 'issuer',
  ReplaceLicense: 'issuer',
  SuspendLicense: 'issuer',
  ReinstateLicense: 'issuer',
  RevokeLicense: 'issuer',
  BindHolderKey: 'issuer',
  RotateHolderKey: 'issuer',
  PutLicenseType: 'majority',
  SetGovernanceMsps: 'majority',
  SetHolderRefKey: 'self',
  RequestHolderRef: 'authority',
  WithdrawConsent: 'consent',
};

/** The e-license chaincode, as a department calls it through its own peer. */
export class ELicenseClient extends ChaincodeClient {
  readonly #partners: readonly string[] | undefined;
  readonly #submitDefaults: Readonly<Pick<SubmitOptions, 'retry' | 'commitStatus'>>;
  readonly #waitMs: number;
  #roles: Promise<{ readonly departments: readonly string[]; readonly authority: string }> | undefined;

  constructor(connection: GovchainConnection, options: Readonly<ELicenseClientOptions> = {}) {
    super(connection, E_LICENSE_CHAINCODE, options);
    this.#partners = options.endorsingPartners;
    this.#submitDefaults = options.submitDefaults ?? {};
    this.#waitMs = options.detailReadWaitMs ?? DEFAULT_DETAIL_READ_WAIT_MS;
  }

  /** The registry's departments and identity authority, read once (again after a failure). */
  async #readRoles(): Promise<{ readonly departments: readonly string[]; readonly authority: string }> {
    this.#roles ??= this.listLicenseTypes().then((registry) => {
      const authority = registry.find(IDENTITY_DOCUMENT_TYPE)?.issuerMsp;
      if (authority === undefined) {
        throw new TypeError(`the licence-type registry has no ${IDENTITY_DOCUMENT_TYPE} type (no identity authority)`);
      }
      return { departments: registry.governanceMsps, authority };
    });
    try {
      return await this.#roles;
    } catch (err) {
      this.#roles = undefined;
      throw err;
    }
  }

  /** Partner candidates: the configured ones, else the identity authority and then every department. */
  async #partnersOf(): Promise<readonly string[]> {
    if (this.#partners !== undefined) return this.#partners;
    const { departments, authority } = await this.#readRoles();
    return [authority, ...departments];
  }

  protected async defaultEndorsers(transaction: string): Promise<readonly string[] | undefined> {
    switch (NEEDS[transaction]) {
      case 'issuer':
        return pairEndorsingOrganizations(this.mspId, this.mspId, await this.#partnersOf());
      case 'majority':
        return majorityOf((await this.listLicenseTypes()).governanceMsps, this.mspId);
      case 'self':
        return [this.mspId];
      case 'authority':
        return [(await this.#readRoles()).authority];
      case 'consent':
        return pairEndorsingOrganizations((await this.#readRoles()).authority, this.mspId, await this.#partnersOf());
      default:
        return undefined;
    }
  }

  /** Asks again, backing off up to 1 s, while `notYet` says the answer is on its way; then fails as it did. */
  async #poll<T>(read: () => Promise<T>, notYet: readonly string[]): Promise<T> {
    let last: unknown;
    const answer = await pollUntil(
      () =>
        read().catch((err: unknown) => {
          if (!(err instanceof ChaincodeError && notYet.includes(err.code))) throw err;
          last = err;
          return undefined;
        }),
      { timeoutMs: this.#waitMs, intervalMs: 50, maxIntervalMs: 1_000 },
    );
    if (answer === undefined) throw last;
    return answer;
  }

  /** The grant an issuing call sends: the caller's, or a new one for the ID number. */
  async #grantFor(given: string | undefined, idNumber: string | undefined, purpose: HolderRefPurpose): Promise<string> {
    if (given !== undefined) return given;
    if (idNumber === undefined) throw new TypeError("a holder-reference grant or the holder's ID number is needed");
    return (await this.requestHolderRef(idNumber, purpose)).grantId;
  }

  /** The holder's transient fields, with a fresh random salt for the private detail (kept across retries). */
  async #holderTransient(holder: LicenseHolder): Promise<Record<string, unknown>> {
    return {
      holderRefGrant: await this.#grantFor(holder.holderRefGrant, holder.idNumber, 'ISSUE_LICENCE'),
      idNumber: holder.idNumber,
      name: holder.name,
      salt: privateSalt(),
      ...(holder.detail === undefined ? {} : { detail: holder.detail }),
    };
  }

  // -------------------------------------------------------------------------------------- registry

  /**
   * Seeds the licence-type registry from what the endorsers hold (their package's types and governance
   * files). Idempotent: `seeded` is false when nothing was written.
   *
   * @throws {@link ChaincodeError} `CONFLICT` when the stored registry differs (the message names how),
   * `FORBIDDEN` not a department, `PRECONDITION_FAILED` an endorser without a governance file.
   */
  async seedLicenseTypes(options?: Options): Submitted<Readonly<LicenseTypesSeeded>> {
    return this.submitCall('SeedLicenseTypes', { result: recordOf(LicenseTypesSeeded) }, options);
  }

  /**
   * Adds or changes a licence type; endorsed by a majority of the departments.
   *
   * @throws TypeError for a malformed type; {@link ChaincodeError} `PRECONDITION_FAILED` not seeded, `FORBIDDEN`.
   */
  async putLicenseType(type: LicenseTypeInput, options?: Options): Submitted<Readonly<LicenseType>> {
    const call = { arguments: [licenseTypeJson(type)], result: recordOf(LicenseType) };
    return this.submitCall('PutLicenseType', call, options);
  }

  /** Replaces the governing departments; endorsed by a majority of the current ones. */
  async setGovernanceMsps(
    governanceMsps: readonly string[],
    options?: Options,
  ): Submitted<Readonly<LicenseTypeRegistry>> {
    const call = { arguments: [[...governanceMsps]], result: recordOf(LicenseTypeRegistry) };
    return this.submitCall('SetGovernanceMsps', call, options);
  }

  /** @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`, `PRECONDITION_FAILED` not seeded. */
  async getLicenseType(code: string): Promise<Readonly<LicenseType>> {
    return this.evaluateCall('GetLicenseType', { arguments: [code], result: recordOf(LicenseType) });
  }

  /** @throws {@link ChaincodeError} `PRECONDITION_FAILED` when not seeded. */
  async listLicenseTypes(): Promise<Readonly<LicenseTypeRegistry>> {
    return this.evaluateCall('ListLicenseTypes', { result: recordOf(LicenseTypeRegistry) });
  }

  // ---------------------------------------------------------------------- holder references and keys

  /**
   * Stores the channel's secret holder-reference key on the identity authority's own peer (transient data,
   * that peer alone). Idempotent for the same key.
   *
   * @throws {@link ChaincodeError} `CONFLICT` a different key is set, `FORBIDDEN` not the identity authority.
   */
  async setHolderRefKey(keyHex: string, options?: Options): Submitted<Readonly<HolderRefKeySet>> {
    const call = { transientData: { holderRefKey: keyHex }, result: recordOf(HolderRefKeySet) };
    return this.submitCall('SetHolderRefKey', call, options);
  }

  /**
   * Has the identity authority's peer resolve an ID number (transient) into a grant of its holder reference
   * to the caller's department, then reads the grant on the caller's own peer.
   *
   * @throws {@link ChaincodeError} `RATE_LIMITED` beyond the hourly quota, `FORBIDDEN`, `INVALID_ARGUMENT`.
   */
  async requestHolderRef(
    idNumber: string,
    purpose: HolderRefPurpose,
    options?: Options,
  ): Promise<Readonly<HolderRefGrant> & { readonly transactionId: string; readonly blockNumber: bigint }> {
    // A department's grants of one hour share one counter: concurrent requests conflict and are retried.
    const retry = options?.retry ?? { ...this.#submitDefaults.retry, maxRetries: GRANT_REQUEST_RETRIES };
    const call = { arguments: [purpose], transientData: { idNumber }, result: recordOf(HolderRefRequested) };
    const requested = await this.submitCall('RequestHolderRef', call, { ...options, retry });
    // Committed on this peer; its private data may still be on its way from the authority's peer.
    const grant = await this.#poll(
      () => this.readHolderRefGrant(requested.result.grantId),
      ['NOT_FOUND', 'PRECONDITION_FAILED'],
    );
    return Object.assign(grant, { transactionId: requested.transactionId, blockNumber: requested.blockNumber });
  }

  /** Reads one of the caller's grants on its own peer (a sealed answer). */
  async readHolderRefGrant(grantId: string): Promise<Readonly<HolderRefGrant>> {
    return this.evaluateSealedCall('ReadHolderRefGrant', { arguments: [grantId], result: recordOf(HolderRefGrant) });
  }

  /** The attributable log of a department's grants in one hour (`YYYY-MM-DDTHH`), read on the caller's peer. */
  async listHolderRefGrants(grantedToMsp: string, hour: string): Promise<Readonly<HolderRefGrantLog>> {
    const call = { arguments: [grantedToMsp, hour], result: recordOf(HolderRefGrantLog) };
    return this.evaluateCall('ListHolderRefGrants', call, [this.mspId]);
  }

  /** @throws {@link ChaincodeError} `NOT_FOUND` when no key is bound. */
  async getHolderKey(holderRef: string): Promise<Readonly<HolderKey>> {
    return this.evaluateCall('GetHolderKey', { arguments: [holderRef], result: recordOf(HolderKey) });
  }

  /**
   * The identity authority binds a holder's first key (keyVersion 1), with the holder's proof of possession.
   *
   * @throws {@link ChaincodeError} `FORBIDDEN` not the identity authority or the signature does not verify,
   * `CONFLICT` a key is already bound.
   */
  async bindHolderKey(input: HolderKeyBindingInput, options?: Options): Submitted<Readonly<HolderKey>> {
    return this.#bind('BindHolderKey', input, options);
  }

  /** As {@link bindHolderKey}, replacing the bound key (the current version + 1; a replayed binding is refused). */
  async rotateHolderKey(input: HolderKeyBindingInput, options?: Options): Submitted<Readonly<HolderKey>> {
    return this.#bind('RotateHolderKey', input, options);
  }

  async #bind(
    transaction: string,
    input: HolderKeyBindingInput,
    options: Options | undefined,
  ): Submitted<Readonly<HolderKey>> {
    const binding = checkedInput(HolderKeyBindingPayload, input.signed.binding, 'binding');
    const holderRefGrant = await this.#grantFor(input.holderRefGrant, input.idNumber, 'BIND_HOLDER_KEY');
    const call = { arguments: [binding, input.signed.signature], transientData: { holderRefGrant } };
    return this.submitCall(transaction, { ...call, result: recordOf(HolderKey) }, options);
  }

  // ------------------------------------------------------------------------------------------ licences

  /**
   * Issues a licence of a type the caller issues: the public record as the argument, the holder as transient
   * data only (a holder-reference grant is requested first when none is given).
   *
   * @throws TypeError for a malformed licence; {@link ChaincodeError} `FORBIDDEN` not the type's issuer,
   * `CONFLICT` id exists, `INVALID_ARGUMENT`.
   */
  async issueLicense(input: IssueLicenseInput, options?: Options): Submitted<Readonly<License>> {
    const call = { arguments: [licenseJson(input)], transientData: await this.#holderTransient(input.holder) };
    return this.submitCall('IssueLicense', { ...call, result: recordOf(License) }, options);
  }

  /** Renews a licence: the new one supersedes it (now, or at its start). `NOT_FOUND`, `PRECONDITION_FAILED`. */
  async renewLicense(input: RenewLicenseInput, options?: Options): Submitted<Readonly<License>> {
    const args = [input.predecessorId, licenseJson(input)];
    const call = { arguments: args, transientData: await this.#holderTransient(input.holder) };
    return this.submitCall('RenewLicense', { ...call, result: recordOf(License) }, options);
  }

  /** Replaces a licence (e.g. `LOST`), recording the reason on the predecessor. */
  async replaceLicense(input: ReplaceLicenseInput, options?: Options): Submitted<Readonly<License>> {
    const args = [input.predecessorId, licenseJson(input), input.reasonCode];
    const call = { arguments: args, transientData: await this.#holderTransient(input.holder) };
    return this.submitCall('ReplaceLicense', { ...call, result: recordOf(License) }, options);
  }

  async #changeStatus(
    transaction: string,
    change: LicenseStatusChange,
    options: Options | undefined,
  ): Submitted<Readonly<License>> {
    const args = [change.licenceId, change.reasonCode, timeArgument(change.effectiveAt, 'effectiveAt')];
    return this.submitCall(transaction, { arguments: args, result: recordOf(License) }, options);
  }

  /** Suspends an ACTIVE licence (and a renewal of it that has not started). */
  async suspendLicense(change: LicenseStatusChange, options?: Options): Submitted<Readonly<License>> {
    return this.#changeStatus('SuspendLicense', change, options);
  }

  /** Reinstates a SUSPENDED licence (a revoked one stays revoked). */
  async reinstateLicense(change: LicenseStatusChange, options?: Options): Submitted<Readonly<License>> {
    return this.#changeStatus('ReinstateLicense', change, options);
  }

  /** Revokes a licence, finally. `PRECONDITION_FAILED` when already revoked or superseded. */
  async revokeLicense(change: LicenseStatusChange, options?: Options): Submitted<Readonly<License>> {
    return this.#changeStatus('RevokeLicense', change, options);
  }

  /** Compares a document's fingerprint and a time with the ledger; any department may ask. */
  async verifyLicense(input: VerifyLicenseInput): Promise<Readonly<LicenseVerification>> {
    const args = [input.licenceId, input.fingerprint, timeArgument(input.atTime, 'atTime')];
    return this.evaluateCall('VerifyLicense', { arguments: args, result: recordOf(LicenseVerification) });
  }

  /** e-license's verdict on a licence at a time, with the record it was reached on (no document). */
  async checkLicense(input: CheckLicenseInput): Promise<Readonly<LicenseCheck>> {
    const args = [input.licenceId, timeArgument(input.atTime, 'atTime')];
    return this.evaluateCall('CheckLicense', { arguments: args, result: recordOf(LicenseCheck) });
  }

  /** @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`. */
  async getLicense(licenceId: string): Promise<Readonly<License>> {
    return this.evaluateCall('GetLicense', { arguments: [licenceId], result: recordOf(License) });
  }

  /** Every change of a licence, newest first (a delete has a null value). */
  async getLicenseHistory(licenceId: string): Promise<Readonly<LicenseHistoryEntry>[]> {
    return this.evaluateCall('GetLicenseHistory', { arguments: [licenceId], result: listOf(LicenseHistoryEntry) });
  }

  async listLicensesByHolder(holderRef: string, page?: PageRequest): Promise<ResultPage<Readonly<License>>> {
    return this.#licencePage('ListLicensesByHolder', holderRef, page);
  }

  async listLicensesByIssuer(issuerMsp: string, page?: PageRequest): Promise<ResultPage<Readonly<License>>> {
    return this.#licencePage('ListLicensesByIssuer', issuerMsp, page);
  }

  async listLicensesByType(typeCode: string, page?: PageRequest): Promise<ResultPage<Readonly<License>>> {
    return this.#licencePage('ListLicensesByType', typeCode, page);
  }

  async #licencePage(
    transaction: string,
    key: string,
    page: PageRequest | undefined,
  ): Promise<ResultPage<Readonly<License>>> {
    return this.evaluateCall(transaction, { arguments: [key, ...pageArguments(page)], result: pageOf(License) });
  }

  // ------------------------------------------------------------------------------------------ consents

  /**
   * Relays a holder-signed consent (endorsers: service discovery).
   *
   * @throws TypeError for a malformed consent; {@link ChaincodeError} `FORBIDDEN` signature does not verify
   * or licence of another holder, `CONFLICT` consent id exists.
   */
  async grantConsent(signed: SignedConsent, options?: Options): Submitted<Readonly<Consent>> {
    const consent = checkedInput(ConsentPayload, signed.consent, 'consent');
    return this.submitCall(
      'GrantConsent',
      { arguments: [consent, signed.signature], result: recordOf(Consent) },
      options,
    );
  }

  /** Relays a holder-signed withdrawal, endorsed with the identity authority (the consent's owner). */
  async withdrawConsent(signed: SignedWithdrawal, options?: Options): Submitted<Readonly<Consent>> {
    const withdrawal = checkedInput(WithdrawalPayload, signed.withdrawal, 'withdrawal');
    const args = [withdrawal.consentId, withdrawal, signed.signature];
    return this.submitCall('WithdrawConsent', { arguments: args, result: recordOf(Consent) }, options);
  }

  /** @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`. */
  async getConsent(consentId: string): Promise<Readonly<Consent>> {
    return this.evaluateCall('GetConsent', { arguments: [consentId], result: recordOf(Consent) });
  }

  /** The consents granted to a department (default: the caller's). */
  async listConsentsForDepartment(
    page?: PageRequest & { readonly mspId?: string },
  ): Promise<ResultPage<Readonly<Consent>>> {
    const args = [page?.mspId ?? this.mspId, ...pageArguments(page)];
    return this.evaluateCall('ListConsentsForDepartment', { arguments: args, result: pageOf(Consent) });
  }

  // ------------------------------------------------------------------------------------ personal detail

  /**
   * Records a consented read (no personal data); its id authorizes one `readLicenseDetail` for 10 minutes.
   *
   * @throws {@link ChaincodeError} `FORBIDDEN` consent of another department or not covering the licence,
   * `PRECONDITION_FAILED` consent expired or withdrawn.
   */
  async recordDetailAccess(
    request: DetailAccessRequest,
    options?: Options & IdempotencyOptions,
  ): Submitted<Readonly<DetailAccess>> {
    const args = [request.licenceId, request.consentId, request.purpose];
    const call = { arguments: args, transientData: requestTransient(options), result: recordOf(DetailAccess) };
    return this.submitCall('RecordDetailAccess', call, options);
  }

  /**
   * Reads a licence's personal detail on the issuer's peer, under a recorded access (sealed answer).
   *
   * @throws {@link ChaincodeError} `FORBIDDEN`, `PRECONDITION_FAILED` access too old or consent no longer live;
   * {@link GovchainError} `INVALID_RESULT` when the answer is not sealed to this call's key.
   */
  async readLicenseDetail(input: ReadLicenseDetailInput): Promise<Readonly<LicenseDetail>> {
    const issuerMsp = input.issuerMsp ?? (await this.getLicense(input.licenceId)).issuerMsp;
    const call = { arguments: [input.licenceId, input.accessId], result: recordOf(LicenseDetail) };
    return this.evaluateSealedCall('ReadLicenseDetail', call, [issuerMsp]);
  }

  /** Records an access, then reads the detail under it (asking the issuer's peer again while it lags). */
  async readDetailUnderConsent(request: DetailAccessRequest): Promise<ConsentedDetailRead> {
    const licence = await this.getLicense(request.licenceId);
    const access = await this.recordDetailAccess(request);
    const input = { licenceId: request.licenceId, accessId: access.result.accessId, issuerMsp: licence.issuerMsp };
    return { access, detail: await this.#poll(() => this.readLicenseDetail(input), ['NOT_FOUND']) };
  }

  /** The holder-visible log of consented reads of a licence's detail. */
  async listDetailAccesses(licenceId: string, page?: PageRequest): Promise<ResultPage<Readonly<DetailAccess>>> {
    const args = [licenceId, ...pageArguments(page)];
    return this.evaluateCall('ListDetailAccesses', { arguments: args, result: pageOf(DetailAccess) });
  }
}

/** Creates the typed e-license client over a department's connection (README: an example of each call). */
export const eLicenseClient = clientFactory<ELicenseClient, ELicenseClientOptions>(ELicenseClient);
