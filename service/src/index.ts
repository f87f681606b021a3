/** A department's REST service over the govchain chaincodes. */
export { ApiKeys, addApiKey, removeApiKey, identityOf, API_KEY_PREFIX, type ApiKeyEntry } from './api-keys';
export {
  CertificateCallers,
  addCertificateCaller,
  removeCertificateCaller,
  type CertificateCallerEntry,
} from './callers';
export { ConnectionPool } from './connections';
export { ServiceConfigError } from './errors';
export { IdempotencyStore, IDEMPOTENCY_KEY_PATTERN, requestFingerprint, type StoredResponse } from './idempotency';
export { openApiDocument } from './openapi';
export { Operations } from './operations';
export { problemOf, problem, type Problem } from './problems';
export { SERVICE_ROUTES } from './routes';
export type { Clients, Route, RouteSpec } from './routes/route';
export { buildService, toJson, type Caller, type ServiceOptions } from './server';
export {
  departmentTlsFiles,
  fingerprintOf,
  loadServiceTls,
  readCertificates,
  type ServiceTls,
  type ServiceTlsFiles,
} from './tls';
export { serviceDir } from './cli';
export { SERVICE_CLI, runServiceCommand, startServiceProcess } from './launch';
