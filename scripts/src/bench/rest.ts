/**
 * The department REST service for `npm run bench`: started as its own process by its own command (as a
 * department runs it), with an API key made by `keys add`, and called over keep-alive HTTP/1.1 (undici's
 * connection pool, the HTTP client of Node itself, used directly) — so what the
 * REST rows add to the client rows beside them is the HTTP exchange, the service's authentication,
 * validation, idempotency record and JSON, not a different way of calling Fabric.
 */
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { currentLayout, pathsFor } from '@govchain/network';
import { runServiceCommand, startServiceProcess } from '@govchain/service';
import { Pool } from 'undici';

/** A JSON answer of the service. */
export interface RestAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** One department's running service, with the key the benchmark calls it with. */
export class RestService {
  readonly department: string;
  readonly #child: ChildProcess;
  readonly #key: string;
  readonly #pool: Pool;

  private constructor(department: string, child: ChildProcess, origin: string, key: string) {
    this.department = department;
    this.#child = child;
    this.#key = key;
    // Kept-alive connections, one per request in flight, as a department system's HTTP client would hold.
    this.#pool = new Pool(origin, { connections: 256 });
  }

  /** The service's process id (its CPU is accounted as the `service` component). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * Makes a key (acting as the department's `user`) and starts the service; resolves once `/healthz` answers.
   *
   * @param root - the project root
   * @param department - the department's key, e.g. `tax`
   * @param label - names the key (the bench run's id)
   */
  static async start(root: string, department: string, label: string): Promise<RestService> {
    const key = runServiceCommand([
      'keys',
      'add',
      '--department',
      department,
      '--name',
      `bench-${label.toLowerCase()}-${department}`,
    ]);
    const org = currentLayout(root).orgs.find((o) => o.department.key === department);
    if (org === undefined) throw new Error(`no department ${department} in the running network`);
    const origin = `http://${org.machine.ip}:${org.peer.servicePort}`;
    const probe = new Pool(origin, { connections: 1 });
    try {
      // Info-level access lines are what a department runs with; they are part of what is measured.
      const child = await startServiceProcess(
        ['--department', department],
        path.join(pathsFor(root).logs, `service-${department}-bench.log`),
        async () => {
          const res = await probe.request({ method: 'GET', path: '/healthz' });
          await res.body.dump();
          return res.statusCode === 200;
        },
      );
      return new RestService(department, child, origin, key);
    } finally {
      await probe.destroy();
    }
  }

  /**
   * One request with the service's API key.
   *
   * @param headers - further headers (e.g. Idempotency-Key)
   */
  async request(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RestAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const res = await this.#pool.request({
      method,
      path: url,
      headers: {
        authorization: `Bearer ${this.#key}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  /**
   * A request that must answer `expected`; anything else throws with the problem's code.
   *
   * @returns the answer's body
   */
  async expect(
    expected: number,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<unknown> {
    const answer = await this.request(method, url, body, headers);
    if (answer.status !== expected) {
      const code = (answer.body as { code?: unknown } | undefined)?.code;
      const err = new Error(`${method} ${url}: ${answer.status} ${typeof code === 'string' ? code : ''}`);
      err.name = typeof code === 'string' ? code : `HTTP_${answer.status}`;
      throw err;
    }
    return answer.body;
  }

  /** Stops this service's process (only it) and closes the kept-alive connections. */
  stop(): void {
    void this.#pool.destroy();
    if (this.#child.exitCode === null) this.#child.kill('SIGTERM');
  }
}
