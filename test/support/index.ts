import './env';

export { TestContext, type TestContextOptions, type TxOptions } from './test-context';
export { WorldState, WriteSet, type EventRecord, type HistoryRecord } from './world-state';
export { P256Holder } from './holder-keys';
export { type EndorsedOutcome, validateEndorsed } from './endorsement';
export { codeSpans, markdownTable } from './markdown';
export { SEALED_RESPONSE_VECTOR } from './sealed-response-vector';
export {
  autoGrantHolderRefs,
  type GrantSource,
  type GrantingContract,
  type HolderRefGrants,
} from './holder-ref-grants';
