/** Rules and status unions of bid-record records. */
/** Titles of tender projects. */
export const TITLE_RULE = { minLength: 1, maxLength: 256 } as const;
/** Names of organizations (tenderers, guarantors): not personal data. */
export const ORG_NAME_RULE = { minLength: 1, maxLength: 128 } as const;
/** Free-text reasons (amendments), never personal data. */
export const REASON_TEXT_RULE = { minLength: 1, maxLength: 256 } as const;
/** Evidence descriptions. */
export const DESCRIPTION_RULE = { minLength: 1, maxLength: 512 } as const;
/** IANA media types, lower case, e.g. `video/mp4`. */
export const MEDIA_TYPE_RULE = {
  maxLength: 255,
  pattern: /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/,
  patternHint: 'a lower-case media type such as video/mp4',
} as const;
/** Storage URIs of evidence originals (kept off-chain by the recording department). */
export const STORAGE_URI_RULE = {
  maxLength: 1024,
  pattern: /^[a-z][a-z0-9+.-]*:[^\s]+$/,
  patternHint: 'a URI without whitespace, such as s3://bucket/key or https://host/path',
} as const;
/** Bid salts: enough entropy that a committed price cannot be guessed before the opening. */
export const SALT_RULE = {
  minLength: 32,
  maxLength: 128,
  pattern: /^[A-Za-z0-9_-]+$/,
  patternHint: '32 to 128 letters, digits, _ or -',
} as const;
/** Decimal amount in fen (CNY cents), as an argument string. */
export const AMOUNT_TEXT_RULE = {
  maxLength: 16,
  pattern: /^[1-9][0-9]{0,15}$/,
  patternHint: 'a positive whole number of fen (no sign, no leading zero)',
} as const;

/** Largest amount (fen) anywhere: Number.MAX_SAFE_INTEGER. */
export const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/** Evaluation methods. */
export const EVALUATION_METHODS = ['LOWEST_PRICE', 'COMPREHENSIVE_SCORE'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

/** Tender project statuses (bidding ends with BIDDING_CLOSED). COMPLETED, FAILED and TERMINATED are final. */
export const PROJECT_STATUSES = [
  'PUBLISHED',
  'BIDDING_CLOSED',
  'OPENED',
  'EVALUATED',
  'PUBLICITY',
  'AWARDED',
  'CONTRACTED',
  'COMPLETED',
  'FAILED',
  'TERMINATED',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Bid statuses. */
export const BID_STATUSES = ['COMMITTED', 'WITHDRAWN', 'VALID', 'DISQUALIFIED'] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

/** Why a bid was disqualified. */
export const DISQUALIFICATION_REASONS = [
  'NOT_REVEALED',
  'COMMITMENT_MISMATCH',
  'PRICE_ABOVE_BUDGET',
  'BLACKLISTED',
] as const;
export type DisqualificationReason = (typeof DISQUALIFICATION_REASONS)[number];

/** Objection statuses. */
export const OBJECTION_STATUSES = ['PENDING', 'UPHELD', 'DISMISSED'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** Performance outcomes of a contract. */
export const PERFORMANCE_OUTCOMES = ['FULFILLED', 'DEFAULTED'] as const;
export type PerformanceOutcome = (typeof PERFORMANCE_OUTCOMES)[number];

/** Guarantee statuses. */
export const GUARANTEE_STATUSES = ['ISSUED', 'RELEASED', 'CLAIMED'] as const;
export type GuaranteeStatus = (typeof GUARANTEE_STATUSES)[number];

/** Kinds of bidder credit records. */
export const CREDIT_KINDS = ['BID', 'WIN', 'DEFAULT', 'VIOLATION', 'FULFILLED'] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

/** Blacklisting statuses (expiry is judged against `expiresAt`). */
export const BLACKLISTING_STATUSES = ['ACTIVE', 'LIFTED'] as const;
export type BlacklistingStatus = (typeof BLACKLISTING_STATUSES)[number];

/** Steps a witness evidence item documents. */
export const EVIDENCE_STEPS = [
  'PUBLICATION',
  'AMENDMENT',
  'BID_SUBMISSION',
  'BID_OPENING',
  'EVALUATION',
  'PUBLICITY',
  'OBJECTION',
  'AWARD',
  'CONTRACT',
  'PERFORMANCE',
  'TERMINATION',
  'OTHER',
] as const;
export type EvidenceStep = (typeof EVIDENCE_STEPS)[number];
