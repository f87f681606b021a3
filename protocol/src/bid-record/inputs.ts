/**
 * Argument shapes of bid-record transactions that take several plain arguments rather than one JSON
 * document, as a client builds them. Times may be given as `Date`s; the client writes them as ISO-8601 UTC.
 */
import type { ObjectionStatus } from './rules';

/** Input of AmendProject. */
export interface AmendProjectInput {
  readonly projectId: string;
  /** Fingerprint of the amended tender document. */
  readonly fingerprint: string;
  readonly reason: string;
  /** A later deadline; omit to keep the current one. */
  readonly bidDeadline?: string | Date;
  /** A new opening time; omit to keep the current one. */
  readonly openingTime?: string | Date;
}

/** Input of RecordObjection. */
export interface TenderObjectionInput {
  readonly projectId: string;
  readonly objectionId: string;
  readonly reasonCode: string;
  readonly fingerprint: string;
}

/** Input of ResolveObjection. */
export interface TenderObjectionResolution {
  readonly projectId: string;
  readonly objectionId: string;
  readonly resolution: Exclude<ObjectionStatus, 'PENDING'>;
  readonly fingerprint: string;
}

/** Input of RecordViolation. */
export interface BidderViolationInput {
  readonly bidderCode: string;
  readonly reasonCode: string;
  readonly projectId?: string;
  readonly evidenceFingerprint?: string;
}

/** Input of BlacklistBidder. */
export interface BlacklistInput {
  readonly bidderCode: string;
  readonly reasonCode: string;
  readonly expiresAt: string | Date;
  readonly projectId?: string;
}

/** Input of LiftBlacklisting. */
export interface LiftBlacklistingInput {
  readonly bidderCode: string;
  readonly entryId: string;
  readonly reasonCode: string;
}
