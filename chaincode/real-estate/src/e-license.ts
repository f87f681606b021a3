import type { Context } from 'fabric-contract-api';
import {
  CODE_RULE,
  ID_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  canonicalJson,
  corruptState,
  invalidArgument,
  invokeChaincodeJson,
  preconditionFailed,
} from '@govchain/chaincode-common';
import { transferRoles } from './departments';
import type { LandUseRight, OwnerShare } from './models';

/** Name of the e-license chaincode on the same channel. */
export const E_LICENSE_CHAINCODE = 'e-license';
/** e-license type of the real-estate certificate (issuer RealEstateMSP). */
export const CERTIFICATE_TYPE = 'REAL_ESTATE_CERTIFICATE';
/** e-license type of a resident identity document (issuer PublicSecurityMSP). */
export const IDENTITY_DOCUMENT_TYPE = 'IDENTITY_DOCUMENT';
/** Reason recorded on a certificate revoked by a transfer. */
export const TRANSFER_REVOCATION_REASON = 'TRANSFERRED';

/** The fields of an e-license licence record this chaincode relies on. */
export interface LicenceView {
  readonly id: string;
  readonly type: string;
  readonly issuerMsp: string;
  readonly holderRef: string;
  readonly status: string;
}

function licenceView(value: unknown): LicenceView {
  const input = JsonObject.from(value, 'e-license licence', corruptState);
  return {
    id: input.string('id', ID_RULE),
    type: input.string('type', CODE_RULE),
    issuerMsp: input.string('issuerMsp', MSP_ID_RULE),
    holderRef: input.string('holderRef', SHA256_HEX_RULE),
    status: input.string('status', CODE_RULE),
  };
}

function verificationView(value: unknown): { result: string; type: string; issuerMsp: string } {
  const input = JsonObject.from(value, 'e-license verification', corruptState);
  return {
    result: input.string('result', CODE_RULE),
    type: input.optionalString('type', CODE_RULE) ?? '',
    issuerMsp: input.optionalString('issuerMsp', MSP_ID_RULE) ?? '',
  };
}

/**
 * Verifies one party's identity document through e-license: the document must
 * be VALID for the presented fingerprint now (VerifyLicense), be an identity
 * document issued by Public Security, and belong to the party (GetLicense).
 *
 * @param ctx - transaction context
 * @param holderRef - the party
 * @param licenceId - the identity document's licence id
 * @param fingerprint - SHA-256 of the presented document
 * @param what - the document's name in messages
 * @throws PRECONDITION_FAILED when the document is not VALID; INVALID_ARGUMENT when it is no identity
 * document or another person's
 */
export async function verifyIdentityDocument(
  ctx: Context,
  holderRef: string,
  licenceId: string,
  fingerprint: string,
  what: string,
): Promise<void> {
  const verification = await invokeChaincodeJson(
    ctx,
    E_LICENSE_CHAINCODE,
    'VerifyLicense',
    [licenceId, fingerprint, ''],
    verificationView,
  );
  if (verification.result !== 'VALID') {
    throw preconditionFailed(`${what} (licence ${licenceId}) is ${verification.result} in e-license`);
  }
  const { identityAuthority } = await transferRoles(ctx);
  if (verification.type !== IDENTITY_DOCUMENT_TYPE || verification.issuerMsp !== identityAuthority) {
    throw invalidArgument(`${what} (licence ${licenceId}) is not an identity document issued by ${identityAuthority}`);
  }
  const licence = await invokeChaincodeJson(ctx, E_LICENSE_CHAINCODE, 'GetLicense', [licenceId], licenceView);
  if (licence.holderRef !== holderRef) {
    throw invalidArgument(`${what} (licence ${licenceId}) is not held by that party`);
  }
}

/** Most replacements of one certificate {@link currentCertificate} follows. */
export const MAX_CERTIFICATE_REPLACEMENTS = 32;

/** What real-estate reads from e-license CheckLicense: the verdict and the record's links and metadata. */
export interface LicenceCheck {
  /** e-license's verdict at the time asked (VALID, SUPERSEDED, REVOKED, …). */
  readonly result: string;
  /** The record; undefined when e-license has no such licence. */
  readonly licence: CheckedLicence | undefined;
}

/** A licence record as CheckLicense returns it (the members real-estate relies on). */
export type CheckedLicence = LicenceView & {
  readonly successorId: string;
  readonly metadata: Readonly<Record<string, string>>;
};

function licenceCheck(value: unknown): LicenceCheck {
  const input = JsonObject.from(value, 'e-license check', corruptState);
  const result = input.string('result', CODE_RULE);
  const record = input.raw('licence');
  if (record === null || record === undefined) {
    return { result, licence: undefined };
  }
  const licence = JsonObject.from(record, 'e-license check.licence', corruptState);
  return {
    result,
    licence: {
      ...licenceView(record),
      successorId: licence.optionalString('successorId', ID_RULE) ?? '',
      metadata: licence.stringMap('metadata', { pattern: /^[a-z][A-Za-z0-9]{0,63}$/ }, { maxLength: 256 }),
    },
  };
}

/**
 * e-license's verdict on a licence now (CheckLicense at the transaction time):
 * what real-estate asks instead of reading a status field.
 *
 * @param ctx - transaction context
 * @param licenceId - the licence
 * @returns the verdict and the record
 */
export async function checkLicence(ctx: Context, licenceId: string): Promise<LicenceCheck> {
  return invokeChaincodeJson(ctx, E_LICENSE_CHAINCODE, 'CheckLicense', [licenceId, ''], licenceCheck);
}

/** A unit's certificate as it stands now, after every replacement. */
export interface CurrentCertificate {
  readonly certificateId: string;
  readonly check: LicenceCheck;
}

/**
 * Follows a certificate's replacements (and renewals) in e-license to the one
 * that stands now: while e-license judges a certificate SUPERSEDED, its
 * successor is asked in turn. A unit names the certificate it was registered
 * or last replaced with; a certificate replaced in e-license directly (before
 * ReplaceCertificate existed) is found this way, so the unit still transfers.
 *
 * @param ctx - transaction context
 * @param certificateId - the certificate the unit names
 * @returns the standing certificate and e-license's verdict on it
 * @throws PRECONDITION_FAILED when the chain is longer than {@link MAX_CERTIFICATE_REPLACEMENTS}
 */
export async function currentCertificate(ctx: Context, certificateId: string): Promise<CurrentCertificate> {
  let id = certificateId;
  for (let step = 0; step <= MAX_CERTIFICATE_REPLACEMENTS; step += 1) {
    const check = await checkLicence(ctx, id);
    const successorId = check.licence?.successorId ?? '';
    if (check.result !== 'SUPERSEDED' || successorId === '') {
      return { certificateId: id, check };
    }
    id = successorId;
  }
  throw preconditionFailed(
    `certificate ${certificateId} was replaced more than ${MAX_CERTIFICATE_REPLACEMENTS} times; e-license's chain cannot be followed`,
  );
}

/**
 * Replaces a certificate through e-license ReplaceLicense (caller: Real
 * Estate, through this chaincode — the certificate type's owning chaincode).
 * The replacement carries the same metadata: it certifies the same facts.
 * e-license takes the holder's reference from Real Estate's grant in transient
 * `holderRefGrant` and requires it to be the replaced certificate's holder's;
 * `idNumber` and `name` travel in transient data for the private detail.
 *
 * @param ctx - transaction context
 * @param current - the certificate being replaced
 * @param certificateId - the replacement's id
 * @param fingerprint - the replacement document's SHA-256
 * @param reasonCode - why (e.g. LOST, DAMAGED)
 * @returns the new certificate
 */
export async function replaceCertificate(
  ctx: Context,
  current: CheckedLicence,
  certificateId: string,
  fingerprint: string,
  reasonCode: string,
): Promise<LicenceView> {
  const licenceJson = canonicalJson({
    id: certificateId,
    type: CERTIFICATE_TYPE,
    fingerprint,
    metadata: current.metadata,
  });
  return invokeChaincodeJson(
    ctx,
    E_LICENSE_CHAINCODE,
    'ReplaceLicense',
    [current.id, licenceJson, reasonCode],
    licenceView,
  );
}

/**
 * Revokes a unit's certificate through e-license (caller: its issuer, RealEstateMSP).
 *
 * @param ctx - transaction context
 * @param certificateId - the certificate
 * @returns the revoked licence
 */
export async function revokeCertificate(ctx: Context, certificateId: string): Promise<LicenceView> {
  return invokeChaincodeJson(
    ctx,
    E_LICENSE_CHAINCODE,
    'RevokeLicense',
    [certificateId, TRANSFER_REVOCATION_REASON, ''],
    licenceView,
  );
}

/** What a new real-estate certificate says. */
export interface CertificateInput {
  readonly certificateId: string;
  readonly fingerprint: string;
  readonly unitNumber: string;
  readonly location: string;
  readonly areaSquareMetres: string;
  readonly use: string;
  readonly landUseRight: LandUseRight;
  /** The certificate holder's share. */
  readonly holder: OwnerShare;
  /** FIRST_REGISTRATION or the transfer type. */
  readonly registrationType: string;
}

/**
 * Issues a real-estate certificate through e-license IssueLicense. The
 * holder's reference comes from Real Estate's holder-reference grant
 * (transient `holderRefGrant`, requested from Public Security's peer with
 * RequestHolderRef for REGISTER_PROPERTY), which every endorser's e-license
 * reads and checks (granted to RealEstateMSP, at most 24 h old); it must be
 * the certificate holder's reference, or the whole transaction fails. The
 * holder's `idNumber` and `name` travel in the same transient data for the
 * certificate's private detail; only non-personal metadata goes on the ledger.
 *
 * @param ctx - transaction context
 * @param input - the certificate
 * @returns the issued licence
 * @throws INVALID_ARGUMENT when the grant in transient `holderRefGrant` is not for the certificate holder
 */
export async function issueCertificate(ctx: Context, input: CertificateInput): Promise<LicenceView> {
  const metadata: Record<string, string> = {
    propertyUnitNumber: input.unitNumber,
    location: input.location,
    areaSquareMetres: input.areaSquareMetres,
    use: input.use,
    sharePercent: (input.holder.shareBasisPoints / 100).toFixed(2),
    registrationType: input.registrationType,
  };
  if (input.landUseRight.termEnd !== '') {
    metadata.landUseRightEnd = input.landUseRight.termEnd;
  }
  const licenceJson = canonicalJson({
    id: input.certificateId,
    type: CERTIFICATE_TYPE,
    fingerprint: input.fingerprint,
    metadata,
  });
  const licence = await invokeChaincodeJson(ctx, E_LICENSE_CHAINCODE, 'IssueLicense', [licenceJson], licenceView);
  if (licence.holderRef !== input.holder.holderRef) {
    throw invalidArgument(
      'the holder-reference grant in transient field holderRefGrant is not for certificateHolderRef',
    );
  }
  return licence;
}
