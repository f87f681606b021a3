/**
 * A consortium that changes while it runs: a department added to or removed from the running network.
 *
 * The change is recorded in the network's state (`membership` in `network.json`, next to the topology it
 * was created with) and `up` then reconciles the network with it, as it does with everything else:
 * the department's CA and identities, the channel's organizations (one configuration update signed by a
 * majority of the admins), its peer joined by snapshot, the chaincode definitions at their next sequence
 * (policies and collections that now name it, or no longer do), and the chaincodes' on-ledger governance
 * through their own majority-endorsed transactions. A topology file stays what it was shipped as; the
 * state says how this network grew from it, and every command (status, logs, profiles) reads the two
 * together.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { checkDocument } from '@govchain/protocol';
import { BID_RECORD_ROLES } from '@govchain/protocol/bid-record';
import { governanceOf, hostName } from './chaincode';
import { majorityNeeded } from './channel-config';
import { NetworkError } from './errors';
import { evaluateThroughGateway, submitThroughGateway } from './gateway';
import { departmentByKey, layoutFor, pathsFor, type Layout, type OrgLayout } from './layout';
import { currentLayout, readState, up, waitForPeersAt, writeState, type Log, type NetworkState } from './network';
import type { ProcessTable } from './procs';
import { DepartmentDocument } from './topology-document';
import { loadTopology, type ChaincodeSpec, type Department, type Membership } from './topology';

/** Roles any number of departments may hold (bid-record's); every other role has one holder. */
const SHARED_ROLES: ReadonlySet<string> = new Set(BID_RECORD_ROLES);

/** The state of a created network, or a refusal saying how to create one. */
function createdState(root: string): NetworkState {
  const state = readState(pathsFor(root));
  if (state === undefined) {
    throw new NetworkError(
      'no network has been created here: run npm run network:up first (to start with more departments, list them in the topology file)',
    );
  }
  return state;
}

function membershipOf(state: NetworkState): Membership {
  return state.membership ?? { added: [], removed: [] };
}

/**
 * Reads and checks a department entry (YAML or JSON, the fields of a topology's `departments` entry).
 * @throws NetworkError naming the file and every problem
 */
export function readDepartmentFile(file: string): Department {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new NetworkError(`department file ${file}: ${(err as Error).message.split('\n')[0] ?? ''}`);
  }
  const checked = checkDocument(DepartmentDocument, raw, 'the department');
  if (!('document' in checked)) throw new NetworkError(`department file ${file}: ${checked.problems.join('; ')}`);
  return JSON.parse(JSON.stringify(checked.document)) as Department;
}

/**
 * What keeps a department from joining this layout: a key, organization or MSP id once removed (never
 * given again), or a one-holder role another department holds. Duplicates with the present departments
 * are the topology check's.
 */
export function admissionProblems(layout: Layout, membership: Membership, department: Department): string[] {
  const problems: string[] = [];
  if (membership.removed.includes(department.key)) {
    problems.push(`department '${department.key}' was removed from this network; a removed key is not used again`);
  }
  for (const role of department.roles ?? []) {
    if (SHARED_ROLES.has(role)) continue;
    const holder = layout.orgs.find((o) => o.department.roles?.includes(role) === true);
    if (holder !== undefined) {
      problems.push(`role ${role} has one holder, and ${holder.department.key} holds it`);
    }
  }
  return problems;
}

/**
 * Adds a department to the running network (see the module comment) and brings the network up with it.
 * Safe to run again with the same file: what is done already is not done twice.
 *
 * @returns seconds from the command's start until the department serves
 */
export async function addDepartment(
  root: string,
  file: string,
  options: { readonly joinBy?: 'genesis' | 'snapshot' },
  log: Log,
): Promise<number> {
  const begin = Date.now();
  const state = createdState(root);
  const department = readDepartmentFile(file);
  const membership = membershipOf(state);
  const before = currentLayout(root);
  const again = membership.added.find((d) => d.key === department.key);
  if (again !== undefined && JSON.stringify(again) !== JSON.stringify(department)) {
    throw new NetworkError(`department '${department.key}' was added with another entry; remove it first`);
  }
  if (again === undefined) {
    const problems = admissionProblems(before, membership, department);
    if (problems.length > 0) throw new NetworkError(`cannot add ${department.key}: ${problems.join('; ')}`);
    const next: Membership = { added: [...membership.added, department], removed: membership.removed };
    // Checked with the rest of the topology (unique names, ports, policies) before anything is recorded.
    loadTopology(root, state.topology, next);
    writeState(pathsFor(root), { ...state, membership: next });
  }
  log(`adding ${department.key} (${department.mspId}) to the running network`);
  await up(root, undefined, log, options);
  const took = (Date.now() - begin) / 1000;
  log(`${department.key} added in ${took.toFixed(1)}s`);
  return took;
}

/**
 * The roles a department alone holds that a chaincode needs a holder of: every one-holder role but the
 * issuer roles of e-license's licence types (a type whose issuer left keeps its records readable).
 */
function rolesOnlyItHolds(layout: Layout, key: string): string[] {
  const org = layout.orgs.find((o) => o.department.key === key);
  const issuerRoles = new Set(layout.topology.chaincodes.flatMap((spec) => seedIssuerRoles(layout, spec)));
  return (org?.department.roles ?? []).filter(
    (role) =>
      !issuerRoles.has(role) &&
      !layout.orgs.some((o) => o.department.key !== key && o.department.roles?.includes(role) === true),
  );
}

/**
 * Removes a department from the running network: out of the channel by a majority of the admins, out of
 * the chaincode definitions and on-ledger governance; its nodes stopped (its files are kept). Its records
 * stay on every ledger, readable; its identities can no longer propose.
 *
 * @returns seconds the removal took
 */
export async function removeDepartment(root: string, key: string, log: Log): Promise<number> {
  const begin = Date.now();
  const state = createdState(root);
  const membership = membershipOf(state);
  if (!membership.removed.includes(key)) {
    const layout = currentLayout(root);
    departmentByKey(layout, key);
    const alone = rolesOnlyItHolds(layout, key);
    if (alone.length > 0) {
      throw new NetworkError(
        `cannot remove ${key}: it alone holds ${alone.join(', ')}, which the chaincodes need; give the role to another department first`,
      );
    }
    const next: Membership = { added: membership.added, removed: [...membership.removed, key] };
    loadTopology(root, state.topology, next);
    writeState(pathsFor(root), { ...state, membership: next });
  }
  log(`removing ${key} from the running network`);
  await up(root, undefined, log);
  const took = (Date.now() - begin) / 1000;
  log(`${key} removed in ${took.toFixed(1)}s; its ledger, keys and logs stay in ${pathsFor(root).home}`);
  return took;
}

/**
 * Stops the processes of removed departments (their chaincode servers, peer and CA server), and only
 * those: the records in the process table under their names.
 */
export async function stopRemoved(root: string, state: NetworkState, table: ProcessTable, log: Log): Promise<void> {
  const membership = membershipOf(state);
  if (membership.removed.length === 0) return;
  const paths = pathsFor(root);
  const whole = loadTopology(root, state.topology, { added: membership.added, removed: [] });
  const layout = layoutFor(
    { ...whole, basePort: state.basePort, memberServices: state.memberServices ?? 'cryptogen' },
    paths,
  );
  const names = layout.orgs
    .filter((o) => membership.removed.includes(o.department.key))
    .flatMap((o) => [
      hostName(o.department.key),
      o.peer.name,
      ...layout.cas.filter((ca) => ca.mspId === o.department.mspId).map((ca) => ca.name),
    ]);
  const stopped: string[] = [];
  for (const name of names) if (table.running(name) && (await table.stop(name))) stopped.push(name);
  if (stopped.length > 0) log(`stopped the processes of removed departments: ${stopped.join(', ')}`);
  // Its connection profiles go: no department system should be pointed at a node that is gone.
  for (const key of membership.removed) {
    for (const file of [path.join(paths.profiles, `${key}.json`), path.join(paths.profiles, 'ccp', `${key}.json`)]) {
      rmSync(file, { force: true });
    }
  }
}

// ------------------------------------------------------------------ governance

/** The chaincode's role configuration as its query returns it: departments, and roles in one of two shapes. */
interface StoredRoles {
  readonly departmentMsps: readonly string[];
  readonly roles?: readonly { role: string; msps: readonly string[] }[];
  readonly [field: string]: unknown;
}

/** Where a stored role configuration differs from the governance file; empty when it agrees. */
export function rolesDifferences(stored: StoredRoles, governance: ReturnType<typeof governanceOf>): string[] {
  const same = (a: readonly string[], b: readonly string[]): boolean => [...a].sort().join() === [...b].sort().join();
  const differences: string[] = [];
  if (!same(stored.departmentMsps, governance.departmentMsps)) differences.push('departmentMsps');
  const held = (role: string): string[] => governance.roles[role] ?? [];
  for (const { role, msps } of stored.roles ?? []) if (!same(msps, held(role))) differences.push(role);
  // bid-record keeps each role as a field `<role>Msps`.
  for (const [field, value] of Object.entries(stored)) {
    if (field === 'departmentMsps' || !field.endsWith('Msps') || !Array.isArray(value)) continue;
    if (!same(value as string[], held(field.slice(0, -'Msps'.length)))) differences.push(field);
  }
  return differences;
}

/**
 * Submits one governance change as the first department of `stored` that is still in the layout,
 * endorsed by a majority of `stored` (the chaincode's key-level policy: `MAJORITY` of the departments it
 * has now), and waits until every peer has its block.
 */
async function governanceChange(
  layout: Layout,
  stored: readonly string[],
  chaincode: string,
  fn: string,
  args: readonly string[],
  log: Log,
): Promise<void> {
  const present = layout.orgs.filter((o) => stored.includes(o.department.mspId));
  const need = majorityNeeded(stored.length);
  if (present.length < need) {
    throw new NetworkError(
      `${chaincode} ${fn} needs ${need} of its ${stored.length} departments to endorse; only ${present.length} remain`,
    );
  }
  const [caller] = present as [OrgLayout, ...OrgLayout[]];
  const block = await submitThroughGateway(caller, {
    channel: layout.topology.channel,
    chaincode,
    fn,
    args,
    transient: {},
    endorsingOrganizations: present.slice(0, need).map((o) => o.department.mspId),
  });
  await waitForPeersAt(layout, Number(block) + 1, log);
}

async function query<T>(layout: Layout, chaincode: string, fn: string): Promise<T> {
  const [asker] = layout.orgs;
  if (asker === undefined) throw new NetworkError('the topology has no department');
  return JSON.parse(await evaluateThroughGateway(asker, layout.topology.channel, chaincode, fn)) as T;
}

/** One entry of e-license's licence-type seed. */
interface SeedType {
  readonly code: string;
  readonly issuerRole: string;
  readonly [field: string]: unknown;
}

/** e-license's seed types (`seed/license-types.json`), when the chaincode seeds licence types. */
function seedTypes(layout: Layout, spec: ChaincodeSpec): SeedType[] {
  if (!spec.bootstrap.some((c) => c.function === 'SeedLicenseTypes')) return [];
  const file = path.join(layout.paths.root, spec.path, 'seed', 'license-types.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SeedType[]) : [];
}

function seedIssuerRoles(layout: Layout, spec: ChaincodeSpec): string[] {
  return seedTypes(layout, spec).map((t) => t.issuerRole);
}

/**
 * e-license: the registry's governing departments become the layout's (`SetGovernanceMsps`, endorsed by
 * a majority of the present ones), then each seed licence type whose issuer role now has its one holder
 * and that the registry lacks is added (`PutLicenseType`, a majority of the new ones).
 */
async function reconcileLicenceRegistry(layout: Layout, spec: ChaincodeSpec, log: Log): Promise<void> {
  const governance = governanceOf(layout);
  const wanted = governance.departmentMsps;
  let registry = await query<{ governanceMsps: string[]; types: { code: string }[] }>(
    layout,
    spec.name,
    'ListLicenseTypes',
  );
  if ([...registry.governanceMsps].sort().join() !== wanted.join()) {
    await governanceChange(
      layout,
      registry.governanceMsps,
      spec.name,
      'SetGovernanceMsps',
      [JSON.stringify(wanted)],
      log,
    );
    log(`chaincode ${spec.name}: the licence-type registry is governed by the ${wanted.length} departments`);
    registry = { ...registry, governanceMsps: wanted };
  }
  const known = new Set(registry.types.map((t) => t.code));
  for (const { issuerRole, ...type } of seedTypes(layout, spec)) {
    const holders = governance.roles[issuerRole] ?? [];
    const [issuerMsp] = holders;
    if (known.has(type.code) || holders.length !== 1 || issuerMsp === undefined) continue;
    await governanceChange(layout, wanted, spec.name, 'PutLicenseType', [JSON.stringify({ ...type, issuerMsp })], log);
    log(`chaincode ${spec.name}: licence type ${type.code} added, issued by ${issuerMsp}`);
  }
}

/** real-estate's and bid-record's role configuration: brought to the governance file when it differs. */
async function reconcileRoleConfig(
  layout: Layout,
  spec: ChaincodeSpec,
  get: string,
  update: string,
  log: Log,
): Promise<void> {
  const stored = await query<StoredRoles>(layout, spec.name, get);
  const differences = rolesDifferences(stored, governanceOf(layout));
  if (differences.length === 0) return;
  await governanceChange(layout, stored.departmentMsps, spec.name, update, [], log);
  log(`chaincode ${spec.name}: ${update} brought ${differences.join(', ')} to the governance file`);
}

/**
 * Brings every chaincode's on-ledger governance to the network's departments and roles, through the
 * chaincodes' own majority-endorsed transactions (see {@link governanceChange}): the chaincodes that seed
 * licence types, roles or a configuration at bootstrap. Writes nothing where the ledger agrees already.
 */
export async function reconcileGovernance(layout: Layout, log: Log): Promise<void> {
  for (const spec of layout.topology.chaincodes) {
    const seeds = new Set(spec.bootstrap.map((c) => c.function));
    if (seeds.has('SeedLicenseTypes')) await reconcileLicenceRegistry(layout, spec, log);
    if (seeds.has('SeedRoles')) await reconcileRoleConfig(layout, spec, 'GetRoles', 'UpdateRoles', log);
    if (seeds.has('SeedConfig')) await reconcileRoleConfig(layout, spec, 'GetConfig', 'UpdateConfig', log);
  }
}
