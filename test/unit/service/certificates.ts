/**
 * Test certificates (ECDSA P-256, made with jsrsasign): a CA, and server and client certificates it signs, as a
 * department's Fabric CA issues them — written as PEM files into a directory.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEYUTIL, KJUR } from 'jsrsasign';

type Key = ReturnType<typeof KEYUTIL.generateKeypair>['prvKeyObj'];

/** jsrsasign 10.9 takes a certificate's fields directly; @types/jsrsasign still describes the older constructor. */
const Certificate = KJUR.asn1.x509.Certificate as unknown as new (fields: Record<string, unknown>) => {
  getPEM(): string;
};

/** A CA of the tests: its certificate file and what signs with it. */
export interface TestCa {
  readonly name: string;
  readonly certFile: string;
  readonly key: Key;
}

/** A certificate and its key, as files. */
export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

let serial = 1;

/** `YYYYMMDDHHmmssZ`, as jsrsasign takes a GeneralizedTime. */
function generalized(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

const DAY = 86_400_000;

function issue(
  dir: string,
  file: string,
  subject: string,
  issuer: { readonly name: string; readonly key: Key } | undefined,
  ext: readonly Record<string, unknown>[],
  validity: { readonly from?: Date; readonly to?: Date } = {},
): { certFile: string; keyFile: string; key: Key } {
  const pair = KEYUTIL.generateKeypair('EC', 'secp256r1');
  const pem = new Certificate({
    version: 3,
    serial: { int: serial++ },
    issuer: { str: issuer?.name ?? subject },
    subject: { str: subject },
    notbefore: generalized(validity.from ?? new Date(Date.now() - DAY)),
    notafter: generalized(validity.to ?? new Date(Date.now() + 365 * DAY)),
    sbjpubkey: pair.pubKeyObj,
    ext,
    sigalg: 'SHA256withECDSA',
    cakey: issuer?.key ?? pair.prvKeyObj,
  }).getPEM();
  const certFile = join(dir, `${file}.crt`);
  const keyFile = join(dir, `${file}.key`);
  writeFileSync(certFile, pem);
  writeFileSync(keyFile, KEYUTIL.getPEM(pair.prvKeyObj, 'PKCS8PRV'));
  return { certFile, keyFile, key: pair.prvKeyObj };
}

/**
 * @param dir - where its files go
 * @param name - its common name, e.g. `tlsca.tax.gov.local`
 * @returns a self-signed CA
 */
export function testCa(dir: string, name: string): TestCa {
  const subject = `/O=govchain tests/CN=${name}`;
  const { certFile, key } = issue(dir, name, subject, undefined, [
    { extname: 'basicConstraints', critical: true, cA: true },
    { extname: 'keyUsage', critical: true, names: ['keyCertSign', 'cRLSign'] },
  ]);
  return { name: subject, certFile, key };
}

/**
 * @param dir - where its files go
 * @param ca - who signs it
 * @param name - its common name (and file name)
 * @param kind - a server (names localhost and 127.0.0.1) or a client certificate
 * @param validity - from when until when (default: yesterday to a year on)
 * @returns the certificate and key files
 */
export function testCertificate(
  dir: string,
  ca: TestCa,
  name: string,
  kind: 'server' | 'client',
  validity: { readonly from?: Date; readonly to?: Date } = {},
): TestCertificate {
  const ext = [
    { extname: 'basicConstraints', critical: true, cA: false },
    { extname: 'keyUsage', critical: true, names: ['digitalSignature'] },
    { extname: 'extKeyUsage', array: [{ name: kind === 'server' ? 'serverAuth' : 'clientAuth' }] },
    ...(kind === 'server' ? [{ extname: 'subjectAltName', array: [{ dns: 'localhost' }, { ip: '127.0.0.1' }] }] : []),
  ];
  const { certFile, keyFile } = issue(dir, name, `/O=govchain tests/CN=${name}`, ca, ext, validity);
  return { certFile, keyFile };
}
