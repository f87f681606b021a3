export { Bid } from './bid';
export { TradingConfig } from './config';
export { BidderProfile, Blacklisting, CreditRecord } from './credit';
export { Evidence } from './evidence';
export { Guarantee } from './guarantee';
export { Amendment, Objection, RankEntry, TenderProject } from './project';
export * from './rules';
