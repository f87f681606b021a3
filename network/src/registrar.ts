/**
 * What the network scripts ask of a department's identity CA as the department's administrator, its
 * registrar (`hf.Registrar.Roles=client`, `hf.GenCRL`): its current CRL, and how many clients (clerks and the
 * system identity) it has registered. fabric-ca-client runs in a scratch home holding a copy of the
 * administrator's certificate and key; the administrator's own MSP folder is never written.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { X509CRL } from 'jsrsasign';
import { NetworkError } from './errors';
import { scratchDir } from './home';
import { address, type CaNode, type Layout, type OrgLayout } from './layout';
import { run } from './procs';

/** A PEM certificate revocation list, or a NetworkError saying what it is instead. */
export function requireCrlPem(text: string, source: string): string {
  const match = /-----BEGIN X509 CRL-----\r?\n[A-Za-z0-9+/=\r\n]+-----END X509 CRL-----\r?\n?/.exec(text);
  if (match === null) throw new NetworkError(`${source} holds no PEM certificate revocation list (X509 CRL)`);
  return match[0].endsWith('\n') ? match[0] : `${match[0]}\n`;
}

/**
 * @param pem - a PEM certificate revocation list
 * @returns its issuer (DER, hex) and the serial numbers it revokes (hex, sorted): what a peer acts on, as
 * opposed to its update times and signature, which differ each time a CA generates it
 * @throws NetworkError when it cannot be parsed
 */
export function revocationsOf(pem: string): { readonly issuer: string; readonly serials: readonly string[] } {
  try {
    const crl = new X509CRL(pem);
    const serials = (crl.getRevCertArray() ?? []).map((revoked) => revoked.sn.hex.toLowerCase());
    return { issuer: crl.getIssuerHex(), serials: [...new Set(serials)].sort() };
  } catch (err) {
    throw new NetworkError(`cannot read the CRL: ${(err as Error).message}`);
  }
}

/**
 * Writes a copy of the department administrator's certificate and key where fabric-ca-client looks for its
 * identity (`<home>/msp/signcerts/cert.pem`, a key in `keystore/`); the administrator's own MSP folder names
 * them as cryptogen does, which fabric-ca-client does not read.
 *
 * @returns the MSP folder, for `fabric-ca-client -M`
 */
export function writeAdministratorMsp(org: OrgLayout, home: string): string {
  const msp = path.join(home, 'msp');
  mkdirSync(path.join(msp, 'signcerts'), { recursive: true });
  mkdirSync(path.join(msp, 'keystore'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(msp, 'signcerts', 'cert.pem'), readFileSync(org.admin.cert));
  writeFileSync(path.join(msp, 'keystore', 'key_sk'), readFileSync(org.admin.key), { mode: 0o600 });
  return msp;
}

/** Runs fabric-ca-client commands at the department's identity CA as its administrator. */
async function asAdministrator<T>(
  caBin: string,
  layout: Layout,
  org: OrgLayout,
  work: (client: (args: readonly string[]) => Promise<string>, msp: string) => Promise<T>,
): Promise<T> {
  const ca: CaNode | undefined = layout.cas.find((c) => c.mspId === org.department.mspId);
  if (ca === undefined) {
    throw new NetworkError(`${org.department.key} runs no Fabric CA (memberServices cryptogen)`);
  }
  const home = scratchDir(layout.paths.home, 'registrar', `${org.department.key}-`);
  try {
    const msp = writeAdministratorMsp(org, home);
    const client = async (args: readonly string[]): Promise<string> => {
      const connection = [
        '-u',
        `https://${address(ca.machine.ip, ca.port)}`,
        '--caname',
        ca.caName,
        '--tls.certfiles',
        ca.caCert,
      ];
      const { stdout } = await run(
        path.join(caBin, 'fabric-ca-client'),
        [...args, ...connection, '--home', home, '-M', msp],
        { env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeoutMs: 60_000 },
      );
      return stdout;
    };
    return await work(client, msp);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** `fabric-ca-client gencrl`: the CA's current CRL, written into the scratch MSP folder. */
async function currentCrl(client: (args: readonly string[]) => Promise<string>, msp: string): Promise<string> {
  await client(['gencrl']);
  return requireCrlPem(readFileSync(path.join(msp, 'crls', 'crl.pem'), 'utf8'), 'fabric-ca-client gencrl');
}

/** Generates the department's current CRL at its identity CA, as its administrator. */
export async function generateCrl(caBin: string, layout: Layout, org: OrgLayout): Promise<string> {
  return asAdministrator(caBin, layout, org, currentCrl);
}

/** How many clients a department's CA has registered, and how many certificates its CRL revokes. */
export interface DepartmentIdentities {
  /** Identities of type client the department's registrar sees: the CA's bootstrap registrar, User1, clerks. */
  readonly clients: number;
  /** Certificates revoked: the serial numbers in the CA's current CRL. */
  readonly revokedCertificates: number;
}

/**
 * @param identityList - what `fabric-ca-client identity list` printed: one `Name: …, Type: …` line each
 * @returns how many identities it lists
 */
export function countListedIdentities(identityList: string): number {
  return identityList.split('\n').filter((line) => line.startsWith('Name: ')).length;
}

/** Asks the department's identity CA, as its administrator, for {@link DepartmentIdentities}. */
export async function departmentIdentities(
  caBin: string,
  layout: Layout,
  org: OrgLayout,
): Promise<DepartmentIdentities> {
  return asAdministrator(caBin, layout, org, async (client, msp) => {
    const clients = countListedIdentities(await client(['identity', 'list']));
    return { clients, revokedCertificates: revocationsOf(await currentCrl(client, msp)).serials.length };
  });
}
