/* eslint-disable @typescript-eslint/no-inferrable-types -- fabric-contract-api reads each @Property's design:type, which TypeScript emits only from an explicit annotation. */
import { Object as DataType, Property } from 'fabric-contract-api';
import { License } from './license';

/** Outcomes of VerifyLicense. */
export const VERIFICATION_RESULTS = [
  'VALID',
  'FINGERPRINT_MISMATCH',
  'REVOKED',
  'SUPERSEDED',
  'SUSPENDED',
  'EXPIRED',
  'NOT_YET_VALID',
  'NOT_FOUND',
] as const;
export type VerificationResultCode = (typeof VERIFICATION_RESULTS)[number];

/** Result of comparing a document's fingerprint and the time with the ledger. */
@DataType()
export class VerificationResult {
  @Property()
  public licenceId: string = '';

  /** One of {@link VERIFICATION_RESULTS}. */
  @Property()
  public result: string = 'NOT_FOUND';

  /** Licence status on the ledger; empty when not found. */
  @Property()
  public status: string = '';

  /** Issuing department; empty when not found. */
  @Property()
  public issuerMsp: string = '';

  /** Licence-type code; empty when not found. */
  @Property()
  public type: string = '';

  /** The time the licence was judged at, ISO-8601 UTC. */
  @Property()
  public checkedAt: string = '';

  @Property()
  public validFrom: string = '';

  @Property()
  public validUntil: string = '';

  /** Reason code of the last status change; empty when not found. */
  @Property()
  public statusReason: string = '';

  /** Successor licence when superseded; otherwise empty. */
  @Property()
  public successorId: string = '';
}

/** One entry of a licence's history. */
@DataType()
export class LicenseHistoryEntry {
  @Property()
  public txId: string = '';

  /** Transaction time, ISO-8601 UTC. */
  @Property()
  public timestamp: string = '';

  /** MSP that submitted the change (from the record's `updatedByMsp`). */
  @Property()
  public submitterMsp: string = '';

  @Property()
  public isDelete: boolean = false;

  /** The licence as written by that transaction (null for a delete). */
  @Property('value', 'License')
  public value: License | null = null;
}
