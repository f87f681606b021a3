export { PRIVATE_SALT_RULE, canonicalJson } from '@govchain/protocol';
export { LIMITS, type ProposalSource, requireBoundedProposal } from './limits';
export { marshal, unmarshal } from './marshal';
export {
  ChaincodeError,
  ERROR_CODES,
  type ErrorCode,
  conflict,
  errorCodeOf,
  forbidden,
  invalidArgument,
  notFound,
  preconditionFailed,
  rateLimited,
} from './errors';
export {
  CODE_PATTERN,
  CODE_RULE,
  ID_PATTERN,
  ID_RULE,
  ISO_UTC_PATTERN,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_PATTERN,
  MSP_ID_RULE,
  SHA256_HEX_PATTERN,
  SHA256_HEX_RULE,
  type FailureFactory,
  type StringRule,
  argumentRecord,
  corruptState,
  isJsonObject,
  storedRecord,
  parseIsoTime,
  parseJson,
  requireFingerprint,
  requireString,
} from './validation';
export { DAY_MILLIS, type TimestampLike, isoFromMillis, timestampToMillis, txTimeIso, txTimeMillis } from './time';
export { type CallerClerk, callerClerk, callerMsp, requireCaller, requireCallerIn, requireClerkAccess } from './access';
export {
  INDEX_VALUE,
  compositeKey,
  implicitCollection,
  readJson,
  readPrivateJson,
  readState,
  writeIndex,
  writeJson,
} from './state';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type HistoryEntry,
  type Page,
  parseBookmark,
  parsePageSize,
  queryIndexPage,
  readHistory,
} from './pagination';
export { emitEvent } from './events';
export {
  type EndorserRole,
  type OrgsPolicy,
  allOfOrgsPolicy,
  decodeOrgsPolicy,
  describePolicy,
  jointOwnersPolicy,
  ownerAndOtherPolicy,
  majorityOf,
  majorityOfOrgsPolicy,
  nOutOfOrgsPolicy,
} from './endorsement';
export { type P256PublicKey, hmacSha256Hex, parseP256PublicKey, sha256Hex, verifyP256Signature } from './crypto';
export { SALT_FIELD, optionalTransient, requireSalt, requireTransient, requireTransientJson } from './transient';
export {
  type IdempotentRequest,
  REQUEST_ID_FIELD,
  REQUEST_ID_RULE,
  REQUEST_NAMESPACE,
  type RequestContent,
  optionalRequest,
  priorResult,
  rememberRequest,
} from './idempotency';
export { calleeError, invokeChaincodeJson, invokeChaincodeText } from './invoke';
export {
  DEFAULT_HOLDER_REF_GRANTS_PER_HOUR,
  DEFAULT_MAX_CLOCK_SKEW_MILLIS,
  GOVERNANCE_FILE_ENV,
  type ContractAccess,
  GovchainContract,
  type Governance,
  MAX_CLOCK_SKEW_ENV,
  loadGovernance,
  maxClockSkewMillis,
  requireCallersOwnPeer,
  requirePeerOf,
  requireTimelyProposal,
} from './trust';
export { proposedChaincode, proposedFunction } from './proposal';
export {
  type NoSettings,
  ROLE_CONFIG_SHAPE,
  type RoleOutcome,
  type RoleRecordShape,
  type RoleSpec,
  type RoleStamp,
  type RoleStoreOptions,
  RoleConfigStore,
  type RoleValues,
  type SettingValue,
  type Settings,
  roleDifferences,
} from './role-config';
export {
  RESPONSE_ALG,
  RESPONSE_IV_DOMAIN,
  RESPONSE_KEY_FIELD,
  type SealedResponse,
  encryptResponse,
  requireResponseKey,
  responseIv,
  responseLabel,
  sealResponse,
} from './sealed-response';
export { JsonTextSerializer, chaincodeSerializers } from './serializer';
export { honourNoColor } from './plain-logs';
