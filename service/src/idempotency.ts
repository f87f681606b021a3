/**
 * Idempotent writes: every write carries an `Idempotency-Key` (8–64 of letters, digits, `. _ : -`, e.g. a
 * UUID). The first request with a key runs; its response is kept for a day, per API key, in memory and in an
 * append-only file that a restart reads back. A retry with the same key and the same request gets that
 * response again (`Idempotent-Replayed: true`) and sends no transaction; the same key with another request is
 * refused (422 `IDEMPOTENCY_KEY_REUSED`); a retry while the first is still running is told to wait (409
 * `IDEMPOTENCY_KEY_IN_USE`, `Retry-After`).
 *
 * Not kept: responses that say nothing was sent or written and that asking again may succeed — 503 (network
 * unavailable) and 429 (rate limited). A retry with that key runs again.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { canonicalJson } from '@govchain/protocol';

/** The pattern of an `Idempotency-Key` (the chaincodes' own request-id rule). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$/;

/** How long a response is kept for retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A response as it is replayed. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What {@link IdempotencyStore.begin} found. */
export type Begin =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'running' }
  | { readonly kind: 'mismatch' };

interface Entry {
  readonly owner: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly at: number;
  response?: StoredResponse;
}

/**
 * What identifies a request for its key: method, route and body.
 *
 * @returns SHA-256 of their canonical JSON
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson({ method, url, body: body ?? null }))
    .digest('hex');
}

/** Responses kept for retries, by API key and idempotency key. */
export class IdempotencyStore {
  readonly #entries = new Map<string, Entry>();
  readonly #file: string | undefined;
  readonly #now: () => number;
  /** Lines in the file (kept and expired). */
  #lines = 0;

  /**
   * @param file - where finished responses are appended (undefined: memory only); read back, less what has
   * expired, when the store is made
   * @param now - the clock (milliseconds)
   */
  constructor(file: string | undefined, now: () => number = Date.now) {
    this.#file = file;
    this.#now = now;
    if (file !== undefined) this.#load(file);
  }

  #load(file: string): void {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const cutoff = this.#now() - IDEMPOTENCY_TTL_MS;
    const loaded: Entry[] = [];
    for (const line of existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as Entry;
        if (entry.at >= cutoff && entry.response !== undefined) loaded.push(entry);
      } catch {
        // a torn last line from a crash: that request did not finish, and a retry runs it
      }
    }
    // Lines are in the order requests finished; kept in the order they began, as new ones are (#expire).
    for (const entry of loaded.sort((a, b) => a.at - b.at)) this.#entries.set(id(entry.owner, entry.key), entry);
    this.#rewrite();
  }

  /**
   * Writes the file again with what is kept, not what expired. Appends reopen the file by its name (as
   * `appendFileSync` does), so another instance's rewrite of the same file loses nothing of this one's.
   */
  #rewrite(): void {
    const file = this.#file;
    if (file === undefined) return;
    const kept = [...this.#entries.values()].filter((e) => e.response !== undefined);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, kept.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
    renameSync(temp, file);
    this.#lines = kept.length;
  }

  /** Forgets what expired: entries are in the order they were made, so the oldest are first. */
  #expire(): void {
    const cutoff = this.#now() - IDEMPOTENCY_TTL_MS;
    for (const [name, entry] of this.#entries) {
      if (entry.at >= cutoff) break;
      this.#entries.delete(name);
    }
    // The file is written again when most of its lines are of what has expired, so it does not grow for ever.
    if (this.#lines > 1000 && this.#lines > 2 * this.#entries.size) this.#rewrite();
  }

  /**
   * Looks a key up, and claims it when it is new.
   *
   * @param owner - the API key's name
   * @param key - the Idempotency-Key
   * @param fingerprint - {@link requestFingerprint} of the request
   */
  begin(owner: string, key: string, fingerprint: string): Begin {
    this.#expire();
    const found = this.#entries.get(id(owner, key));
    if (found !== undefined && found.at >= this.#now() - IDEMPOTENCY_TTL_MS) {
      if (found.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return found.response === undefined ? { kind: 'running' } : { kind: 'replay', response: found.response };
    }
    this.#entries.set(id(owner, key), { owner, key, fingerprint, at: this.#now() });
    return { kind: 'new' };
  }

  /** Keeps the response of a claimed key (or frees the key when the response is one a retry should not get). */
  finish(owner: string, key: string, response: StoredResponse): void {
    const entry = this.#entries.get(id(owner, key));
    if (entry === undefined) return;
    if (response.status === 503 || response.status === 429) {
      this.#entries.delete(id(owner, key));
      return;
    }
    entry.response = response;
    if (this.#file !== undefined) {
      appendFileSync(this.#file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
      this.#lines++;
    }
  }

  /** Frees a claimed key whose request ended before it was handled (e.g. the connection failed). */
  release(owner: string, key: string): void {
    const entry = this.#entries.get(id(owner, key));
    if (entry?.response === undefined) this.#entries.delete(id(owner, key));
  }
}

function id(owner: string, key: string): string {
  return `${owner}\u0000${key}`;
}
