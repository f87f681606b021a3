/**
 * Certificate callers: department systems that call the service over HTTPS with a client certificate instead of
 * an API key. Each caller is one certificate, bound by the SHA-256 of its DER to one identity of the
 * department's wallet (`user`, `admin` or `clerk:<name>`), as an API key is; a request whose certificate a
 * client CA verified and this file binds acts as that identity. A renewed certificate is a new caller entry.
 *
 * The file, `<home>/service/<department>/callers.json`:
 * ```json
 * { "department": "tax", "callers": [ { "name": "archive", "sha256": "…", "identity": "user",
 *   "subject": "CN=User1@tax.gov.local…", "issuer": "CN=tlsca.tax.gov.local…", "notAfter": "…", "createdAt": "…" } ] }
 * ```
 */
import type { X509Certificate } from 'node:crypto';
import { CALLER_NAME, IDENTITY } from './api-keys';
import { ServiceConfigError } from './errors';
import { readCheckedJson, writePrivateJson } from './files';
import { fingerprintOf, readCertificates } from './tls';

/** One caller as the file keeps it. */
export interface CertificateCallerEntry {
  /** Who it is, e.g. `archive` (1–64 of a–z, 0–9, `-`). */
  readonly name: string;
  /** SHA-256 of the certificate's DER, lowercase hex. */
  readonly sha256: string;
  /** `user`, `admin` or `clerk:<name>`: the wallet identity its requests act as. */
  readonly identity: string;
  /** The certificate's subject and issuer (one name per line) and end of validity, for whoever reads the file. */
  readonly subject: string;
  readonly issuer: string;
  readonly notAfter: string;
  /** When it was bound (ISO-8601). */
  readonly createdAt: string;
}

interface CallersDocument {
  readonly department: string;
  readonly callers: CertificateCallerEntry[];
}

const HEX64 = /^[0-9a-f]{64}$/;

function entryProblems(entry: unknown, at: string, seen: { names: Set<string>; hashes: Set<string> }): string[] {
  if (typeof entry !== 'object' || entry === null) return [`${at} must be an object`];
  const { name, sha256, identity, subject, issuer, notAfter, createdAt } = entry as Record<string, unknown>;
  const problems: string[] = [];
  const unique = (value: unknown, pattern: RegExp, set: Set<string>, rule: string, twice: string): void => {
    if (typeof value !== 'string' || !pattern.test(value)) problems.push(rule);
    else if (set.has(value)) problems.push(twice);
    else set.add(value);
  };
  unique(name, CALLER_NAME, seen.names, `${at}.name must be 1–64 of a–z, 0–9 and -`, `${at}.name is given twice`);
  unique(sha256, HEX64, seen.hashes, `${at}.sha256 must be 64 lowercase hex digits`, `${at}.sha256 is bound twice`);
  if (typeof identity !== 'string' || !IDENTITY.test(identity)) {
    problems.push(`${at}.identity must be user, admin or clerk:<name>`);
  }
  if (typeof subject !== 'string' || typeof issuer !== 'string') problems.push(`${at}.subject and .issuer: text`);
  for (const [field, value] of Object.entries({ notAfter, createdAt })) {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      problems.push(`${at}.${field} must be an ISO-8601 time`);
    }
  }
  return problems;
}

function problemsOf(department: string, doc: unknown): string[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return ['the file must hold a JSON object'];
  const { department: owner, callers } = doc as Record<string, unknown>;
  const problems: string[] = [];
  if (owner !== department) problems.push(`department must be ${JSON.stringify(department)}`);
  if (!Array.isArray(callers)) return [...problems, 'callers must be a list'];
  const seen = { names: new Set<string>(), hashes: new Set<string>() };
  callers.forEach((entry: unknown, i) => problems.push(...entryProblems(entry, `callers[${i}]`, seen)));
  return problems;
}

/** A department's certificate callers, read from their file. */
export class CertificateCallers {
  #bySha256: ReadonlyMap<string, CertificateCallerEntry>;

  private constructor(entries: readonly CertificateCallerEntry[]) {
    this.#bySha256 = new Map(entries.map((e) => [e.sha256, e]));
  }

  /**
   * Reads and checks the file; every problem is reported at once.
   *
   * @param file - the callers file
   * @param department - the department the service runs for
   * @returns the callers (none when the file does not exist)
   * @throws ServiceConfigError listing the file's problems
   */
  static read(file: string, department: string): CertificateCallers {
    const doc = readCheckedJson(file, (d) => problemsOf(department, d)) as CallersDocument | undefined;
    return new CertificateCallers(doc?.callers ?? []);
  }

  /** No credentials at all: every request is refused. */
  static none(): CertificateCallers {
    return new CertificateCallers([]);
  }

  /** How many callers there are. */
  get size(): number {
    return this.#bySha256.size;
  }

  /** The callers, as the file keeps them. */
  get entries(): readonly CertificateCallerEntry[] {
    return [...this.#bySha256.values()];
  }

  /** Takes the callers of `other` in place of these (a running service reading its file again). */
  replaceWith(other: CertificateCallers): void {
    this.#bySha256 = other.#bySha256;
  }

  /**
   * @param sha256 - the fingerprint of a certificate a client CA verified
   * @returns the caller it is bound to, or undefined
   */
  find(sha256: string): CertificateCallerEntry | undefined {
    return this.#bySha256.get(sha256);
  }
}

/**
 * Binds a certificate to an identity: adds a caller to the file (replacing the file whole).
 *
 * @param file - the callers file (made, with its directory, when absent)
 * @param department - the department the service runs for
 * @param name - who the caller is
 * @param certFile - its certificate (PEM, exactly one)
 * @param identity - `user`, `admin` or `clerk:<name>`
 * @param clientCas - the CAs the service trusts for client certificates: one of them must have signed it
 * @param now - the time it is bound (the certificate must be valid then)
 * @returns the new entry
 * @throws ServiceConfigError for a bad name or identity, a missing, unparsable, expired or CA certificate, one
 * no client CA signed, a name or certificate already bound, or a bad file
 */
export function addCertificateCaller(
  file: string,
  department: string,
  name: string,
  certFile: string,
  identity: string,
  clientCas: readonly X509Certificate[],
  now = new Date(),
): CertificateCallerEntry {
  if (!CALLER_NAME.test(name)) {
    throw new ServiceConfigError(`caller name ${JSON.stringify(name)}: 1–64 of a–z, 0–9 and -`);
  }
  if (!IDENTITY.test(identity)) {
    throw new ServiceConfigError(`identity ${JSON.stringify(identity)}: user, admin or clerk:<name>`);
  }
  const certs = readCertificates(certFile, '--cert');
  const [cert] = certs;
  if (cert === undefined || certs.length !== 1) {
    throw new ServiceConfigError(`--cert ${certFile}: one certificate, not ${certs.length}`);
  }
  if (cert.ca) throw new ServiceConfigError(`--cert ${certFile}: a CA certificate, not a caller's`);
  if (Date.parse(cert.validTo) <= now.getTime()) {
    throw new ServiceConfigError(`--cert ${certFile}: the certificate expired on ${cert.validTo}`);
  }
  if (!clientCas.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey))) {
    throw new ServiceConfigError(
      `--cert ${certFile}: issued by ${cert.issuer.replaceAll('\n', ', ')}, which is not a client CA of the service`,
    );
  }
  // A bad file is refused before anything changes.
  const doc = (readCheckedJson(file, (d) => problemsOf(department, d)) as CallersDocument | undefined) ?? {
    department,
    callers: [],
  };
  const sha256 = fingerprintOf(cert);
  if (doc.callers.some((c) => c.name === name)) throw new ServiceConfigError(`a caller named ${name} exists already`);
  const bound = doc.callers.find((c) => c.sha256 === sha256);
  if (bound !== undefined) throw new ServiceConfigError(`--cert ${certFile} is bound already, to ${bound.name}`);
  const entry: CertificateCallerEntry = {
    name,
    sha256,
    identity,
    subject: cert.subject,
    issuer: cert.issuer,
    notAfter: new Date(cert.validTo).toISOString(),
    createdAt: now.toISOString(),
  };
  doc.callers.push(entry);
  writePrivateJson(file, doc);
  return entry;
}

/**
 * Unbinds a caller: removes it from the file (replacing the file whole). A running service reads the file
 * again within a few seconds and refuses the certificate from then on.
 *
 * @param file - the callers file
 * @param department - the department the service runs for
 * @param name - the caller's name
 * @returns the removed entry
 * @throws ServiceConfigError when there is no such caller, or the file is bad
 */
export function removeCertificateCaller(file: string, department: string, name: string): CertificateCallerEntry {
  const doc = readCheckedJson(file, (d) => problemsOf(department, d)) as CallersDocument | undefined;
  const entry = doc?.callers.find((c) => c.name === name);
  if (doc === undefined || entry === undefined) throw new ServiceConfigError(`no caller named ${name} in ${file}`);
  writePrivateJson(file, { ...doc, callers: doc.callers.filter((c) => c !== entry) });
  return entry;
}
