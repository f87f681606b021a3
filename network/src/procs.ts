import { pollUntil } from '@govchain/protocol';
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';
import { NetworkError } from './errors';

/** What a PID file records about a process we started. */
export interface ProcessRecord {
  readonly name: string;
  readonly pid: number;
  /** Kernel start time of the process (clock ticks since boot): tells our process from a recycled PID. */
  readonly startTime: number;
  /** The command as started: behind `ip netns exec <netns>` when it runs in a namespace. */
  readonly command: readonly string[];
  /** The network namespace it runs in (its organization's host, topology `hosts: namespaces`). */
  readonly netns?: string;
  readonly log: string;
  readonly meta: Readonly<Record<string, string>>;
}

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion.
 * @throws NetworkError with the command's last output lines when it exits non-zero.
 */
export function run(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        env: options.env ?? process.env,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        if (err) {
          const tail = failureLines(stderr, stdout);
          reject(
            new NetworkError(`${path.basename(file)} ${args.slice(0, 3).join(' ')} failed: ${tail || err.message}`, {
              cause: err,
            }),
          );
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/**
 * What a failed Fabric tool said, in one line: its `Error:` lines when it printed any (peer, osnadmin and
 * configtxgen print one, then their usage text, whose flag list would otherwise fill the last lines), else
 * its last lines without a usage block.
 *
 * @param stderr - the command's standard error
 * @param stdout - its standard output
 * @returns the lines joined with ` | `
 */
export function failureLines(stderr: string, stdout: string): string {
  const lines = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim());
  const errors = lines.filter((l) => l.startsWith('Error: '));
  if (errors.length > 0) return errors.slice(0, 3).join(' | ');
  const usage = lines.findIndex((l) => l === 'Usage:');
  return lastLines((usage === -1 ? lines : lines.slice(0, usage)).join('\n'), 6);
}

export function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-n)
    .join(' | ');
}

/** Kernel start time of a live process, or undefined when no such process runs. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Resident and peak resident memory of a process in bytes, from /proc. */
export function processMemory(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** The PID files of one runtime directory. */
export class ProcessTable {
  constructor(readonly dir: string) {}

  #file(name: string): string {
    return path.join(this.dir, `${name}.pid.json`);
  }

  read(name: string): ProcessRecord | undefined {
    const file = this.#file(name);
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as ProcessRecord;
    } catch {
      return undefined;
    }
  }

  all(): ProcessRecord[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.pid.json'))
      .sort()
      .map((f) => this.read(f.slice(0, -'.pid.json'.length)))
      .filter((r): r is ProcessRecord => r !== undefined);
  }

  /** True when the recorded process is still the one we started. */
  alive(record: ProcessRecord | undefined): boolean {
    return record !== undefined && processStartTime(record.pid) === record.startTime;
  }

  running(name: string): ProcessRecord | undefined {
    const record = this.read(name);
    return record && this.alive(record) ? record : undefined;
  }

  /** Starts a detached process with output to its log file and records its PID. */
  start(
    name: string,
    command: readonly string[],
    options: { env: NodeJS.ProcessEnv; cwd?: string; log: string; meta?: Record<string, string>; netns?: string },
  ): ProcessRecord {
    // In a network namespace: `ip netns exec` execs the command in place, so the PID is the command's own.
    const inHost = options.netns === undefined ? command : ['ip', 'netns', 'exec', options.netns, ...command];
    const [file, ...args] = inHost;
    if (file === undefined) throw new NetworkError(`no command given for ${name}`);
    mkdirSync(this.dir, { recursive: true });
    mkdirSync(path.dirname(options.log), { recursive: true });
    const fd = openSync(options.log, 'a');
    try {
      const child = spawn(file, args, {
        env: options.env,
        cwd: options.cwd,
        detached: true,
        stdio: ['ignore', fd, fd],
      });
      const pid = child.pid;
      if (pid === undefined) throw new NetworkError(`could not start ${name} (${file})`);
      child.unref();
      const startTime = processStartTime(pid) ?? -1;
      const record: ProcessRecord = {
        name,
        pid,
        startTime,
        command: [...inHost],
        ...(options.netns === undefined ? {} : { netns: options.netns }),
        log: options.log,
        meta: options.meta ?? {},
      };
      writeFileSync(this.#file(name), `${JSON.stringify(record, null, 2)}\n`);
      return record;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Kills one recorded process with SIGKILL at once, as a crash or a pulled plug would (no grace period),
   * and waits until it is gone. The record stays: `network:status` names the process stopped and
   * `network:up` starts it again. Only ever signals our PID.
   *
   * @returns whether a running process was killed
   */
  async kill(name: string): Promise<boolean> {
    const record = this.running(name);
    if (record === undefined) return false;
    signal(record.pid, 'SIGKILL');
    await pollUntil(() => (this.alive(record) ? undefined : true), { timeoutMs: 10_000, intervalMs: 50 });
    return true;
  }

  /** Stops one recorded process: SIGTERM, then SIGKILL after the grace period. Only ever signals our PID. */
  async stop(name: string, graceMs = 10_000): Promise<boolean> {
    const record = this.read(name);
    let stopped = false;
    if (record && this.alive(record)) {
      signal(record.pid, 'SIGTERM');
      const gone = (): true | undefined => (this.alive(record) ? undefined : true);
      if ((await pollUntil(gone, { timeoutMs: graceMs, intervalMs: 100 })) === undefined) {
        signal(record.pid, 'SIGKILL');
        await pollUntil(gone, { timeoutMs: 10_000, intervalMs: 50 });
      }
      stopped = true;
    }
    rmSync(this.#file(name), { force: true });
    return stopped;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** True when something accepts TCP connections on host:port. */
export function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/**
 * GET https://host:port/metrics of an operations endpoint, with or without a TLS client certificate.
 *
 * @param host - the endpoint's address
 * @param port - the endpoint's port
 * @param tls - the TLS CA to verify it against, and the client certificate and key to present, if any
 * @returns the status code (0 when there was no answer within 2 s) and the body
 */
export function getMetrics(
  host: string,
  port: number,
  tls: { ca: Buffer; cert?: Buffer; key?: Buffer },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = https.get({ host, port, path: '/metrics', ...tls, timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.once('timeout', () => {
      req.destroy();
    });
    req.once('error', () => {
      resolve({ status: 0, body: '' });
    });
  });
}

/**
 * GET https://host:port/metrics (Prometheus text) with a TLS client certificate, or undefined when
 * it does not answer 200.
 */
export async function metrics(
  host: string,
  port: number,
  tls: { ca: Buffer; cert: Buffer; key: Buffer },
): Promise<string | undefined> {
  const { status, body } = await getMetrics(host, port, tls);
  return status === 200 ? body : undefined;
}

/**
 * GET /healthz of an operations endpoint.
 *
 * @param host - the endpoint's address
 * @param port - the endpoint's port
 * @param ca - the TLS CA to verify it against (peers, orderers); without it, plain HTTP (the CA servers')
 * @returns true when it answers 200 OK within 2 s
 */
export function healthy(host: string, port: number, ca?: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const options = { host, port, path: '/healthz', timeout: 2000 };
    const answered = (res: http.IncomingMessage): void => {
      res.resume();
      resolve(res.statusCode === 200);
    };
    const req =
      ca === undefined
        ? http.get(options, answered)
        : https.get({ ...options, ca, rejectUnauthorized: true }, answered);
    req.once('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.once('error', () => {
      resolve(false);
    });
  });
}

/**
 * Waits until `check` is true, failing early when the process dies.
 * @throws NetworkError naming the node and quoting its log when it dies or the time runs out.
 */
export async function waitFor(
  table: ProcessTable,
  record: ProcessRecord,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const ready = await pollUntil(
    async () => {
      if (await check()) return true;
      if (!table.alive(record)) {
        throw new NetworkError(`${record.name} exited while starting: ${logTail(record.log)}`);
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
  if (ready === undefined) {
    throw new NetworkError(`${record.name} did not become ${what} within ${timeoutMs / 1000}s: ${logTail(record.log)}`);
  }
}

export function logTail(log: string, lines = 3): string {
  try {
    return lastLines(readFileSync(log, 'utf8'), lines) || '(empty log)';
  } catch {
    return '(no log)';
  }
}

/** At most `size` tasks at once; the others wait their turn, first come first served. */
export class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new NetworkError(`a semaphore needs a size of at least 1, not ${size}`);
    this.free = size;
  }

  /** Runs the task once a slot is free, and frees the slot when it settles. */
  async use<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
