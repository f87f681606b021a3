/**
 * @govchain/protocol: what the chaincodes, the gateway client and the CLI agree on, defined once — limits,
 * string rules, canonical JSON, and (per chaincode, under `@govchain/protocol/dist/<chaincode>`) the record
 * classes with their checks. No Fabric dependency.
 */
export type { ClassConstructor } from 'class-transformer';
export { canonicalJson } from './canonical-json';
export {
  ADMIN_ONLY,
  ANY_CLERK,
  CLERK_ROLES,
  CLERK_ROLE_ATTRIBUTE,
  CLERK_ROLE_RULE,
  CLERK_ROLE_DUTIES,
  type ClerkAccess,
  type ClerkRole,
  isClerkRole,
  missingClerkRole,
  parseClerkRoles,
} from './clerks';
export {
  Bool,
  Int,
  type ListBounds,
  Nested,
  NestedList,
  Num,
  OneOf,
  Optional,
  Rule,
  Text,
  TextList,
  TextMap,
  type TextOptions,
  Time,
  stringProblem,
  timeProblem,
} from './decorators';
export { ERROR_CODES, type ErrorCode } from './errors';
export { LIMITS } from './limits';
export { type PollOptions, pollUntil } from './poll';
export { type PlainOf, checkDocument, isRecord, parseRecord, parseRecords } from './record';
export * from './rules';
export {
  ABSOLUTE_PATH_RULE,
  DEPARTMENT_KEY_RULE,
  IdentitiesDocument,
  IdentityPathsDocument,
  MemberServicesDocument,
  PeerDocument,
  ProfileDocument,
} from './profile';
export {
  BOOKMARK_PARAMETER,
  type ContractDescriptor,
  PAGE_SIZE_PARAMETER,
  PAGING_PARAMETERS,
  type ParameterDescriptor,
  type RecordClass,
  type ResultDescriptor,
  type TransactionDescriptor,
  defineTransactions,
  transactionOf,
} from './transactions';
