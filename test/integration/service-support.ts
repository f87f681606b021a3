/**
 * Department services for the integration tests: each started as its own process by `npm run service`'s
 * script, with an API key made by its `keys add` command, logging into the network's log directory (so the
 * privacy scan of every log reads it too). The tests hold each child process and stop only those.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentLayout } from '@govchain/network';
import { HOME, ROOT } from './support';
import { newEnterpriseCode, newPerson } from './test-data';

/** A running service and the key the tests call it with. */
export interface Service {
  readonly department: string;
  readonly base: string;
  readonly key: string;
  readonly child: ChildProcess;
}

const CLI = path.join(ROOT, 'service', 'dist', 'cli.js');

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Starts a department's service with a fresh API key (acting as its `user`); resolves once healthy. */
export async function startService(department: string): Promise<Service> {
  const key = execFileSync(
    process.execPath,
    [
      CLI,
      'keys',
      'add',
      '--department',
      department,
      '--name',
      `test-${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`,
    ],
    { encoding: 'utf8', env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
  const log = openSync(path.join(HOME, 'logs', `service-${department}.log`), 'a');
  const child = spawn(process.execPath, [CLI, '--department', department], {
    stdio: ['ignore', log, log],
    env: process.env,
  });
  const org = currentLayout(ROOT).orgs.find((o) => o.department.key === department);
  const base = `http://${org?.machine.ip ?? '127.0.0.1'}:${org?.peer.servicePort ?? 0}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) return { department, base, key, child };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill();
  throw new Error(`the ${department} service did not become healthy at ${base}`);
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
