#!/usr/bin/env node
/**
 * npm run service -- --department KEY [--host ADDRESS] [--port N]
 * npm run service -- keys add --department KEY --name NAME [--identity user|admin|clerk:NAME]
 *
 * Runs one department's REST service (address and port from the running network's layout: the last port of
 * the department's block, e.g. 27199 for the first department of a network on base port 27000), or makes an
 * API key for it (printed once; the keys file keeps its SHA-256 only). Everything given is checked before
 * anything starts.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { currentLayout } from '@govchain/network';
import { addApiKey, ApiKeys } from './api-keys';
import { ConnectionPool } from './connections';
import { ServiceConfigError } from './errors';
import { IdempotencyStore } from './idempotency';
import { SERVICE_ROUTES } from './routes';
import { buildService } from './server';

const ROOT = path.resolve(__dirname, '..', '..');
const USAGE = `usage:
  npm run service -- --department KEY [--host ADDRESS] [--port N]
  npm run service -- keys add --department KEY --name NAME [--identity user|admin|clerk:NAME]`;

/** Where a department's service keeps its files. */
export function serviceDir(home: string, department: string): string {
  return path.join(home, 'service', department);
}

interface DepartmentHost {
  readonly key: string;
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
  return { key, ip: org.machine.ip, port: org.peer.servicePort, home: layout.paths.home, netns: org.machine.netns };
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

async function serve(values: Record<string, string | undefined>, argv: readonly string[]): Promise<void> {
  const department = departmentOf(values.department);
  if (department.netns !== undefined && process.env[IN_NETNS] !== department.netns) {
    onDepartmentHost(department.netns, argv);
    return;
  }
  const port = portOf(values.port, department.port);
  const host = values.host ?? department.ip;
  const dir = serviceDir(department.home, department.key);
  const keys = ApiKeys.read(path.join(dir, 'api-keys.json'), department.key);
  const pool = new ConnectionPool(department.key, path.join(department.home, 'profiles'));
  const app = await buildService({
    department: department.key,
    keys,
    routes: SERVICE_ROUTES,
    clientsFor: (identity) => pool.clientsFor(identity),
    idempotency: new IdempotencyStore(path.join(dir, 'idempotency.jsonl')),
  });
  const stop = (): void => {
    void app.close().then(() => pool.close());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ host, port });
  if (keys.size === 0) {
    app.log.warn(`no API keys in ${dir}: every request is refused (npm run service -- keys add …)`);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      department: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      name: { type: 'string' },
      identity: { type: 'string', default: 'user' },
    },
  });
  if (positionals.length === 0) {
    if (values.name !== undefined) throw new ServiceConfigError(`--name belongs to keys add\n${USAGE}`);
    return serve(values, argv);
  }
  if (positionals.join(' ') !== 'keys add')
    throw new ServiceConfigError(`unknown command ${positionals.join(' ')}\n${USAGE}`);
  if (values.name === undefined) throw new ServiceConfigError(`keys add needs --name\n${USAGE}`);
  const department = departmentOf(values.department);
  const file = path.join(serviceDir(department.home, department.key), 'api-keys.json');
  const key = addApiKey(file, department.key, values.name, values.identity);
  process.stdout.write(`${key}\n`);
  process.stderr.write(`service: key ${values.name} (acts as ${values.identity}) added to ${file}; shown once\n`);
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
