import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CLERK_ROLES, type ClerkRole, type PlainOf, checkDocument } from '@govchain/protocol';
import { NetworkError } from './errors';
import {
  type BootstrapDocument,
  type ChaincodeDocument,
  type CollectionDocument,
  type DepartmentDocument,
  type GovernanceDocument,
  MAX_ORDERERS,
  type OrdererDocument,
  OrdererOrgDocument,
  TopologyDocument,
} from './topology-document';

/** A department: one Fabric organization with one peer. */
export type Department = PlainOf<DepartmentDocument>;

/**
 * @param department - a department of the topology
 * @returns its role table: the clerk roles its registrar may give (every clerk role when the topology sets none)
 */
export function clerkRolesOf(department: Department): readonly ClerkRole[] {
  return department.clerkRoles === undefined
    ? CLERK_ROLES
    : CLERK_ROLES.filter((role) => department.clerkRoles?.includes(role));
}

/** A private data collection of a chaincode (see {@link CollectionDocument}). */
export type CollectionSpec = PlainOf<CollectionDocument>;

/** One call made once after a chaincode is first committed (see {@link BootstrapDocument}). */
export type BootstrapCall = PlainOf<BootstrapDocument>;

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
export type OrdererOrgSpec = PlainOf<OrdererOrgDocument>;

/** How the channel's blocks are ordered: crash-fault-tolerant Raft, or Byzantine-fault-tolerant SmartBFT. */
export type Consensus = 'raft' | 'bft';

/** Who issues the organizations' certificates: a Fabric CA per organization, or cryptogen. */
export type MemberServices = 'ca' | 'cryptogen';
export type Hosts = 'loopback' | 'namespaces';

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
  readonly memberServices: MemberServices;
  /** Where the organizations' nodes run: all on loopback, or each in a network namespace of its own. */
  readonly hosts: Hosts;
  readonly orderer: OrdererSpec;
  readonly departments: readonly Department[];
  readonly chaincodes: readonly ChaincodeSpec[];
  /** Limits every chaincode server reads from the governance file. */
  readonly governance: GovernanceSpec;
  /**
   * Each department's port slot (its ten-port block above basePort + 100, its CA's ports): the file's
   * departments in order, then those added to the running network. A department keeps its slot when
   * another is removed, so no running node changes ports.
   */
  readonly slots: Readonly<Record<string, number>>;
}

/**
 * How the running network's membership differs from its topology file: departments added
 * (`network:add-department`) and removed (`network:remove-department`), kept in the network's state. A
 * removed department's key stays listed, so its slot, organization and MSP id are never given to another.
 */
export interface Membership {
  /** The department entries added, in the order they were added (validated like the file's). */
  readonly added: readonly Department[];
  /** Keys of the departments removed: of the file's or of those added. */
  readonly removed: readonly string[];
}

/** No change from the topology file. */
export const NO_MEMBERSHIP_CHANGE: Membership = { added: [], removed: [] };

/**
 * The topology document's `departments` with a membership change applied; also each department's slot.
 * Anything that is not a list is left for validation to report.
 */
function applyMembership(raw: unknown, membership: Membership): { raw: unknown; slots: Record<string, number> } {
  const doc = raw as { departments?: unknown };
  if (typeof raw !== 'object' || raw === null || !Array.isArray(doc.departments)) return { raw, slots: {} };
  const all = [...(doc.departments as unknown[]), ...membership.added];
  const slots: Record<string, number> = {};
  all.forEach((d, i) => {
    const key = (d as { key?: unknown }).key;
    if (typeof key === 'string' && !Object.hasOwn(slots, key)) slots[key] = i;
  });
  const removed = new Set(membership.removed);
  const departments = all.filter((d) => !removed.has((d as { key?: unknown }).key as string));
  return { raw: { ...doc, departments }, slots };
}

/** The `governance` section: limits written into the governance file every chaincode server reads. */
export type GovernanceSpec = PlainOf<GovernanceDocument>;

/** Names listed more than once, as problems. */
function duplicates(values: readonly string[], what: string): string[] {
  const twice = values.filter((v, i) => values.indexOf(v) !== i);
  return [...new Set(twice)].map((v) => `${what} '${v}' appears twice`);
}

/** Checks across the organizations: unique names, orderers run by known departments, the port layout. */
function organizationProblems(doc: TopologyDocument, orderer: OrdererSpec, slotCount: number): string[] {
  const { departments } = doc;
  const keys = new Set(departments.map((d) => d.key));
  const problems = [
    ...duplicates(
      departments.map((d) => d.key),
      'department key',
    ),
    ...duplicates([...orderer.organizations.map((o) => o.org), ...departments.map((d) => d.org)], 'organization'),
    ...duplicates([...orderer.organizations.map((o) => o.mspId), ...departments.map((d) => d.mspId)], 'MSP id'),
  ];
  for (const o of orderer.organizations) {
    if (o.department !== undefined && !keys.has(o.department)) {
      problems.push(`orderer organization ${o.org}: 'department' names unknown department '${o.department}'`);
    }
  }
  const nodes = orderer.organizations.reduce((n, x) => n + x.nodes, 0);
  if (nodes > MAX_ORDERERS) problems.push(`at most ${MAX_ORDERERS} orderers fit the port layout, got ${nodes}`);
  if (doc.consensus === 'bft' && nodes < 4) {
    problems.push(`consensus bft needs at least 4 orderers (3f + 1 to tolerate f = 1 faulty one), got ${nodes}`);
  }
  const highestBasePort = 65535 - 100 - 10 * slotCount;
  if (doc.basePort > highestBasePort) {
    problems.push(`'basePort' must be at most ${highestBasePort} for ${slotCount} departments`);
  }
  return problems;
}

/** Checks of one bootstrap call: no secret in its arguments, known departments. */
function bootstrapProblems(where: string, call: BootstrapDocument, keys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  // Arguments are recorded in every block: a secret belongs in transient data.
  if (call.args.some((a) => a.startsWith('@secret:'))) {
    problems.push(`${where}: bootstrap call ${call.function}: 'args' may not hold a @secret: (use 'transient')`);
  }
  if (call.as !== undefined && !keys.has(call.as)) {
    problems.push(`${where}: bootstrap call ${call.function} is made 'as' unknown department '${call.as}'`);
  }
  const stranger = call.endorsers?.find((k) => !keys.has(k));
  if (stranger !== undefined) {
    problems.push(`${where}: bootstrap call ${call.function} names unknown department '${stranger}' in 'endorsers'`);
  }
  return problems;
}

/** Checks of one chaincode against the departments: policy size, collection members, bootstrap calls. */
function chaincodeProblems(c: ChaincodeDocument, departments: readonly DepartmentDocument[]): string[] {
  const where = `chaincode ${c.name}`;
  const keys = new Set(departments.map((d) => d.key));
  const mspIds = new Set(departments.map((d) => d.mspId));
  const problems: string[] = [];
  const e = c.endorsement;
  if (e?.outOf !== undefined && e.signaturePolicy !== undefined) {
    problems.push(`${where}: give 'endorsement' either 'outOf' or 'signaturePolicy', not both`);
  }
  if (e?.outOf !== undefined && e.outOf > departments.length) {
    problems.push(`${where}: 'endorsement.outOf' must be a whole number from 1 to ${departments.length}`);
  }
  for (const col of c.collections) {
    for (const [field, list] of [
      ['members', col.members === 'all' ? [] : col.members],
      ['endorsedBy', col.endorsedBy ?? []],
    ] as const) {
      const stranger = list.find((m) => !mspIds.has(m));
      if (stranger !== undefined) {
        problems.push(
          `${where}: collection ${col.name}: '${field}' names '${stranger}', which is no department's MSP id`,
        );
      }
    }
  }
  problems.push(...c.bootstrap.flatMap((call) => bootstrapProblems(where, call, keys)));
  return problems;
}

/** Checks across sections, each problem with its place: `where: what`. */
function crossProblems(doc: TopologyDocument, orderer: OrdererSpec, slotCount: number): string[] {
  return [
    ...organizationProblems(doc, orderer, slotCount),
    ...duplicates(
      doc.chaincodes.map((c) => c.name),
      'chaincode',
    ),
    ...doc.chaincodes.flatMap((c) => chaincodeProblems(c, doc.departments)),
  ];
}

/** The `orderer` section as a list of organizations, from the list or the inline organization. */
function ordererOf(section: OrdererDocument): { readonly orderer: OrdererSpec; readonly problems: string[] } {
  const { organizations, batchTimeout, maxMessageCount, ...inline } = section;
  const given = Object.keys(inline).filter((k) => inline[k as keyof typeof inline] !== undefined);
  if (organizations !== undefined) {
    const problems =
      given.length > 0 ? [`orderer: give either 'organizations' or an inline '${given[0] ?? ''}', not both`] : [];
    return { orderer: { organizations, batchTimeout, maxMessageCount }, problems };
  }
  const checked = checkDocument(OrdererOrgDocument, inline, '$.orderer');
  if (!('document' in checked)) {
    return { orderer: { organizations: [], batchTimeout, maxMessageCount }, problems: [...checked.problems] };
  }
  return { orderer: { organizations: [checked.document], batchTimeout, maxMessageCount }, problems: [] };
}

/** `$.departments[1].mspId must be …` → `departments[1].mspId must be …`. */
function relative(problem: string): string {
  return problem.replace(/^\$ /, 'the document ').replace(/^\$\./, '');
}

/**
 * Parses and validates a topology document against {@link TopologyDocument} and the checks across its
 * sections.
 *
 * @param membership - departments added to and removed from the running network, checked with the rest
 * @throws NetworkError `topology <file>: ` and every problem, `; `-separated on one line.
 */
export function parseTopology(text: string, file: string, membership: Membership = NO_MEMBERSHIP_CHANGE): Topology {
  const fail = (problems: readonly string[]): never => {
    throw new NetworkError(`topology ${file}: ${problems.map(relative).join('; ')}`);
  };
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    fail([`not valid YAML: ${(err as Error).message.split('\n')[0] ?? ''}`]);
  }
  const applied = applyMembership(raw, membership);
  const checked = checkDocument(TopologyDocument, applied.raw, '$');
  if (!('document' in checked)) return fail(checked.problems);
  const doc = checked.document;
  const slotCount = Math.max(doc.departments.length, Object.keys(applied.slots).length);
  const { orderer, problems } = ordererOf(doc.orderer);
  problems.push(...crossProblems(doc, orderer, slotCount));
  if (problems.length > 0) fail(problems);
  return {
    name: doc.name,
    file,
    channel: doc.channel,
    domain: doc.domain,
    basePort: doc.basePort,
    consensus: doc.consensus,
    memberServices: doc.memberServices,
    hosts: doc.hosts,
    orderer,
    departments: doc.departments,
    chaincodes: doc.chaincodes.map((c) => ({
      name: c.name,
      path: c.path,
      endorsement:
        c.endorsement?.signaturePolicy === undefined
          ? { outOf: c.endorsement?.outOf ?? 1 }
          : { signaturePolicy: c.endorsement.signaturePolicy },
      collections: c.collections,
      bootstrap: c.bootstrap,
    })),
    governance: doc.governance,
    slots: Object.fromEntries(doc.departments.map((d, i) => [d.key, applied.slots[d.key] ?? i])),
  };
}

/**
 * Loads a topology by profile name (a file in network/topologies) or by path, with the running network's
 * membership changes.
 * @throws NetworkError when the profile is unknown or the file is invalid.
 */
export function loadTopology(root: string, nameOrPath: string, membership?: Membership): Topology {
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
  return parseTopology(readFileSync(file, 'utf8'), path.relative(root, file) || file, membership);
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
