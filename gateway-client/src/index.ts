/**
 * @govchain/gateway-client — how department systems call govchain chaincodes through their own peer.
 *
 * @packageDocumentation
 */

// Connection profiles
export {
  IDENTITY_ROLES,
  type IdentityChoice,
  type IdentityJson,
  type IdentityMaterial,
  type IdentityPaths,
  type IdentityRole,
  type MemberServices,
  type PeerProfile,
  type Profile,
  type ProfileJson,
  type ProfileLookupOptions,
  listDepartments,
  loadProfile,
  parseProfile,
  readIdentity,
} from './profiles';
export { type GovchainEnvironment, findRepoRoot, readEnvironment, resolveProfilesDir } from './config';

// Wallets of enrolled clerks (registering and enrolling them: `@govchain/gateway-client/dist/identities`,
// kept out of this entry point because fabric-ca-client is slow to load)
export {
  CLERK_NAME_PATTERN,
  IdentityError,
  type IdentityErrorCode,
  Wallet,
  type WalletIdentity,
  departmentWallet,
} from './wallet';

// Connecting
export {
  type CommonConnectOptions,
  type ConnectDepartmentOptions,
  type ConnectOptions,
  DEFAULT_DEADLINES,
  DEFAULT_READY_TIMEOUT_MS,
  type Deadlines,
  type ExplicitConnectOptions,
  type GovchainConnection,
  type ProfileConnectOptions,
  connect,
  connectDepartment,
} from './connection';

// Identities and signing
export { type Signer, readCredentialFile, signerFromKeyFile, signerFromPem } from './signing';

// Errors
export {
  ChaincodeError,
  CommitError,
  CommitStatusError,
  ConnectionError,
  ConsistencyError,
  EndorsementError,
  type ErrorDetail,
  GovchainError,
  type GovchainErrorKind,
  type GovchainErrorOptions,
  OutcomeUnknownError,
  type OutcomeUnknownReason,
  ProfileError,
  type ProfileErrorCode,
  SubmitError,
  isGovchainError,
  isRefusal,
  newConnectionError,
  UNREACHABLE_HINT,
  newOutcomeUnknownError,
  newProfileError,
} from './errors';
export {
  type ErrorContext,
  type ParsedChaincodeError,
  findChaincodeRefusal,
  fromEvaluateError,
  fromFabricError,
  isCommitStatusTransient,
  isTransientGatewayError,
  newCommitError,
  parseChaincodeMessage,
  validationCodeName,
} from './fabric-errors';

// Transactions
export {
  type OfflineTransactionOptions,
  type SealedEvaluateOptions,
  type SubmitOptions,
  type SubmitResult,
  type TransactionOptions,
  evaluate,
  evaluateOffline,
  evaluateSealed,
  submit,
  submitOffline,
  toProposalOptions,
} from './transactions';
export {
  DEFAULT_RETRY_OPTIONS,
  ORDERER_BACKOFF,
  ORDERER_UNAVAILABLE_RETRIES,
  RETRYABLE_VALIDATION_CODES,
  type RetryOptions,
  backoffDelay,
  isEndorserUndiscovered,
  isOrdererUnavailable,
  isRetryableError,
  shouldRetry,
  withRetry,
} from './retry';
export {
  type CommitStatusLookupOptions,
  type CommitStatusOptions,
  DEFAULT_COMMIT_STATUS_ATTEMPTS,
  DEFAULT_COMMIT_STATUS_LOOKUP_MS,
  type TransactionOutcome,
  lookUpCommitStatus,
  waitForCommit,
  waitForCommitStatus,
} from './commit-status';
export {
  RESPONSE_ALG,
  RESPONSE_KEY_FIELD,
  SEALED_READS,
  type SealedResponseLabel,
  decryptResponse,
  isSealedRead,
  newResponseKey,
  responseKeyTransient,
} from './sealed-response';
export { type ArgumentValue, decodeResult, encodeArgument, encodeArguments, encodeTransient } from './encoding';

// Events
export {
  CheckpointError,
  type CheckpointErrorCode,
  type FileCheckpointer,
  type FileCheckpointerOptions,
  openFileCheckpointer,
  parseCheckpoint,
  writeFileAtomic,
} from './checkpoint';
export {
  type EventSubscription,
  type FollowEventsOptions,
  type GovchainEvent,
  checkpointFileFor,
  followEvents,
} from './events';

// Fingerprints
export { canonicalJson, fingerprintBuffer, fingerprintFile, fingerprintJson } from './fingerprint';

// Reading your writes on other departments' peers
export { channelOrganizations, ledgerHeight, peerHeight, waitForBlock } from './ledger';
export { type LedgerTransaction, scanTransactions, transactionsOf } from './blocks';
export {
  DEFAULT_READ_YOUR_WRITES,
  type PeerHeightProbe,
  type PeerSelection,
  type ReadYourWritesGuard,
  type ReadYourWritesGuardOptions,
  type ReadYourWritesOptions,
  type Session,
  newReadYourWritesGuard,
  newSession,
  readYourWritesOf,
  registerReadYourWrites,
} from './session';

// Typed chaincode clients: what they share, then each chaincode's
export { ERROR_CODES, type ErrorCode, type PlainOf } from '@govchain/protocol';
export {
  type Call,
  ChaincodeClient,
  type ChaincodeClientOptions,
  type EndorsementNeed,
  type EndorserStrategy,
  listOf,
  majorityOf,
  pageOf,
  pairEndorsingOrganizations,
  recordOf,
} from './clients/base';
export {
  type IdempotencyOptions,
  type PageRequest,
  type ParseContext,
  type Parser,
  REQUEST_ID_PATTERN,
  type ResultPage,
  type TypedSubmitOptions,
  type TypedSubmitResult,
} from './clients/shape';
export * from './clients/e-license';
export * from './clients/real-estate';
export * from './clients/bid-record';
