/** What the real-estate chaincode and its clients agree on: records, inputs, rules, statuses and roles. */
export * from './inputs';
export * from './records';
export * from './rules';
export { REAL_ESTATE_TRANSACTIONS } from './transactions';
