/**
 * The department service: a Fastify server whose chaincode routes come from the route tables, behind API-key
 * or client-certificate authentication (HTTPS with `tls`), with idempotent and optionally asynchronous writes, problem-details errors, server-sent
 * chaincode events, the OpenAPI document and its interactive page, health and Prometheus metrics.
 */
import pino from 'pino';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { type IdentityChoice, ledgerHeight, scanTransactions } from '@govchain/gateway-client';
import { type ApiKeys, identityOf } from './api-keys';
import type { CertificateCallers } from './callers';
import { followChaincodeEvents } from './events';
import { IDEMPOTENCY_KEY_PATTERN, IdempotencyStore, type StoredResponse, requestFingerprint } from './idempotency';
import { ServiceMetrics } from './metrics';
import { openApiDocument } from './openapi';
import { Operations } from './operations';
import { type Problem, RETRY_AFTER_SECONDS, problem, problemOf } from './problems';
import type { Clients, Input, Route } from './routes/route';
import { inlineRecords, recordsOf } from './schemas';
import { type ServiceTls, clientCertificateOf } from './tls';

/** What the service is built from. */
export interface ServiceOptions {
  readonly department: string;
  readonly keys: ApiKeys;
  /** Certificates bound to identities: read only when the service is on HTTPS (`tls`). */
  readonly callers?: CertificateCallers;
  /**
   * HTTPS: the server's certificate and key, and the CAs of client certificates. A client need not send one
   * (`/healthz`, the console); a `/v1` request is authenticated by an API key, or else by a bound certificate.
   */
  readonly tls?: ServiceTls;
  readonly routes: readonly Route[];
  /** Clients acting as an identity of the department. */
  readonly clientsFor: (identity: IdentityChoice) => Promise<Clients>;
  readonly idempotency?: IdempotencyStore;
  /** Fastify's logger setting (default: JSON lines at info, credentials redacted). */
  readonly logger?: boolean | { readonly level: string };
}

/** Whom an authenticated request acts for. */
export interface Caller {
  /** What its idempotency keys and operations are kept under: a key's name, or `cert:<caller name>`. */
  readonly name: string;
  /** `user`, `admin` or `clerk:<name>`: the wallet identity it acts as. */
  readonly identity: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/** JSON with bigints (block numbers) as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return send(reply, asResponse(p));
}

function send(reply: FastifyReply, response: StoredResponse): FastifyReply {
  for (const [name, value] of Object.entries(response.headers ?? {})) void reply.header(name, value);
  const type = response.status >= 400 ? 'application/problem+json' : 'application/json';
  return reply.code(response.status).type(type).send(toJson(response.body));
}

function asResponse(p: Problem): StoredResponse {
  return {
    status: p.status,
    body: p,
    ...(p.retryAfter === undefined ? {} : { headers: { 'retry-after': String(p.retryAfter) } }),
  };
}

/** The console's and the API's content security policy. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'";

/**
 * Whether a request is for the API, by the route it matched — the router decodes the path, so the raw URL
 * (`/%761/…`) must not decide. An unmatched URL goes to the 404 answer, which says nothing.
 *
 * Writes are also safe from other web origins: each needs an `Idempotency-Key` header and a JSON body, so a
 * browser sends a CORS preflight first, which this service never allows — a page elsewhere cannot make a
 * browser holding a bound client certificate write.
 */
function isApiRoute(request: FastifyRequest): boolean {
  return (request.routeOptions.url ?? request.url).startsWith('/v1/');
}

/** The credential a request carries: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^Bearer\s+\S+$/i.test(authorization)) {
    return authorization.replace(/^Bearer\s+/i, '');
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header !== '' ? header : undefined;
}

/** Whom an authenticated request acts for (every /v1 route runs after the authentication hook). */
function callerOf(request: FastifyRequest): Caller {
  if (request.caller === undefined) throw new Error('unauthenticated request reached a /v1 route');
  return request.caller;
}

/** A 401: the problem and the `WWW-Authenticate` challenge it is sent with. */
interface Refusal {
  readonly problem: Problem;
  readonly challenge: string;
}

function unauthenticated(department: string, code: string, detail: string, error?: string): Refusal {
  const realm = `Bearer realm="govchain ${department}"`;
  return {
    problem: problem(401, code, 'Unauthenticated', detail),
    challenge: error === undefined ? realm : `${realm}, error="${error}"`,
  };
}

/**
 * Who a `/v1` request acts for. An API key, when the request carries one, decides (a wrong key is refused even
 * with a good certificate); without one, on HTTPS, the client certificate does: verified by a client CA in the
 * handshake, bound to a caller, and still valid now.
 */
function authenticate(request: FastifyRequest, options: ServiceOptions): Caller | Refusal {
  const { department } = options;
  const key = presentedKey(request);
  if (key !== undefined) {
    const entry = options.keys.find(key);
    if (entry === undefined) {
      return unauthenticated(department, 'INVALID_CREDENTIALS', 'the API key is not known', 'invalid_token');
    }
    return { name: entry.name, identity: entry.identity };
  }
  const certificate = options.tls === undefined ? undefined : clientCertificateOf(request.raw.socket);
  if (certificate === undefined || certificate.kind === 'none') {
    const how =
      options.tls === undefined
        ? 'send Authorization: Bearer <API key>'
        : 'send a client certificate bound to a caller of this service, or Authorization: Bearer <API key>';
    return unauthenticated(department, 'UNAUTHENTICATED', how);
  }
  if (certificate.kind === 'refused') {
    return unauthenticated(department, 'INVALID_CREDENTIALS', refusedCertificate(certificate.reason));
  }
  const entry = options.callers?.find(certificate.sha256);
  if (entry === undefined) {
    return unauthenticated(department, 'INVALID_CREDENTIALS', 'the client certificate is not bound to a caller');
  }
  if (certificate.validTo.getTime() <= Date.now()) {
    return unauthenticated(department, 'INVALID_CREDENTIALS', 'the client certificate has expired');
  }
  return { name: `cert:${entry.name}`, identity: entry.identity };
}

/** Why the handshake did not verify a client certificate, as a caller can act on it (Node's codes). */
function refusedCertificate(reason: string): string {
  if (reason === 'CERT_HAS_EXPIRED') return 'the client certificate has expired';
  if (reason === 'CERT_NOT_YET_VALID') return 'the client certificate is not valid yet';
  return `the client certificate is not one of a CA this service trusts (${reason})`;
}

function inputOf(request: FastifyRequest): Input {
  const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
  return { ...(request.query as object), ...body, ...(request.params as object) };
}

function prefersAsync(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  return typeof prefer === 'string' && /(^|[\s,;])respond-async([\s,;]|$)/i.test(prefer);
}

/**
 * Builds the service (not yet listening).
 *
 * @param options - department, keys, routes, clients
 * @returns the Fastify instance
 */
export async function buildService(options: ServiceOptions): Promise<FastifyInstance> {
  const settings = {
    logger:
      options.logger === false
        ? false
        : {
            level: options.logger === true || options.logger === undefined ? 'info' : options.logger.level,
            // Never a credential in a log line; bodies (which may hold personal data) are not logged at all.
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
            // Written as the disk takes them, lines that came meanwhile in one write: a write per request
            // was a tenth of the service's CPU under load. Flushed when the process exits.
            stream: pino.destination({ dest: 1, sync: false }),
          },
    // One access line per request (below), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    bodyLimit: 256 * 1024,
  };
  const { tls } = options;
  // The routes do not depend on the server's kind: an HTTPS instance is used as the HTTP one's type.
  const app =
    tls === undefined
      ? Fastify(settings)
      : (Fastify({
          ...settings,
          https: {
            cert: tls.cert,
            key: tls.key,
            ca: [...tls.clientCas],
            requestCert: true,
            // A client without a certificate (or with another CA's) still gets /healthz and the console; /v1
            // refuses it with a problem (authenticate), which a handshake failure could not say.
            rejectUnauthorized: false,
            minVersion: 'TLSv1.2' as const,
          },
        }) as unknown as FastifyInstance);
  const idempotency = options.idempotency ?? new IdempotencyStore(undefined);
  const operations = new Operations();
  const metrics = new ServiceMetrics();
  const records = recordsOf(options.routes);
  const document = openApiDocument(options.routes, options.department);

  app.setErrorHandler((err: Error & { validation?: unknown; statusCode?: number }, _request, reply) => {
    if (err.validation !== undefined) {
      return sendProblem(reply, problem(400, 'INVALID_ARGUMENT', 'Invalid argument', err.message));
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return sendProblem(reply, problem(err.statusCode, 'BAD_REQUEST', 'Bad request', err.message));
    }
    const p = problemOf(err);
    if (p.status >= 500) app.log.error({ code: p.code, err: { name: err.name } }, 'request failed');
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, 'NOT_FOUND', 'Not found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`),
    ),
  );
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unknown', reply.statusCode, reply.elapsedTime);
    // The route's pattern, not the URL: paths and queries may carry holder references and ledger keys.
    request.log.info(
      {
        req: { method: request.method, route: request.routeOptions.url ?? 'unknown', remoteAddress: request.ip },
        res: { statusCode: reply.statusCode },
        ms: reply.elapsedTime,
      },
      'request',
    );
  });
  // A refused request is answered here and `done` is never called: no later hook or handler runs for it.
  app.addHook('onRequest', (request, reply, done) => {
    if (!isApiRoute(request)) {
      done();
      return;
    }
    const caller = authenticate(request, options);
    if ('problem' in caller) {
      void reply.header('www-authenticate', caller.challenge);
      sendProblem(reply, caller.problem);
      return;
    }
    request.caller = caller;
    done();
  });

  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // The web console: static files of this package, nothing from elsewhere. Every response but the OpenAPI
  // page's (Swagger UI's own) says so — this origin only, never in a frame — whatever URL reached it.
  const consoleDir = path.join(__dirname, '..', 'console');
  await app.register(fastifyStatic, { root: consoleDir, prefix: '/console/', decorateReply: false });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url?.startsWith('/docs') !== true) void reply.header('content-security-policy', CSP);
    return payload;
  });
  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(await readFile(path.join(consoleDir, 'index.html'), 'utf8')),
  );
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json').send(toJson(document)));

  for (const route of options.routes) {
    const required = (names: readonly string[]): string[] => [...names];
    app.route({
      method: route.method,
      url: route.url,
      schema: {
        ...(route.params === undefined
          ? {}
          : { params: { type: 'object', required: required(route.params), properties: route.paramSchemas } }),
        ...(route.query === undefined
          ? {}
          : {
              querystring: {
                type: 'object',
                additionalProperties: false,
                required: required(route.requiredQuery ?? []),
                properties: route.querySchemas,
              },
            }),
        ...(route.body === undefined ? {} : { body: inlineRecords(route.body, records) }),
      },
      handler: async (request, reply) => {
        const caller = callerOf(request);
        const input = inputOf(request);
        if (!route.submit) {
          const clients = await options.clientsFor(identityOf(caller));
          return send(reply, { status: 200, body: await route.run(clients, input, {}) });
        }
        return write(route, request, reply, caller, input);
      },
    });
  }

  /** A write: idempotency key claimed first, then run now or in the background. */
  async function write(
    route: Route,
    request: FastifyRequest,
    reply: FastifyReply,
    caller: Caller,
    input: Input,
  ): Promise<FastifyReply> {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') {
      return sendProblem(
        reply,
        problem(
          428,
          'IDEMPOTENCY_KEY_REQUIRED',
          'Idempotency key required',
          'every write needs an Idempotency-Key header',
        ),
      );
    }
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return sendProblem(
        reply,
        problem(
          400,
          'INVALID_ARGUMENT',
          'Invalid argument',
          'Idempotency-Key must be 8 to 64 of letters, digits and . _ : -',
        ),
      );
    }
    const found = idempotency.begin(caller.name, key, requestFingerprint(request.method, request.url, request.body));
    if (found.kind === 'replay') {
      metrics.replays.inc();
      return send(reply, { ...found.response, headers: { ...found.response.headers, 'idempotent-replayed': 'true' } });
    }
    if (found.kind === 'running') {
      return sendProblem(
        reply,
        problem(409, 'IDEMPOTENCY_KEY_IN_USE', 'Request in progress', 'a request with this key is still running', {
          retryAfter: 1,
        }),
      );
    }
    if (found.kind === 'mismatch') {
      return sendProblem(
        reply,
        problem(422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency key reused', 'this key was used for another request'),
      );
    }
    const execute = async (onTransactionId?: (id: string) => void): Promise<StoredResponse> => {
      try {
        const clients = await options.clientsFor(identityOf(caller));
        const result = await route.run(clients, input, {
          ...(onTransactionId === undefined ? {} : { onTransactionId }),
          requestId: key,
        } as never);
        metrics.transactions.inc({ chaincode: route.chaincode, transaction: route.transaction, outcome: 'committed' });
        // Plain JSON from here on (block numbers as strings): what is sent, kept and replayed is the same.
        return { status: 200, body: JSON.parse(toJson(result)) as unknown };
      } catch (err) {
        const p = problemOf(err);
        metrics.transactions.inc({ chaincode: route.chaincode, transaction: route.transaction, outcome: p.code });
        if (p.status >= 500) app.log.warn({ code: p.code, transaction: route.transaction }, 'write failed');
        return asResponse(p);
      }
    };
    let response: StoredResponse;
    try {
      if (!prefersAsync(request)) {
        response = await execute();
      } else {
        // A retry gets this 202 again (the first response), and follows the same operation.
        const started = await operations.start(caller.name, execute);
        if ('response' in started) {
          response = started.response;
        } else {
          const href = `/v1/operations/${started.operation.id}`;
          response = {
            status: 202,
            body: {
              id: started.operation.id,
              state: 'running',
              transactionIds: started.operation.transactionIds,
              href,
            },
            headers: { location: href },
          };
        }
      }
    } catch (err) {
      idempotency.release(caller.name, key);
      throw err;
    }
    idempotency.finish(caller.name, key, response);
    return send(reply, response);
  }

  app.get<{ Params: { id: string } }>('/v1/operations/:id', async (request, reply) => {
    const operation = operations.get(callerOf(request).name, request.params.id);
    if (operation === undefined) {
      return sendProblem(reply, problem(404, 'NOT_FOUND', 'Not found', 'no such operation for this API key'));
    }
    const href = `/v1/operations/${operation.id}`;
    const body =
      operation.response === undefined
        ? { id: operation.id, state: 'running', transactionIds: operation.transactionIds, href }
        : {
            id: operation.id,
            state: 'done',
            transactionIds: operation.transactionIds,
            href,
            status: operation.response.status,
            response: operation.response.body,
          };
    return send(reply, { status: 200, body });
  });

  app.get('/v1/ledger', async (request, reply) => {
    const { connection } = await options.clientsFor(identityOf(callerOf(request)));
    const height = await ledgerHeight(connection);
    return send(reply, { status: 200, body: { channel: connection.channel, mspId: connection.mspId, height } });
  });

  app.get<{ Querystring: { count?: string } }>(
    '/v1/ledger/transactions',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { count: { type: 'string', pattern: '^([1-9]|1[0-9]|20)$' } },
        },
      },
    },
    async (request, reply) => {
      const { connection } = await options.clientsFor(identityOf(callerOf(request)));
      const height = await ledgerHeight(connection);
      const count = BigInt(request.query.count ?? '10');
      const from = height > count ? height - count : 0n;
      // Chaincode, function, submitter and validation code only: a transaction's arguments stay off this view.
      const transactions = (await scanTransactions(connection, from, height)).map((tx) => ({
        block: tx.block,
        transactionId: tx.transactionId,
        chaincode: tx.chaincode,
        function: tx.fn,
        submitter: tx.creatorMsp,
        validationCode: tx.validationCode,
      }));
      return send(reply, { status: 200, body: { height, from, transactions: transactions.reverse() } });
    },
  );

  app.get<{ Querystring: { chaincode?: string; fromBlock?: string } }>(
    '/v1/events',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['chaincode'],
          properties: {
            chaincode: { type: 'string', enum: ['e-license', 'real-estate', 'bid-record'] },
            fromBlock: { type: 'string', pattern: '^[0-9]{1,19}$' },
          },
        },
      },
    },
    async (request, reply) => {
      const { connection } = await options.clientsFor(identityOf(callerOf(request)));
      const lastEventId = request.headers['last-event-id'];
      await followChaincodeEvents(request, reply, {
        connection,
        chaincode: request.query.chaincode ?? '',
        lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
        fromBlock: request.query.fromBlock === undefined ? undefined : BigInt(request.query.fromBlock),
      });
      return reply;
    },
  );

  app.get('/healthz', async (_request, reply) => {
    try {
      const { connection } = await options.clientsFor('user');
      const height = await ledgerHeight(connection);
      return await send(reply, { status: 200, body: { status: 'ok', department: options.department, height } });
    } catch {
      return sendProblem(
        reply,
        problem(503, 'UNAVAILABLE', 'Network unavailable', "the department's peer does not answer", {
          retryAfter: RETRY_AFTER_SECONDS,
        }),
      );
    }
  });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()));
  return app;
}
