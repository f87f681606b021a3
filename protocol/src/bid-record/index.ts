/** What the bid-record chaincode and its clients agree on. */
export { Guarantee, IssueGuaranteeInput } from './guarantee';
export * from './rules';
export { USCC_ALPHABET, USCC_RULE, Uscc, checkUscc, isUnifiedSocialCreditCode, usccCheckCharacter } from './uscc';
