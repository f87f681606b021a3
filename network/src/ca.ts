/**
 * Member services with Fabric CA: one fabric-ca-server per organization (the ordering organizations
 * included) hosting the organization's identity CA and its TLS CA, and the registration and enrolment of
 * every identity of the network into exactly cryptogen's directory layout, so that everything downstream
 * (layout.ts, configtxgen, the nodes, the profiles) reads the same files whichever way they were made.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { CLERK_ROLE_ATTRIBUTE } from '@govchain/protocol';
import { stringify } from 'yaml';
import { NetworkError } from './errors';
import { readSecret, SECRET_FILE_MODE } from './home';
import { address, CHAINCODE_TLS_HOST, sansOf, type CaNode, type Layout } from './layout';
import { healthy, portInUse, run, waitFor, type ProcessRecord, type ProcessTable } from './procs';
import { clerkRolesOf, type Department } from './topology';

/** The Fabric CA binaries (scripts/install-fabric-ca.sh). */
export interface FabricCa {
  readonly bin: string;
}

/**
 * Makes the pinned Fabric CA binaries available (scripts/install-fabric-ca.sh: FABRIC_CA_BIN, cache, or a
 * Go build) and returns where they are.
 * @throws NetworkError when they cannot be had (the script's own line is on stderr above).
 */
export function resolveFabricCa(root: string): FabricCa {
  let out: string;
  try {
    out = execFileSync('bash', [path.join(root, 'scripts', 'install-fabric-ca.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (err) {
    throw new NetworkError('the Fabric CA binaries are not available (see the line above)', { cause: err });
  }
  const match = /^FABRIC_CA_BIN=(.*)$/m.exec(out);
  if (!match?.[1]) throw new NetworkError('install-fabric-ca.sh did not report FABRIC_CA_BIN');
  return { bin: match[1] };
}

/** Names on every certificate the CAs issue, after the common name. */
const CSR_NAMES = (domain: string): string => `C=CN,ST=Jiangsu,L=Nanjing,O=${domain}`;

/** The attribute that carries a clerk's (or the department system's) roles in its enrolment certificate. */
export const ROLE_ATTRIBUTE = CLERK_ROLE_ATTRIBUTE;

/**
 * What the department's registrar (its Admin) may do on its identity CA: register clients (clerks) with
 * the role attribute, revoke, and generate CRLs.
 */
export const REGISTRAR_ATTRIBUTES = [
  'hf.Registrar.Roles=client',
  `hf.Registrar.Attributes=${ROLE_ATTRIBUTE}`,
  'hf.Revoker=true',
  'hf.GenCRL=true',
] as const;

/**
 * The roles of a department's system identity (User1): every role of the department's table, comma-separated —
 * the department's own systems act for all of its clerks.
 */
export function systemClerkRoles(department: Department): string {
  return clerkRolesOf(department).join(',');
}

/** One identity an organization's CAs register and enrol, and where it goes in cryptogen's layout. */
export interface IdentityPlan {
  /** Enrolment id and common name: a host name or `User@domain`, as cryptogen names them. */
  readonly id: string;
  /** The NodeOU type: peer, orderer, admin or client. */
  readonly type: 'peer' | 'orderer' | 'admin' | 'client';
  /** Short name of its enrolment secret: `peer0`, `admin`, … */
  readonly secret: string;
  /** Its folder: `peers/<host>`, `orderers/<host>`, `users/<User@domain>` under the organization's. */
  readonly dir: string;
  /** Enrolled from the identity CA into `msp/` (false: TLS only, the chaincode servers). */
  readonly msp: boolean;
  /** The TLS certificate from the TLS CA: `tls/server.*` or `tls/client.*`, with these SANs. */
  readonly tls: { readonly kind: 'server' | 'client'; readonly hosts: readonly string[] };
  /** `--id.attrs` of its registration on the identity CA, when it has attributes. */
  readonly attrs?: string;
}

/** Every identity of one organization, in cryptogen's layout. */
export function enrolmentPlan(layout: Layout, ca: CaNode): IdentityPlan[] {
  const d = ca.domain;
  const user = (name: string, type: 'admin' | 'client', attrs?: string): IdentityPlan => ({
    id: `${name}@${d}`,
    type,
    secret: name.toLowerCase(),
    dir: path.join(ca.orgDir, 'users', `${name}@${d}`),
    msp: true,
    tls: { kind: 'client', hosts: [`${name}@${d}`] },
    ...(attrs === undefined ? {} : { attrs }),
  });
  const registrar = REGISTRAR_ATTRIBUTES.map((a) => (a.includes(',') ? `"${a}"` : a)).join(',');
  if (ca.orgKind === 'orderer') {
    const orderers = layout.orderers.filter((o) => o.org.domain === d);
    return [
      ...orderers.map((o): IdentityPlan => ({
        id: o.host,
        type: 'orderer',
        secret: o.name,
        dir: path.join(ca.orgDir, 'orderers', o.host),
        msp: true,
        tls: { kind: 'server', hosts: [o.host, ...sansOf(o.machine)] },
      })),
      user('Admin', 'admin', registrar),
    ];
  }
  const org = layout.orgs.find((o) => o.domain === d);
  if (!org) throw new NetworkError(`no department with domain ${d}`);
  const chaincodeHost = `${CHAINCODE_TLS_HOST}.${d}`;
  return [
    {
      id: org.peer.host,
      type: 'peer',
      secret: 'peer0',
      dir: path.join(ca.orgDir, 'peers', org.peer.host),
      msp: true,
      tls: { kind: 'server', hosts: [org.peer.host, ...sansOf(org.machine)] },
    },
    {
      id: chaincodeHost,
      type: 'peer',
      secret: 'chaincode',
      dir: path.join(ca.orgDir, 'peers', chaincodeHost),
      msp: false,
      tls: { kind: 'server', hosts: [chaincodeHost, ...sansOf(org.machine)] },
    },
    user('Admin', 'admin', registrar),
    user('User1', 'client', `"${ROLE_ATTRIBUTE}=${systemClerkRoles(org.department)}:ecert"`),
  ];
}

/** The CSR of one of the server's two CAs: its name, the SANs of its machine (the server's TLS certificate). */
function caCsr(cn: string, ca: CaNode): unknown {
  return {
    cn,
    names: [{ C: 'CN', ST: 'Jiangsu', L: 'Nanjing', O: ca.domain }],
    hosts: sansOf(ca.machine),
    ca: { expiry: '131400h', pathlength: 1 },
  };
}

/**
 * fabric-ca-server's configuration: TLS on its port (its certificate signed by the identity CA at first
 * start), the operations endpoint on loopback, SQLite, the bootstrap registrar, and the TLS CA as a second
 * CA of the same server (`cafiles`, which takes what it does not set from this file).
 */
export function caServerConfig(ca: CaNode, bootstrapSecret: string): unknown {
  return {
    version: '1.5.15',
    port: ca.port,
    address: ca.machine.ip,
    debug: false,
    tls: { enabled: true, certfile: 'tls-cert.pem' },
    ca: { name: ca.caName },
    crl: { expiry: '24h' },
    registry: {
      maxenrollments: -1,
      identities: [
        {
          name: 'admin',
          pass: bootstrapSecret,
          type: 'client',
          affiliation: '',
          attrs: {
            'hf.Registrar.Roles': '*',
            'hf.Registrar.DelegateRoles': '*',
            'hf.Registrar.Attributes': '*',
            'hf.Revoker': true,
            'hf.IntermediateCA': true,
            'hf.GenCRL': true,
            'hf.AffiliationMgr': true,
          },
        },
      ],
    },
    db: { type: 'sqlite3', datasource: 'fabric-ca-server.db' },
    affiliations: {},
    signing: {
      default: { usage: ['digital signature'], expiry: '8760h' },
      profiles: {
        tls: {
          usage: ['signing', 'key encipherment', 'server auth', 'client auth', 'key agreement'],
          expiry: '8760h',
        },
      },
    },
    csr: caCsr(`ca.${ca.domain}`, ca),
    cafiles: [path.join('tlsca', 'fabric-ca-config.yaml')],
    operations: { listenAddress: address(ca.machine.ip, ca.operationsPort), tls: { enabled: false } },
    metrics: { provider: 'prometheus' },
  };
}

/** The TLS CA's file: its name and CSR; the rest (registrar, database name, profiles) from the server's. */
export function tlsCaConfig(ca: CaNode): unknown {
  return { ca: { name: ca.tlsCaName }, csr: caCsr(`tlsca.${ca.domain}`, ca) };
}

/** The enrolment secret of one identity of one organization: generated once, 0600 in the network's secrets. */
export function enrolmentSecret(layout: Layout, ca: CaNode, identity: string): string {
  return readSecret(layout.paths, `ca.${ca.org.toLowerCase()}.${identity}`);
}

function serverConfigFile(ca: CaNode): string {
  return path.join(ca.home, 'fabric-ca-server-config.yaml');
}

/** Writes the server's two config files (0600: the bootstrap secret is in the first), unless present. */
export function writeCaConfigs(layout: Layout, ca: CaNode): void {
  const file = serverConfigFile(ca);
  if (existsSync(file)) return;
  mkdirSync(path.join(ca.home, 'tlsca'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(ca.home, 'tlsca', 'fabric-ca-config.yaml'), stringify(tlsCaConfig(ca)), {
    mode: SECRET_FILE_MODE,
  });
  writeFileSync(file, stringify(caServerConfig(ca, enrolmentSecret(layout, ca, 'bootstrap'))), {
    mode: SECRET_FILE_MODE,
  });
}

/** Every port a CA server listens on. */
export function caPortsOf(ca: CaNode): number[] {
  return [ca.port, ca.operationsPort];
}

/** Starts a CA server that is not running; returns its record and whether it was started now. */
export function startCa(
  fabricCa: FabricCa,
  layout: Layout,
  table: ProcessTable,
  ca: CaNode,
): { record: ProcessRecord; started: boolean } {
  const running = table.running(ca.name);
  if (running) return { record: running, started: false };
  writeCaConfigs(layout, ca);
  const record = table.start(ca.name, [path.join(fabricCa.bin, 'fabric-ca-server'), 'start', '--home', ca.home], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    log: path.join(layout.paths.logs, `${ca.name}.log`),
    netns: ca.machine.netns,
    meta: { kind: 'ca', host: `ca.${ca.domain}`, address: address(ca.machine.ip, ca.port) },
  });
  return { record, started: true };
}

/** Waits until the CA server's operations endpoint is healthy and its TLS port accepts connections. */
export async function waitCaHealthy(table: ProcessTable, ca: CaNode, record: ProcessRecord): Promise<void> {
  await waitFor(
    table,
    record,
    'healthy',
    async () =>
      (await healthy(ca.machine.ip, ca.operationsPort)) &&
      (await portInUse(ca.machine.ip, ca.port)) &&
      existsSync(ca.tlsCaCert),
    60_000,
  );
}

/** Runs tasks with at most `limit` at a time; waits for all, then throws the first failure. */
export async function inBatches<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.length > 0) throw errors[0];
}

/** The file that says an organization's identities are all enrolled (a warm `up` enrols nothing). */
function enrolledMarker(ca: CaNode): string {
  return path.join(ca.home, 'enrolled');
}

export function isEnrolled(ca: CaNode): boolean {
  return existsSync(enrolledMarker(ca));
}

/** NodeOUs on, each type by its OU, all under the organization's identity CA (what cryptogen writes). */
export function nodeOuConfig(domain: string): string {
  const cert = `cacerts/ca.${domain}-cert.pem`;
  const ou = (name: string): unknown => ({ Certificate: cert, OrganizationalUnitIdentifier: name });
  return stringify({
    NodeOUs: {
      Enable: true,
      ClientOUIdentifier: ou('client'),
      PeerOUIdentifier: ou('peer'),
      AdminOUIdentifier: ou('admin'),
      OrdererOUIdentifier: ou('orderer'),
    },
  });
}

/** An MSP folder's CA part: cacerts, tlscacerts and config.yaml, as cryptogen names them. */
function writeMspRoots(ca: CaNode, msp: string): void {
  mkdirSync(path.join(msp, 'cacerts'), { recursive: true });
  mkdirSync(path.join(msp, 'tlscacerts'), { recursive: true });
  copyFileSync(ca.caCert, path.join(msp, 'cacerts', `ca.${ca.domain}-cert.pem`));
  copyFileSync(ca.tlsCaCert, path.join(msp, 'tlscacerts', `tlsca.${ca.domain}-cert.pem`));
  writeFileSync(path.join(msp, 'config.yaml'), nodeOuConfig(ca.domain));
}

/** Replaces every secret in a text (an error message) with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => (s === '' ? t : t.split(s).join('***')), text);
}

/** One organization's enrolment: the fabric-ca-client calls, each in a fresh client home. */
class Enroller {
  readonly #secrets: string[] = [];
  #n = 0;

  constructor(
    readonly fabricCa: FabricCa,
    readonly layout: Layout,
    readonly ca: CaNode,
  ) {}

  #secret(name: string): string {
    const value = enrolmentSecret(this.layout, this.ca, name);
    this.#secrets.push(value);
    return value;
  }

  get #work(): string {
    return path.join(this.ca.home, 'client');
  }

  /**
   * Runs fabric-ca-client against one of the server's CAs. Secrets go in the environment
   * (FABRIC_CA_CLIENT_URL, FABRIC_CA_CLIENT_ID_SECRET), never on the command line, and are cut out of errors.
   */
  async #client(args: readonly string[], caName: string, env: NodeJS.ProcessEnv): Promise<void> {
    const home = path.join(this.#work, `c${this.#n++}`);
    mkdirSync(home, { recursive: true });
    try {
      await run(
        path.join(this.fabricCa.bin, 'fabric-ca-client'),
        [...args, '--caname', caName, '--tls.certfiles', this.ca.caCert, '--home', home],
        { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeoutMs: 60_000 },
      );
    } catch (err) {
      throw new NetworkError(`${this.ca.name}: ${redact((err as Error).message, this.#secrets)}`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }

  #url(id: string, secret: string): string {
    return `https://${encodeURIComponent(id)}:${encodeURIComponent(secret)}@${address(this.ca.machine.ip, this.ca.port)}`;
  }

  /** Enrols `id` into a scratch MSP folder; returns it. */
  async #enrol(id: string, secret: string, caName: string, hosts: readonly string[], tls: boolean): Promise<string> {
    const msp = path.join(this.#work, `msp-${this.#n++}`);
    rmSync(msp, { recursive: true, force: true });
    await this.#client(
      [
        'enroll',
        '-M',
        msp,
        '--csr.cn',
        id,
        '--csr.names',
        CSR_NAMES(this.ca.domain),
        '--csr.hosts',
        hosts.join(','),
        ...(tls ? ['--enrollment.profile', 'tls'] : []),
      ],
      caName,
      { FABRIC_CA_CLIENT_URL: this.#url(id, secret) },
    );
    return msp;
  }

  /** The registrar (bootstrap admin) of one of the CAs, enrolled once per run. */
  async registrar(caName: string): Promise<string> {
    return this.#enrol('admin', this.#secret('bootstrap'), caName, ['admin'], false);
  }

  /** Registers an identity; one registered by an earlier, interrupted run keeps its secret and is fine. */
  async register(registrarMsp: string, caName: string, plan: IdentityPlan, attrs: string | undefined): Promise<void> {
    try {
      await this.#client(
        [
          'register',
          '-u',
          `https://${address(this.ca.machine.ip, this.ca.port)}`,
          '-M',
          registrarMsp,
          '--id.name',
          plan.id,
          '--id.type',
          plan.type,
          '--id.affiliation',
          '',
          '--id.maxenrollments',
          '-1',
          ...(attrs === undefined ? [] : ['--id.attrs', attrs]),
        ],
        caName,
        { FABRIC_CA_CLIENT_ID_SECRET: this.#secret(plan.secret) },
      );
    } catch (err) {
      if (!/already registered/i.test((err as Error).message)) throw err;
    }
  }

  /** Enrols one identity from both CAs (at once: each has its own database) into its folder, as cryptogen lays it out. */
  async enrolIdentity(plan: IdentityPlan): Promise<void> {
    await Promise.all([this.#enrolMsp(plan), this.#enrolTls(plan)]);
  }

  async #enrolMsp(plan: IdentityPlan): Promise<void> {
    const secret = this.#secret(plan.secret);
    if (plan.msp) {
      const got = await this.#enrol(plan.id, secret, this.ca.caName, [plan.id], false);
      const msp = path.join(plan.dir, 'msp');
      rmSync(msp, { recursive: true, force: true });
      writeMspRoots(this.ca, msp);
      mkdirSync(path.join(msp, 'signcerts'), { recursive: true });
      mkdirSync(path.join(msp, 'keystore'), { recursive: true, mode: 0o700 });
      copyFileSync(path.join(got, 'signcerts', 'cert.pem'), path.join(msp, 'signcerts', `${plan.id}-cert.pem`));
      copyFileSync(keyOf(got), path.join(msp, 'keystore', 'priv_sk'));
      rmSync(got, { recursive: true, force: true });
    }
  }

  async #enrolTls(plan: IdentityPlan): Promise<void> {
    const secret = this.#secret(plan.secret);
    const got = await this.#enrol(plan.id, secret, this.ca.tlsCaName, plan.tls.hosts, true);
    const tls = path.join(plan.dir, 'tls');
    rmSync(tls, { recursive: true, force: true });
    mkdirSync(tls, { recursive: true, mode: 0o700 });
    copyFileSync(path.join(got, 'signcerts', 'cert.pem'), path.join(tls, `${plan.tls.kind}.crt`));
    copyFileSync(keyOf(got), path.join(tls, `${plan.tls.kind}.key`));
    copyFileSync(this.ca.tlsCaCert, path.join(tls, 'ca.crt'));
    rmSync(got, { recursive: true, force: true });
  }

  cleanUp(): void {
    rmSync(this.#work, { recursive: true, force: true });
  }
}

/** The one private key fabric-ca-client wrote into an MSP folder's keystore. */
function keyOf(msp: string): string {
  const dir = path.join(msp, 'keystore');
  const keys = readdirSync(dir).filter((f) => f.endsWith('_sk'));
  const [key] = keys;
  if (keys.length !== 1 || key === undefined) {
    throw new NetworkError(`expected one key in ${dir}, found ${keys.length}`);
  }
  return path.join(dir, key);
}

/**
 * Registers and enrols every identity of one organization from its CAs, then writes the organization's
 * MSP (cacerts, tlscacerts, NodeOUs), `tlsca/` and `ca/` as cryptogen does, and marks it enrolled.
 */
export async function enrolOrganization(fabricCa: FabricCa, layout: Layout, ca: CaNode): Promise<void> {
  const e = new Enroller(fabricCa, layout, ca);
  try {
    const plan = enrolmentPlan(layout, ca);
    // The two CAs have a database each: one call on each at a time, never two on one SQLite file.
    const [registrarCa, registrarTls] = await Promise.all([e.registrar(ca.caName), e.registrar(ca.tlsCaName)]);
    for (const p of plan) {
      await Promise.all([
        p.msp ? e.register(registrarCa, ca.caName, p, p.attrs) : undefined,
        e.register(registrarTls, ca.tlsCaName, p, undefined),
      ]);
    }
    for (const p of plan) await e.enrolIdentity(p);
    writeMspRoots(ca, path.join(ca.orgDir, 'msp'));
    mkdirSync(path.join(ca.orgDir, 'tlsca'), { recursive: true });
    copyFileSync(ca.tlsCaCert, path.join(ca.orgDir, 'tlsca', `tlsca.${ca.domain}-cert.pem`));
    mkdirSync(path.join(ca.orgDir, 'ca'), { recursive: true });
    copyFileSync(ca.caCert, path.join(ca.orgDir, 'ca', `ca.${ca.domain}-cert.pem`));
    writeFileSync(enrolledMarker(ca), `${new Date().toISOString()}\n`);
  } finally {
    e.cleanUp();
  }
}

/**
 * Starts every organization's CA server that is not running and enrols every organization not yet
 * enrolled, as many organizations at a time as there are cores. Records in `started` what it started.
 */
export async function startCasAndEnrol(
  fabricCa: FabricCa,
  layout: Layout,
  table: ProcessTable,
  log: (line: string) => void,
  started: string[],
): Promise<void> {
  const records = layout.cas.map((ca) => {
    const { record, started: isNew } = startCa(fabricCa, layout, table, ca);
    if (isNew) started.push(ca.name);
    return { ca, record };
  });
  if (started.length > 0) log(`starting ${started.length} CA server(s)`);
  const results = await Promise.allSettled(records.map(({ ca, record }) => waitCaHealthy(table, ca, record)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const todo = layout.cas.filter((ca) => !isEnrolled(ca));
  if (todo.length === 0) return;
  const begin = Date.now();
  const parallel = availableParallelism();
  log(`enrolling the identities of ${todo.length} organization(s) from their CAs (${parallel} at a time)`);
  await inBatches(todo, parallel, (ca) => enrolOrganization(fabricCa, layout, ca));
  log(`enrolled in ${((Date.now() - begin) / 1000).toFixed(1)}s`);
}

/** The CA's certificate as PEM, for the common connection profile. */
export function caCertPem(ca: CaNode): string {
  return readFileSync(ca.caCert, 'utf8');
}
