/**
 * The service's OpenAPI 3.1 document, generated from the same route tables and protocol schemas the service
 * validates requests with — nothing in it is written by hand twice.
 */
import type { Route } from './routes/route';
import { type JsonSchema, PROBLEM_SCHEMA, recordsOf, resultRecord } from './schemas';

const COMPONENT = '#/components/schemas/';

function toComponents<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/definitions/', `"${COMPONENT}`)) as T;
}

function resultSchema(route: Route): JsonSchema {
  const { name, shape } = resultRecord(route.returns);
  const one: JsonSchema = { $ref: `${COMPONENT}${name}` };
  if (shape === 'list') return { type: 'array', items: one };
  if (shape === 'page') {
    return {
      type: 'object',
      required: ['records', 'bookmark', 'fetchedCount'],
      properties: {
        records: { type: 'array', items: one },
        bookmark: { type: 'string', description: 'pass it back for the next page; empty on the last' },
        fetchedCount: { type: 'integer' },
      },
    };
  }
  return one;
}

const problemResponse = (description: string): object => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: `${COMPONENT}Problem` } } },
});

function writeParameters(): object[] {
  return [
    {
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description:
        'names this write (8–64 of letters, digits and . _ : -, e.g. a UUID): a retry with the same key and request ' +
        'returns the first response and sends no second transaction',
      schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$' },
    },
    {
      name: 'Prefer',
      in: 'header',
      required: false,
      description: '`respond-async`: answer 202 once the transaction has an id, with its status URL',
      schema: { type: 'string' },
    },
  ];
}

function operationOf(route: Route): object {
  const parameters = [
    ...Object.entries(route.paramSchemas).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
    ...Object.entries(route.querySchemas).map(([name, schema]) => ({
      name,
      in: 'query',
      required: (route.requiredQuery ?? []).includes(name),
      schema,
    })),
    ...(route.submit ? writeParameters() : []),
  ];
  const result = resultSchema(route);
  const ok = route.submit
    ? {
        type: 'object',
        required: ['transactionId', 'blockNumber', 'result'],
        properties: {
          transactionId: { type: 'string' },
          blockNumber: { type: 'string', description: 'decimal' },
          attempts: { type: 'integer' },
          result,
        },
      }
    : result;
  return {
    operationId: `${route.chaincode.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}${route.transaction}`,
    tags: [route.chaincode],
    summary: `${route.transaction}: ${route.summary}`,
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(route.body === undefined
      ? {}
      : { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } }),
    responses: {
      200: { description: route.submit ? 'committed' : 'the answer', content: { 'application/json': { schema: ok } } },
      ...(route.submit
        ? {
            202: {
              description: 'accepted (Prefer: respond-async); follow Location',
              content: { 'application/json': { schema: { $ref: `${COMPONENT}OperationStatus` } } },
            },
          }
        : {}),
      400: problemResponse('invalid argument'),
      401: problemResponse('no or unknown API key'),
      403: problemResponse('the identity may not do this'),
      404: problemResponse('not found'),
      409: problemResponse('conflict with the ledger, or the idempotency key is in use'),
      422: problemResponse('not allowed in the current state, or the idempotency key was used for another request'),
      428: problemResponse('a write without Idempotency-Key'),
      429: problemResponse('rate limited'),
      503: problemResponse('the network cannot serve the request now (Retry-After)'),
      504: problemResponse('outcome unknown: ask for the operation or transaction, do not send it again'),
    },
  };
}

const OPERATION_STATUS: JsonSchema = {
  type: 'object',
  required: ['id', 'state', 'transactionIds', 'href'],
  properties: {
    id: { type: 'string', description: 'the first transaction id' },
    state: { type: 'string', enum: ['running', 'done'] },
    transactionIds: { type: 'array', items: { type: 'string' } },
    href: { type: 'string' },
    status: { type: 'integer', description: 'when done: the status a synchronous request would have had' },
    response: { description: 'when done: the body a synchronous request would have had' },
  },
};

/** The routes every service has besides the chaincodes'. */
function servicePaths(): Record<string, object> {
  const auth = { 401: problemResponse('no or unknown API key') };
  return {
    '/v1/operations/{id}': {
      get: {
        operationId: 'getOperation',
        tags: ['service'],
        summary: 'The state of an asynchronous write started with this API key',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: {
            description: 'the operation',
            content: { 'application/json': { schema: { $ref: `${COMPONENT}OperationStatus` } } },
          },
          404: problemResponse('no such operation for this key'),
          ...auth,
        },
      },
    },
    '/v1/events': {
      get: {
        operationId: 'followEvents',
        tags: ['service'],
        summary: 'Chaincode events as server-sent events (id: <block>-<transaction id>); resumes after Last-Event-ID',
        parameters: [
          {
            name: 'chaincode',
            in: 'query',
            required: true,
            schema: { type: 'string', enum: ['e-license', 'real-estate', 'bid-record'] },
          },
          { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
          { name: 'fromBlock', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]{1,19}$' } },
        ],
        responses: {
          200: { description: 'an event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          ...auth,
        },
      },
    },
    '/v1/ledger': {
      get: {
        operationId: 'getLedger',
        tags: ['service'],
        summary: "The channel and the height of the department's peer",
        responses: {
          200: {
            description: 'the ledger',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { channel: { type: 'string' }, height: { type: 'string' }, mspId: { type: 'string' } },
                },
              },
            },
          },
          ...auth,
        },
      },
    },
    '/healthz': {
      get: {
        operationId: 'health',
        tags: ['service'],
        summary: "Whether the service and its department's peer answer",
        security: [],
        responses: { 200: { description: 'healthy' }, 503: problemResponse('the peer does not answer') },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        tags: ['service'],
        summary: 'Prometheus metrics (no personal data)',
        security: [],
        responses: {
          200: { description: 'text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
  };
}

/**
 * @param routes - the service's chaincode routes
 * @param department - the department it runs for
 * @returns the OpenAPI 3.1 document
 */
export function openApiDocument(routes: readonly Route[], department: string): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const url = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    (paths[url] ??= {})[route.method.toLowerCase()] = operationOf(route);
  }
  return toComponents({
    openapi: '3.1.0',
    info: {
      title: `govchain department service (${department})`,
      version: '1',
      description:
        "Calls the govchain chaincodes as one identity of the department's: the API key names it. Writes need an " +
        'Idempotency-Key; errors are RFC 9457 problem details with the chaincode’s stable code.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    tags: [
      { name: 'e-license', description: 'electronic licences and certificates' },
      { name: 'real-estate', description: 'the property register and the one-window transfer' },
      {
        name: 'bid-record',
        description: 'public resource trading: tenders, sealed bids, evidence, guarantees, credit',
      },
      { name: 'service', description: 'operations, events, ledger, health' },
    ],
    paths: { ...paths, ...servicePaths() },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>' },
      },
      schemas: { ...recordsOf(routes), Problem: PROBLEM_SCHEMA, OperationStatus: OPERATION_STATUS },
    },
  });
}
