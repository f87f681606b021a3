/**
 * HTTPS with client certificates. The service's server certificate is, unless another is given, the one the
 * network issued from the department's TLS CA for the department's own servers beside its peer (the chaincode
 * servers' `peers/chaincode.<domain>/tls/server.*`, names `localhost`, `127.0.0.1` and the department's
 * address): callers already trust that CA through the department's connection profile. The handshake asks
 * every client for a certificate and accepts those of the department's CAs — its TLS CA (TLS client
 * certificates, `users/<User@domain>/tls/client.crt`) and its identity CA (enrolment certificates, e.g. a
 * clerk's) — but lets a client without one in, so that `/healthz` and the console stay reachable; which
 * requests a certificate authenticates is the service's decision, per request (`callers.ts`).
 */
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { OrgLayout } from '@govchain/network';
import { ServiceConfigError } from './errors';

/** What the HTTPS server is made with. */
export interface ServiceTls {
  /** The server's certificate (PEM; its chain after it, if any). */
  readonly cert: string;
  /** Its private key (PEM). */
  readonly key: string;
  /** The CAs whose client certificates the handshake verifies (PEM each). */
  readonly clientCas: readonly string[];
}

/** Where a {@link ServiceTls} is read from. */
export interface ServiceTlsFiles {
  readonly cert: string;
  readonly key: string;
  readonly clientCas: readonly string[];
}

/** SHA-256 of a certificate's DER, lowercase hex: how a caller's certificate is bound. */
export function fingerprintOf(certificate: X509Certificate | Buffer): string {
  return createHash('sha256')
    .update(certificate instanceof X509Certificate ? certificate.raw : certificate)
    .digest('hex');
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/**
 * Every certificate of a PEM file.
 *
 * @param file - the file
 * @param what - what it is, for the message (`--cert`, `--client-ca`, …)
 * @returns its certificates, at least one
 * @throws ServiceConfigError when the file is missing or holds no certificate, or one that does not parse
 */
export function readCertificates(file: string, what: string): X509Certificate[] {
  if (!existsSync(file)) throw new ServiceConfigError(`${what} ${file}: no such file`);
  const blocks = readFileSync(file, 'utf8').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new ServiceConfigError(`${what} ${file}: no PEM certificate in it`);
  return blocks.map((pem) => {
    try {
      return new X509Certificate(pem);
    } catch (err) {
      throw new ServiceConfigError(`${what} ${file}: not a certificate (${(err as Error).message})`);
    }
  });
}

function requireCurrent(certificate: X509Certificate, what: string, now: Date): void {
  if (Date.parse(certificate.validTo) <= now.getTime()) {
    throw new ServiceConfigError(`${what}: the certificate expired on ${certificate.validTo}`);
  }
  if (Date.parse(certificate.validFrom) > now.getTime()) {
    throw new ServiceConfigError(`${what}: the certificate is not valid before ${certificate.validFrom}`);
  }
}

/**
 * Reads and checks the server's certificate and key and the client CAs.
 *
 * @param files - the files
 * @param now - the time they must be valid at
 * @returns the material, as PEM
 * @throws ServiceConfigError for a missing or unparsable file, an expired certificate, a key that is not the
 * certificate's, or a client CA that is not a CA
 */
export function loadServiceTls(files: ServiceTlsFiles, now = new Date()): ServiceTls {
  const [leaf] = readCertificates(files.cert, '--tls-cert');
  if (leaf === undefined) throw new ServiceConfigError(`--tls-cert ${files.cert}: no certificate`);
  requireCurrent(leaf, `--tls-cert ${files.cert}`, now);
  if (!existsSync(files.key)) throw new ServiceConfigError(`--tls-key ${files.key}: no such file`);
  const key = readFileSync(files.key, 'utf8');
  try {
    if (!leaf.checkPrivateKey(createPrivateKey(key))) {
      throw new ServiceConfigError(`--tls-key ${files.key} is not the key of --tls-cert ${files.cert}`);
    }
  } catch (err) {
    if (err instanceof ServiceConfigError) throw err;
    throw new ServiceConfigError(`--tls-key ${files.key}: not a private key (${(err as Error).message})`);
  }
  if (files.clientCas.length === 0) throw new ServiceConfigError('--tls needs at least one client CA');
  const clientCas = files.clientCas.map((file) => {
    for (const ca of readCertificates(file, '--client-ca')) {
      if (!ca.ca)
        throw new ServiceConfigError(
          `--client-ca ${file}: ${ca.subject.replaceAll('\n', ', ')} is not a CA certificate`,
        );
      requireCurrent(ca, `--client-ca ${file}`, now);
    }
    return readFileSync(file, 'utf8');
  });
  return { cert: readFileSync(files.cert, 'utf8'), key, clientCas };
}

/**
 * The department's defaults: the server certificate the network issued for its servers beside the peer, and
 * its two CAs as the client CAs.
 *
 * @param org - the department
 * @returns the files
 */
export function departmentTlsFiles(org: OrgLayout): ServiceTlsFiles {
  const cacerts = path.join(org.msp, 'cacerts');
  const identityCas = existsSync(cacerts)
    ? readdirSync(cacerts)
        .filter((f) => f.endsWith('.pem'))
        .sort()
        .map((f) => path.join(cacerts, f))
    : [];
  return { cert: org.chaincodeTls.cert, key: org.chaincodeTls.key, clientCas: [org.tlsCa, ...identityCas] };
}

/** What a request's connection says about the client's certificate. */
export type ClientCertificate =
  | { readonly kind: 'none' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'verified'; readonly sha256: string; readonly validTo: Date };

/**
 * @param socket - a request's socket
 * @returns the client certificate the handshake received and whether a client CA verified it; undefined when
 * the connection is not TLS
 */
export function clientCertificateOf(socket: unknown): ClientCertificate | undefined {
  if (typeof socket !== 'object' || socket === null || !('getPeerCertificate' in socket)) return undefined;
  const tls = socket as TLSSocket;
  const peer = tls.getPeerCertificate();
  // Node gives an empty object when the client sent no certificate.
  if (!Buffer.isBuffer(peer.raw) || peer.raw.length === 0) return { kind: 'none' };
  if (!tls.authorized) return { kind: 'refused', reason: String(tls.authorizationError) };
  return { kind: 'verified', sha256: fingerprintOf(peer.raw), validTo: new Date(peer.valid_to) };
}
