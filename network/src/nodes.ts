import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { NetworkError } from './errors';
import { tool, type Fabric } from './fabric';
import { address, type Layout, type OrdererNode, type PeerNode } from './layout';
import { healthy, metrics, portInUse, waitFor, type ProcessRecord, type ProcessTable } from './procs';

export type FabricNode = OrdererNode | PeerNode;

/** Plain log lines (no terminal colours) with time, level and module. */
const LOG_FORMAT = '%{time:2006-01-02 15:04:05.000 MST} %{level:.4s} [%{module}] %{shortfunc} -> %{message}';

/** Operations endpoint (/healthz, /metrics, /version) over TLS; the key names differ between peer and orderer. */
function operations(node: FabricNode): NodeJS.ProcessEnv {
  if (node.kind === 'orderer') {
    return {
      ORDERER_OPERATIONS_LISTENADDRESS: address(node.machine.ip, node.operationsPort),
      ORDERER_OPERATIONS_TLS_ENABLED: 'true',
      ORDERER_OPERATIONS_TLS_CERTIFICATE: node.tls.cert,
      ORDERER_OPERATIONS_TLS_PRIVATEKEY: node.tls.key,
      ORDERER_OPERATIONS_TLS_CLIENTAUTHREQUIRED: 'false',
      // /healthz and /version are open; /metrics needs a client certificate from the org's TLS CA.
      ORDERER_OPERATIONS_TLS_CLIENTROOTCAS: `[${node.tls.ca}]`,
      ORDERER_METRICS_PROVIDER: 'prometheus',
    };
  }
  return {
    CORE_OPERATIONS_LISTENADDRESS: address(node.machine.ip, node.operationsPort),
    CORE_OPERATIONS_TLS_ENABLED: 'true',
    CORE_OPERATIONS_TLS_CERT_FILE: node.tls.cert,
    CORE_OPERATIONS_TLS_KEY_FILE: node.tls.key,
    CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED: 'false',
    // /healthz and /version are open; /metrics needs a client certificate from the org's TLS CA.
    CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES: node.tls.ca,
    CORE_METRICS_PROVIDER: 'prometheus',
  };
}

/** The orderer's settings, as overrides of the sample orderer.yaml. */
export function ordererEnv(layout: Layout, o: OrdererNode): NodeJS.ProcessEnv {
  // Clients and other orderers may come from any ordering organization; the admin endpoint takes only
  // this orderer's own organization's admin.
  const every = `[${[...new Set(layout.ordererOrgs.map((org) => org.tlsCa))].join(',')}]`;
  const own = `[${o.org.tlsCa}]`;
  const consensusDir = path.join(o.dataDir, layout.topology.consensus === 'bft' ? 'smartbft' : 'etcdraft');
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FABRIC_CFG_PATH: path.join(layout.paths.config, 'orderer'),
    FABRIC_LOGGING_SPEC: process.env.GOVCHAIN_FABRIC_LOGGING ?? 'INFO',
    FABRIC_LOGGING_FORMAT: LOG_FORMAT,
    ORDERER_GENERAL_LISTENADDRESS: o.machine.ip,
    ORDERER_GENERAL_LISTENPORT: String(o.port),
    ORDERER_GENERAL_LOCALMSPID: o.org.spec.mspId,
    ORDERER_GENERAL_LOCALMSPDIR: o.msp,
    ORDERER_GENERAL_TLS_ENABLED: 'true',
    ORDERER_GENERAL_TLS_PRIVATEKEY: o.tls.key,
    ORDERER_GENERAL_TLS_CERTIFICATE: o.tls.cert,
    ORDERER_GENERAL_TLS_ROOTCAS: every,
    // Fabric's default, set so the orderer does not log that it set it: that line comes before the
    // orderer applies FABRIC_LOGGING_FORMAT, in colour, and would be the one ANSI line of its log.
    ORDERER_GENERAL_CLUSTER_REPLICATIONPOLICY: 'consensus',
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: o.tls.cert,
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: o.tls.key,
    ORDERER_GENERAL_CLUSTER_ROOTCAS: every,
    ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
    // Peers' delivery clients ping every 60 s; a server minimum of 60 s too lets a ping that arrives a
    // moment early count as abuse (GOAWAY too_many_pings). Tolerate pings from 10 s.
    ORDERER_GENERAL_KEEPALIVE_SERVERMININTERVAL: '10s',
    ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
    ORDERER_FILELEDGER_LOCATION: path.join(o.dataDir, 'ledger'),
    // Raft's WAL and snapshots, or SmartBFT's WAL.
    ORDERER_CONSENSUS_WALDIR: path.join(consensusDir, 'wal'),
    ORDERER_CONSENSUS_SNAPDIR: path.join(consensusDir, 'snapshot'),
    ORDERER_ADMIN_LISTENADDRESS: address(o.machine.ip, o.adminPort),
    ORDERER_ADMIN_TLS_ENABLED: 'true',
    ORDERER_ADMIN_TLS_CERTIFICATE: o.tls.cert,
    ORDERER_ADMIN_TLS_PRIVATEKEY: o.tls.key,
    ORDERER_ADMIN_TLS_ROOTCAS: own,
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
    ORDERER_ADMIN_TLS_CLIENTROOTCAS: own,
    ...operations(o),
  };
}

/**
 * Go's pprof on loopback for profiling under load: off unless GOVCHAIN_PPROF_PORT is set, and then
 * the j-th department's peer serves it at that port + j (outside every node's block of ten ports).
 */
function profiling(layout: Layout, p: PeerNode): NodeJS.ProcessEnv {
  const raw = process.env.GOVCHAIN_PPROF_PORT;
  if (raw === undefined || raw === '') return { CORE_PEER_PROFILE_ENABLED: 'false' };
  const base = Number(raw);
  if (!Number.isInteger(base) || base < 1024 || base > 65000) {
    throw new NetworkError(`GOVCHAIN_PPROF_PORT must be a port number from 1024 to 65000, got '${raw}'`);
  }
  return {
    CORE_PEER_PROFILE_ENABLED: 'true',
    CORE_PEER_PROFILE_LISTENADDRESS: address(p.machine.ip, base + layout.orgs.findIndex((o) => o.peer.name === p.name)),
  };
}

/** Above this many departments, peers gossip less often ({@link gossipForSize}). */
export const LARGE_NETWORK = 20;

/**
 * Gossip settings for a network of this many departments (one peer each). Every peer is its organization's
 * leader and takes blocks from the orderers itself (core.yaml's orgLeader, no leader election, no block
 * gossip): gossip carries membership, each peer's height and chaincodes (state info, which discovery and
 * the gateways plan endorsements with) and private data. Its traffic grows with the square of the peers,
 * and beyond {@link LARGE_NETWORK} departments on two cores it is cut:
 * - alive messages every 10 s, not 5 s: membership still expires only after 90 s without one (set above);
 * - state info (a peer's height and chaincodes) published at most every 20 s, not 4 s, and pulled from
 *   others every 120 s, not 4 s. While blocks flow every peer's height changes, so every peer publishes
 *   each interval to all the others, and a pull answers with every peer's message: traffic and signature
 *   verifications grow with the square of the peers. (Each message used to cost some 25 verifications at
 *   49 departments, against an implicit ANY Readers policy; the channel's Readers is now one signature
 *   policy, see artefacts.ts.) Measured at 49 departments on two cores with the Readers fix: with the
 *   sample's intervals, installing and starting the hosts took 102 s and each chaincode's approvals
 *   120-136 s; with these, 42 s and 82-95 s. A gateway then plans with a height up to 20 s old; the
 *   endorsers it chose answer from their own ledgers all the same, and the read-your-writes guard asks
 *   peers their heights directly;
 * - pull rounds every 8 s, not 4 s: membership sync, identities and blocks other peers have (gossip's
 *   pull mediators) — second chances, since alive messages and the orderers' deliver service carry the
 *   same.
 * Up to {@link LARGE_NETWORK} departments the sample's own intervals stay.
 */
export function gossipForSize(departments: number): NodeJS.ProcessEnv {
  if (departments <= LARGE_NETWORK) return {};
  return {
    CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '10s',
    CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '20s',
    CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '120s',
    CORE_PEER_GOSSIP_PULLINTERVAL: '8s',
  };
}

/**
 * A peer's log levels when GOVCHAIN_FABRIC_LOGGING does not set them: INFO, and in a large network the
 * gRPC library's connection chatter at WARNING — with 49 peers gossiping, each peer logged some 70 lines a
 * second of channel and transport events ("Channel created", "Subchannel deleted"), none of them a fault.
 */
export function peerLogging(departments: number): string {
  return departments > LARGE_NETWORK ? 'INFO:grpc=WARNING' : 'INFO';
}

/** The peer's settings, as overrides of the sample core.yaml. */
export function peerEnv(layout: Layout, p: PeerNode): NodeJS.ProcessEnv {
  const builder = `[{name: govchain-ccaas, path: ${layout.paths.builder}, propagateEnvironment: [HOME, GOVCHAIN_CCAAS_CLIENT_CERT_FILE, GOVCHAIN_CCAAS_CLIENT_KEY_FILE]}]`;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FABRIC_CFG_PATH: path.join(layout.paths.config, 'peer'),
    FABRIC_LOGGING_SPEC: process.env.GOVCHAIN_FABRIC_LOGGING ?? peerLogging(layout.orgs.length),
    FABRIC_LOGGING_FORMAT: LOG_FORMAT,
    CORE_PEER_ID: p.host,
    CORE_PEER_ADDRESS: address(p.machine.ip, p.port),
    CORE_PEER_LISTENADDRESS: address(p.machine.ip, p.port),
    CORE_PEER_CHAINCODEADDRESS: address(p.machine.ip, p.chaincodePort),
    CORE_PEER_CHAINCODELISTENADDRESS: address(p.machine.ip, p.chaincodePort),
    CORE_PEER_GOSSIP_BOOTSTRAP: address(p.machine.ip, p.port),
    CORE_PEER_GOSSIP_EXTERNALENDPOINT: address(p.machine.ip, p.port),
    // Every department shares this machine's cores: under sustained load a peer's alive messages can be
    // late by more than the default 25 s, and the other peers then drop it from membership (seen in
    // the benchmark), so discovery finds no endorser of that department until it reconnects.
    CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '90s',
    CORE_PEER_GOSSIP_RECONNECTINTERVAL: '5s',
    ...gossipForSize(layout.orgs.length),
    CORE_PEER_LOCALMSPID: p.department.mspId,
    CORE_PEER_MSPCONFIGPATH: p.msp,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_CERT_FILE: p.tls.cert,
    CORE_PEER_TLS_KEY_FILE: p.tls.key,
    CORE_PEER_TLS_ROOTCERT_FILE: p.tls.ca,
    CORE_PEER_FILESYSTEMPATH: path.join(p.dataDir, 'production'),
    CORE_LEDGER_SNAPSHOTS_ROOTDIR: path.join(p.dataDir, 'snapshots'),
    CORE_LEDGER_STATE_STATEDATABASE: 'goleveldb',
    CORE_PEER_GATEWAY_ENABLED: 'true',
    // Other peers' gateways and gossip ping every 60 s (peer.keepalive.client.interval); with the default
    // server minimum of 60 s a ping a moment early is taken as abuse and the connection is closed
    // (GOAWAY too_many_pings, seen failing an endorsement in CI). Tolerate pings from 10 s.
    CORE_PEER_KEEPALIVE_MININTERVAL: '10s',
    ...profiling(layout, p),
    // No Docker (vm.endpoint is emptied in our core.yaml): chaincode runs only as a service,
    // through our external builder.
    CORE_CHAINCODE_EXTERNALBUILDERS: builder,
    // The peer's TLS certificate and key are its client identity towards its chaincode servers, which
    // accept only clients of the department's TLS CA; the builder's release step puts them into the
    // connection the peer dials with.
    GOVCHAIN_CCAAS_CLIENT_CERT_FILE: p.tls.cert,
    GOVCHAIN_CCAAS_CLIENT_KEY_FILE: p.tls.key,
    ...operations(p),
  };
}

/** Every port a node listens on. */
export function nodePorts(node: FabricNode): number[] {
  return node.kind === 'orderer'
    ? [node.port, node.adminPort, node.operationsPort]
    : [node.port, node.chaincodePort, node.operationsPort];
}

/**
 * Fails when a port of a node we are about to start is taken by a process that is not ours.
 * @throws NetworkError naming the node and the port.
 */
export async function checkPortsFree(nodes: readonly FabricNode[]): Promise<void> {
  for (const node of nodes) {
    for (const port of nodePorts(node)) {
      if (await portInUse(node.machine.ip, port)) {
        throw new NetworkError(
          `port ${port} (needed by ${node.name}) is already in use by another process; free it or change basePort in the topology`,
        );
      }
    }
  }
}

/** Starts a node that is not running; returns its record and whether it was started now. */
export function startNode(
  fabric: Fabric,
  layout: Layout,
  table: ProcessTable,
  node: FabricNode,
): { record: ProcessRecord; started: boolean } {
  const running = table.running(node.name);
  if (running) return { record: running, started: false };
  mkdirSync(node.dataDir, { recursive: true });
  const isOrderer = node.kind === 'orderer';
  const record = table.start(
    node.name,
    isOrderer ? [tool(fabric, 'orderer')] : [tool(fabric, 'peer'), 'node', 'start'],
    {
      env: isOrderer ? ordererEnv(layout, node) : peerEnv(layout, node),
      log: path.join(layout.paths.logs, `${node.name}.log`),
      netns: node.machine.netns,
      meta: { kind: node.kind, host: node.host, address: address(node.machine.ip, node.port) },
    },
  );
  return { record, started: true };
}

/**
 * Waits until the node's operations endpoint answers /healthz with 200 and its service port accepts
 * connections: a peer with a large ledger answers /healthz before it listens (seen restarting a peer
 * with 100,000 licences). An orderer's admin endpoint too, which can open after /healthz answers:
 * asking it then whether the orderer has joined the channel would be refused.
 */
export async function waitHealthy(table: ProcessTable, node: FabricNode, record: ProcessRecord): Promise<void> {
  const ca = readFileSync(node.tls.ca);
  const ports = node.kind === 'orderer' ? [node.port, node.adminPort] : [node.port];
  await waitFor(
    table,
    record,
    'healthy',
    async () =>
      (await healthy(node.machine.ip, node.operationsPort, ca)) &&
      (await Promise.all(ports.map((port) => portInUse(node.machine.ip, port)))).every(Boolean),
    180_000,
  );
}

/**
 * Reads an orderer's /metrics (Prometheus text) with its own organization's admin TLS client
 * certificate, which the operations endpoint requires; the TLS files are read once.
 */
export function ordererMetricsReader(o: OrdererNode): () => Promise<string | undefined> {
  const tls = {
    ca: readFileSync(o.tls.ca),
    cert: readFileSync(o.org.admin.tls.cert),
    key: readFileSync(o.org.admin.tls.key),
  };
  return () => metrics(o.machine.ip, o.operationsPort, tls);
}
