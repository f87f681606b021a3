/**
 * Department services for the integration tests: each started as its own process by `npm run service`'s
 * script, with an API key made by its `keys add` command, logging into the network's log directory (so the
 * privacy scan of every log reads it too). The tests hold each child process and stop only those. A service
 * on HTTPS (`--tls`) is called with client certificates bound by `callers add`.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { type OrgLayout, currentLayout } from '@govchain/network';
import { runServiceCommand, startServiceProcess } from '@govchain/service';
import { HOME, ROOT } from './support';
import { newEnterpriseCode, newPerson } from './test-data';

/** A running service and the key the tests call it with. */
export interface Service {
  readonly department: string;
  readonly base: string;
  readonly key: string;
  readonly child: ChildProcess;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function testName(): string {
  return `test-${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Starts a department's service with a fresh API key (acting as its `user`); resolves once healthy. */
export async function startService(department: string): Promise<Service> {
  const key = runServiceCommand(['keys', 'add', '--department', department, '--name', testName()]);
  const org = orgOf(department);
  const base = `http://${org.machine.ip}:${org.peer.servicePort}`;
  const child = await startServiceProcess(
    ['--department', department],
    path.join(HOME, 'logs', `service-${department}.log`),
    async () => (await fetch(`${base}/healthz`)).status === 200,
  );
  return { department, base, key, child };
}

/** One request to a service; the body parsed as JSON. */
export async function call(
  service: Service,
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; key?: string | null } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const key = options.key === undefined ? service.key : options.key;
  const res = await fetch(`${service.base}${url}`, {
    method,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** The body of an IssueLicense request: a business licence of `document`'s fingerprint, to a new test person. */
export function licenceBody(id: string, document: string): Record<string, unknown> {
  const holder = newPerson('rest');
  return {
    licence: {
      id,
      type: 'BUSINESS_LICENCE',
      fingerprint: sha256(document),
      metadata: {
        enterpriseName: `REST Enterprise ${id}`,
        unifiedSocialCreditCode: newEnterpriseCode(),
        businessScope: 'services over HTTP',
        registeredCapital: '1',
      },
    },
    holder: { idNumber: holder.idNumber, name: holder.name },
  };
}

/** A certificate and its key, PEM. */
export interface ClientCredentials {
  readonly cert: string;
  readonly key: string;
}

/** A service on HTTPS, and the CA its server certificate is verified with. */
export interface TlsService extends Service {
  readonly serverCa: string;
}

function orgOf(department: string): OrgLayout {
  const org = currentLayout(ROOT).orgs.find((o) => o.department.key === department);
  if (org === undefined) throw new Error(`no department ${department}`);
  return org;
}

/** A TCP port free on `host` now. */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** One request over HTTPS on a connection of its own, with a client certificate or none; the body as JSON. */
export function callTls(
  service: Pick<TlsService, 'base' | 'serverCa'>,
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; client?: ClientCredentials; key?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }> {
  const target = new URL(`${service.base}${url}`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path: `${target.pathname}${target.search}`,
        agent: false,
        ca: service.serverCa,
        ...(options.client === undefined ? {} : { cert: options.client.cert, key: options.client.key }),
        headers: {
          ...(options.key === undefined ? {} : { authorization: `Bearer ${options.key}` }),
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        timeout: 60_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: JSON.parse(text) as Record<string, unknown>,
            });
          } catch (err) {
            reject(new Error(`${method} ${url}: ${res.statusCode ?? '?'} ${text.slice(0, 200)}`, { cause: err }));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

/**
 * Starts a department's service on HTTPS (`--tls`, the department's default certificates) on a free port of its
 * address, with a fresh API key; resolves once `/healthz` answers a client without a certificate.
 */
export async function startTlsService(department: string): Promise<TlsService> {
  const key = runServiceCommand(['keys', 'add', '--department', department, '--name', testName()]);
  const org = orgOf(department);
  const port = await freePort(org.machine.ip);
  const base = `https://${org.machine.ip}:${port}`;
  const serverCa = readFileSync(org.tlsCa, 'utf8');
  const child = await startServiceProcess(
    ['--department', department, '--tls', '--port', String(port)],
    path.join(HOME, 'logs', `service-${department}-tls.log`),
    async () => (await callTls({ base, serverCa }, 'GET', '/healthz')).status === 200,
  );
  return { department, base, key, child, serverCa };
}

/**
 * Binds a client certificate to an identity of the department's service (`callers add`).
 *
 * @returns the caller's name
 */
export function bindCaller(department: string, certFile: string, identity: string): string {
  const name = testName();
  runServiceCommand([
    'callers',
    'add',
    '--department',
    department,
    '--name',
    name,
    '--cert',
    certFile,
    '--identity',
    identity,
  ]);
  return name;
}

/** A clerk's enrolment certificate and key, from the department's wallet (`<home>/wallets/<department>/<name>.id`). */
export function clerkCredentials(department: string, clerk: string): ClientCredentials {
  const file = path.join(HOME, 'wallets', department, `${clerk}.id`);
  const { credentials } = JSON.parse(readFileSync(file, 'utf8')) as {
    credentials: { certificate: string; privateKey: string };
  };
  return { cert: credentials.certificate, key: credentials.privateKey };
}

/** The TLS client certificate the network issued a department's Admin (from its TLS CA). */
export function adminTlsCredentials(department: string): ClientCredentials & { readonly certFile: string } {
  const { adminTls } = orgOf(department);
  return {
    cert: readFileSync(adminTls.cert, 'utf8'),
    key: readFileSync(adminTls.key, 'utf8'),
    certFile: adminTls.cert,
  };
}
