/**
 * The department REST service against the running network: two services (Market Regulation, the issuer of
 * business licences, and Tax), each started as its own process by `npm run service`, with API keys made by
 * its `keys add` command. What a department system sees over HTTP: issue and verify, idempotent retries,
 * asynchronous writes, refusals as problem details (nothing written), and server-sent events that resume.
 * Their logs go to the network's log directory, so the privacy scan (zzz-privacy-logs) reads them too. Then the
 * same over HTTPS (`--tls`): clerks calling with their own enrolment certificates, bound by `callers add`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { runServiceCommand } from '@govchain/service';
import { enrolledClerk } from './clerk-cli';
import {
  type ClientCredentials,
  type Service,
  type TlsService,
  adminTlsCredentials,
  bindCaller,
  call,
  callTls,
  clerkCredentials,
  licenceBody,
  sha256,
  startService,
  startTlsService,
} from './service-support';
import { ROOT, suiteDirectory, uniqueId } from './support';

/** Reads server-sent events until `enough` says so (or the time is up); returns them. */
async function readEvents(
  service: Service,
  query: string,
  headers: Record<string, string>,
  enough: (events: { id: string; data: Record<string, unknown> }[]) => boolean,
  timeoutMs = 20_000,
): Promise<{ id: string; data: Record<string, unknown> }[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, timeoutMs);
  const events: { id: string; data: Record<string, unknown> }[] = [];
  try {
    const res = await fetch(`${service.base}/v1/events?${query}`, {
      headers: { authorization: `Bearer ${service.key}`, ...headers },
      signal: controller.signal,
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
    let buffer = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id !== undefined && data !== undefined)
          events.push({ id, data: JSON.parse(data) as Record<string, unknown> });
      }
      if (enough(events)) break;
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

describe('department REST service (npm run service)', function () {
  this.timeout(120_000);
  let market: Service;
  let tax: Service;

  const started: Service[] = [];
  before(async () => {
    const services = await Promise.allSettled([startService('market-regulation'), startService('tax')]);
    for (const s of services) if (s.status === 'fulfilled') started.push(s.value);
    for (const s of services) if (s.status === 'rejected') throw s.reason;
    [market, tax] = started as [Service, Service];
  });
  after(() => {
    for (const service of started) service.child.kill();
  });

  it('issues a licence and verifies the genuine document and a tampered one', async () => {
    const id = uniqueId('BL-REST');
    const document = `business licence ${id}`;
    const issued = await call(market, 'POST', '/v1/e-license/licences', {
      body: licenceBody(id, document),
      headers: { 'idempotency-key': uniqueId('k') },
    });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
    expect(issued.body.transactionId).to.match(/^[0-9a-f]{64}$/);
    expect(issued.body.blockNumber).to.match(/^\d+$/);
    expect(issued.body.result).to.include({ id, status: 'ACTIVE', issuerMsp: 'MarketRegulationMSP' });
    expect(JSON.stringify(issued.body)).to.not.match(/idNumber|REST holder/i);

    const genuine = await call(tax, 'GET', `/v1/e-license/licences/${id}/verification?fingerprint=${sha256(document)}`);
    expect(genuine.status).to.equal(200);
    expect(genuine.body).to.include({ result: 'VALID', licenceId: id, issuerMsp: 'MarketRegulationMSP' });
    const tampered = await call(
      tax,
      'GET',
      `/v1/e-license/licences/${id}/verification?fingerprint=${sha256(`${document}!`)}`,
    );
    expect(tampered.body).to.include({ result: 'FINGERPRINT_MISMATCH' });
    const history = await call(tax, 'GET', `/v1/e-license/licences/${id}/history`);
    expect(history.body).to.be.an('array').with.length(1);
  });

  it('answers a retried write with the first response and sends no second transaction', async () => {
    const id = uniqueId('BL-REST');
    const body = licenceBody(id, id);
    const headers = { 'idempotency-key': uniqueId('retry') };
    const first = await call(market, 'POST', '/v1/e-license/licences', { body, headers });
    const again = await call(market, 'POST', '/v1/e-license/licences', { body, headers });
    expect(first.status).to.equal(200);
    expect(again.status).to.equal(200);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(again.body).to.deep.equal(first.body);
    const history = await call(market, 'GET', `/v1/e-license/licences/${id}/history`);
    expect(history.body).to.be.an('array').with.length(1);

    const other = uniqueId('BL-REST');
    const reused = await call(market, 'POST', '/v1/e-license/licences', { body: licenceBody(other, other), headers });
    expect(reused.status).to.equal(422);
    expect(reused.body).to.include({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await call(market, 'GET', `/v1/e-license/licences/${other}`)).status).to.equal(404);
  });

  it('answers 202 with a status URL for Prefer: respond-async, and the operation ends committed', async () => {
    const id = uniqueId('BL-REST');
    const accepted = await call(market, 'POST', '/v1/e-license/licences', {
      body: licenceBody(id, id),
      headers: { 'idempotency-key': uniqueId('async'), prefer: 'respond-async' },
    });
    expect(accepted.status).to.equal(202);
    const location = accepted.headers.get('location') ?? '';
    expect(location).to.match(/^\/v1\/operations\/[0-9a-f]{64}$/);
    expect(accepted.body).to.include({ state: 'running', href: location });
    let operation = accepted.body;
    for (let i = 0; i < 100 && operation.state !== 'done'; i++) {
      await sleep(200);
      operation = (await call(market, 'GET', location)).body;
    }
    expect(operation).to.include({ state: 'done', status: 200 });
    expect((operation.response as { transactionId: string }).transactionId).to.equal(location.split('/').pop());
    expect((await call(tax, 'GET', `/v1/e-license/licences/${id}`)).body).to.include({ id, status: 'ACTIVE' });
    // Another key does not see the operation.
    expect((await call(tax, 'GET', location)).status).to.equal(404);
  });

  it('refuses no key and a wrong key with 401, a department without the role with 403 — and writes nothing', async () => {
    const id = uniqueId('BL-REST');
    const body = licenceBody(id, id);
    const none = await call(market, 'POST', '/v1/e-license/licences', {
      body,
      key: null,
      headers: { 'idempotency-key': uniqueId('k') },
    });
    expect(none.status).to.equal(401);
    expect(none.headers.get('www-authenticate')).to.match(/^Bearer/);
    const wrong = await call(market, 'POST', '/v1/e-license/licences', {
      body,
      key: tax.key,
      headers: { 'idempotency-key': uniqueId('k') },
    });
    expect(wrong.status, 'a key of another department').to.equal(401);
    const forbidden = await call(tax, 'POST', '/v1/e-license/licences', {
      body,
      headers: { 'idempotency-key': uniqueId('k') },
    });
    expect(forbidden.status).to.equal(403);
    expect(forbidden.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(forbidden.body).to.include({ code: 'FORBIDDEN', status: 403 });
    const lookup = await call(tax, 'GET', `/v1/e-license/licences/${id}`);
    expect(lookup.status).to.equal(404);
    expect(lookup.body).to.include({ code: 'NOT_FOUND', type: 'urn:govchain:problem:not-found' });
  });

  it('accepts a key added while it runs and refuses it once revoked — no restart, and nothing written', async () => {
    const name = uniqueId('rotating');
    const key = runServiceCommand(['keys', 'add', '--department', 'market-regulation', '--name', name]);
    // The service reads its keys file again within about two seconds of a change.
    const until = async (status: number): Promise<void> => {
      for (let i = 0; i < 50; i++) {
        if ((await call(market, 'GET', '/v1/ledger', { key })).status === status) return;
        await sleep(200);
      }
      throw new Error(`the key never got ${status}`);
    };
    await until(200);
    const listed = runServiceCommand(['keys', 'list', '--department', 'market-regulation']);
    expect(listed).to.match(new RegExp(`^${name}\tuser\tcreated `, 'm'));
    expect(listed, 'keys list never shows a key').to.not.include(key);
    runServiceCommand(['keys', 'remove', '--department', 'market-regulation', '--name', name]);
    await until(401);
    const id = uniqueId('BL-REST');
    const write = await call(market, 'POST', '/v1/e-license/licences', {
      body: licenceBody(id, id),
      key,
      headers: { 'idempotency-key': uniqueId('k') },
    });
    expect(write.status).to.equal(401);
    expect((await call(market, 'GET', `/v1/e-license/licences/${id}`)).status).to.equal(404);
  });

  it('serves real-estate and bid-record too: on-ledger roles, trading configuration, a missing project', async () => {
    const roles = await call(tax, 'GET', '/v1/real-estate/roles');
    expect(roles.status).to.equal(200);
    expect(roles.body.departmentMsps).to.include('TaxMSP');
    const awaiting = await call(tax, 'GET', '/v1/real-estate/departments/TaxMSP/awaiting?pageSize=5');
    expect(awaiting.status).to.equal(200);
    expect(awaiting.body).to.have.property('records').that.is.an('array');
    const config = await call(market, 'GET', '/v1/bid-record/config');
    expect(config.status).to.equal(200);
    const missing = await call(market, 'GET', `/v1/bid-record/projects/${uniqueId('P')}`);
    expect(missing.status).to.equal(404);
    expect(missing.body).to.include({ code: 'NOT_FOUND' });
    const badPage = await call(tax, 'GET', '/v1/real-estate/departments/TaxMSP/awaiting?pageSize=500');
    expect(badPage.status).to.equal(400);
  });

  it('is called from Python by a client made from its OpenAPI document: issue, then verify', () => {
    const id = uniqueId('BL-PY');
    const python = (key: string, ...args: string[]): { status: number; body: Record<string, unknown> } =>
      JSON.parse(
        execFileSync('python3', [path.join(ROOT, 'service', 'clients', 'python', 'govchain_rest.py'), ...args], {
          encoding: 'utf8',
          env: { ...process.env, GOVCHAIN_API_KEY: key },
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      ) as { status: number; body: Record<string, unknown> };
    const issued = python(
      market.key,
      market.base,
      'eLicenseIssueLicense',
      '--body',
      JSON.stringify(licenceBody(id, id)),
    );
    expect(issued.status).to.equal(200);
    expect(issued.body.result).to.include({ id, status: 'ACTIVE' });
    const verified = python(tax.key, tax.base, 'eLicenseVerifyLicense', `licenceId=${id}`, `fingerprint=${sha256(id)}`);
    expect(verified).to.deep.include({ status: 200 });
    expect(verified.body).to.include({ result: 'VALID', licenceId: id });
  });

  it('streams chaincode events and resumes after Last-Event-ID', async () => {
    const height = BigInt((await call(market, 'GET', '/v1/ledger')).body.height as string);
    const ids = [uniqueId('BL-SSE'), uniqueId('BL-SSE')];
    for (const id of ids) {
      const res = await call(market, 'POST', '/v1/e-license/licences', {
        body: licenceBody(id, id),
        headers: { 'idempotency-key': uniqueId('sse') },
      });
      expect(res.status).to.equal(200);
    }
    const issuedIds = (events: { data: Record<string, unknown> }[]): string[] =>
      events
        .filter((e) => e.data.eventName === 'LicenseIssued')
        .map((e) => (e.data.payload as { licenceId: string }).licenceId);
    const all = await readEvents(market, `chaincode=e-license&fromBlock=${height}`, {}, (e) =>
      ids.every((id) => issuedIds(e).includes(id)),
    );
    expect(issuedIds(all)).to.include.members(ids);
    const first = all.find((e) => issuedIds([e]).includes(ids[0] ?? ''));
    expect(first?.id).to.match(/^\d+-[0-9a-f]{64}$/);
    const resumed = await readEvents(market, 'chaincode=e-license', { 'last-event-id': first?.id ?? '' }, (e) =>
      issuedIds(e).includes(ids[1] ?? ''),
    );
    expect(resumed.map((e) => e.id)).to.not.include(first?.id);
    expect(issuedIds(resumed)).to.include(ids[1]);
    expect(issuedIds(resumed)).to.not.include(ids[0]);
  });
});

describe('department REST service over HTTPS with client certificates (--tls)', function () {
  this.timeout(180_000);
  const dir = suiteDirectory('govchain-service-tls-');
  let market: TlsService | undefined;
  let issuer: ClientCredentials;
  let auditor: ClientCredentials;

  /** Writes a clerk's certificate to a file and binds it to the clerk (`callers add`). */
  async function boundClerk(role: string): Promise<ClientCredentials> {
    const clerk = await enrolledClerk('market-regulation', role);
    const credentials = clerkCredentials('market-regulation', clerk);
    const file = path.join(dir(), `${clerk}.pem`);
    writeFileSync(file, credentials.cert);
    bindCaller('market-regulation', file, `clerk:${clerk}`);
    return credentials;
  }

  before(async () => {
    [issuer, auditor] = await Promise.all([boundClerk('issuer'), boundClerk('auditor')]);
    market = await startTlsService('market-regulation');
  });
  after(() => {
    market?.child.kill();
  });
  const service = (): TlsService => market!;
  const issue = (id: string, options: { client?: ClientCredentials; key?: string }): ReturnType<typeof callTls> =>
    callTls(service(), 'POST', '/v1/e-license/licences', {
      ...options,
      body: licenceBody(id, id),
      headers: { 'idempotency-key': uniqueId('tls') },
    });

  it("issues and reads as the clerk its bound certificate names, over the department TLS CA's server certificate", async () => {
    const id = uniqueId('BL-TLS');
    const issued = await issue(id, { client: issuer });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
    expect(issued.body.transactionId).to.match(/^[0-9a-f]{64}$/);
    expect(issued.body.result).to.include({ id, status: 'ACTIVE', issuerMsp: 'MarketRegulationMSP' });
    const read = await callTls(service(), 'GET', `/v1/e-license/licences/${id}`, { client: auditor });
    expect(read.status).to.equal(200);
    expect(read.body).to.include({ id, status: 'ACTIVE' });
    const verified = await callTls(
      service(),
      'GET',
      `/v1/e-license/licences/${id}/verification?fingerprint=${sha256(id)}`,
      { key: service().key },
    );
    expect(verified.body, 'an API key works over HTTPS too').to.include({ result: 'VALID', licenceId: id });
  });

  it('leaves the role checks to the chaincode: a bound auditor clerk may not issue (403), nothing written', async () => {
    const id = uniqueId('BL-TLS');
    const refused = await issue(id, { client: auditor });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(403);
    expect(refused.body).to.include({ code: 'FORBIDDEN' });
    expect((await callTls(service(), 'GET', `/v1/e-license/licences/${id}`, { client: issuer })).status).to.equal(404);
  });

  it("refuses an unbound certificate, another department's and none with 401 — and writes nothing", async () => {
    const id = uniqueId('BL-TLS');
    const cases: [string, ClientCredentials | undefined, string, RegExp][] = [
      [
        "the Admin's TLS certificate, of the trusted TLS CA but not bound",
        adminTlsCredentials('market-regulation'),
        'INVALID_CREDENTIALS',
        /not bound/,
      ],
      ["a certificate of Tax's TLS CA", adminTlsCredentials('tax'), 'INVALID_CREDENTIALS', /not one of a CA/],
      ['no certificate', undefined, 'UNAUTHENTICATED', /client certificate/],
    ];
    for (const [what, client, code, detail] of cases) {
      const res = await issue(id, client === undefined ? {} : { client });
      expect(res.status, what).to.equal(401);
      expect(res.headers['content-type'], what).to.match(/^application\/problem\+json/);
      expect(res.body, what).to.include({ status: 401, code });
      expect(res.body.detail, what).to.match(detail);
    }
    const lookup = await callTls(service(), 'GET', `/v1/e-license/licences/${id}`, { client: issuer });
    expect(lookup.status).to.equal(404);
    expect(lookup.body).to.include({ code: 'NOT_FOUND' });
  });
});
