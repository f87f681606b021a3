import {
  CODE_RULE,
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { LAND_USE_KINDS, MAX_OWNERS, PARTY_CODE_RULE, STEP_CODES, STEP_STATUSES, oneOf } from './rules';

/** One party's identity document, verified through e-license. */
export class IdentityCheck {
  public holderRef = '';

  /** The IDENTITY_DOCUMENT licence that was VALID for the presented fingerprint. */
  public licenceId = '';

  /**
   * @param value - parsed JSON read back from the ledger
   * @param what - its name in messages
   * @returns the check
   */
  static from(value: unknown, what: string): IdentityCheck {
    const input = JsonObject.from(value, what, corruptState).allowOnly(['holderRef', 'licenceId']);
    const check = new IdentityCheck();
    check.holderRef = input.string('holderRef', { pattern: /^[0-9a-f]{64}$/ });
    check.licenceId = input.string('licenceId', ID_RULE);
    return check;
  }
}

/**
 * One department's step of a transfer application, on its own key whose
 * key-level endorsement policy names only that department's peers.
 */
export class TransferStep {
  public applicationId = '';

  /** IDENTITY, MARITAL_STATUS, LAND_USE_RIGHT, TAX or PROVIDENT_FUND. */
  public step = '';

  /** The only department that may record this step. */
  public departmentMsp = '';

  /** PENDING, ASSESSED (tax assessed, not yet cleared), DONE or REJECTED. */
  public status = 'PENDING';

  /** SHA-256 of the department's decision document (attestation, clearance, approval, confirmation). */
  public evidenceFingerprint = '';

  /** Tax: SHA-256 of the assessment notice. */
  public assessmentFingerprint = '';

  /** Rejection reason code; empty otherwise. */
  public reasonCode = '';

  /** Identity: one verified identity document per party. */
  public identityChecks: IdentityCheck[] = [];

  /** Provident fund: the loan approved. */
  public loanId = '';

  /** Provident fund: id of the mortgage registration will put on the unit. */
  public mortgageId = '';

  /** Provident fund: the mortgagee recorded on the mortgage. */
  public mortgagee = '';

  /** Provident fund: SHA-256 of the loan and mortgage contract. */
  public mortgageContractFingerprint = '';

  /** Land-use right: the confirmed kind after transfer. */
  public landUseKind = '';

  /** Land-use right: the confirmed term end after transfer (empty for ALLOCATED). */
  public landUseTermEnd = '';

  public updatedAt = '';

  public updatedByMsp = '';

  public txId = '';

  /**
   * @param value - parsed JSON read back from the ledger
   * @returns the step
   */
  static from(value: unknown): TransferStep {
    const input = JsonObject.from(value, 'step', corruptState).allowOnly(Object.keys(new TransferStep()));
    const step = new TransferStep();
    step.applicationId = input.string('applicationId', ID_RULE);
    step.step = input.string('step', oneOf(STEP_CODES));
    step.departmentMsp = input.string('departmentMsp', MSP_ID_RULE);
    step.status = input.string('status', oneOf(STEP_STATUSES));
    step.evidenceFingerprint = input.optionalString('evidenceFingerprint', SHA256_HEX_RULE) ?? '';
    step.assessmentFingerprint = input.optionalString('assessmentFingerprint', SHA256_HEX_RULE) ?? '';
    step.reasonCode = input.optionalString('reasonCode', CODE_RULE) ?? '';
    step.identityChecks = input
      .array('identityChecks', 0, 2 * MAX_OWNERS)
      .map((item, index) => IdentityCheck.from(item, `step.identityChecks[${index}]`));
    step.loanId = input.optionalString('loanId', ID_RULE) ?? '';
    step.mortgageId = input.optionalString('mortgageId', ID_RULE) ?? '';
    step.mortgagee = input.optionalString('mortgagee', PARTY_CODE_RULE) ?? '';
    step.mortgageContractFingerprint = input.optionalString('mortgageContractFingerprint', SHA256_HEX_RULE) ?? '';
    step.landUseKind = input.optionalString('landUseKind', oneOf(LAND_USE_KINDS)) ?? '';
    step.landUseTermEnd = input.optionalString('landUseTermEnd', ISO_UTC_RULE) ?? '';
    step.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    step.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    step.txId = input.string('txId', ID_RULE);
    return step;
  }
}
