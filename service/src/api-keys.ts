/**
 * API keys: how a department system that cannot hold a Fabric identity calls the service. Each key is bound
 * to one identity of the department's wallet — its `user`, its `admin`, or one clerk (Fabric CA enrolment
 * with a `govchain.role`) — and every request made with the key acts as that identity, so the chaincodes'
 * own role checks apply unchanged. The file keeps only each key's SHA-256; the key itself is shown once,
 * when it is made.
 *
 * The file, `<home>/service/<department>/api-keys.json`:
 * ```json
 * { "department": "tax", "keys": [ { "name": "front-desk", "sha256": "…", "identity": "clerk:alice", "createdAt": "…" } ] }
 * ```
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IdentityChoice } from '@govchain/gateway-client';
import { ServiceConfigError } from './errors';
import { readCheckedJson, writePrivateJson } from './files';

/** One key as the file keeps it. */
export interface ApiKeyEntry {
  /** Who holds it, e.g. `front-desk` (1–64 of a–z, 0–9, `-`). */
  readonly name: string;
  /** SHA-256 of the key, lowercase hex. */
  readonly sha256: string;
  /** `user`, `admin` or `clerk:<name>`: the wallet identity its requests act as. */
  readonly identity: string;
  /** When it was made (ISO-8601). */
  readonly createdAt: string;
}

/** A key's or a certificate caller's name: 1–64 of a–z, 0–9 and `-`. */
export const CALLER_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** The wallet identity a key or a certificate acts as: `user`, `admin` or `clerk:<name>`. */
export const IDENTITY = /^(user|admin|clerk:[A-Za-z0-9][A-Za-z0-9._-]{0,63})$/;
const HEX64 = /^[0-9a-f]{64}$/;
/** Keys begin with this, so that a leaked one is recognisable (e.g. by secret scanners). */
export const API_KEY_PREFIX = 'gck_';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The identity a key's entry acts as, as the gateway client takes it. */
export function identityOf(entry: Pick<ApiKeyEntry, 'identity'>): IdentityChoice {
  if (entry.identity === 'user' || entry.identity === 'admin') return entry.identity;
  return { clerk: entry.identity.slice('clerk:'.length) };
}

function problemsOf(department: string, doc: unknown): string[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return ['the file must hold a JSON object'];
  const { department: owner, keys } = doc as Record<string, unknown>;
  const problems: string[] = [];
  if (owner !== department) problems.push(`department must be ${JSON.stringify(department)}`);
  if (!Array.isArray(keys)) return [...problems, 'keys must be a list'];
  const names = new Set<string>();
  keys.forEach((key: unknown, i) => {
    const at = `keys[${i}]`;
    if (typeof key !== 'object' || key === null) {
      problems.push(`${at} must be an object`);
      return;
    }
    const { name, sha256: hash, identity, createdAt } = key as Record<string, unknown>;
    if (typeof name !== 'string' || !CALLER_NAME.test(name)) problems.push(`${at}.name must be 1–64 of a–z, 0–9 and -`);
    else if (names.has(name)) problems.push(`${at}.name ${name} is given twice`);
    else names.add(name);
    if (typeof hash !== 'string' || !HEX64.test(hash)) problems.push(`${at}.sha256 must be 64 lowercase hex digits`);
    if (typeof identity !== 'string' || !IDENTITY.test(identity)) {
      problems.push(`${at}.identity must be user, admin or clerk:<name>`);
    }
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
      problems.push(`${at}.createdAt must be an ISO-8601 time`);
    }
  });
  return problems;
}

/** A department's API keys, read from its file. */
export class ApiKeys {
  #entries: readonly ApiKeyEntry[];

  private constructor(entries: readonly ApiKeyEntry[]) {
    this.#entries = entries;
  }

  /**
   * Reads and checks the file; every problem is reported at once.
   *
   * @param file - the keys file
   * @param department - the department the service runs for
   * @returns the keys (none when the file does not exist: every request is then refused)
   * @throws ServiceConfigError listing the file's problems
   */
  static read(file: string, department: string): ApiKeys {
    const doc = readCheckedJson(file, (d) => problemsOf(department, d)) as { keys: ApiKeyEntry[] } | undefined;
    return new ApiKeys(doc?.keys ?? []);
  }

  /** No credentials at all: every request is refused. */
  static none(): ApiKeys {
    return new ApiKeys([]);
  }

  /** How many keys there are. */
  get size(): number {
    return this.#entries.length;
  }

  /** The keys, as the file keeps them (hashes, never keys). */
  get entries(): readonly ApiKeyEntry[] {
    return this.#entries;
  }

  /** Takes the keys of `other` in place of these (a running service reading its file again). */
  replaceWith(other: ApiKeys): void {
    this.#entries = other.#entries;
  }

  /**
   * @param presented - the key a request carries
   * @returns its entry, or undefined when no key matches (compared by hash, in constant time per entry)
   */
  find(presented: string): ApiKeyEntry | undefined {
    const digest = Buffer.from(sha256(presented), 'hex');
    return this.#entries.find((entry) => timingSafeEqual(Buffer.from(entry.sha256, 'hex'), digest));
  }
}

/**
 * Makes a key and adds it to the file (replacing the file whole). The key is returned once and never stored.
 *
 * @param file - the keys file (made, with its directory, when absent)
 * @param department - the department the service runs for
 * @param name - who holds the key
 * @param identity - `user`, `admin` or `clerk:<name>`
 * @param now - the time it is made
 * @returns the new key
 * @throws ServiceConfigError for a bad name or identity, a name already used, or a bad file
 */
export function addApiKey(file: string, department: string, name: string, identity: string, now = new Date()): string {
  if (!CALLER_NAME.test(name)) throw new ServiceConfigError(`key name ${JSON.stringify(name)}: 1–64 of a–z, 0–9 and -`);
  if (!IDENTITY.test(identity)) {
    throw new ServiceConfigError(`identity ${JSON.stringify(identity)}: user, admin or clerk:<name>`);
  }
  // A bad file is refused before anything changes.
  const doc = (readCheckedJson(file, (d) => problemsOf(department, d)) as
    { department: string; keys: ApiKeyEntry[] } | undefined) ?? { department, keys: [] };
  if (doc.keys.some((k) => k.name === name)) throw new ServiceConfigError(`a key named ${name} exists already`);
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  doc.keys.push({ name, sha256: sha256(key), identity, createdAt: now.toISOString() });
  writePrivateJson(file, doc);
  return key;
}

/**
 * Revokes a key: removes it from the file (replacing the file whole). A running service reads the file again
 * within a few seconds and refuses the key from then on.
 *
 * @param file - the keys file
 * @param department - the department the service runs for
 * @param name - the key's name
 * @returns the removed entry
 * @throws ServiceConfigError when there is no such key, or the file is bad
 */
export function removeApiKey(file: string, department: string, name: string): ApiKeyEntry {
  const doc = readCheckedJson(file, (d) => problemsOf(department, d)) as
    { department: string; keys: ApiKeyEntry[] } | undefined;
  const entry = doc?.keys.find((k) => k.name === name);
  if (doc === undefined || entry === undefined) throw new ServiceConfigError(`no key named ${name} in ${file}`);
  writePrivateJson(file, { ...doc, keys: doc.keys.filter((k) => k !== entry) });
  return entry;
}
