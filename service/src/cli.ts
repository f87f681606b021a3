#!/usr/bin/env node
/**
 * npm run service -- --department KEY [--host ADDRESS] [--port N] [--tls [--tls-cert F --tls-key F] [--client-ca F]…]
 * npm run service -- keys add|list|remove --department KEY [--name NAME] [--identity user|admin|clerk:NAME]
 * npm run service -- callers add|list|remove --department KEY [--name NAME --cert FILE [--identity …] [--client-ca F]…]
 *
 * Runs one department's REST service (address and port from the running network's layout: the last port of
 * the department's block, e.g. 27199 for the first department of a network on base port 27000), on HTTP or,
 * with `--tls`, on HTTPS with client certificates; makes an API key for it (printed once; the keys file keeps
 * its SHA-256 only); or binds a client certificate to an identity. Everything given is checked before
 * anything starts.
 */
import { spawn } from 'node:child_process';
import { unwatchFile, watchFile } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type OrgLayout, currentLayout } from '@govchain/network';
import { addApiKey, ApiKeys, removeApiKey } from './api-keys';
import { addCertificateCaller, CertificateCallers, removeCertificateCaller } from './callers';
import { ConnectionPool } from './connections';
import { ServiceConfigError } from './errors';
import { IdempotencyStore } from './idempotency';
import { SERVICE_ROUTES } from './routes';
import { buildService } from './server';
import { type ServiceTls, type ServiceTlsFiles, departmentTlsFiles, loadServiceTls, readCertificates } from './tls';

const ROOT = path.resolve(__dirname, '..', '..');
const USAGE = `usage:
  npm run service -- --department KEY [--host ADDRESS] [--port N]
                     [--tls [--tls-cert FILE --tls-key FILE] [--client-ca FILE]...]
  npm run service -- keys add --department KEY --name NAME [--identity user|admin|clerk:NAME]
  npm run service -- keys list|remove --department KEY [--name NAME]
  npm run service -- callers add --department KEY --name NAME --cert FILE [--identity user|admin|clerk:NAME]
                     [--client-ca FILE]...
  npm run service -- callers list|remove --department KEY [--name NAME]
  npm run service -- --help`;

const HELP = `${USAGE}

Runs a department's REST service and web console, by default on HTTP at the last port of the department's
block. Every /v1 request acts as one identity of the department's wallet, named by its credential:

  API key             keys add prints a key once (Authorization: Bearer <key> or X-API-Key); the service keeps
                      its SHA-256 in <home>/service/<department>/api-keys.json.
  client certificate  with --tls only. callers add binds a certificate (by the SHA-256 of its DER) to an
                      identity in <home>/service/<department>/callers.json; the certificate must be signed by a
                      client CA and valid. A request without an API key is then authenticated by its bound
                      certificate; an unbound, expired or untrusted one, or none, is refused with 401.

keys list and callers list show names, identities and dates (never a key); keys remove and callers remove
revoke one. A running service reads both files again within two seconds of a change (and on SIGHUP): a key
or caller added is accepted, one removed is refused, without a restart. A file it cannot accept (not JSON,
a bad entry) is logged as an error and refuses every credential in it until it is mended.

--tls               HTTPS, asking every client for a certificate. /healthz, /metrics and the console are
                    served without one; /v1 takes an API key or a bound certificate (an API key, when sent,
                    decides). Default server certificate: the one the network issued from the department's
                    TLS CA for its servers beside the peer (peers/chaincode.<domain>/tls/server.crt, names
                    localhost, 127.0.0.1 and the department's address); callers verify it with the
                    department's TLS CA (tlsca/tlsca.<domain>-cert.pem).
--tls-cert, --tls-key  another server certificate and key (PEM), e.g. one enrolled from the TLS CA.
--client-ca FILE    a CA whose client certificates are accepted (repeatable). Default: the department's TLS
                    CA (its users' tls/client.crt) and its identity CA (enrolment certificates, e.g. a clerk's).
--identity          user (default), admin or clerk:NAME (a clerk of the department's wallet).`;

/** Where a department's service keeps its files. */
export function serviceDir(home: string, department: string): string {
  return path.join(home, 'service', department);
}

interface DepartmentHost {
  readonly key: string;
  readonly org: OrgLayout;
  readonly ip: string;
  readonly port: number;
  readonly home: string;
  /** The department's network namespace, on a network of separate hosts (`hosts: namespaces`). */
  readonly netns: string | undefined;
}

function departmentOf(key: string | undefined): DepartmentHost {
  if (key === undefined) throw new ServiceConfigError(`--department is required\n${USAGE}`);
  const layout = currentLayout(ROOT);
  const org = layout.orgs.find((o) => o.department.key === key);
  if (org === undefined) {
    const known = layout.orgs.map((o) => o.department.key).join(', ');
    throw new ServiceConfigError(`no department ${key} in the network (its departments: ${known})`);
  }
  return {
    key,
    org,
    ip: org.machine.ip,
    port: org.peer.servicePort,
    home: layout.paths.home,
    netns: org.machine.netns,
  };
}

function portOf(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ServiceConfigError(`--port takes a port number from 1 to 65535, not ${JSON.stringify(value)}`);
  }
  return port;
}

/**
 * On a network of separate hosts the service runs on its department's host, as its peer does: this command
 * runs itself again in the department's namespace (`ip netns exec`), passes signals on and exits as it does.
 */
function onDepartmentHost(netns: string, argv: readonly string[]): void {
  const child = spawn('ip', ['netns', 'exec', netns, process.execPath, __filename, ...argv], {
    stdio: 'inherit',
    env: { ...process.env, [IN_NETNS]: netns },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}

const IN_NETNS = 'GOVCHAIN_SERVICE_NETNS';

/** The command line's options, as parseArgs gives them. */
interface Values {
  readonly department?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: string | undefined;
  readonly name?: string | undefined;
  readonly identity?: string | undefined;
  readonly cert?: string | undefined;
  readonly tls?: boolean | undefined;
  readonly 'tls-cert'?: string | undefined;
  readonly 'tls-key'?: string | undefined;
  readonly 'client-ca'?: string[] | undefined;
}

/** Refuses options that belong to another command. */
function refuseOptions(values: Values, names: readonly (keyof Values)[], command: string): void {
  const given = names.filter((n) => values[n] !== undefined).map((n) => `--${n}`);
  if (given.length > 0) throw new ServiceConfigError(`${given.join(', ')}: not an option of ${command}\n${USAGE}`);
}

/** The TLS files: the department's defaults, replaced by what the command line gives. */
function tlsFilesOf(values: Values, org: OrgLayout): ServiceTlsFiles {
  const defaults = departmentTlsFiles(org);
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  return {
    cert: cert === undefined ? defaults.cert : path.resolve(cert),
    key: key === undefined ? defaults.key : path.resolve(key),
    clientCas: (values['client-ca'] ?? defaults.clientCas).map((f) => path.resolve(f)),
  };
}

async function serve(values: Values, argv: readonly string[]): Promise<void> {
  refuseOptions(values, ['name', 'identity', 'cert'], 'the service (they belong to keys add and callers add)');
  if (values.tls !== true) refuseOptions(values, ['tls-cert', 'tls-key', 'client-ca'], 'the service without --tls');
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new ServiceConfigError(`--tls-cert and --tls-key go together\n${USAGE}`);
  }
  const department = departmentOf(values.department);
  if (department.netns !== undefined && process.env[IN_NETNS] !== department.netns) {
    onDepartmentHost(department.netns, argv);
    return;
  }
  const port = portOf(values.port, department.port);
  const host = values.host ?? department.ip;
  const dir = serviceDir(department.home, department.key);
  const keysFile = path.join(dir, 'api-keys.json');
  const keys = ApiKeys.read(keysFile, department.key);
  const callersFile = path.join(dir, 'callers.json');
  const callers = CertificateCallers.read(callersFile, department.key);
  const tls: ServiceTls | undefined =
    values.tls === true ? loadServiceTls(tlsFilesOf(values, department.org)) : undefined;
  const pool = new ConnectionPool(department.key, path.join(department.home, 'profiles'));
  const app = await buildService({
    department: department.key,
    keys,
    callers,
    ...(tls === undefined ? {} : { tls }),
    routes: SERVICE_ROUTES,
    clientsFor: (identity) => pool.clientsFor(identity),
    idempotency: new IdempotencyStore(path.join(dir, 'idempotency.jsonl')),
  });
  // Credentials added or revoked while the service runs take effect without a restart. A file that cannot be
  // accepted refuses every credential in it (failing closed: a revocation must never be undone by a typo).
  const readOrRefuse = <T>(file: string, read: () => T, none: T): T => {
    try {
      return read();
    } catch (err) {
      app.log.error({ file, problem: err instanceof Error ? err.message : String(err) }, 'credentials refused');
      return none;
    }
  };
  const reload = (): void => {
    keys.replaceWith(readOrRefuse(keysFile, () => ApiKeys.read(keysFile, department.key), ApiKeys.none()));
    callers.replaceWith(
      readOrRefuse(callersFile, () => CertificateCallers.read(callersFile, department.key), CertificateCallers.none()),
    );
    app.log.info({ keys: keys.size, callers: callers.size }, 'credentials read');
  };
  for (const file of [keysFile, callersFile]) watchFile(file, { interval: 1000 }, reload);
  process.on('SIGHUP', reload);
  const stop = (): void => {
    for (const file of [keysFile, callersFile]) unwatchFile(file, reload);
    void app.close().then(() => pool.close());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ host, port });
  if (tls === undefined && callers.size > 0) {
    app.log.warn(`${callersFile} binds ${callers.size} certificate(s): they are accepted only with --tls`);
  }
  if (keys.size === 0 && (tls === undefined || callers.size === 0)) {
    app.log.warn(
      `no API keys in ${dir}${tls === undefined ? '' : ' and no certificate callers'}: every /v1 request is refused (npm run service -- keys add …)`,
    );
  }
}

function addKey(values: Values): void {
  refuseOptions(values, ['cert', 'tls', 'tls-cert', 'tls-key', 'client-ca', 'host', 'port'], 'keys add');
  if (values.name === undefined) throw new ServiceConfigError(`keys add needs --name\n${USAGE}`);
  const identity = values.identity ?? 'user';
  const department = departmentOf(values.department);
  const file = path.join(serviceDir(department.home, department.key), 'api-keys.json');
  const key = addApiKey(file, department.key, values.name, identity);
  process.stdout.write(`${key}\n`);
  process.stderr.write(`service: key ${values.name} (acts as ${identity}) added to ${file}; shown once\n`);
}

function addCaller(values: Values): void {
  refuseOptions(values, ['tls', 'tls-cert', 'tls-key', 'host', 'port'], 'callers add');
  if (values.name === undefined) throw new ServiceConfigError(`callers add needs --name\n${USAGE}`);
  if (values.cert === undefined) throw new ServiceConfigError(`callers add needs --cert FILE\n${USAGE}`);
  const identity = values.identity ?? 'user';
  const department = departmentOf(values.department);
  const caFiles = (values['client-ca'] ?? departmentTlsFiles(department.org).clientCas).map((f) => path.resolve(f));
  const clientCas = caFiles.flatMap((f) => readCertificates(f, '--client-ca'));
  const file = path.join(serviceDir(department.home, department.key), 'callers.json');
  const entry = addCertificateCaller(file, department.key, values.name, path.resolve(values.cert), identity, clientCas);
  process.stdout.write(`${entry.sha256}\n`);
  process.stderr.write(
    `service: caller ${entry.name} (certificate ${entry.subject.replaceAll('\n', ', ')}, until ${entry.notAfter}) acts as ${identity}; added to ${file}\n`,
  );
}

/** `keys list`, `callers list`: one line per credential — name, identity, dates; never a key. */
function listCredentials(command: 'keys list' | 'callers list', values: Values): void {
  refuseOptions(
    values,
    ['name', 'identity', 'cert', 'tls', 'tls-cert', 'tls-key', 'client-ca', 'host', 'port'],
    command,
  );
  const department = departmentOf(values.department);
  const dir = serviceDir(department.home, department.key);
  const lines =
    command === 'keys list'
      ? ApiKeys.read(path.join(dir, 'api-keys.json'), department.key).entries.map(
          (k) => `${k.name}\t${k.identity}\tcreated ${k.createdAt}`,
        )
      : CertificateCallers.read(path.join(dir, 'callers.json'), department.key).entries.map(
          (c) =>
            `${c.name}\t${c.identity}\tcreated ${c.createdAt}\tuntil ${c.notAfter}\t${c.subject.replaceAll('\n', ', ')}`,
        );
  process.stdout.write(lines.map((l) => `${l}\n`).join(''));
}

/** `keys remove`, `callers remove`: revokes one by name; a running service refuses it within seconds. */
function removeCredential(command: 'keys remove' | 'callers remove', values: Values): void {
  refuseOptions(values, ['identity', 'cert', 'tls', 'tls-cert', 'tls-key', 'client-ca', 'host', 'port'], command);
  if (values.name === undefined) throw new ServiceConfigError(`${command} needs --name\n${USAGE}`);
  const department = departmentOf(values.department);
  const dir = serviceDir(department.home, department.key);
  if (command === 'keys remove') removeApiKey(path.join(dir, 'api-keys.json'), department.key, values.name);
  else removeCertificateCaller(path.join(dir, 'callers.json'), department.key, values.name);
  process.stderr.write(`service: ${command === 'keys remove' ? 'key' : 'caller'} ${values.name} removed\n`);
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      department: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      name: { type: 'string' },
      identity: { type: 'string' },
      cert: { type: 'string' },
      tls: { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'client-ca': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const command = positionals.join(' ');
  if (command === '') return serve(values, argv);
  if (command === 'keys add') addKey(values);
  else if (command === 'callers add') addCaller(values);
  else if (command === 'keys list' || command === 'callers list') listCredentials(command, values);
  else if (command === 'keys remove' || command === 'callers remove') removeCredential(command, values);
  else throw new ServiceConfigError(`unknown command ${command}\n${USAGE}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`service: ${message}\n`);
    process.exit(
      err instanceof ServiceConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true
        ? 2
        : 1,
    );
  });
}
