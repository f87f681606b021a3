import { pollUntil } from '@govchain/protocol';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateArtefacts } from './artefacts';
import { caPortsOf, resolveFabricCa, startCasAndEnrol } from './ca';
import {
  approveAndCommit,
  bootstrap,
  hostName,
  installOn,
  packageFor,
  planChaincode,
  queryCommitted,
  startHost,
  writeGovernanceFile,
  type ChaincodePlan,
  type Served,
} from './chaincode';
import { joinOrderer, joinPeer, joinPeerBySnapshot, ordererHeight, peerHeight } from './channel';
import { reconcileChannelOrgs } from './channel-config';
import { reconcileGovernance, stopRemoved } from './membership';
import { NetworkError } from './errors';
import { cliParallelism, resolveFabric, type Fabric } from './fabric';
import { ensureHome } from './home';
import { ensureHosts, removeHosts } from './hosts';
import {
  address,
  layoutFor,
  pathsFor,
  type CaNode,
  type Layout,
  type OrdererNode,
  type OrgLayout,
  type Paths,
} from './layout';
import { checkPortsFree, ordererMetricsReader, startNode, waitHealthy, type FabricNode } from './nodes';
import { healthy, metrics, portInUse, processMemory, ProcessTable, Semaphore, type ProcessRecord } from './procs';
import { writeMonitoring } from './monitoring';
import { writeProfiles } from './profiles';
import { departmentIdentities, type DepartmentIdentities } from './registrar';
import { bftView, waitForBftViews } from './bft';
import { gauge, raftView, waitForRaftLeader } from './raft';
import {
  loadTopology,
  type Consensus,
  type Hosts,
  type MemberServices,
  type Membership,
  type Topology,
} from './topology';

/** What `up` remembers between runs in <home>/network.json. */
interface NetworkState {
  /** Profile name, or the path of a topology file outside network/topologies. */
  readonly topology: string;
  readonly channel: string;
  /** First port of the network; GOVCHAIN_BASE_PORT at creation overrides the topology's. */
  readonly basePort: number;
  readonly bootstrapped: Record<string, string[]>;
  /** Where the certificates come from; absent in a network made before the choice existed: cryptogen. */
  readonly memberServices?: MemberServices;
  /** Departments added to or removed from the running network (membership.ts); absent: none. */
  readonly membership?: Membership;
  /** Where the nodes run; absent in a network made before the choice existed: loopback. */
  readonly hosts?: Hosts;
}

export type Log = (line: string) => void;
export type { NetworkState };

export function readState(paths: Paths): NetworkState | undefined {
  if (!existsSync(paths.stateFile)) return undefined;
  return JSON.parse(readFileSync(paths.stateFile, 'utf8')) as NetworkState;
}

export function writeState(paths: Paths, state: NetworkState): void {
  ensureHome(paths);
  writeFileSync(paths.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

/** What a refusal says about starting afresh: never network:clean without what it destroys. */
const CLEAN_FIRST =
  "to start afresh, npm run network:clean first — it deletes this network's ledgers, identities and keys";

function homeName(paths: Paths): string {
  return path.relative(process.cwd(), paths.home) || paths.home;
}

/**
 * The topology of the network in this home: the one it was created with, else the requested one
 * (GOVCHAIN_TOPOLOGY or `default`).
 * @throws NetworkError when a different topology is requested for an existing network.
 */
export function currentLayout(root: string, requested?: string, options: { forUp?: boolean } = {}): Layout {
  const paths = pathsFor(root);
  const state = readState(paths);
  const topology = chooseTopology(root, paths, state, requested ?? process.env.GOVCHAIN_TOPOLOGY);
  const basePort = state?.basePort ?? basePortOverride() ?? topology.basePort;
  if (!state) checkEphemeralRange(basePort, basePort + 100 + 10 * topology.departments.length - 1);
  const memberServices = memberServicesOf(paths, state, topology.memberServices, options.forUp === true);
  const hosts = hostsOf(paths, state, topology.hosts, options.forUp === true);
  return layoutFor({ ...topology, basePort, memberServices, hosts }, paths);
}

/**
 * Where the network's nodes run: what it was created with, else GOVCHAIN_HOSTS, else the topology's
 * `hosts`. Asking `up` for the other choice on an existing network is refused: its certificates and
 * channel name the addresses it was created with.
 * @throws NetworkError when GOVCHAIN_HOSTS is neither loopback nor namespaces, or for `up` asking for the other choice.
 */
function hostsOf(paths: Paths, state: NetworkState | undefined, fromTopology: Hosts, forUp: boolean): Hosts {
  const raw = process.env.GOVCHAIN_HOSTS;
  if (raw !== undefined && raw !== '' && raw !== 'loopback' && raw !== 'namespaces') {
    throw new NetworkError(`GOVCHAIN_HOSTS=${raw} is neither loopback nor namespaces`);
  }
  const env = raw === 'loopback' || raw === 'namespaces' ? raw : undefined;
  if (state === undefined) return env ?? fromTopology;
  const recorded = state.hosts ?? 'loopback';
  if (forUp && env !== undefined && env !== recorded) {
    throw new NetworkError(
      `the network in ${homeName(paths)} was created with hosts '${recorded}', not '${env}': to go on with it, unset GOVCHAIN_HOSTS; ${CLEAN_FIRST}`,
    );
  }
  return recorded;
}

/**
 * The topology asked for, loaded first, so that a missing, unparsable or invalid file is reported as such;
 * then held against the one the network was created with.
 * @throws NetworkError when the file is bad, or another topology is asked of an existing network
 */
function chooseTopology(root: string, paths: Paths, state: NetworkState | undefined, wanted?: string): Topology {
  const membership = state?.membership;
  const requested = wanted === undefined ? undefined : loadTopology(root, wanted, membership);
  if (state === undefined) return requested ?? loadTopology(root, 'default');
  if (wanted !== undefined && wanted !== state.topology && path.resolve(wanted) !== path.resolve(state.topology)) {
    throw new NetworkError(
      `the network in ${homeName(paths)} was created with topology '${state.topology}', not '${wanted}': ` +
        `to go on with it, ask for '${state.topology}' (or no topology); ${CLEAN_FIRST}`,
    );
  }
  return requested ?? loadTopology(root, state.topology, membership);
}

/**
 * The network's member services (see {@link chooseMemberServices}).
 * @throws NetworkError for `up` asking an existing network for the other choice.
 */
function memberServicesOf(
  paths: Paths,
  state: NetworkState | undefined,
  fromTopology: MemberServices,
  forUp: boolean,
): MemberServices {
  const choice = chooseMemberServices(state, fromTopology, process.env.GOVCHAIN_MEMBER_SERVICES);
  if (choice.refusal !== undefined && forUp) {
    throw new NetworkError(
      `the network in ${homeName(paths)} ${choice.refusal}: to go on with it, unset GOVCHAIN_MEMBER_SERVICES; ${CLEAN_FIRST}`,
    );
  }
  return choice.memberServices;
}

/**
 * Where a network's certificates come from: what it was created with (a network made before the choice
 * existed used cryptogen), else GOVCHAIN_MEMBER_SERVICES, else the topology's `memberServices`. A request for
 * the other choice on an existing network comes back as a refusal: the GOVCHAIN_MEMBER_SERVICES variable
 * always counts as a request, the topology's field only once the network has recorded its choice.
 * @throws NetworkError when GOVCHAIN_MEMBER_SERVICES is neither ca nor cryptogen.
 */
export function chooseMemberServices(
  state: { readonly memberServices?: MemberServices } | undefined,
  fromTopology: MemberServices,
  fromEnv: string | undefined,
): { memberServices: MemberServices; refusal?: string } {
  if (fromEnv !== undefined && fromEnv !== '' && fromEnv !== 'ca' && fromEnv !== 'cryptogen') {
    throw new NetworkError(`GOVCHAIN_MEMBER_SERVICES=${fromEnv} is neither ca nor cryptogen`);
  }
  const env = fromEnv === 'ca' || fromEnv === 'cryptogen' ? fromEnv : undefined;
  if (!state) return { memberServices: env ?? fromTopology };
  const recorded = state.memberServices ?? 'cryptogen';
  const wanted = env ?? (state.memberServices === undefined ? undefined : fromTopology);
  if (wanted !== undefined && wanted !== recorded) {
    return { memberServices: recorded, refusal: `was created with memberServices '${recorded}', not '${wanted}'` };
  }
  return { memberServices: recorded };
}

/**
 * Refuses a port range inside the kernel's ephemeral range: peers' outgoing connections take ports
 * from it, and a node would then fail to bind ("address already in use") at random.
 */
function checkEphemeralRange(low: number, high: number): void {
  let range = [32768, 60999];
  try {
    range = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  } catch {
    // Not Linux: assume the usual range.
  }
  const [from = 32768, to = 60999] = range;
  if (low <= to && high >= from) {
    throw new NetworkError(
      `ports ${low}-${high} overlap the kernel's ephemeral port range ${from}-${to}, where outgoing connections take their ports; choose a base port below ${from - (high - low)} (GOVCHAIN_BASE_PORT or basePort in the topology)`,
    );
  }
}

function basePortOverride(): number | undefined {
  const raw = process.env.GOVCHAIN_BASE_PORT;
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 60000) {
    throw new NetworkError(`GOVCHAIN_BASE_PORT=${raw} is not a port from 1024 to 60000`);
  }
  return port;
}

function allNodes(layout: Layout): FabricNode[] {
  return [...layout.orderers, ...layout.orgs.map((o) => o.peer)];
}

/** Starts the nodes not running and waits until each is healthy; names those it started in `started`. */
export async function startAll(
  fabric: Fabric,
  layout: Layout,
  table: ProcessTable,
  nodes: FabricNode[],
  started: string[],
): Promise<void> {
  const records = nodes.map((node) => {
    const { record, started: isNew } = startNode(fabric, layout, table, node);
    if (isNew) started.push(node.name);
    return { node, record };
  });
  await allSettled(records.map(({ node, record }) => waitHealthy(table, node, record)));
}

/**
 * Waits for every promise, then throws the first failure: a rollback must not start while other
 * processes are still being started (they would be left running).
 */
async function allSettled(promises: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Installs every chaincode's package on every peer and starts each department's chaincode host serving
 * them all; names the hosts it started in `started`. Resolves to the package ids by chaincode and
 * department.
 */
async function installAndHost(
  fabric: Fabric,
  layout: Layout,
  table: ProcessTable,
  plans: readonly ChaincodePlan[],
  started: string[],
): Promise<Map<string, Map<string, string>>> {
  const ids = new Map(plans.map((plan) => [plan.spec.name, new Map<string, string>()] as const));
  // As many departments at a time as peer CLI commands: a host's start (Node.js loading four chaincodes)
  // costs a second or two of CPU, and 49 at once would starve the peers they register with.
  const slots = new Semaphore(cliParallelism());
  await allSettled(
    layout.orgs.map((org) =>
      slots.use(async () => {
        const served: Served[] = [];
        for (const plan of plans) {
          const pkg = await packageFor(layout, plan, org);
          ids.get(plan.spec.name)?.set(org.department.key, pkg.id);
          await installOn(fabric, layout, org, pkg);
          served.push({ plan, packageId: pkg.id });
        }
        const name = hostName(org.department.key);
        const wasRunning = table.running(name);
        try {
          await startHost(layout, table, org, served);
        } finally {
          // Recorded before it is known to listen, so that a rollback stops it too.
          const now = table.running(name);
          if (now && now.pid !== wasRunning?.pid) started.push(name);
        }
      }),
    ),
  );
  return ids;
}

async function deployChaincodes(
  fabric: Fabric,
  layout: Layout,
  table: ProcessTable,
  state: NetworkState,
  log: Log,
  started: string[],
): Promise<void> {
  const [first] = layout.orgs;
  if (!first) throw new NetworkError('the topology has no department');
  writeGovernanceFile(layout);
  const plans = layout.topology.chaincodes.map((spec) => planChaincode(layout, spec));
  let begin = Date.now();
  const ids = await installAndHost(fabric, layout, table, plans, started);
  log(
    `${plans.length} chaincode(s) installed and served by ${layout.orgs.length} chaincode host(s) in ${seconds(begin)}`,
  );
  let gossipReady = false;
  for (const plan of plans) {
    const spec = plan.spec;
    const committed = await queryCommitted(fabric, layout, first, spec.name);
    if (committed?.version === plan.version) {
      log(`chaincode ${spec.name} ${plan.version} is committed (sequence ${committed.sequence})`);
    } else {
      const sequence = (committed?.sequence ?? 0) + 1;
      begin = Date.now();
      await approveAndCommit(fabric, layout, plan, sequence, ids.get(spec.name) ?? new Map());
      // The commit waited for a majority of the peers (its endorsers): let the others catch up before
      // their gateways or endorsements are asked for the chaincode.
      const height = await peerHeight(fabric, layout, first);
      if (height !== undefined) await waitForPeersAt(layout, height, log);
      log(
        `chaincode ${spec.name} ${plan.version} committed as sequence ${sequence}, approved by ${layout.orgs.length} departments, in ${seconds(begin)}`,
      );
    }
    const done = state.bootstrapped[spec.name] ?? [];
    for (const call of spec.bootstrap) {
      if (done.includes(call.function)) continue;
      // Bootstrap calls go through the caller's gateway, which must know the other endorsers' peers.
      if (!gossipReady) await waitForGossip(layout, log);
      gossipReady = true;
      const block = await bootstrap(layout, plan, call, undefined, log);
      // The next call may be endorsed by other peers: let every peer commit this one first.
      await waitForPeersAt(layout, Number(block) + 1, log);
      log(`chaincode ${spec.name}: ${call.function} done`);
      done.push(call.function);
      state.bootstrapped[spec.name] = done;
      writeState(layout.paths, state);
    }
  }
}

function initialState(layout: Layout, requested: string | undefined): NetworkState {
  const existing = readState(layout.paths);
  if (existing) return existing;
  const source = requested ?? process.env.GOVCHAIN_TOPOLOGY ?? 'default';
  return {
    topology: source.includes('/') || source.endsWith('.yaml') ? path.resolve(source) : source,
    channel: layout.topology.channel,
    basePort: layout.topology.basePort,
    bootstrapped: {},
    memberServices: layout.memberServices,
    hosts: layout.topology.hosts,
  };
}

/** How `up` treats a network whose membership changed (`network:add-department`, `network:remove-department`). */
export interface UpOptions {
  /**
   * How a peer that has not joined joins a channel that has grown past its genesis block: from the
   * genesis block (replaying every block), or from a snapshot of another department's peer (default).
   */
  readonly joinBy?: 'genesis' | 'snapshot';
  /**
   * Whether to deploy our chaincodes (default true). False leaves a network as an operator of an existing
   * Fabric network has one: nodes on the channel, profiles written, no chaincode installed, approved or
   * committed and no chaincode server started; `npm run chaincode -- deploy` then deploys onto it.
   */
  readonly chaincodes?: boolean;
}

/** Joins each peer that has not joined: from the genesis block, or, on a grown channel, by snapshot. */
async function joinPeers(fabric: Fabric, layout: Layout, log: Log, options: UpOptions): Promise<void> {
  const channel = layout.topology.channel;
  const heights = await Promise.all(layout.orgs.map((o) => peerHeight(fabric, layout, o)));
  const missing = layout.orgs.filter((_, i) => heights[i] === undefined);
  if (missing.length === 0) return;
  const source = layout.orgs.find((_, i) => (heights[i] ?? 0) > 1);
  const begin = Date.now();
  if (source === undefined || options.joinBy === 'genesis') {
    const joined = await Promise.all(missing.map((o) => joinPeer(fabric, layout, o)));
    const names = missing.filter((_, i) => joined[i]).map((o) => o.peer.name);
    const how = source === undefined ? '' : ` from the genesis block in ${seconds(begin)}`;
    if (names.length > 0) log(`joined ${channel}: ${names.join(', ')}${how}`);
  } else {
    for (const org of missing) {
      const block = await joinPeerBySnapshot(fabric, layout, org, source);
      const how = `from a snapshot of ${source.peer.name} at block ${block ?? '?'}`;
      if (block !== undefined) log(`joined ${channel}: ${org.peer.name} ${how} in ${seconds(begin)}`);
    }
  }
  if (source !== undefined) {
    // A new peer catches up before its department approves anything: its simulation reads the ledger.
    const now = await Promise.all(layout.orgs.map((o) => peerHeight(fabric, layout, o)));
    await waitForPeersAt(layout, Math.max(...now.map((h) => h ?? 0)), log, 600_000);
    log(`${missing.map((o) => o.peer.name).join(', ')} caught up with the channel in ${seconds(begin)}`);
  }
}

function seconds(begin: number): string {
  return `${((Date.now() - begin) / 1000).toFixed(1)}s`;
}

async function startNodesAndChannel(
  fabric: Fabric,
  layout: Layout,
  table: ProcessTable,
  log: Log,
  started: string[],
  options: UpOptions & { readonly membershipChanged: boolean },
): Promise<void> {
  const channel = layout.topology.channel;
  log(`starting ${layout.orderers.length} orderer(s)`);
  await startAll(fabric, layout, table, [...layout.orderers], started);
  // In parallel: a SmartBFT orderer's join waits up to 5 s for the others while it syncs on start.
  const joined = await Promise.all(layout.orderers.map((o) => joinOrderer(fabric, layout, o)));
  const newly = layout.orderers.filter((_, i) => joined[i]).map((o) => o.name);
  if (newly.length > 0) log(`joined ${channel}: ${newly.join(', ')}`);
  if (layout.topology.consensus === 'bft') await waitForBftViews(layout, log);
  else await waitForRaftLeader(layout);
  log(`starting ${layout.orgs.length} peer(s)`);
  await startAll(
    fabric,
    layout,
    table,
    layout.orgs.map((o) => o.peer),
    started,
  );
  if (options.membershipChanged) {
    const begin = Date.now();
    const change = await reconcileChannelOrgs(fabric, layout, log);
    if (change.added.length + change.removed.length > 0) log(`channel ${channel} updated in ${seconds(begin)}`);
  }
  await joinPeers(fabric, layout, log, options);
}

/** Deploys our chaincodes, unless `up` was asked for nodes and channel only. */
async function deployUnlessAsked(options: UpOptions, deployAll: () => Promise<void>, log: Log): Promise<void> {
  if (options.chaincodes === false) log('chaincodes not deployed (--no-chaincodes)');
  else await deployAll();
}

/**
 * Brings the network up, doing only what is missing: artefacts, nodes, channel membership,
 * chaincode definitions and servers, connection profiles. Safe to run again.
 * On failure it stops what this run started.
 */
export async function up(
  root: string,
  requested: string | undefined,
  log: Log,
  options: UpOptions = {},
): Promise<Layout> {
  const begin = Date.now();
  const layout = currentLayout(root, requested, { forUp: true });
  const { paths, topology } = layout;
  const fabric = resolveFabric(root);
  const fabricCa = layout.memberServices === 'ca' ? resolveFabricCa(root) : undefined;
  log(
    `topology '${topology.name}' (${topology.file}): ${layout.orgs.length} departments, ${layout.orderers.length} ${topology.consensus === 'bft' ? 'SmartBFT' : 'Raft'} orderer(s) of ${layout.ordererOrgs.length} organization(s), channel ${topology.channel}`,
  );
  const state = initialState(layout, requested);
  writeState(paths, state);
  await ensureHosts(layout, log);

  const table = new ProcessTable(paths.run);
  // A half-dead previous run: forget PID files whose process is gone.
  for (const record of table.all()) if (!table.alive(record)) await table.stop(record.name);
  await checkPortsFree(allNodes(layout).filter((n) => !table.running(n.name)));
  await checkCaPortsFree(layout, table);

  const membershipChanged = state.membership !== undefined;
  if (membershipChanged) await stopRemoved(root, state, table, log);
  const started: string[] = [];
  try {
    // The CAs enrol every identity before configtxgen reads the organizations' MSPs.
    if (fabricCa) await startCasAndEnrol(fabricCa, layout, table, log, started);
    await generateArtefacts(fabric, layout, log);
    await startNodesAndChannel(fabric, layout, table, log, started, { ...options, membershipChanged });
    await deployUnlessAsked(options, () => deployChaincodes(fabric, layout, table, state, log, started), log);
    if (membershipChanged) {
      await waitForGossip(layout, log);
      await reconcileGovernance(layout, log);
    }
  } catch (err) {
    if (started.length > 0) {
      log(`stopping what this run started: ${started.join(', ')}`);
      for (const name of [...started].reverse()) await table.stop(name);
    }
    throw err;
  }
  await waitForGossip(layout, log);
  const files = writeProfiles(layout);
  const dir = path.dirname(files[0] ?? path.join(paths.profiles, 'x'));
  const shown = path.relative(process.cwd(), dir) || dir;
  log(`connection profiles: ${shown}/<department>.json; common connection profiles: ${shown}/ccp/<department>.json`);
  const monitoring = writeMonitoring(layout);
  log(
    `monitoring: ${path.relative(process.cwd(), monitoring.prometheus) || monitoring.prometheus} and grafana-dashboard.json`,
  );
  log(`network is up in ${((Date.now() - begin) / 1000).toFixed(1)}s`);
  return layout;
}

/**
 * Fails when a port of a CA server we are about to start is taken by a process that is not ours.
 * @throws NetworkError naming the CA and the port.
 */
async function checkCaPortsFree(layout: Layout, table: ProcessTable): Promise<void> {
  for (const ca of layout.cas.filter((c) => !table.running(c.name))) {
    for (const port of caPortsOf(ca)) {
      if (await portInUse(ca.machine.ip, port)) {
        throw new NetworkError(
          `port ${port} (needed by ${ca.name}) is already in use by another process; free it or change basePort in the topology`,
        );
      }
    }
  }
}

/** A channel gauge of a department's peer, from its operations endpoint's metrics (0 when unreadable). */
async function peerGauge(layout: Layout, org: OrgLayout, name: string): Promise<number> {
  const text = await metrics(org.machine.ip, org.peer.operationsPort, {
    ca: readFileSync(org.peer.tls.ca),
    cert: readFileSync(org.adminTls.cert),
    key: readFileSync(org.adminTls.key),
  });
  return gauge(text, name, layout.topology.channel) ?? 0;
}

/** Peers of other departments a peer knows on the channel, from its gossip membership metric. */
async function peersKnown(layout: Layout, org: OrgLayout): Promise<number> {
  return peerGauge(layout, org, 'gossip_membership_total_peers_known');
}

/**
 * How often every peer's metrics are read while waiting: each reading is one HTTPS request (with its TLS
 * handshake) to every peer, so a large network is asked less often — 20 ms per department at least.
 */
function pollInterval(layout: Layout, ms: number): number {
  return Math.max(ms, 20 * layout.orgs.length);
}

/**
 * Waits until every peer's ledger has reached the height (its `ledger_blockchain_height` gauge):
 * a bootstrap call is known committed on the caller's peer only, and the next one may be endorsed
 * by others. After the timeout it warns and goes on; a lagging endorser then refuses with its reason.
 */
export async function waitForPeersAt(layout: Layout, height: number, log: Log, timeoutMs = 60_000): Promise<void> {
  let lagging: string[] = [];
  const reached = await pollUntil(
    async () => {
      const heights = await Promise.all(layout.orgs.map((o) => peerGauge(layout, o, 'ledger_blockchain_height')));
      lagging = layout.orgs.filter((_, i) => (heights[i] ?? 0) < height).map((o) => o.peer.name);
      return lagging.length === 0 ? true : undefined;
    },
    { timeoutMs, intervalMs: pollInterval(layout, 250) },
  );
  if (reached === undefined) {
    log(`warning: after ${timeoutMs / 1000}s, not every peer is at height ${height} yet (${lagging.join(', ')})`);
  }
}

/**
 * Waits until every peer knows every other department's peer through gossip: until then a gateway
 * cannot plan endorsements across departments ("failed to find any endorsing peers").
 */
async function waitForGossip(layout: Layout, log: Log, timeoutMs = 60_000): Promise<void> {
  const want = layout.orgs.length - 1;
  let lagging: string[] = [];
  const connected = await pollUntil(
    async () => {
      const known = await Promise.all(layout.orgs.map((o) => peersKnown(layout, o)));
      lagging = layout.orgs.filter((_, i) => (known[i] ?? 0) < want).map((o) => o.peer.name);
      return lagging.length === 0 ? true : undefined;
    },
    { timeoutMs, intervalMs: pollInterval(layout, 500) },
  );
  if (connected === undefined) {
    log(`warning: after ${timeoutMs / 1000}s, gossip has not connected every peer yet (${lagging.join(', ')})`);
  }
}

/** Stops every process recorded in the PID files — chaincode servers, then peers, then orderers — and only those. */
export async function down(root: string, log: Log): Promise<number> {
  const paths = pathsFor(root);
  const table = new ProcessTable(paths.run);
  // Chaincode servers, peers, orderers, and the CA servers last.
  const kinds: Record<string, number> = { chaincode: 0, peer: 1, orderer: 2, ca: 3 };
  const order = (r: ProcessRecord): number => kinds[r.meta.kind ?? ''] ?? 2;
  const records = table.all().sort((a, b) => order(a) - order(b));
  let stopped = 0;
  for (const kind of [0, 1, 2, 3]) {
    const batch = records.filter((r) => order(r) === kind);
    const results = await Promise.all(batch.map((r) => table.stop(r.name)));
    stopped += results.filter(Boolean).length;
  }
  log(stopped > 0 ? `stopped ${stopped} process(es); ledgers kept in ${paths.home}` : 'no process of ours was running');
  // The hosts go with their processes (a namespaced network); `up` makes them again.
  await removeHosts(paths, log);
  return stopped;
}

/** Stops the network and removes everything it generated. */
export async function clean(root: string, log: Log): Promise<void> {
  const paths = pathsFor(root);
  const nested = nestedHomes(root, paths.home);
  if (nested.length > 0) {
    // The default home holds the homes of test networks (.govchain/test): removing it would delete their
    // PID files and ledgers under running nodes, which could then no longer be stopped by the scripts.
    throw new NetworkError(
      `${paths.home} holds the runtime directory of another network (${nested.join(', ')}); clean that one first ` +
        `(GOVCHAIN_HOME=${nested[0] ?? ''} npm run network:clean) — nothing was stopped or removed`,
    );
  }
  await down(root, log);
  if (!existsSync(paths.home)) return;
  const ours = paths.home === path.join(root, '.govchain') || existsSync(paths.stateFile);
  if (!ours) throw new NetworkError(`${paths.home} does not look like a govchain runtime directory; not removing it`);
  // A node that has just exited may still have a file being closed under it: retry a busy or
  // not-yet-empty directory for a moment instead of failing half-way.
  rmSync(paths.home, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  log(`removed ${paths.home}`);
}

/**
 * @param root - the checkout
 * @param home - a runtime directory
 * @returns the directories right under it that are runtime directories of their own (a network state file)
 */
export function nestedHomes(root: string, home: string): string[] {
  if (!existsSync(home)) return [];
  return readdirSync(home, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(home, entry.name))
    .filter((dir) => existsSync(pathsFor(root, dir).stateFile))
    .sort();
}

/** An orderer's place in the ordering service, from its operations metrics; null where unreadable. */
export interface OrdererConsensusStatus {
  /** Leader or follower: Raft's is_leader; for SmartBFT, whether the current view's leader is this orderer. */
  readonly role: 'leader' | 'follower' | null;
  /** The SmartBFT view number (null for Raft, which has terms that Fabric does not export). */
  readonly view: number | null;
  /** The orderer this one follows (itself when it leads). */
  readonly leader: string | null;
  /** The orderer's id among the consenters (the BFT consenter mapping; Raft numbers them the same way). */
  readonly consenterId: number;
}

export interface NodeStatus {
  readonly name: string;
  readonly kind: 'orderer' | 'peer';
  readonly department?: string;
  /** Orderers only. */
  readonly consensus?: OrdererConsensusStatus;
  readonly mspId: string;
  readonly address: string;
  readonly pid: number | null;
  readonly running: boolean;
  readonly healthy: boolean;
  readonly height: number | null;
  readonly rssBytes: number | null;
  readonly peakRssBytes: number | null;
}

export interface ChaincodeStatus {
  readonly name: string;
  readonly committed: boolean;
  readonly version: string | null;
  readonly sequence: number | null;
  /** Each department's server of the chaincode: its chaincode host ({@link ChaincodeHostStatus}). */
  readonly servers: {
    department: string;
    pid: number | null;
    running: boolean;
  }[];
}

/** A department's chaincode host: the one process that serves all its chaincodes. */
export interface ChaincodeHostStatus {
  readonly name: string;
  readonly department: string;
  readonly pid: number | null;
  readonly running: boolean;
  readonly rssBytes: number | null;
  readonly peakRssBytes: number | null;
}

/** An organization's CA server (memberServices `ca`). */
export interface CaStatus {
  readonly name: string;
  readonly mspId: string;
  readonly address: string;
  /** The identity CA's and the TLS CA's names on that server. */
  readonly caNames: readonly string[];
  readonly pid: number | null;
  readonly running: boolean;
  readonly healthy: boolean;
  readonly rssBytes: number | null;
  readonly peakRssBytes: number | null;
  /** A department's CA, asked by its administrator; null for the orderer organization's, or when it cannot say. */
  readonly identities: DepartmentIdentities | null;
}

export interface NetworkStatus {
  readonly topology: string;
  /** Where the certificates come from: the organizations' CAs, or cryptogen. */
  readonly memberServices: MemberServices;
  /** How the channel orders blocks: raft or bft (SmartBFT). */
  readonly consensus: Consensus;
  readonly channel: string;
  readonly home: string;
  readonly created: boolean;
  readonly nodes: NodeStatus[];
  /** One per organization with memberServices `ca`; empty with cryptogen. */
  readonly cas: CaStatus[];
  readonly chaincodes: ChaincodeStatus[];
  /** One chaincode host per department. */
  readonly chaincodeHosts: ChaincodeHostStatus[];
  /** What keeps the network from serving ({@link statusProblems}); empty when all is well. */
  readonly problems: readonly string[];
  readonly totalRssBytes: number;
  readonly totalPeakRssBytes: number;
}

async function heightOf(fabric: Fabric, layout: Layout, node: FabricNode): Promise<number | undefined> {
  if (node.kind === 'orderer') return ordererHeight(fabric, layout, node);
  const org = layout.orgs.find((o) => o.peer === node);
  return org ? peerHeight(fabric, layout, org) : undefined;
}

/** What an orderer's metrics say about its role; the Raft leader's name is filled in once all are read. */
async function ordererConsensus(layout: Layout, o: OrdererNode, healthy: boolean): Promise<OrdererConsensusStatus> {
  if (!healthy) return { role: null, view: null, leader: null, consenterId: o.consenterId };
  const text = await ordererMetricsReader(o)();
  const channel = layout.topology.channel;
  if (layout.topology.consensus === 'bft') {
    const v = bftView(o.name, o.consenterId, text, channel);
    const leader = layout.orderers.find((x) => x.consenterId === v.leaderId);
    return {
      role: v.leaderId === undefined ? null : v.leaderId === o.consenterId ? 'leader' : 'follower',
      view: v.view ?? null,
      leader: leader?.name ?? null,
      consenterId: o.consenterId,
    };
  }
  const v = raftView(o.name, text, channel);
  return {
    role: v.isLeader === undefined ? null : v.isLeader ? 'leader' : 'follower',
    view: null,
    leader: v.isLeader === true ? o.name : null,
    consenterId: o.consenterId,
  };
}

/** Raft: every orderer that reads as a follower follows the one leader, when exactly one leads. */
function withRaftLeader(nodes: NodeStatus[]): NodeStatus[] {
  const leaders = nodes.filter((n) => n.consensus?.role === 'leader');
  const [leader] = leaders;
  if (leaders.length !== 1 || !leader) return nodes;
  return nodes.map((n) =>
    n.consensus?.role === 'follower' ? { ...n, consensus: { ...n.consensus, leader: leader.name } } : n,
  );
}

async function statusOfNode(
  fabric: Fabric | undefined,
  layout: Layout,
  table: ProcessTable,
  node: FabricNode,
): Promise<NodeStatus> {
  const record = table.running(node.name);
  const ok = record ? await healthy(node.machine.ip, node.operationsPort, readFileSync(node.tls.ca)) : false;
  const height = ok && fabric ? await heightOf(fabric, layout, node) : undefined;
  const mem = record ? processMemory(record.pid) : undefined;
  return {
    name: node.name,
    kind: node.kind,
    ...(node.kind === 'peer'
      ? { department: node.department.key, mspId: node.department.mspId }
      : { mspId: node.org.spec.mspId }),
    address: address(node.machine.ip, node.port),
    pid: record?.pid ?? null,
    running: record !== undefined,
    healthy: ok,
    height: height ?? null,
    rssBytes: mem?.rss ?? null,
    peakRssBytes: mem?.peak ?? null,
    ...(node.kind === 'orderer' ? { consensus: await ordererConsensus(layout, node, ok) } : {}),
  };
}

/** Each node up/healthy with its block height; each chaincode's committed definition and servers. */
export async function status(root: string): Promise<NetworkStatus> {
  const layout = currentLayout(root);
  const { paths, topology } = layout;
  const created = existsSync(paths.stateFile);
  const table = new ProcessTable(paths.run);
  const fabric = created ? resolveFabric(root) : undefined;
  const nodeStatus = (node: FabricNode): Promise<NodeStatus> => statusOfNode(fabric, layout, table, node);
  const read = await Promise.all(allNodes(layout).map(nodeStatus));
  const nodes = topology.consensus === 'raft' ? withRaftLeader(read) : read;
  const healthyPeer = layout.orgs.find((o) => nodes.find((n) => n.name === o.peer.name)?.healthy);
  const chaincodeHosts: ChaincodeHostStatus[] = layout.orgs.map((o) => {
    const name = hostName(o.department.key);
    const record = table.running(name);
    const mem = record ? processMemory(record.pid) : undefined;
    return {
      name,
      department: o.department.key,
      pid: record?.pid ?? null,
      running: record !== undefined,
      rssBytes: mem?.rss ?? null,
      peakRssBytes: mem?.peak ?? null,
    };
  });
  const chaincodes: ChaincodeStatus[] = [];
  for (const spec of topology.chaincodes) {
    const committed =
      fabric && healthyPeer
        ? await queryCommitted(fabric, layout, healthyPeer, spec.name).catch(() => undefined)
        : undefined;
    chaincodes.push({
      name: spec.name,
      committed: committed !== undefined,
      version: committed?.version ?? null,
      sequence: committed?.sequence ?? null,
      servers: chaincodeHosts.map(({ department, pid, running }) => ({ department, pid, running })),
    });
  }
  // The Fabric CA binaries, found once (the install script runs synchronously); without them, and for the
  // orderer organization's CA, identities are not counted.
  let caBin: string | undefined;
  try {
    caBin = layout.cas.length > 0 ? resolveFabricCa(root).bin : undefined;
  } catch {
    caBin = undefined;
  }
  const identitiesAt = async (ca: CaNode): Promise<DepartmentIdentities | null> => {
    const org = layout.orgs.find((o) => o.department.mspId === ca.mspId);
    if (org === undefined || caBin === undefined) return null;
    return departmentIdentities(caBin, layout, org).catch(() => null);
  };
  // Every health check first, then the identity lists (a fabric-ca-client command each) a few at a time:
  // fifty commands at once took the machine long enough to fail other CA servers' two-second checks.
  const caHealth = await Promise.all(
    layout.cas.map((ca) =>
      table.running(ca.name) ? healthy(ca.machine.ip, ca.operationsPort) : Promise.resolve(false),
    ),
  );
  const listing = new Semaphore(cliParallelism());
  const cas = await Promise.all(
    layout.cas.map(async (ca, i): Promise<CaStatus> => {
      const record = table.running(ca.name);
      const caHealthy = caHealth[i] ?? false;
      const mem = record ? processMemory(record.pid) : undefined;
      return {
        name: ca.name,
        mspId: ca.mspId,
        address: address(ca.machine.ip, ca.port),
        caNames: [ca.caName, ca.tlsCaName],
        pid: record?.pid ?? null,
        running: record !== undefined,
        healthy: caHealthy,
        identities: caHealthy ? await listing.use(() => identitiesAt(ca)) : null,
        rssBytes: mem?.rss ?? null,
        peakRssBytes: mem?.peak ?? null,
      };
    }),
  );
  const sum = (pick: (x: { rssBytes: number | null; peakRssBytes: number | null }) => number | null): number =>
    [...nodes, ...cas, ...chaincodeHosts].reduce((acc, x) => acc + (pick(x) ?? 0), 0);
  const whole = { created, nodes, cas, chaincodes, chaincodeHosts };
  return {
    topology: topology.name,
    memberServices: layout.memberServices,
    consensus: topology.consensus,
    channel: topology.channel,
    home: paths.home,
    ...whole,
    problems: statusProblems(whole),
    totalRssBytes: sum((x) => x.rssBytes),
    totalPeakRssBytes: sum((x) => x.peakRssBytes),
  };
}

/**
 * What keeps a network from serving: no network created, a node or CA server stopped or unhealthy, a
 * chaincode not committed or one of its servers stopped. `network:status` exits non-zero when there is any.
 *
 * @param s - the parts of a status that are judged
 * @returns one line per problem, in the order of the status; empty when every part is up and healthy
 */
export function statusProblems(s: Pick<NetworkStatus, 'created' | 'nodes' | 'cas' | 'chaincodes'>): string[] {
  if (!s.created) return ['no network has been created here: run npm run network:up'];
  const state = (x: { running: boolean; healthy: boolean }): string | undefined =>
    !x.running ? 'stopped' : !x.healthy ? 'unhealthy' : undefined;
  const problems: string[] = [];
  for (const n of s.nodes) {
    const bad = state(n);
    if (bad !== undefined) problems.push(`${n.kind} ${n.name} is ${bad}`);
  }
  for (const ca of s.cas) {
    const bad = state(ca);
    if (bad !== undefined) problems.push(`CA server ${ca.name} is ${bad}`);
  }
  for (const c of s.chaincodes) {
    if (!c.committed) problems.push(`chaincode ${c.name} is not committed`);
    const stopped = c.servers.filter((x) => !x.running).map((x) => x.department);
    if (stopped.length > 0) problems.push(`chaincode ${c.name}: the server of ${stopped.join(', ')} is stopped`);
  }
  return problems;
}

/** Log files of the network's processes, by process name. */
export function logFiles(root: string): Map<string, string> {
  const dir = pathsFor(root).logs;
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.log')) files.set(f.slice(0, -4), path.join(dir, f));
  return files;
}
