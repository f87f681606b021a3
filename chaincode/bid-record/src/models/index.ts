/**
 * Ledger records as plain classes, each checked by its own `from()` when read back. They carry no
 * fabric-contract-api @Object/@Property decorators on purpose: every transaction takes and returns
 * strings, and fabric-shim validates each argument against a schema that embeds every declared
 * @Object type, serializing it twice per argument (about 0.2 ms of a three-argument call with the
 * e-license types, against 0.02 ms without; see BENCHMARKS.md).
 */
export { Bid } from './bid';
export { BidderKey, SPKI_HEX_RULE } from './bidder-key';
export { MAX_REVEAL_WINDOW_SECONDS, MIN_REVEAL_WINDOW_FLOOR_SECONDS, TradingConfig } from './config';
export { BidderProfile, Blacklisting, CreditRecord } from './credit';
export { Evidence } from './evidence';
export { Guarantee, IssueGuaranteeInput } from '@govchain/protocol/bid-record';
export { Amendment, Objection, RankEntry, TenderProject } from './project';
export * from './rules';
