import {
  ApiKeys,
  CertificateCallers,
  type Clients,
  SERVICE_ROUTES,
  addApiKey,
  addCertificateCaller,
  buildService,
  loadServiceTls,
  readCertificates,
} from '@govchain/service';
import type { IdentityChoice } from '@govchain/gateway-client';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestCa, type TestCertificate, testCa, testCertificate } from './certificates';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Record<string, unknown>;
}

/**
 * The service on HTTPS with client certificates, on a loopback port, with test CAs and certificates. Only the
 * Fabric boundary is faked: `clientsFor` records the identity each request acts as, and the licence client
 * records what would have been submitted.
 */
describe('service: mutual TLS callers', () => {
  let dir: string;
  let trusted: TestCa;
  let foreign: TestCa;
  let serverCa: string;
  let bound: TestCertificate;
  let unbound: TestCertificate;
  let stranger: TestCertificate;
  let expired: TestCertificate;
  let key: string;
  let app: FastifyInstance;
  let port: number;
  const identities: IdentityChoice[] = [];
  const submitted: unknown[] = [];
  const licence = {
    licence: { id: 'BL-1', type: 'BUSINESS_LICENCE', fingerprint: 'a'.repeat(64), metadata: {} },
    holder: { idNumber: '110101199003070011', name: 'Zhang San' },
  };

  const fakeClients = {
    eLicense: {
      issueLicense: (input: unknown, options: { onTransactionId?: (id: string) => void }) => {
        submitted.push(input);
        const transactionId = submitted.length.toString(16).padStart(64, 'f');
        options.onTransactionId?.(transactionId);
        return Promise.resolve({ transactionId, blockNumber: 7n, result: { id: 'BL-1' } });
      },
      getLicense: (id: string) => Promise.resolve({ id, status: 'ACTIVE' }),
    },
  } as unknown as Clients;

  /** One request over HTTPS, on a connection of its own (a client certificate belongs to the connection). */
  function call(
    method: string,
    url: string,
    options: { cert?: TestCertificate; headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: url,
          agent: false,
          ca: serverCa,
          ...(options.cert === undefined
            ? {}
            : { cert: readFileSync(options.cert.certFile), key: readFileSync(options.cert.keyFile) }),
          headers: {
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...options.headers,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const json = (res.headers['content-type'] ?? '').includes('json');
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: json ? (JSON.parse(text) as Record<string, unknown>) : { text },
            });
          });
        },
      );
      req.on('error', reject);
      req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
    });
  }

  const issue = (cert: TestCertificate | undefined, headers: Record<string, string> = {}): Promise<Answer> =>
    call('POST', '/v1/e-license/licences', {
      ...(cert === undefined ? {} : { cert }),
      headers: { 'idempotency-key': `mtls-${Math.random().toString(36).slice(2, 12)}`, ...headers },
      body: licence,
    });

  before(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), 'govchain-mtls-'));
    trusted = testCa(dir, 'tlsca.tax.test');
    foreign = testCa(dir, 'tlsca.health.test');
    const server = testCertificate(dir, trusted, 'service.tax.test', 'server');
    serverCa = readFileSync(trusted.certFile, 'utf8');
    bound = testCertificate(dir, trusted, 'clerk-alice', 'client');
    unbound = testCertificate(dir, trusted, 'someone-else', 'client');
    stranger = testCertificate(dir, foreign, 'health-system', 'client');
    expired = testCertificate(dir, trusted, 'old-system', 'client', {
      from: new Date(Date.now() - 10 * 86_400_000),
      to: new Date(Date.now() - 86_400_000),
    });
    const callersFile = join(dir, 'callers.json');
    const clientCas = readCertificates(trusted.certFile, 'ca');
    // The same name as the API key below: a caller's idempotency keys and operations are its own all the same.
    addCertificateCaller(callersFile, 'tax', 'front-desk', bound.certFile, 'clerk:alice', clientCas);
    // An expired certificate cannot be bound any more; one bound while it was valid (the clock of the binding
    // at the start of its validity) is in the file.
    addCertificateCaller(
      callersFile,
      'tax',
      'old-system',
      expired.certFile,
      'admin',
      clientCas,
      new Date(Date.now() - 5 * 86_400_000),
    );
    const keysFile = join(dir, 'api-keys.json');
    key = addApiKey(keysFile, 'tax', 'front-desk', 'user');
    app = await buildService({
      department: 'tax',
      keys: ApiKeys.read(keysFile, 'tax'),
      callers: CertificateCallers.read(callersFile, 'tax'),
      tls: loadServiceTls({ cert: server.certFile, key: server.keyFile, clientCas: [trusted.certFile] }),
      routes: SERVICE_ROUTES.filter((r) => r.transaction === 'IssueLicense' || r.transaction === 'GetLicense'),
      clientsFor: (identity) => {
        identities.push(identity);
        return Promise.resolve(fakeClients);
      },
      logger: false,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    identities.length = 0;
    submitted.length = 0;
  });

  it('acts as the identity a bound certificate names, for writes and reads', async () => {
    const issued = await issue(bound);
    expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
    expect(issued.body).to.deep.include({ transactionId: '1'.padStart(64, 'f'), blockNumber: '7' });
    const read = await call('GET', '/v1/e-license/licences/BL-1', { cert: bound });
    expect(read.status).to.equal(200);
    expect(read.body).to.include({ id: 'BL-1', status: 'ACTIVE' });
    expect(identities).to.deep.equal([{ clerk: 'alice' }, { clerk: 'alice' }]);
    expect(submitted).to.have.length(1);
  });

  const refusals: [string, () => TestCertificate | undefined, string, RegExp][] = [
    ['no certificate (and no key)', () => undefined, 'UNAUTHENTICATED', /client certificate bound to a caller/],
    ['a certificate of a trusted CA that is not bound', () => unbound, 'INVALID_CREDENTIALS', /not bound/],
    ['a certificate of a CA it does not trust', () => stranger, 'INVALID_CREDENTIALS', /not one of a CA/],
    [
      'a bound certificate that has expired',
      () => expired,
      'INVALID_CREDENTIALS',
      /the client certificate has expired/,
    ],
  ];
  for (const [what, cert, code, detail] of refusals) {
    it(`refuses ${what} with a 401 problem, and writes nothing`, async () => {
      const res = await issue(cert());
      expect(res.status).to.equal(401);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).to.match(/^Bearer realm="govchain tax"/);
      expect(res.body).to.include({ status: 401, code });
      expect(res.body.detail).to.match(detail);
      const read = await call('GET', '/v1/e-license/licences/BL-1', { ...(cert() ? { cert: cert() } : {}) });
      expect(read.status).to.equal(401);
      expect(identities, 'a refused request reached for the network').to.deep.equal([]);
      expect(submitted).to.deep.equal([]);
    });
  }

  it('takes API keys over HTTPS too, and a key, when sent, decides over the certificate', async () => {
    const byKey = await issue(undefined, { authorization: `Bearer ${key}` });
    expect(byKey.status).to.equal(200);
    expect(identities).to.deep.equal(['user']);
    const wrongKey = await issue(bound, { authorization: 'Bearer gck_not-a-key' });
    expect(wrongKey.status).to.equal(401);
    expect(wrongKey.body).to.include({ code: 'INVALID_CREDENTIALS' });
    expect(wrongKey.headers['www-authenticate']).to.match(/error="invalid_token"/);
    expect(submitted).to.have.length(1);
  });

  it('keeps an operation to the caller that started it: a key of the same name does not see it', async () => {
    const started = await issue(bound, { prefer: 'respond-async' });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    const href = started.headers.location as string;
    expect((await call('GET', href, { cert: bound })).status).to.equal(200);
    expect((await call('GET', href, { headers: { authorization: `Bearer ${key}` } })).status).to.equal(404);
  });

  it('serves the OpenAPI document, the console and metrics to a client without a certificate', async () => {
    expect((await call('GET', '/openapi.json')).status).to.equal(200);
    const page = await call('GET', '/');
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/text\/html/);
    expect((await call('GET', '/metrics')).status).to.equal(200);
  });
});
