import { pollUntil } from '@govchain/protocol';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bootstrapTransaction, chaincodeDefinition, type ChaincodeDefinition, type ChaincodePlan } from './chaincode';
import { NetworkError } from './errors';
import { resolveFabric, tool, type Fabric } from './fabric';
import { submitUnlessIdle, type GatewayTarget } from './gateway';
import { layoutFor, pathsFor, type Layout } from './layout';
import { run, type ExecResult } from './procs';
import { loadTopology, type Topology } from './topology';

/**
 * `npm run chaincode -- deploy|status`: our chaincodes onto a Fabric network we did not start, as its
 * operators would — from connection profiles, each present department's admin MSP folder, the topology
 * (policy, collections, bootstrap calls) and package files, with the peer CLI.
 */

/** Exit codes of `npm run chaincode`. */
export const EXIT = {
  /** A lifecycle step or a bootstrap call failed. */
  failed: 1,
  /** An input is missing or wrong: nothing was done. */
  invalid: 2,
  /** Not every department has approved (deploy without `--wait`, or status): nothing is wrong, something is left. */
  pending: 3,
} as const;

/** An input that is missing or wrong, found before anything is done. */
export class DeployInputError extends NetworkError {
  public constructor(message: string) {
    super(message);
    this.name = 'DeployInputError';
  }
}

/** What `deploy` and `status` are given. */
export interface DeployOptions {
  readonly root: string;
  /** Topology name or file: the departments, policies, collections and bootstrap calls (default `default`). */
  readonly topology?: string;
  readonly chaincodes: readonly string[] | 'all';
  /** A directory of connection profiles, `<department>.json`: ours (`profiles/`) or common ones (`profiles/ccp/`). */
  readonly profiles: string;
  /** `DEPARTMENT=MSPDIR` for each department present: its admin's MSP folder (signcerts/, keystore/). */
  readonly admins: readonly string[];
  /** Output of `npm run package`: `<chaincode>/ccaas/<department>.tgz`, else `<chaincode>/node/*.tgz`. */
  readonly packages?: string;
  /** An orderer `HOST:PORT`, when no common connection profile names one. */
  readonly orderer?: string;
  readonly ordererTlsCa?: string;
  readonly ordererHost?: string;
  /** Where `@secret:NAME` bootstrap values are kept (default `<GOVCHAIN_HOME or .govchain>/secrets`). */
  readonly secrets?: string;
  /** Wait this long for the other departments' approvals before giving up (deploy). */
  readonly waitSeconds?: number;
}

/** An admin identity: its MSP folder and the certificate and key in it. */
interface Admin {
  readonly msp: string;
  readonly cert: string;
  readonly key: string;
}

/** A department of the topology, as the profiles and admin folders describe it. */
interface Department {
  readonly key: string;
  readonly mspId: string;
  /** Its peer, from its profile; undefined when no profile names it. */
  readonly peer:
    { readonly endpoint: string; readonly hostAlias: string | undefined; readonly tlsCa: string } | undefined;
  /** Undefined when the department is not present (no admin given): it approves on its own, later. */
  readonly admin: Admin | undefined;
}

interface Orderer {
  readonly endpoint: string;
  readonly tlsCa: string;
  readonly hostAlias: string | undefined;
}

/** Everything checked, before anything is done. */
interface Plan {
  readonly fabric: Fabric;
  readonly layout: Layout;
  readonly channel: string;
  readonly departments: readonly Department[];
  readonly present: readonly (Department & { readonly admin: Admin })[];
  readonly orderer: Orderer | undefined;
  readonly definitions: readonly (ChaincodeDefinition & { readonly collectionsFile: string | undefined })[];
  /** Package file per chaincode and present department. */
  readonly packages: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly scratch: string;
}

type Log = (line: string) => void;

type Definition = Plan['definitions'][number];

function fail(message: string): never {
  throw new DeployInputError(message);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    return fail(`${file} is not JSON: ${(err as Error).message}`);
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A PEM from a common connection profile's `tlsCACerts` (`pem` or `path`), as a file. */
function pemFile(tlsCACerts: unknown, base: string, scratch: string, name: string, what: string): string {
  const certs = record(tlsCACerts);
  const pem = Array.isArray(certs.pem) ? text(certs.pem[0]) : text(certs.pem);
  if (pem !== undefined) {
    const file = path.join(scratch, name);
    writeFileSync(file, pem, { mode: 0o600 });
    return file;
  }
  const file = text(certs.path);
  if (file === undefined) return fail(`${what} has no tlsCACerts`);
  const resolved = path.resolve(base, file);
  if (!existsSync(resolved)) fail(`${what}: TLS CA ${resolved} does not exist`);
  return resolved;
}

function endpointOf(url: string): string {
  return url.replace(/^grpcs?:\/\//, '');
}

function hostAliasOf(node: Record<string, unknown>): string | undefined {
  const options = record(node.grpcOptions);
  return text(options['ssl-target-name-override']) ?? text(options.hostnameOverride);
}

/** A department's peer (and an orderer, from a common connection profile) from its profile file. */
function readProfile(
  dir: string,
  key: string,
  mspId: string,
  channel: string,
  scratch: string,
): { peer: NonNullable<Department['peer']>; orderer: Orderer | undefined } | undefined {
  const file = path.join(dir, `${key}.json`);
  if (!existsSync(file)) return undefined;
  const doc = record(readJson(file));
  const peer = record(doc.peer);
  if (text(peer.endpoint) !== undefined) {
    if (doc.mspId !== mspId) fail(`${file} is the profile of ${String(doc.mspId)}, not of ${mspId}`);
    const tlsCa = path.resolve(dir, text(peer.tlsCACertPath) ?? fail(`${file}: peer.tlsCACertPath is missing`));
    if (!existsSync(tlsCa)) fail(`${file}: peer TLS CA ${tlsCa} does not exist`);
    return {
      peer: { endpoint: text(peer.endpoint) ?? '', hostAlias: text(peer.hostAlias), tlsCa },
      orderer: undefined,
    };
  }
  const org = Object.values(record(doc.organizations))
    .map(record)
    .find((o) => o.mspid === mspId);
  if (org === undefined) return fail(`${file} names no organization with MSP id ${mspId}`);
  const peerName = Array.isArray(org.peers) ? text(org.peers[0]) : undefined;
  const node = record(record(doc.peers)[peerName ?? '']);
  const url = text(node.url) ?? fail(`${file}: the peer of ${mspId} has no url`);
  const peerTls = pemFile(node.tlsCACerts, dir, scratch, `${key}-peer.pem`, `${file}: peer ${peerName ?? ''}`);
  const ordererName = Array.isArray(record(record(doc.channels)[channel]).orderers)
    ? text((record(record(doc.channels)[channel]).orderers as unknown[])[0])
    : undefined;
  const ordererNode = record(record(doc.orderers)[ordererName ?? '']);
  const ordererUrl = text(ordererNode.url);
  const orderer =
    ordererUrl === undefined
      ? undefined
      : {
          endpoint: endpointOf(ordererUrl),
          tlsCa: pemFile(ordererNode.tlsCACerts, dir, scratch, `${key}-orderer.pem`, `${file}: orderer`),
          hostAlias: hostAliasOf(ordererNode),
        };
  return { peer: { endpoint: endpointOf(url), hostAlias: hostAliasOf(node), tlsCa: peerTls }, orderer };
}

/** The one file in an MSP folder's `sub` (signcerts/, keystore/). */
function onlyFile(msp: string, sub: string, arg: string): string {
  const dir = path.join(msp, sub);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isFile()) : [];
  if (files.length !== 1) fail(`--admin ${arg}: ${dir} must hold exactly one file (found ${files.length})`);
  return path.join(dir, files[0] ?? '');
}

function parseAdmins(admins: readonly string[], keys: readonly string[]): Map<string, Admin> {
  const result = new Map<string, Admin>();
  for (const arg of admins) {
    const [key, dir] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    if (!arg.includes('=') || key === '' || dir === '') fail(`--admin takes DEPARTMENT=MSPDIR, not '${arg}'`);
    if (!keys.includes(key)) fail(`--admin ${arg}: unknown department '${key}' (the topology has ${keys.join(', ')})`);
    if (result.has(key)) fail(`--admin names ${key} twice`);
    const msp = path.resolve(dir);
    if (!existsSync(msp) || !statSync(msp).isDirectory()) fail(`--admin ${arg}: ${msp} is not a directory`);
    result.set(key, { msp, cert: onlyFile(msp, 'signcerts', arg), key: onlyFile(msp, 'keystore', arg) });
  }
  if (result.size === 0) fail('name at least one department admin: --admin DEPARTMENT=MSPDIR');
  return result;
}

/** The package a department installs: its own ccaas package, else the chaincode's node package. */
function packageFile(dir: string, chaincode: string, key: string): string {
  const ccaas = path.join(dir, chaincode, 'ccaas', `${key}.tgz`);
  if (existsSync(ccaas)) return ccaas;
  const nodeDir = path.join(dir, chaincode, 'node');
  const node = existsSync(nodeDir) ? readdirSync(nodeDir).filter((f) => f.endsWith('.tgz')) : [];
  if (node.length === 1) return path.join(nodeDir, node[0] ?? '');
  return fail(`no package of ${chaincode} for ${key}: neither ${ccaas} nor one ${nodeDir}/*.tgz`);
}

function ordererOf(options: DeployOptions, fromProfiles: Orderer | undefined): Orderer | undefined {
  if (options.orderer === undefined) {
    if (options.ordererTlsCa !== undefined || options.ordererHost !== undefined) fail('--orderer-* needs --orderer');
    return fromProfiles;
  }
  if (!/^[^:\s]+:\d+$/.test(options.orderer)) fail(`--orderer takes HOST:PORT, not '${options.orderer}'`);
  const tlsCa = options.ordererTlsCa ?? fail('--orderer needs --orderer-tls-ca FILE');
  if (!existsSync(tlsCa)) fail(`--orderer-tls-ca ${tlsCa} does not exist`);
  return { endpoint: options.orderer, tlsCa: path.resolve(tlsCa), hostAlias: options.ordererHost };
}

/** Runs `check`, turning its NetworkError into an input error. */
function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof DeployInputError || !(err instanceof NetworkError)) throw err;
    return fail(err.message);
  }
}

/** The chaincodes asked for, each known to the topology. */
function chaincodesAsked(topology: Topology, chaincodes: DeployOptions['chaincodes']): string[] {
  const known = topology.chaincodes.map((c) => c.name);
  const asked = chaincodes === 'all' ? known : [...new Set(chaincodes)];
  if (asked.length === 0) fail('name a chaincode or all');
  const unknown = asked.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    fail(`unknown chaincode ${unknown.join(', ')} (topology ${topology.name} has ${known.join(', ')})`);
  }
  return asked;
}

/** Every department with its profile's peer and, when present, its admin; and an orderer the profiles name. */
function departmentsOf(
  layout: Layout,
  profilesDir: string,
  admins: ReadonlyMap<string, Admin>,
  scratch: string,
): { departments: Department[]; orderer: Orderer | undefined } {
  let orderer: Orderer | undefined;
  const departments = layout.orgs.map(({ department }): Department => {
    const profile = readProfile(profilesDir, department.key, department.mspId, layout.topology.channel, scratch);
    const admin = admins.get(department.key);
    if (admin !== undefined && profile === undefined) {
      fail(`no profile for ${department.key}: ${path.join(profilesDir, `${department.key}.json`)}`);
    }
    orderer ??= profile?.orderer;
    return { key: department.key, mspId: department.mspId, peer: profile?.peer, admin };
  });
  return { departments, orderer };
}

/** Each chaincode's definition, its collection configuration written to `scratch`. */
function definitionsOf(layout: Layout, asked: readonly string[], scratch: string): Definition[] {
  return asked.map((name) => {
    const spec = layout.topology.chaincodes.find((c) => c.name === name) ?? fail(`unknown chaincode ${name}`);
    const def = checked(() => chaincodeDefinition(layout, spec));
    let collectionsFile: string | undefined;
    if (def.collections.length > 0) {
      collectionsFile = path.join(scratch, `${name}-collections.json`);
      writeFileSync(collectionsFile, `${JSON.stringify(def.collections, null, 2)}\n`);
    }
    return { ...def, collectionsFile };
  });
}

/** The package file of each chaincode for each present department; every bootstrap caller present. */
function packagesOf(
  options: DeployOptions,
  definitions: readonly Definition[],
  present: readonly Department[],
  firstKey: string,
): Map<string, Map<string, string>> {
  const dir = path.resolve(options.packages ?? fail('deploy needs --packages DIR (from npm run package)'));
  if (!existsSync(dir)) fail(`--packages ${dir} does not exist`);
  const packages = new Map<string, Map<string, string>>();
  for (const def of definitions) {
    for (const call of def.spec.bootstrap) {
      const caller = call.as ?? firstKey;
      if (!present.some((d) => d.key === caller)) {
        fail(`${def.spec.name}: bootstrap call ${call.function} is made by ${caller}: give its --admin`);
      }
    }
    packages.set(def.spec.name, new Map(present.map((d) => [d.key, packageFile(dir, def.spec.name, d.key)])));
  }
  return packages;
}

/**
 * Checks every input and works out what to deploy; does nothing on the network.
 * @throws DeployInputError naming the first input that is missing or wrong
 */
function planDeployment(options: DeployOptions, command: 'deploy' | 'upgrade' | 'status'): Plan {
  const topology = checked(() => loadTopology(options.root, options.topology ?? 'default'));
  const asked = chaincodesAsked(topology, options.chaincodes);
  const profilesDir = path.resolve(options.profiles);
  if (!existsSync(profilesDir) || !statSync(profilesDir).isDirectory()) {
    fail(`--profiles ${profilesDir} is not a directory`);
  }
  const layout = layoutFor(topology, pathsFor(options.root));
  const admins = parseAdmins(
    options.admins,
    layout.orgs.map((o) => o.department.key),
  );
  if (options.waitSeconds !== undefined && !(options.waitSeconds > 0)) fail('--wait takes a number of seconds');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'govchain-deploy-'));
  try {
    const { departments, orderer: fromProfiles } = departmentsOf(layout, profilesDir, admins, scratch);
    const present = departments.filter((d): d is Department & { admin: Admin } => d.admin !== undefined);
    const orderer = ordererOf(options, fromProfiles);
    if (command !== 'status' && orderer === undefined) {
      fail('no orderer: give common connection profiles (profiles/ccp) or --orderer HOST:PORT --orderer-tls-ca FILE');
    }
    const definitions = definitionsOf(layout, asked, scratch);
    const packages =
      command !== 'status'
        ? packagesOf(options, definitions, present, layout.orgs[0]?.department.key ?? '')
        : new Map<string, Map<string, string>>();
    const secrets = options.secrets === undefined ? layout.paths.secrets : path.resolve(options.secrets);
    return {
      fabric: resolveFabric(options.root),
      layout: { ...layout, paths: { ...layout.paths, secrets } },
      channel: topology.channel,
      departments,
      present,
      orderer,
      definitions,
      packages,
      scratch,
    };
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
}

/** The peer CLI as a present department's admin, against its own peer. */
function peer(plan: Plan, d: Department & { admin: Admin }, args: readonly string[]): Promise<ExecResult> {
  const target = d.peer ?? fail(`no peer for ${d.key}`);
  return run(tool(plan.fabric, 'peer'), args, {
    timeoutMs: 180_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FABRIC_CFG_PATH: plan.fabric.sampleConfig,
      FABRIC_LOGGING_SPEC: 'WARNING',
      CORE_PEER_LOCALMSPID: d.mspId,
      CORE_PEER_MSPCONFIGPATH: d.admin.msp,
      CORE_PEER_ADDRESS: target.endpoint,
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_ROOTCERT_FILE: target.tlsCa,
      // The peer CLI applies this override to every peer it dials: only when it dials this one alone.
      ...(target.hostAlias === undefined || args.includes('--peerAddresses')
        ? {}
        : { CORE_PEER_TLS_SERVERHOSTOVERRIDE: target.hostAlias }),
    },
  });
}

function ordererFlags(plan: Plan): string[] {
  const o = plan.orderer ?? fail('no orderer');
  return [
    '-o',
    o.endpoint,
    '--tls',
    '--cafile',
    o.tlsCa,
    ...(o.hostAlias === undefined ? [] : ['--ordererTLSHostnameOverride', o.hostAlias]),
  ];
}

function definitionFlags(plan: Plan, def: Definition, sequence: number): string[] {
  return [
    '--channelID',
    plan.channel,
    '--name',
    def.spec.name,
    '--version',
    def.version,
    '--sequence',
    String(sequence),
    '--signature-policy',
    def.signaturePolicy,
    ...(def.collectionsFile === undefined ? [] : ['--collections-config', def.collectionsFile]),
  ];
}

function firstPresent(plan: Plan): Plan['present'][number] {
  return plan.present[0] ?? fail('no department admin');
}

async function installedIds(plan: Plan, d: Plan['present'][number]): Promise<{ id: string; label: string }[]> {
  const { stdout } = await peer(plan, d, ['lifecycle', 'chaincode', 'queryinstalled', '-O', 'json']);
  const doc = stdout.trim() === '' ? {} : record(JSON.parse(stdout));
  const list = Array.isArray(doc.installed_chaincodes) ? doc.installed_chaincodes : [];
  return list.map(record).map((c) => ({ id: String(c.package_id), label: String(c.label) }));
}

async function committedOf(plan: Plan, name: string): Promise<{ sequence: number; version: string } | undefined> {
  try {
    const { stdout } = await peer(plan, firstPresent(plan), [
      'lifecycle',
      'chaincode',
      'querycommitted',
      '-C',
      plan.channel,
      '-n',
      name,
      '-O',
      'json',
    ]);
    const def = record(JSON.parse(stdout));
    return { sequence: Number(def.sequence), version: String(def.version) };
  } catch (err) {
    if (err instanceof NetworkError && /not defined|could not be found/i.test(err.message)) return undefined;
    throw err;
  }
}

/** What a department has approved at a sequence: version and package id, or undefined. */
async function approvedBy(
  plan: Plan,
  d: Plan['present'][number],
  name: string,
  sequence: number,
): Promise<{ version: string; packageId: string } | undefined> {
  try {
    const { stdout } = await peer(plan, d, [
      'lifecycle',
      'chaincode',
      'queryapproved',
      '-C',
      plan.channel,
      '-n',
      name,
      '--sequence',
      String(sequence),
      '-O',
      'json',
    ]);
    const doc = record(JSON.parse(stdout));
    const local = record(record(record(doc.source).Type).LocalPackage);
    return { version: String(doc.version), packageId: text(local.package_id) ?? '' };
  } catch (err) {
    if (err instanceof NetworkError && /could not fetch|not found|does not exist|no approved/i.test(err.message)) {
      return undefined;
    }
    throw err;
  }
}

/** Each department's approval of the definition at `sequence`, by department key (MSPs outside the topology by MSP id). */
async function readiness(plan: Plan, def: Definition, sequence: number): Promise<Map<string, boolean>> {
  const { stdout } = await peer(plan, firstPresent(plan), [
    'lifecycle',
    'chaincode',
    'checkcommitreadiness',
    ...definitionFlags(plan, def, sequence),
    '-O',
    'json',
  ]);
  const approvals = record(record(JSON.parse(stdout)).approvals);
  const byMsp = new Map(plan.departments.map((d) => [d.mspId, d.key]));
  return new Map(Object.entries(approvals).map(([msp, ok]) => [byMsp.get(msp) ?? msp, ok === true]));
}

/** The sequence to approve: the committed one when it is this definition, else the next. */
function sequenceFor(committed: { sequence: number; version: string } | undefined, def: Definition): number {
  if (committed === undefined) return 1;
  return committed.version === def.version ? committed.sequence : committed.sequence + 1;
}

function missingOf(ready: ReadonlyMap<string, boolean>): string[] {
  return [...ready].filter(([, ok]) => !ok).map(([key]) => key);
}

/** What `deploy` did (or found done) for one chaincode. */
export interface DeployResult {
  readonly chaincode: string;
  readonly version: string;
  readonly sequence: number;
  readonly installed: readonly string[];
  readonly approved: readonly string[];
  readonly committed: boolean;
  /** Departments that have not approved yet (empty once committed). */
  readonly pending: readonly string[];
  readonly bootstrapped: readonly string[];
}

async function install(plan: Plan, def: Definition, log: Log): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const files = plan.packages.get(def.spec.name) ?? new Map<string, string>();
  const installed: string[] = [];
  await Promise.all(
    plan.present.map(async (d) => {
      const file = files.get(d.key) ?? fail(`no package of ${def.spec.name} for ${d.key}`);
      const { stdout } = await peer(plan, d, ['lifecycle', 'chaincode', 'calculatepackageid', file]);
      const id = stdout.trim();
      ids.set(d.key, id);
      if ((await installedIds(plan, d)).some((c) => c.id === id)) return;
      await peer(plan, d, ['lifecycle', 'chaincode', 'install', file]);
      installed.push(d.key);
    }),
  );
  log(`${def.spec.name}: installed on ${installed.length > 0 ? installed.sort().join(', ') : 'no peer (all had it)'}`);
  return ids;
}

async function approve(
  plan: Plan,
  def: Definition,
  sequence: number,
  ids: ReadonlyMap<string, string>,
): Promise<string[]> {
  const approved: string[] = [];
  await Promise.all(
    plan.present.map(async (d) => {
      const id = ids.get(d.key) ?? '';
      const already = await approvedBy(plan, d, def.spec.name, sequence);
      if (already?.version === def.version && already.packageId === id) return;
      try {
        await peer(plan, d, [
          'lifecycle',
          'chaincode',
          'approveformyorg',
          ...ordererFlags(plan),
          ...definitionFlags(plan, def, sequence),
          '--package-id',
          id,
        ]);
      } catch (err) {
        if (!(err instanceof NetworkError && err.message.includes('unchanged content'))) {
          throw new NetworkError(`${d.key} did not approve ${def.spec.name}: ${(err as Error).message}`, {
            cause: err,
          });
        }
      }
      approved.push(d.key);
    }),
  );
  return approved.sort();
}

async function commit(plan: Plan, def: Definition, sequence: number): Promise<void> {
  const peers = plan.departments.flatMap((d) =>
    d.peer === undefined ? [] : ['--peerAddresses', d.peer.endpoint, '--tlsRootCertFiles', d.peer.tlsCa],
  );
  await peer(plan, firstPresent(plan), [
    'lifecycle',
    'chaincode',
    'commit',
    ...ordererFlags(plan),
    ...definitionFlags(plan, def, sequence),
    ...peers,
  ]);
}

async function heightOf(plan: Plan, d: Plan['present'][number]): Promise<number> {
  const { stdout } = await peer(plan, d, ['channel', 'getinfo', '-c', plan.channel]);
  const match = /"height":(\d+)/.exec(stdout);
  return match ? Number(match[1]) : 0;
}

/** Waits until every present department's peer has committed block `block`. */
async function waitForPeers(plan: Plan, block: bigint): Promise<void> {
  const reached = await pollUntil(
    async () =>
      (await Promise.all(plan.present.map((d) => heightOf(plan, d)))).every((h) => h > block) ? true : undefined,
    { timeoutMs: 60_000, intervalMs: 250, maxIntervalMs: 2_000 },
  );
  if (reached === undefined) throw new NetworkError(`the peers did not reach block ${block} within 60 s`);
}

/**
 * Runs the chaincode's bootstrap calls. Each is idempotent in the chaincode (the same data again writes
 * nothing): a call whose endorsement writes nothing was done before and is not submitted.
 * @returns the calls submitted now
 */
async function runBootstrap(plan: Plan, def: Definition, log: Log): Promise<string[]> {
  const done: string[] = [];
  const planLike: ChaincodePlan = { ...def, collectionsFile: def.collectionsFile };
  for (const call of def.spec.bootstrap) {
    const { caller, tx } = bootstrapTransaction(plan.layout, planLike, call);
    const d =
      plan.present.find((p) => p.key === caller.department.key) ?? fail(`no admin for ${caller.department.key}`);
    const target: GatewayTarget = {
      endpoint: d.peer?.endpoint ?? '',
      hostAlias: d.peer?.hostAlias,
      tlsCaPem: readFileSync(d.peer?.tlsCa ?? ''),
      mspId: d.mspId,
      certPem: readFileSync(d.admin.cert),
      keyPem: readFileSync(d.admin.key),
    };
    let block: bigint | undefined;
    try {
      block = await submitUnlessIdle(target, tx, true);
    } catch (err) {
      throw new NetworkError(`${def.spec.name}: ${call.function} was refused: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (block === undefined) {
      log(`${def.spec.name}: ${call.function} writes nothing: done before`);
      continue;
    }
    await waitForPeers(plan, block);
    log(`${def.spec.name}: ${call.function} done (block ${block}, as ${d.key})`);
    done.push(call.function);
  }
  return done;
}

async function waitForApprovals(
  plan: Plan,
  def: Definition,
  sequence: number,
  seconds: number,
  log: Log,
): Promise<Map<string, boolean>> {
  let last = await readiness(plan, def, sequence);
  if (missingOf(last).length === 0 || seconds <= 0) return last;
  log(`${def.spec.name}: waiting up to ${seconds}s for ${missingOf(last).join(', ')} to approve`);
  await pollUntil(
    async () => {
      last = await readiness(plan, def, sequence);
      return missingOf(last).length === 0 ? true : undefined;
    },
    { timeoutMs: seconds * 1000, intervalMs: 2_000, maxIntervalMs: 10_000 },
  );
  return last;
}

async function deployOne(plan: Plan, def: Definition, wait: number, log: Log): Promise<DeployResult> {
  const name = def.spec.name;
  const ids = await install(plan, def, log);
  const committed = await committedOf(plan, name);
  const current = committed?.version === def.version;
  const sequence = sequenceFor(committed, def);
  const approved = await approve(plan, def, sequence, ids);
  log(
    `${name} ${def.version} sequence ${sequence}: approved now by ${approved.length > 0 ? approved.join(', ') : 'none (done before)'}`,
  );
  const base = { chaincode: name, version: def.version, sequence, installed: [...ids.keys()].sort(), approved };
  if (!current) {
    const missing = missingOf(await waitForApprovals(plan, def, sequence, wait, log));
    if (missing.length > 0) {
      log(`${name}: not committed: waiting for the approval of ${missing.join(', ')}`);
      return { ...base, committed: false, pending: missing, bootstrapped: [] };
    }
    await commit(plan, def, sequence);
    log(`${name}: committed ${def.version} as sequence ${sequence}`);
  } else {
    log(`${name}: ${def.version} is committed (sequence ${sequence})`);
  }
  const bootstrapped = await runBootstrap(plan, def, log);
  return { ...base, committed: true, pending: [], bootstrapped };
}

/**
 * Deploys each chaincode: install on every present department's peer (unless installed), approve for each
 * (unless it approved this definition), check commit readiness, commit (unless committed), and run the
 * bootstrap calls. Running it again does only what is left.
 * @returns per chaincode, what was done and which departments have not approved
 * @throws DeployInputError before anything is done when an input is missing or wrong; NetworkError when a
 * step fails
 */
export async function deploy(options: DeployOptions, log: Log): Promise<DeployResult[]> {
  const plan = planDeployment(options, 'deploy');
  try {
    const results: DeployResult[] = [];
    for (const def of plan.definitions) results.push(await deployOne(plan, def, options.waitSeconds ?? 0, log));
    return results;
  } finally {
    rmSync(plan.scratch, { recursive: true, force: true });
  }
}

/**
 * Upgrades chaincodes already committed to the definition this code and topology make — a new package, a
 * new endorsement policy or new collections give a new definition version — approved by each department and
 * committed as the next sequence, as {@link deploy} does. Unlike deploy it refuses, before anything is done,
 * a chaincode that is not committed yet; one whose definition is unchanged is left as it is.
 * @returns per chaincode, what was done and which departments have not approved
 * @throws DeployInputError when an input is wrong or a chaincode is not committed; NetworkError when a step fails
 */
export async function upgrade(options: DeployOptions, log: Log): Promise<DeployResult[]> {
  const plan = planDeployment(options, 'upgrade');
  try {
    for (const def of plan.definitions) {
      const committed = await committedOf(plan, def.spec.name);
      if (committed === undefined) {
        throw new DeployInputError(`${def.spec.name} is not committed on the channel: deploy it first`);
      }
      if (committed.version === def.version) {
        log(`${def.spec.name}: ${def.version} is committed already (sequence ${committed.sequence}): no change`);
      }
    }
    const results: DeployResult[] = [];
    for (const def of plan.definitions) results.push(await deployOne(plan, def, options.waitSeconds ?? 0, log));
    return results;
  } finally {
    rmSync(plan.scratch, { recursive: true, force: true });
  }
}

/** One chaincode as `status` sees it. */
export interface ChaincodeDeployStatus {
  readonly chaincode: string;
  /** The definition version this code, policy and collections make. */
  readonly version: string;
  readonly committed: { readonly sequence: number; readonly version: string } | null;
  /** Whether the committed definition is this one. */
  readonly current: boolean;
  /** Package ids of this chaincode installed on each present department's peer. */
  readonly installed: Readonly<Record<string, readonly string[]>>;
  /** The sequence the approvals are for: the committed one when current, else the next. */
  readonly sequence: number;
  /** Approval per department (present ones asked directly when current; every one via commit readiness otherwise). */
  readonly approvals: Readonly<Record<string, boolean>>;
}

/**
 * Per chaincode: installed package ids per present department, approvals per department for the next
 * sequence (or the committed one), and the committed version and sequence. Changes nothing.
 */
export async function deployStatus(options: DeployOptions): Promise<ChaincodeDeployStatus[]> {
  const plan = planDeployment(options, 'status');
  try {
    const result: ChaincodeDeployStatus[] = [];
    for (const def of plan.definitions) {
      const name = def.spec.name;
      const committed = await committedOf(plan, name);
      const current = committed?.version === def.version;
      const sequence = sequenceFor(committed, def);
      const installed: Record<string, string[]> = {};
      for (const d of plan.present) {
        installed[d.key] = (await installedIds(plan, d)).filter((c) => c.label.startsWith(`${name}_`)).map((c) => c.id);
      }
      let approvals: Record<string, boolean>;
      if (current) {
        approvals = {};
        for (const d of plan.present)
          approvals[d.key] = (await approvedBy(plan, d, name, sequence))?.version === def.version;
      } else {
        approvals = Object.fromEntries(await readiness(plan, def, sequence));
      }
      result.push({
        chaincode: name,
        version: def.version,
        committed: committed ?? null,
        current,
        installed,
        sequence,
        approvals,
      });
    }
    return result;
  } finally {
    rmSync(plan.scratch, { recursive: true, force: true });
  }
}
