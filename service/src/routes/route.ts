/**
 * What a REST route is: one chaincode transaction, the HTTP method and path it is served at, where its inputs
 * come from (path, query, body) and which typed-client method runs it. The inputs' schemas come from the
 * protocol's transaction descriptors and record classes (nothing is described twice); the service builds
 * both its request validation and its OpenAPI document from these tables.
 */
import type {
  BidRecordClient,
  ELicenseClient,
  GovchainConnection,
  RealEstateClient,
  TypedSubmitOptions,
} from '@govchain/gateway-client';
import {
  type ContractDescriptor,
  type ParameterDescriptor,
  type ResultDescriptor,
  transactionOf,
} from '@govchain/protocol';
import { parameterSchema } from '@govchain/protocol/schema';
import type { JsonSchema } from '../schemas';

/** The typed clients a request's identity calls through. */
export interface Clients {
  readonly connection: GovchainConnection;
  readonly eLicense: ELicenseClient;
  readonly realEstate: RealEstateClient;
  readonly bidRecord: BidRecordClient;
}

/** A request's inputs: path parameters, query and body members, merged (no name is in two places). */
export type Input = Readonly<Record<string, unknown>>;

/** One route as a chaincode's table declares it. */
export interface RouteSpec {
  /** The transaction it runs (its descriptor gives summary, submit/evaluate and parameter rules). */
  readonly transaction: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Below `/v1/<chaincode>`, Fastify style (`/licences/:licenceId`). */
  readonly path: string;
  /** Path parameters: names of the transaction's parameters. */
  readonly params?: readonly string[];
  /** Query members: the transaction's parameter names (all optional unless listed in `requiredQuery`). */
  readonly query?: readonly string[];
  readonly requiredQuery?: readonly string[];
  /** The request body's schema (members may `$ref` protocol records as `#/definitions/<Record>`). */
  readonly body?: JsonSchema;
  /** Runs it: the typed client's method. */
  readonly run: (clients: Clients, input: Input, options: TypedSubmitOptions) => Promise<unknown>;
}

/** A route with what its chaincode's descriptor says about it. */
export interface Route extends RouteSpec {
  readonly chaincode: string;
  readonly url: string;
  readonly submit: boolean;
  readonly summary: string;
  readonly returns: ResultDescriptor;
  readonly paramSchemas: Readonly<Record<string, JsonSchema>>;
  readonly querySchemas: Readonly<Record<string, JsonSchema>>;
}

/** A string input, checked by its route's schema before the handler runs. */
export const str = (input: Input, name: string): string => input[name] as string;

/** An optional string input: undefined when absent or empty. */
export const opt = (input: Input, name: string): string | undefined =>
  typeof input[name] === 'string' && input[name] !== '' ? input[name] : undefined;

/** A page request from the query (`pageSize`, `bookmark`). */
export function pageOf(input: Input): { pageSize?: number; bookmark?: string } {
  const size = input.pageSize;
  return {
    ...(typeof size === 'string' && size !== '' ? { pageSize: Number(size) } : {}),
    ...(typeof input.bookmark === 'string' && input.bookmark !== '' ? { bookmark: input.bookmark } : {}),
  };
}

/**
 * A request body of some of a transaction's parameters, each with its descriptor's schema (a record
 * parameter by `$ref`), plus members of the route's own.
 *
 * @param contract - the chaincode's descriptors
 * @param transaction - the transaction
 * @param required - parameters the body must have
 * @param optional - parameters it may have
 * @param extra - further members (e.g. the holder, sent as transient data), all required
 * @returns a closed object schema
 */
export function parametersBody(
  contract: ContractDescriptor,
  transaction: string,
  required: readonly string[],
  optional: readonly string[] = [],
  extra: Readonly<Record<string, JsonSchema>> = {},
): JsonSchema {
  const parameters = transactionOf(contract, transaction)?.parameters ?? [];
  const schema = (name: string): JsonSchema => schemaOf(contract.title, parameters, name);
  return {
    type: 'object',
    additionalProperties: false,
    required: [...required, ...Object.keys(extra)],
    properties: {
      ...Object.fromEntries([...required, ...optional].map((n) => [n, schema(n)])),
      ...extra,
    },
  };
}

/** A string that is its input's own: personal data or detail the client sends as transient data. */
export function transientText(description: string, maxLength = 256): JsonSchema {
  return { type: 'string', minLength: 1, maxLength, description };
}

/** The page-size query member: the chaincodes' rule, 1–100. */
const PAGE_SIZE_SCHEMA: JsonSchema = {
  type: 'string',
  pattern: '^(100|[1-9][0-9]?)$',
  description: 'page size, 1–100 (default: 20)',
};

function schemaOf(chaincode: string, parameters: readonly ParameterDescriptor[], name: string): JsonSchema {
  if (name === 'pageSize') return PAGE_SIZE_SCHEMA;
  const parameter = parameters.find((p) => p.name === name);
  if (parameter === undefined) throw new TypeError(`${chaincode}: no parameter ${name}`);
  return parameterSchema(parameter);
}

/**
 * Completes a chaincode's route table from its descriptor.
 *
 * @param chaincode - the logical chaincode name (`e-license`)
 * @param contract - its transaction descriptors
 * @param specs - its routes
 * @returns the routes
 * @throws TypeError when a route names a transaction or parameter the descriptor does not have (a
 * programming error, found by the unit tests)
 */
export function routesOf(chaincode: string, contract: ContractDescriptor, specs: readonly RouteSpec[]): Route[] {
  return specs.map((spec) => {
    const descriptor = transactionOf(contract, spec.transaction);
    if (descriptor === undefined) throw new TypeError(`${chaincode}: no transaction ${spec.transaction}`);
    const schemas = (names: readonly string[] | undefined): Record<string, JsonSchema> =>
      Object.fromEntries((names ?? []).map((n) => [n, schemaOf(chaincode, descriptor.parameters, n)]));
    return {
      ...spec,
      chaincode,
      url: `/v1/${chaincode}${spec.path}`,
      submit: descriptor.submit,
      summary: descriptor.summary,
      returns: descriptor.returns,
      paramSchemas: schemas(spec.params),
      querySchemas: schemas(spec.query),
    };
  });
}
