/** What the bid-record chaincode and its clients agree on. */
export { Bid, OpeningOutcome, OpeningResult, OpeningReveal } from './bid';
export { BidderKey, BidderKeyBinding, PUBLIC_KEY_RULE, SPKI_HEX_RULE } from './bidder-key';
export {
  BID_RECORD_ROLES,
  type BidRecordRole,
  ConfigSeedResult,
  ConfigUpdateResult,
  MAX_REVEAL_WINDOW_SECONDS,
  MIN_REVEAL_WINDOW_FLOOR_SECONDS,
  ROLE_MEMBERS,
  TradingConfig,
} from './config';
export { BidderProfile, Blacklisting, CreditRecord } from './credit';
export { Evidence, RecordEvidenceInput } from './evidence';
export { Guarantee, IssueGuaranteeInput } from './guarantee';
export { OneOfOrEmpty, Score, UsccShape } from './members';
export {
  Amendment,
  BidScore,
  Objection,
  PublishProjectInput,
  RankEntry,
  RecordEvaluationInput,
  TenderProject,
} from './project';
export * from './rules';
export * from './signing';
export { USCC_ALPHABET, USCC_RULE, Uscc, checkUscc, isUnifiedSocialCreditCode, usccCheckCharacter } from './uscc';
export type * from './inputs';
export { BID_RECORD_TRANSACTIONS } from './transactions';
