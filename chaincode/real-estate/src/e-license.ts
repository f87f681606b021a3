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
import { PUBLIC_SECURITY_MSP } from './departments';
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
  if (verification.type !== IDENTITY_DOCUMENT_TYPE || verification.issuerMsp !== PUBLIC_SECURITY_MSP) {
    throw invalidArgument(
      `${what} (licence ${licenceId}) is not an identity document issued by ${PUBLIC_SECURITY_MSP}`,
    );
  }
  const licence = await invokeChaincodeJson(ctx, E_LICENSE_CHAINCODE, 'GetLicense', [licenceId], licenceView);
  if (licence.holderRef !== holderRef) {
    throw invalidArgument(`${what} (licence ${licenceId}) is not held by that party`);
  }
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
 * Issues a real-estate certificate through e-license IssueLicense. The holder's
 * `idNumber` and `name` travel in this transaction's transient data, which the
 * callee reads; only non-personal metadata goes on the ledger. e-license
 * computes the holder reference of that `idNumber`; it must be the certificate
 * holder's, or the whole transaction fails. (Asking e-license ComputeHolderRef
 * first is no option: it answers only on the caller's own peer, and this
 * transaction is endorsed by two departments.)
 *
 * @param ctx - transaction context
 * @param input - the certificate
 * @returns the issued licence
 * @throws INVALID_ARGUMENT when transient `idNumber` is not the certificate holder's
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
    throw invalidArgument('transient field idNumber does not identify certificateHolderRef');
  }
  return licence;
}
