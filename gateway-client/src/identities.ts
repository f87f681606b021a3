/**
 * Clerks of a department: registered, enrolled, listed, revoked and re-enrolled at the department's Fabric CA
 * by the department's registrar (its administrator), over Hyperledger's own `fabric-ca-client` library. A
 * clerk's roles travel in its enrolment certificate as the attribute `govchain.role`
 * (`@govchain/protocol`'s clerk roles), which the chaincodes check; a department gives only the roles of its
 * role table (the topology's `clerkRoles`). Enrolled identities are kept in a wallet: one file per identity,
 * `<wallet>/<name>.id`, in the format of fabric-network's file-system wallet, readable only by its owner.
 */
import { X509Certificate, randomBytes } from 'node:crypto';
import './fabric-ca-logging';
import { Certificate } from '@fidm/x509';
import FabricCAServices from 'fabric-ca-client';
import { User } from 'fabric-common';
import { CLERK_ROLES, CLERK_ROLE_ATTRIBUTE, type ClerkRole, parseClerkRoles } from '@govchain/protocol';
import type { Profile } from './profiles';
import { readCredentialFile } from './signing';
import { IdentityError, type IdentityErrorCode, type Wallet, departmentWallet, requireName } from './wallet';

/** A department's Fabric CA, as its connection profile gives it. */
export interface CertificateAuthority {
  /** `https://host:port`. */
  readonly url: string;
  /** The identity CA's name on that server. */
  readonly caName: string;
  /** PEM certificate of the CA server's TLS CA. */
  readonly tlsCACert: string;
}

/** One identity registered at the department's CA. */
export interface RegisteredIdentity {
  readonly name: string;
  /** Fabric CA's identity type: `client`, `admin`, `peer`, `orderer`. */
  readonly type: string;
  /** Its clerk roles (none for nodes and administrators). */
  readonly roles: readonly ClerkRole[];
  /** How many more times it may enrol (-1: no limit). */
  readonly maxEnrollments: number;
  /**
   * From the certificates the CA issued it: `active` (one neither revoked nor expired), `revoked` (none
   * active, one revoked but not expired), `expired` (all expired), `not enrolled` (none).
   */
  readonly status: IdentityStatus;
}

/** Whether an identity holds a certificate the peers accept (once the department's CRL is on the channel). */
export type IdentityStatus = 'active' | 'revoked' | 'expired' | 'not enrolled';

/** fabric-ca-client's CertificateService (lib/CertificateService.js), which its type declarations omit. */
interface CertificateService {
  getCertificates(
    request: { readonly notexpired?: boolean; readonly notrevoked?: boolean },
    registrar: User,
  ): Promise<FabricCAServices.IServiceResponse>;
}

/** The enrolment ids (subject CN) of the certificates a CA answered with. */
function enrolmentIdsOf(response: FabricCAServices.IServiceResponse): Set<string> {
  const certs = ((response.result as { certs?: { PEM?: string }[] } | undefined)?.certs ?? []).map((c) => c.PEM);
  const ids = new Set<string>();
  for (const pem of certs) {
    if (typeof pem !== 'string') continue;
    const cn = /^CN=(.*)$/m.exec(new X509Certificate(pem).subject)?.[1];
    if (cn !== undefined) ids.add(cn);
  }
  return ids;
}

/** Fabric CA's error codes this module turns into its own (fabric-ca lib/caerrors). */
const CA_CODES: Readonly<Record<number, IdentityErrorCode>> = {
  20: 'WRONG_SECRET', // authentication failure
  10: 'UNKNOWN_IDENTITY', // identity not found (revoke)
  63: 'UNKNOWN_IDENTITY', // identity not found
  71: 'NOT_REGISTRAR', // the registrar lacks authority
  74: 'ALREADY_REGISTERED',
};

/** The code and message of a fabric-ca-client failure. */
function caFailure(err: unknown, what: string): IdentityError {
  const errors = (err as { errors?: unknown }).errors;
  const first = Array.isArray(errors) ? (errors[0] as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (first !== undefined && typeof first.code === 'number') {
    const code = CA_CODES[first.code] ?? 'CA_REFUSED';
    return new IdentityError(code, `${what}: the CA refused (code ${first.code}: ${String(first.message)})`, err);
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|Timeout|socket hang up/i.test(message)) {
    return new IdentityError('CA_UNAVAILABLE', `${what}: the CA cannot be reached (${message})`, err);
  }
  if (/status code 401|Authentication failure|Authorization failure/i.test(message)) {
    return new IdentityError('NOT_REGISTRAR', `${what}: the CA does not accept this registrar (${message})`, err);
  }
  return new IdentityError('CA_REFUSED', `${what}: ${message}`, err);
}

/** Options of a {@link DepartmentRegistrar}. */
export interface RegistrarOptions {
  /** The department's MSP id. */
  readonly mspId: string;
  /** Its Fabric CA. */
  readonly ca: CertificateAuthority;
  /** The registrar's certificate and private key (PEM): the department's administrator. */
  readonly registrar: { readonly certificate: string; readonly privateKey: string };
  /** The department's role table: the only roles it may give. */
  readonly roleTable: readonly ClerkRole[];
  /** Where enrolled identities are kept. */
  readonly wallet: Wallet;
}

/**
 * What a department's registrar does at the department's CA.
 *
 * @example
 * ```ts
 * const registrar = new DepartmentRegistrar({ mspId: 'TaxMSP', ca, registrar: admin, roleTable, wallet });
 * const { secret } = await registrar.register('clerk-li', ['examiner']);
 * await registrar.enrol('clerk-li', secret); // the wallet now holds clerk-li
 * ```
 */
export class DepartmentRegistrar {
  readonly #services: FabricCAServices;
  readonly #registrar: User;

  /** @param options - the department, its CA, its registrar, role table and wallet */
  constructor(readonly options: RegistrarOptions) {
    this.#services = new FabricCAServices(
      options.ca.url,
      { trustedRoots: [options.ca.tlsCACert], verify: true },
      options.ca.caName,
    );
    this.#registrar = User.createUser(
      'registrar',
      '',
      options.mspId,
      options.registrar.certificate,
      options.registrar.privateKey,
    );
  }

  /**
   * Registers a clerk with roles of the department's table.
   *
   * @param name - the clerk's name (enrolment id)
   * @param roles - its roles, at least one
   * @param secret - its enrolment secret (default: 24 random bytes, hex)
   * @returns the name and the secret to hand to the clerk
   * @throws {@link IdentityError} `INVALID_NAME`, `UNKNOWN_ROLE` (not a clerk role, or not in the table),
   * `ALREADY_REGISTERED`, `NOT_REGISTRAR`, `CA_UNAVAILABLE`
   */
  async register(
    name: string,
    roles: readonly string[],
    secret: string = randomBytes(24).toString('hex'),
  ): Promise<{ name: string; secret: string }> {
    requireName(name);
    const wanted = this.#rolesOf(roles);
    try {
      await this.#services.register(
        {
          enrollmentID: name,
          enrollmentSecret: secret,
          role: 'client',
          affiliation: '',
          maxEnrollments: -1,
          attrs: [{ name: CLERK_ROLE_ATTRIBUTE, value: wanted.join(','), ecert: true }],
        },
        this.#registrar,
      );
    } catch (err) {
      throw caFailure(err, `register ${name}`);
    }
    return { name, secret };
  }

  /**
   * Enrols a registered clerk and keeps the identity in the wallet.
   *
   * @param name - the clerk's name
   * @param secret - its enrolment secret
   * @returns its roles, as its new certificate carries them, and when the certificate expires
   * @throws {@link IdentityError} `WRONG_SECRET` (also for a name the CA does not know), `REVOKED`,
   * `CA_UNAVAILABLE`
   */
  async enrol(name: string, secret: string): Promise<{ roles: readonly ClerkRole[]; expires: string }> {
    requireName(name);
    let enrolment: FabricCAServices.IEnrollResponse;
    try {
      enrolment = await this.#services.enroll({
        enrollmentID: name,
        enrollmentSecret: secret,
        attr_reqs: [{ name: CLERK_ROLE_ATTRIBUTE, optional: false }],
      });
    } catch (err) {
      throw caFailure(err, `enrol ${name}`);
    }
    return this.#keep(name, enrolment.certificate, enrolment.key.toBytes());
  }

  /**
   * Re-enrols a clerk of the wallet before its certificate expires (or after its roles changed): a new key
   * and certificate, the wallet entry replaced.
   *
   * @param name - the clerk's name
   * @returns its roles and the new certificate's expiry
   * @throws {@link IdentityError} `NOT_IN_WALLET`, `REVOKED` (the CA refuses a revoked certificate),
   * `CA_UNAVAILABLE`
   */
  async reenrol(name: string): Promise<{ roles: readonly ClerkRole[]; expires: string }> {
    const current = this.options.wallet.get(name);
    if (current === undefined) {
      throw new IdentityError('NOT_IN_WALLET', `${name} is not in the wallet at ${this.options.wallet.dir}`);
    }
    const user = User.createUser(
      name,
      '',
      this.options.mspId,
      current.credentials.certificate,
      current.credentials.privateKey,
    );
    let enrolment: FabricCAServices.IEnrollResponse;
    try {
      enrolment = await this.#services.reenroll(user, [{ name: CLERK_ROLE_ATTRIBUTE, optional: false }]);
    } catch (err) {
      const failure = caFailure(err, `re-enrol ${name}`);
      throw failure.code === 'WRONG_SECRET' || failure.code === 'NOT_REGISTRAR'
        ? new IdentityError('REVOKED', `re-enrol ${name}: the CA no longer accepts its certificate (revoked?)`, err)
        : failure;
    }
    return this.#keep(name, enrolment.certificate, enrolment.key.toBytes());
  }

  /**
   * Revokes a clerk: every certificate it holds, and no further enrolment. The department's peers refuse it
   * only once the CRL this returns is in the department's MSP on the channel: a channel configuration
   * update its administrator signs (`npm run network:crl -- <department>`, or `publishCrl` of `@govchain/network`).
   *
   * @param name - the clerk's name
   * @param reason - RFC 5280 reason, as Fabric CA names it (default `cessationofoperation`: the clerk left)
   * @returns the department's CRL (PEM) after the revocation
   * @throws {@link IdentityError} `UNKNOWN_IDENTITY`, `NOT_REGISTRAR`, `CA_UNAVAILABLE`
   */
  async revoke(name: string, reason = 'cessationofoperation'): Promise<string> {
    requireName(name);
    try {
      await this.#services.revoke({ enrollmentID: name, reason }, this.#registrar);
    } catch (err) {
      throw caFailure(err, `revoke ${name}`);
    }
    return this.crl();
  }

  /** @returns the department's current CRL (PEM) */
  async crl(): Promise<string> {
    let crl: unknown;
    try {
      crl = await this.#services.generateCRL({}, this.#registrar);
    } catch (err) {
      throw caFailure(err, 'generate the CRL');
    }
    return Buffer.from(String(crl), 'base64').toString('utf8');
  }

  /**
   * @returns every identity registered at the department's CA, by name
   * @throws {@link IdentityError} `NOT_REGISTRAR`, `CA_UNAVAILABLE`
   */
  async list(): Promise<RegisteredIdentity[]> {
    let response: FabricCAServices.IServiceResponse;
    let issued: Set<string>;
    let current: Set<string>;
    let active: Set<string>;
    try {
      const services = this.#services as unknown as { newCertificateService(): CertificateService };
      const certificates = services.newCertificateService();
      const enrolled = async (filter: Parameters<CertificateService['getCertificates']>[0]): Promise<Set<string>> =>
        enrolmentIdsOf(await certificates.getCertificates(filter, this.#registrar));
      [response, issued, current, active] = await Promise.all([
        this.#services.newIdentityService().getAll(this.#registrar),
        enrolled({}),
        enrolled({ notexpired: true }),
        enrolled({ notexpired: true, notrevoked: true }),
      ]);
    } catch (err) {
      throw caFailure(err, 'list identities');
    }
    const statusOf = (name: string): IdentityStatus =>
      active.has(name) ? 'active' : current.has(name) ? 'revoked' : issued.has(name) ? 'expired' : 'not enrolled';
    const identities = ((response.result as { identities?: unknown[] } | undefined)?.identities ?? []) as {
      id: string;
      type: string;
      max_enrollments: number;
      attrs?: { name: string; value: string }[];
    }[];
    return identities
      .map((identity) => ({
        name: identity.id,
        type: identity.type,
        roles: parseClerkRoles(identity.attrs?.find((attr) => attr.name === CLERK_ROLE_ATTRIBUTE)?.value).roles,
        maxEnrollments: identity.max_enrollments,
        status: statusOf(identity.id),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  #rolesOf(roles: readonly string[]): readonly ClerkRole[] {
    const { roles: known, unknown } = parseClerkRoles(roles.join(','));
    const outside = known.filter((role) => !this.options.roleTable.includes(role));
    if (roles.length === 0 || unknown.length > 0 || outside.length > 0) {
      const bad = [...unknown, ...outside];
      throw new IdentityError(
        'UNKNOWN_ROLE',
        `${bad.length === 0 ? 'no role given' : `unknown role ${bad.join(', ')}`}: ${this.options.mspId} gives ${this.options.roleTable.join(', ')} (clerk roles: ${CLERK_ROLES.join(', ')})`,
      );
    }
    return known;
  }

  #keep(name: string, certificate: string, privateKey: string): { roles: readonly ClerkRole[]; expires: string } {
    this.options.wallet.put(name, {
      credentials: { certificate, privateKey },
      mspId: this.options.mspId,
      type: 'X.509',
      version: 1,
    });
    const expires = new Date(new X509Certificate(certificate).validTo).toISOString();
    return { roles: clerkRolesOfCertificate(certificate), expires };
  }
}

/** Fabric's attribute extension in an enrolment certificate (fabric-ca `attrmgr`), as fabric-shim reads it. */
const ATTRIBUTE_EXTENSION = '1.2.3.4.5.6.7.8.1';

/**
 * @param pem - an enrolment certificate (PEM)
 * @returns the clerk roles its `govchain.role` attribute carries (none when it has no attributes)
 */
export function clerkRolesOfCertificate(pem: string): readonly ClerkRole[] {
  const extension = Certificate.fromPEM(Buffer.from(pem)).extensions.find((e) => e.oid === ATTRIBUTE_EXTENSION);
  if (extension === undefined) return [];
  try {
    const attrs = (JSON.parse(extension.value.toString('utf8')) as { attrs?: Record<string, string> }).attrs;
    return parseClerkRoles(attrs?.[CLERK_ROLE_ATTRIBUTE]).roles;
  } catch {
    return [];
  }
}

/**
 * The registrar of a department as its connection profile describes it: its administrator, at its CA, with
 * its role table and the wallet beside the profiles.
 *
 * @param profile - the department's connection profile
 * @returns its registrar
 * @throws {@link IdentityError} `NO_MEMBER_SERVICES` when the department runs no Fabric CA (cryptogen) or its
 * profile names no administrator
 */
export async function departmentRegistrar(profile: Profile): Promise<DepartmentRegistrar> {
  const { department, memberServices: services, identities } = profile;
  if (services === undefined) {
    throw new IdentityError(
      'NO_MEMBER_SERVICES',
      `${department} runs no Fabric CA (its identities come from cryptogen): there are no clerks to manage`,
    );
  }
  const admin = identities.admin;
  if (admin === undefined) {
    throw new IdentityError(
      'NO_MEMBER_SERVICES',
      `the profile of ${department} has no admin identity to act as its registrar`,
    );
  }
  const [certificate, privateKey, tlsCACert] = await Promise.all([
    readCredentialFile(admin.certPath, `admin certificate of ${department}`),
    readCredentialFile(admin.keyPath, `admin key of ${department}`),
    readCredentialFile(services.tlsCACertPath, `CA TLS certificate of ${department}`),
  ]);
  return new DepartmentRegistrar({
    mspId: profile.mspId,
    ca: { url: services.url, caName: services.caName, tlsCACert: tlsCACert.toString('utf8') },
    registrar: { certificate: certificate.toString('utf8'), privateKey: privateKey.toString('utf8') },
    roleTable: services.clerkRoles,
    wallet: departmentWallet(profile.source, department),
  });
}
