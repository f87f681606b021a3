import { chaincodeSerializers } from '@govchain/chaincode-common';
import type { Contract } from 'fabric-contract-api';
import { BidRecordContract } from './bid-record-contract';

export { BidRecordContract } from './bid-record-contract';
export * from '@govchain/protocol/bid-record';
export { verifyBidderSignature } from './bidder-signature';
/** @deprecated use BidderKeyBinding */
export type { BidderKeyBinding as BidderKeyBindingPayload } from '@govchain/protocol/bid-record';
export { SIGNATURE_RULE } from './bidder-key-service';
export {
  type BiddingRules,
  CONFIG,
  ENDORSER_ROLE,
  SEED_DIR,
  TRADING_CONFIG_SHAPE,
  loadBiddingRules,
} from './config-service';
export { MAX_BIDS, judgeReveal } from './bid-service';
export { rankBids } from './award-service';
export { DEFAULT_RECENT_RECORDS, isInForce } from './credit-service';
export { BUSINESS_LICENCE_TYPE, E_LICENSE_CHAINCODE, licenceProblem } from './licence-check';
export {
  BID_NAMESPACE,
  BIDDER_KEY_NAMESPACE,
  BLACKLIST_NAMESPACE,
  CENTRE_INDEX,
  CONFIG_KEY,
  CREDIT_NAMESPACE,
  EVIDENCE_NAMESPACE,
  GUARANTEE_NAMESPACE,
  PROJECT_GUARANTEE_INDEX,
  PROJECT_NAMESPACE,
  bidKey,
  bidderKeyKey,
  blacklistKey,
  creditKey,
  evidenceKey,
  guaranteeKey,
  projectKey,
} from './keys';
export { requireUscc } from './uscc';

/** Contracts of the chaincode; the first is the default, so clients call plain function names. */
export const contracts: (typeof Contract)[] = [BidRecordContract];

/** How fabric-shim turns results into response bytes (see JsonTextSerializer: GetMetadata's object result). */
export const serializers = chaincodeSerializers();
