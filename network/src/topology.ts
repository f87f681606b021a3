import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { NetworkError } from './errors';

/** A department: one Fabric organization with one peer. */
export interface Department {
  readonly key: string;
  readonly org: string;
  readonly mspId: string;
  readonly name: string;
  /**
   * Named roles the department holds in the chaincodes' role configurations (e.g. `propertyRegistry`),
   * written into the governance file every chaincode server reads; seeding takes them from there.
   */
  readonly roles?: readonly string[];
}

/** A private data collection of a chaincode; `members: all` means every department. */
export interface CollectionSpec {
  readonly name: string;
  readonly members: 'all' | readonly string[];
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
  /**
   * Whether the endorsing peer pushes the private data to other members' peers while it endorses
   * (`maxPeerCount` = members − 1; default true). false (`maxPeerCount` 0): the others pull it only when
   * they commit the transaction's block — so a proposal that is endorsed but never submitted leaves its
   * private data on the endorsing peer alone.
   */
  readonly pushOnEndorsement: boolean;
  /**
   * A collection-level endorsement policy: the peers of every MSP listed must endorse each write to
   * the collection. It replaces the chaincode-level policy for those writes (Fabric 2+), so a
   * transaction that writes only here needs these endorsers and no others. Absent: the chaincode's.
   */
  readonly endorsedBy?: readonly string[];
}

/** One call made once after a chaincode is first committed (seeding). */
export interface BootstrapCall {
  readonly function: string;
  readonly args: readonly string[];
  readonly transient: Readonly<Record<string, string>>;
  /** The department (key) whose admin makes the call; the first department when absent. */
  readonly as?: string;
  /**
   * The departments (keys) whose peers endorse the call — only these see its transient data;
   * absent: the caller and the next ones the chaincode's endorsement policy needs.
   */
  readonly endorsers?: readonly string[];
}

export interface ChaincodeSpec {
  readonly name: string;
  /** Package directory, relative to the repository root. */
  readonly path: string;
  /** Endorsement policy: n of the department peers, or an explicit signature policy. */
  readonly endorsement: { readonly outOf: number } | { readonly signaturePolicy: string };
  readonly collections: readonly CollectionSpec[];
  readonly bootstrap: readonly BootstrapCall[];
}

/** An organization that runs orderers: the Information Centre, or a department's ordering organization. */
export interface OrdererOrgSpec {
  readonly org: string;
  readonly mspId: string;
  readonly name: string;
  readonly nodes: number;
  /** The department (key) that runs this organization's orderers; absent for the Information Centre. */
  readonly department?: string;
}

/** How the channel's blocks are ordered: crash-fault-tolerant Raft, or Byzantine-fault-tolerant SmartBFT. */
export type Consensus = 'raft' | 'bft';

export interface OrdererSpec {
  /** The organizations running orderers, in the order their nodes are numbered (orderer0, orderer1, …). */
  readonly organizations: readonly OrdererOrgSpec[];
  /** Raft's BatchTimeout; SmartBFT's RequestBatchMaxInterval. */
  readonly batchTimeout: string;
  readonly maxMessageCount: number;
}

export interface Topology {
  readonly name: string;
  readonly file: string;
  readonly channel: string;
  readonly domain: string;
  readonly basePort: number;
  readonly consensus: Consensus;
  readonly orderer: OrdererSpec;
  readonly departments: readonly Department[];
  readonly chaincodes: readonly ChaincodeSpec[];
  /** Limits every chaincode server reads from the governance file. */
  readonly governance: GovernanceSpec;
}

/** The `governance` section: limits written into the governance file every chaincode server reads. */
export interface GovernanceSpec {
  /** Holder-reference grants (e-license RequestHolderRef) one department may obtain per hour. */
  readonly holderRefGrantsPerHour: number;
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const ORG = /^[A-Z][A-Za-z0-9]{0,62}$/;
const MSP = /^[A-Za-z][A-Za-z0-9.-]{0,62}MSP$/;
const CHANNEL = /^[a-z][a-z0-9.-]{0,248}$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const DURATION = /^\d+(ms|s)$/;
const ROLE = /^[a-z][A-Za-z0-9]{0,63}$/;
/** Orderers own the first ten-port blocks below the peers' (basePort + 100). */
const MAX_ORDERERS = 9;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Reader {
  constructor(
    readonly file: string,
    readonly where: string,
  ) {}

  fail(message: string): never {
    throw new NetworkError(`topology ${this.file}: ${this.where ? `${this.where}: ` : ''}${message}`);
  }

  record(value: unknown, what: string): Raw {
    if (!isRecord(value)) this.fail(`${what} must be a mapping`);
    return value;
  }

  string(obj: Raw, key: string, pattern?: RegExp, fallback?: string): string {
    const value = obj[key] ?? fallback;
    if (typeof value !== 'string' || value === '') this.fail(`'${key}' must be a non-empty string`);
    if (pattern && !pattern.test(value)) this.fail(`'${key}' value '${value}' does not match ${String(pattern)}`);
    return value;
  }

  int(obj: Raw, key: string, min: number, max: number, fallback?: number): number {
    const value = obj[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(`'${key}' must be a whole number from ${min} to ${max}`);
    }
    return value;
  }

  bool(obj: Raw, key: string, fallback: boolean): boolean {
    const value = obj[key] ?? fallback;
    if (typeof value !== 'boolean') this.fail(`'${key}' must be true or false`);
    return value;
  }

  list(obj: Raw, key: string, required: boolean): unknown[] {
    const value = obj[key];
    if (value === undefined && !required) return [];
    if (!Array.isArray(value) || (required && value.length === 0)) this.fail(`'${key}' must be a non-empty list`);
    return value;
  }

  at(where: string): Reader {
    return new Reader(this.file, where);
  }
}

function readOrdererOrg(r: Reader, o: Raw): OrdererOrgSpec {
  const spec = {
    org: r.string(o, 'org', ORG),
    mspId: r.string(o, 'mspId', MSP),
    name: r.string(o, 'name'),
    nodes: r.int(o, 'nodes', 1, MAX_ORDERERS, 1),
  };
  return o.department === undefined ? spec : { ...spec, department: r.string(o, 'department', NAME) };
}

/**
 * The `orderer` section: either one organization given inline (`org`, `mspId`, `name`, `nodes`), or an
 * `organizations` list, with the batch settings beside it.
 */
function readOrderer(r: Reader, raw: unknown): OrdererSpec {
  const o = r.record(raw, `'orderer'`);
  let organizations: OrdererOrgSpec[];
  if (o.organizations === undefined) {
    organizations = [readOrdererOrg(r, o)];
  } else {
    const inline = ['org', 'mspId', 'name', 'nodes', 'department'].filter((k) => k in o);
    if (inline.length > 0) r.fail(`give either 'organizations' or an inline '${inline[0] ?? ''}', not both`);
    organizations = r
      .list(o, 'organizations', true)
      .map((x, i) => readOrdererOrg(r.at(`orderer.organizations[${i}]`), r.record(x, 'an orderer organization')));
  }
  const nodes = organizations.reduce((n, x) => n + x.nodes, 0);
  if (nodes > MAX_ORDERERS) r.fail(`at most ${MAX_ORDERERS} orderers fit the port layout, got ${nodes}`);
  return {
    organizations,
    batchTimeout: r.string(o, 'batchTimeout', DURATION, '250ms'),
    maxMessageCount: r.int(o, 'maxMessageCount', 1, 10000, 100),
  };
}

function readConsensus(r: Reader, t: Raw, orderer: OrdererSpec): Consensus {
  const value = t.consensus ?? 'raft';
  if (value !== 'raft' && value !== 'bft') r.fail(`'consensus' must be raft or bft, not ${JSON.stringify(value)}`);
  const nodes = orderer.organizations.reduce((n, x) => n + x.nodes, 0);
  if (value === 'bft' && nodes < 4) {
    r.fail(`consensus bft needs at least 4 orderers (3f + 1 to tolerate f = 1 faulty one), got ${nodes}`);
  }
  return value;
}

function readDepartment(r: Reader, raw: unknown): Department {
  const d = r.record(raw, 'a department');
  return {
    key: r.string(d, 'key', NAME),
    org: r.string(d, 'org', ORG),
    mspId: r.string(d, 'mspId', MSP),
    name: r.string(d, 'name'),
    ...(d.roles === undefined ? {} : { roles: readRoles(r, d.roles) }),
  };
}

function readRoles(r: Reader, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((role) => typeof role === 'string' && ROLE.test(role))) {
    r.fail(`'roles' must be a list of lowerCamelCase role names such as propertyRegistry`);
  }
  const roles = value as string[];
  unique(r, roles, 'roles');
  return roles;
}

function readMspList(r: Reader, value: unknown, what: string, mspIds: ReadonlySet<string>): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((m) => typeof m === 'string')) {
    r.fail(`${what} must be a non-empty list of MSP ids`);
  }
  const unknown = value.find((m) => !mspIds.has(m));
  if (unknown !== undefined) r.fail(`${what} names '${unknown}', which is no department's MSP id`);
  unique(r, value, what);
  return value;
}

function readCollection(r: Reader, raw: unknown, mspIds: ReadonlySet<string>): CollectionSpec {
  const c = r.record(raw, 'a collection');
  const name = r.string(c, 'name', /^[A-Za-z][A-Za-z0-9_-]{0,62}$/);
  const cr = r.at(`${r.where ? `${r.where}: ` : ''}collection ${name}`);
  const members = c.members ?? 'all';
  if (members !== 'all' && !Array.isArray(members)) {
    cr.fail(`'members' must be 'all' or a list of MSP ids`);
  }
  const spec: CollectionSpec = {
    name,
    members: members === 'all' ? 'all' : readMspList(cr, members, `'members'`, mspIds),
    blockToLive: cr.int(c, 'blockToLive', 0, Number.MAX_SAFE_INTEGER, 0),
    memberOnlyRead: cr.bool(c, 'memberOnlyRead', true),
    memberOnlyWrite: cr.bool(c, 'memberOnlyWrite', true),
    pushOnEndorsement: cr.bool(c, 'pushOnEndorsement', true),
  };
  return c.endorsedBy === undefined
    ? spec
    : { ...spec, endorsedBy: readMspList(cr, c.endorsedBy, `'endorsedBy'`, mspIds) };
}

function readBootstrap(r: Reader, raw: unknown): BootstrapCall {
  const b = r.record(raw, 'a bootstrap call');
  const args = r.list(b, 'args', false);
  if (!args.every((a) => typeof a === 'string')) r.fail(`bootstrap 'args' must be strings`);
  // Arguments are recorded in every block: a secret belongs in transient data.
  if (args.some((a) => a.startsWith('@secret:'))) r.fail(`bootstrap 'args' may not hold a @secret: (use 'transient')`);
  const transient = b.transient ?? {};
  if (!isRecord(transient) || !Object.values(transient).every((v) => typeof v === 'string')) {
    r.fail(`bootstrap 'transient' must map names to strings`);
  }
  let call = { function: r.string(b, 'function', /^[A-Za-z][A-Za-z0-9_:]*$/), args, transient } as BootstrapCall;
  if (b.as !== undefined) call = { ...call, as: r.string(b, 'as', NAME) };
  if (b.endorsers !== undefined) {
    const endorsers = b.endorsers;
    if (!Array.isArray(endorsers) || endorsers.length === 0 || !endorsers.every((e) => typeof e === 'string')) {
      r.fail(`bootstrap call ${call.function}: 'endorsers' must be a non-empty list of department keys`);
    }
    call = { ...call, endorsers };
  }
  return call;
}

function readChaincode(r: Reader, raw: unknown, departments: number, mspIds: ReadonlySet<string>): ChaincodeSpec {
  const c = r.record(raw, 'a chaincode');
  const name = r.string(c, 'name', NAME);
  const cr = r.at(`chaincode ${name}`);
  const e = cr.record(c.endorsement ?? { outOf: 1 }, `'endorsement'`);
  const endorsement =
    typeof e.signaturePolicy === 'string'
      ? { signaturePolicy: cr.string(e, 'signaturePolicy') }
      : { outOf: cr.int(e, 'outOf', 1, departments) };
  return {
    name,
    path: cr.string(c, 'path'),
    endorsement,
    collections: cr.list(c, 'collections', false).map((x) => readCollection(cr, x, mspIds)),
    bootstrap: cr.list(c, 'bootstrap', false).map((x) => readBootstrap(cr, x)),
  };
}

function unique(r: Reader, values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) r.fail(`${what} '${v}' appears twice`);
    seen.add(v);
  }
}

/** Parses and validates a topology document; every problem is one clear line naming the file and field. */
export function parseTopology(text: string, file: string): Topology {
  const r = new Reader(file, '');
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    r.fail(`not valid YAML: ${(err as Error).message.split('\n')[0] ?? ''}`);
  }
  const t = r.record(doc, 'the document');
  const orderer = readOrderer(r.at('orderer'), t.orderer);
  const consensus = readConsensus(r, t, orderer);
  const departments = r.list(t, 'departments', true).map((d, i) => readDepartment(r.at(`departments[${i}]`), d));
  unique(
    r,
    departments.map((d) => d.key),
    'department key',
  );
  const ordererOrgs = orderer.organizations;
  unique(r, [...ordererOrgs.map((o) => o.org), ...departments.map((d) => d.org)], 'organization');
  unique(r, [...ordererOrgs.map((o) => o.mspId), ...departments.map((d) => d.mspId)], 'MSP id');
  for (const o of ordererOrgs) {
    if (o.department !== undefined && !departments.some((d) => d.key === o.department)) {
      r.at(`orderer organization ${o.org}`).fail(`'department' names unknown department '${o.department}'`);
    }
  }
  if (departments.length > 60) r.fail('at most 60 departments fit the port layout');
  const mspIds = new Set(departments.map((d) => d.mspId));
  const chaincodes = r.list(t, 'chaincodes', false).map((c) => readChaincode(r, c, departments.length, mspIds));
  unique(
    r,
    chaincodes.map((c) => c.name),
    'chaincode',
  );
  if (chaincodes.length > 7) r.fail('at most 7 chaincodes fit the port layout');
  const keys = new Set(departments.map((d) => d.key));
  for (const c of chaincodes) {
    for (const call of c.bootstrap) {
      if (call.as !== undefined && !keys.has(call.as)) {
        r.at(`chaincode ${c.name}`).fail(
          `bootstrap call ${call.function} is made 'as' unknown department '${call.as}'`,
        );
      }
      const stranger = call.endorsers?.find((e) => !keys.has(e));
      if (stranger !== undefined) {
        r.at(`chaincode ${c.name}`).fail(
          `bootstrap call ${call.function} names unknown department '${stranger}' in 'endorsers'`,
        );
      }
    }
  }
  const basePort = r.int(t, 'basePort', 1024, 65535 - 100 - 10 * departments.length, 7000);
  return {
    name: r.string(t, 'name', NAME),
    file,
    channel: r.string(t, 'channel', CHANNEL),
    domain: r.string(t, 'domain', DOMAIN),
    basePort,
    consensus,
    orderer,
    departments,
    chaincodes,
    governance: readGovernance(r.at('governance'), t.governance),
  };
}

function readGovernance(r: Reader, raw: unknown): GovernanceSpec {
  const g = raw === undefined ? {} : r.record(raw, `'governance'`);
  const unknown = Object.keys(g).find((k) => k !== 'holderRefGrantsPerHour');
  if (unknown !== undefined) r.fail(`unknown setting '${unknown}'`);
  return { holderRefGrantsPerHour: r.int(g, 'holderRefGrantsPerHour', 1, 1_000_000, 600) };
}

/**
 * Loads a topology by profile name (a file in network/topologies) or by path.
 * @throws NetworkError when the profile is unknown or the file is invalid.
 */
export function loadTopology(root: string, nameOrPath: string): Topology {
  const dir = path.join(root, 'network', 'topologies');
  const file =
    nameOrPath.includes('/') || nameOrPath.endsWith('.yaml')
      ? path.resolve(nameOrPath)
      : path.join(dir, `${nameOrPath}.yaml`);
  if (!existsSync(file)) {
    throw new NetworkError(
      `unknown topology '${nameOrPath}': no file ${path.relative(process.cwd(), file) || file} (profiles: ${listProfiles(root).join(', ')})`,
    );
  }
  return parseTopology(readFileSync(file, 'utf8'), path.relative(root, file) || file);
}

/** Profile names shipped in network/topologies. */
export function listProfiles(root: string): string[] {
  const dir = path.join(root, 'network', 'topologies');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}
