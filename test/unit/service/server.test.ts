import { ApiKeys, SERVICE_ROUTES, addApiKey, buildService } from '@govchain/service';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The service's own refusals, before any network: the client factory fails the test if it is ever asked for a
 * connection (the chaincode answers are the integration tests').
 */
/** The key with one character changed (not the last: of 32 random bytes it holds only two bits). */
function wrongKey(key: string): string {
  const i = 10;
  return `${key.slice(0, i)}${key[i] === 'x' ? 'y' : 'x'}${key.slice(i + 1)}`;
}

describe('service: requests refused before the network', () => {
  let dir: string;
  let app: FastifyInstance;
  let key: string;
  let connections: number;
  const licence = {
    licence: { id: 'BL-1', type: 'BUSINESS_LICENSE', fingerprint: 'a'.repeat(64), metadata: {} },
    holder: { idNumber: '110101199003070011', name: 'Zhang San' },
  };

  before(async function () {
    // 97 routes' schemas compiled by ajv when the app gets ready: seconds on a loaded two-core machine.
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), 'govchain-service-'));
    const file = join(dir, 'api-keys.json');
    key = addApiKey(file, 'tax', 'front-desk', 'user');
    connections = 0;
    app = await buildService({
      department: 'tax',
      keys: ApiKeys.read(file, 'tax'),
      routes: SERVICE_ROUTES,
      clientsFor: () => {
        connections += 1;
        return Promise.reject(new Error('no network in unit tests'));
      },
      logger: false,
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => expect(connections, 'a refused request reached for the network').to.equal(0));

  it('answers 401 with WWW-Authenticate without a key, and 401 invalid_token with a wrong one', async () => {
    const none = await app.inject({ method: 'GET', url: '/v1/e-license/licences/BL-1' });
    expect(none.statusCode).to.equal(401);
    expect(none.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(none.headers['www-authenticate']).to.equal('Bearer realm="govchain tax"');
    expect(none.json()).to.include({
      status: 401,
      code: 'UNAUTHENTICATED',
      type: 'urn:govchain:problem:unauthenticated',
    });
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/e-license/licences',
      headers: { authorization: `Bearer ${wrongKey(key)}`, 'idempotency-key': 'retry-0001' },
      payload: licence,
    });
    expect(wrong.statusCode).to.equal(401);
    expect(wrong.headers['www-authenticate']).to.match(/error="invalid_token"/);
    expect(wrong.json()).to.include({ code: 'INVALID_CREDENTIALS' });
  });

  it('refuses a write without an Idempotency-Key (428) or with a malformed one (400)', async () => {
    const headers = { authorization: `Bearer ${key}` };
    const missing = await app.inject({ method: 'POST', url: '/v1/e-license/licences', headers, payload: licence });
    expect(missing.statusCode).to.equal(428);
    expect(missing.json()).to.include({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/e-license/licences',
      headers: { ...headers, 'idempotency-key': 'short' },
      payload: licence,
    });
    expect(bad.statusCode).to.equal(400);
    expect(bad.json()).to.include({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a body or path that breaks the protocol rules with INVALID_ARGUMENT', async () => {
    const headers = { 'x-api-key': key, 'idempotency-key': 'retry-0002' };
    const extra = await app.inject({
      method: 'POST',
      url: '/v1/e-license/licences',
      headers,
      payload: { ...licence, licence: { ...licence.licence, issuerMsp: 'TaxMSP' } },
    });
    expect(extra.statusCode).to.equal(400);
    expect(extra.json()).to.include({ code: 'INVALID_ARGUMENT' });
    const fingerprint = await app.inject({
      method: 'GET',
      url: '/v1/e-license/licences/BL-1/verification?fingerprint=XYZ',
      headers,
    });
    expect(fingerprint.statusCode).to.equal(400);
    const unknownQuery = await app.inject({
      method: 'GET',
      url: `/v1/e-license/licences/BL-1/verification?fingerprint=${'a'.repeat(64)}&idNumber=1`,
      headers,
    });
    expect(unknownQuery.statusCode).to.equal(400);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/nothing', headers: { 'x-api-key': key } });
    expect(res.statusCode).to.equal(404);
    expect(res.json()).to.include({ code: 'NOT_FOUND' });
  });

  it('authenticates by the route a request reaches, not by how its URL is spelled', async () => {
    // The router decodes the path: %76 is "v", so this is the /v1 route of a licence — and needs a key.
    for (const url of ['/%761/e-license/licences/BL-1', '/v1/e-license/licences/BL%2D1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).to.equal(401);
      expect(res.json(), url).to.include({ code: 'UNAUTHENTICATED' });
    }
  });

  it('sends its content security policy whatever URL reaches the console', async () => {
    for (const url of ['/', '/?x=1', '/console/app.js', '/%63onsole/app.js', '/v1/e-license/licences/BL-1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).to.equal(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
      );
    }
  });

  it('serves the OpenAPI document, its page and metrics without a key', async () => {
    const doc = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.statusCode).to.equal(200);
    expect(doc.json()).to.include({ openapi: '3.1.0' });
    const page = await app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).to.equal(200);
    expect(page.headers['content-type']).to.match(/text\/html/);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).to.equal(200);
    expect(metrics.body).to.match(
      /govchain_service_requests_total\{method="POST",route="\/v1\/e-license\/licences",status="428"\} 1/,
    );
    expect(metrics.body).to.not.include(key);
  });
});
