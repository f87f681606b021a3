import * as path from 'node:path';
import { NetworkError } from './errors';
import type { ChaincodeSpec, Department, MemberServices, OrdererOrgSpec, Topology } from './topology';

/** Where everything of one network lives: the repository and the runtime directory. */
export interface Paths {
  readonly root: string;
  /** The one git-ignored directory holding everything generated (GOVCHAIN_HOME, default <root>/.govchain). */
  readonly home: string;
  readonly crypto: string;
  readonly config: string;
  readonly channelBlock: string;
  readonly nodes: string;
  readonly logs: string;
  readonly run: string;
  readonly packages: string;
  readonly profiles: string;
  readonly secrets: string;
  /** The consortium's governance file every chaincode server reads (departments of the channel). */
  readonly governanceFile: string;
  readonly stateFile: string;
  readonly builder: string;
  /** The organizations' Fabric CA servers (memberServices `ca`): one directory per organization. */
  readonly cas: string;
}

export function pathsFor(root: string, home = process.env.GOVCHAIN_HOME ?? path.join(root, '.govchain')): Paths {
  const h = path.resolve(home);
  return {
    root,
    home: h,
    crypto: path.join(h, 'crypto'),
    config: path.join(h, 'config'),
    channelBlock: path.join(h, 'channel', 'genesis.block'),
    nodes: path.join(h, 'nodes'),
    logs: path.join(h, 'logs'),
    run: path.join(h, 'run'),
    packages: path.join(h, 'packages'),
    profiles: path.join(h, 'profiles'),
    secrets: path.join(h, 'secrets'),
    governanceFile: path.join(h, 'governance.json'),
    stateFile: path.join(h, 'network.json'),
    builder: path.join(root, 'network', 'builder'),
    cas: path.join(h, 'ca'),
  };
}

/** TLS material of a node or user as cryptogen lays it out. */
export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

/**
 * The machine an organization's nodes run on. On `loopback` every organization shares this machine's
 * 127.0.0.1. With `namespaces` each organization is a host of its own: a Linux network namespace whose
 * one link (a veth pair) reaches the network's bridge, with its own address there, so no node reaches
 * another's through loopback and every endpoint, TLS name and profile is a host address.
 */
export interface Machine {
  /** The address every node of the organization (peer or orderers, CA, chaincode servers) listens on. */
  readonly ip: string;
  /** The organization's network namespace; undefined on loopback. */
  readonly netns?: string;
  /** The bridge end of the namespace's veth pair (what a partition takes down). */
  readonly link?: string;
}

/** The bridge all namespaced organizations hang off, with this machine's own address on it (operations). */
export interface Bridge {
  readonly name: string;
  readonly ip: string;
  /** The /24 it routes, e.g. 10.105.120.0/24. */
  readonly cidr: string;
}

/** An organization that runs orderers, as cryptogen lays out its MSP, TLS CA and admin. */
export interface OrdererOrgLayout {
  readonly spec: OrdererOrgSpec;
  readonly domain: string;
  readonly machine: Machine;
  readonly msp: string;
  readonly tlsCa: string;
  /** The organization's admin: joins its own orderers (osnadmin) and reads their /metrics, with its TLS client certificate. */
  readonly admin: { readonly msp: string; readonly tls: TlsFiles };
}

export interface OrdererNode {
  readonly kind: 'orderer';
  readonly name: string;
  readonly host: string;
  /** Its organization's machine. */
  readonly machine: Machine;
  /** The organization that runs this orderer. */
  readonly org: OrdererOrgLayout;
  /** The orderer's id among the channel's consenters (SmartBFT's ConsenterMapping): 1 for orderer0, and so on. */
  readonly consenterId: number;
  readonly port: number;
  readonly adminPort: number;
  readonly operationsPort: number;
  readonly msp: string;
  /** The orderer's enrollment (signing) certificate: its identity in the BFT consenter mapping. */
  readonly signCert: string;
  readonly tls: TlsFiles;
  readonly dataDir: string;
}

export interface PeerNode {
  readonly kind: 'peer';
  readonly name: string;
  readonly host: string;
  /** Its department's machine. */
  readonly machine: Machine;
  readonly department: Department;
  readonly port: number;
  readonly chaincodePort: number;
  readonly operationsPort: number;
  readonly msp: string;
  readonly tls: TlsFiles;
  readonly dataDir: string;
  /** Port of each chaincode's server for this department. */
  readonly chaincodeServerPorts: ReadonlyMap<string, number>;
  /** Port of the department's REST service and web console (`npm run service`), the block's last. */
  readonly servicePort: number;
}

export interface OrgLayout {
  readonly department: Department;
  readonly domain: string;
  readonly machine: Machine;
  readonly msp: string;
  readonly tlsCa: string;
  readonly admin: { readonly msp: string; readonly cert: string; readonly key: string };
  /** The admin's TLS client certificate: what scrapes the operations endpoint's /metrics. */
  readonly adminTls: TlsFiles;
  readonly user: { readonly msp: string; readonly cert: string; readonly key: string };
  readonly peer: PeerNode;
  /**
   * The TLS server certificate and key of the department's chaincode servers (cryptogen's node
   * `chaincode.<domain>`, signed by the organization's TLS CA). The servers accept only clients with a
   * certificate from that CA: the department's peer.
   */
  readonly chaincodeTls: TlsFiles;
}

/**
 * One organization's Fabric CA server (memberServices `ca`): two CAs in one process, the organization's
 * identity CA (signing certificates, NodeOUs) and its TLS CA (TLS certificates), each with its own name.
 */
export interface CaNode {
  readonly kind: 'ca';
  /** Process name: `ca-<org in lower case>`. */
  readonly name: string;
  /** The organization: an ordering organization or a department. */
  readonly org: string;
  readonly mspId: string;
  readonly domain: string;
  readonly orgKind: 'orderer' | 'peer';
  /** The department, for a department's CA. */
  readonly department?: Department;
  /** Its organization's machine. */
  readonly machine: Machine;
  readonly port: number;
  /** Operations endpoint (/healthz, plain HTTP on its organization's address). */
  readonly operationsPort: number;
  readonly caName: string;
  readonly tlsCaName: string;
  /** The server's home: its config, its databases and the two CAs' keys. */
  readonly home: string;
  /** The identity CA's certificate (also what signs the server's own TLS certificate). */
  readonly caCert: string;
  /** The TLS CA's certificate. */
  readonly tlsCaCert: string;
  /** The organization's folder in cryptogen's layout (`…Organizations/<domain>`). */
  readonly orgDir: string;
}

export interface Layout {
  readonly topology: Topology;
  readonly paths: Paths;
  /** Where the certificates come from; `cas` is empty for cryptogen. */
  readonly memberServices: MemberServices;
  /** The bridge of a namespaced network (topology `hosts: namespaces`); undefined on loopback. */
  readonly bridge?: Bridge;
  /** One CA server per organization, ordering organizations first (memberServices `ca`). */
  readonly cas: readonly CaNode[];
  readonly ordererOrgs: readonly OrdererOrgLayout[];
  /** Every orderer, numbered across the organizations in topology order. */
  readonly orderers: readonly OrdererNode[];
  readonly orgs: readonly OrgLayout[];
}

/** Ports: each node owns a block of ten. Orderer i at basePort + 10i; peer j at basePort + 100 + 10j. */
export function layoutFor(topology: Topology, paths: Paths): Layout {
  const bridge = topology.hosts === 'namespaces' ? bridgeFor(topology.basePort) : undefined;
  const ordererOrgs = topology.orderer.organizations.map((spec, k) =>
    ordererOrgLayout(
      topology,
      paths,
      spec,
      machineFor(bridge, topology.basePort, ORDERER_HOSTS + k, `orderers-${spec.org}`),
    ),
  );
  const orderers: OrdererNode[] = [];
  for (const org of ordererOrgs) {
    for (let k = 0; k < org.spec.nodes; k++) {
      const i = orderers.length;
      const host = `orderer${i}.${org.domain}`;
      const dir = path.join(paths.crypto, 'ordererOrganizations', org.domain, 'orderers', host);
      const base = topology.basePort + 10 * i;
      orderers.push({
        kind: 'orderer',
        name: `orderer${i}`,
        host,
        machine: org.machine,
        org,
        consenterId: i + 1,
        port: base,
        adminPort: base + 1,
        operationsPort: base + 2,
        msp: path.join(dir, 'msp'),
        signCert: path.join(dir, 'msp', 'signcerts', `${host}-cert.pem`),
        tls: tlsOf(path.join(dir, 'tls'), 'server'),
        dataDir: path.join(paths.nodes, `orderer${i}`),
      });
    }
  }
  const orgs = topology.departments.map((department, j) => {
    const slot = topology.slots[department.key] ?? j;
    return orgLayout(
      topology,
      paths,
      department,
      slot,
      machineFor(bridge, topology.basePort, DEPARTMENT_HOSTS + slot, department.key),
    );
  });
  const memberServices = topology.memberServices;
  const cas = memberServices === 'ca' ? caNodes(topology, paths, ordererOrgs, orderers.length, orgs) : [];
  return { topology, paths, memberServices, ...(bridge ? { bridge } : {}), ordererOrgs, orderers, orgs, cas };
}

/** Host numbers on a namespaced network's /24: the bridge .1, ordering organizations from .2, departments from .20 by slot. */
const ORDERER_HOSTS = 2;
const DEPARTMENT_HOSTS = 20;

/**
 * A namespaced network's bridge and /24, both named after its base port, so that two networks on this
 * machine (say the tests' and the fault suite's, on different base ports) never share either:
 * base port p gives 10.(p >> 8).(p & 255).0/24 and bridge `gcbr<p>`.
 */
export function bridgeFor(basePort: number): Bridge {
  const net = `10.${basePort >> 8}.${basePort & 255}`;
  return { name: `gcbr${basePort}`, ip: `${net}.1`, cidr: `${net}.0/24` };
}

/**
 * An organization's machine: loopback, or (with a bridge) namespace `govchain-<base port>-<org>` at host
 * number `n` of the bridge's /24, its veth's bridge end `gc<base port>h<n>` (interface names stop at 15 characters).
 */
function machineFor(bridge: Bridge | undefined, basePort: number, n: number, org: string): Machine {
  if (bridge === undefined) return { ip: LOOPBACK };
  return {
    ip: `${bridge.ip.slice(0, -'.1'.length)}.${n}`,
    netns: `govchain-${basePort}-${org.toLowerCase()}`,
    link: `gc${basePort}h${n}`,
  };
}

const LOOPBACK = '127.0.0.1';

/**
 * The names a TLS server certificate of a node on `machine` carries: localhost and 127.0.0.1 (tools on
 * the same host), and the machine's own address when it has one: peers, orderers and clients dial nodes
 * by address, and Go and Node check that address against the certificate.
 */
export function sansOf(machine: Machine): string[] {
  return machine.ip === LOOPBACK ? ['localhost', LOOPBACK] : ['localhost', LOOPBACK, machine.ip];
}

/**
 * The CA servers' ports: two per organization (service, operations), ordering organizations first, in the
 * ten-port blocks of orderers the topology does not have — from basePort + 10 × orderers up to basePort + 99,
 * below the peers' blocks, so they never meet a node's port. The organizations that do not fit there (a
 * city of 49 departments) take ports 7 and 8 of their own department's block (its peer at 0–2, chaincode
 * servers from 3, the department service at 9), which is possible with at most four chaincodes.
 *
 * @param overflow - where a department's block starts (by slot) and how many chaincodes there are; without
 *   it, organizations beyond the room below the peers are refused
 * @throws NetworkError when the organizations' CAs do not fit.
 */
export function caPorts(
  basePort: number,
  orderers: number,
  organizations: number,
  overflow?: { readonly ordererOrgs: number; readonly chaincodes: number },
): { port: number; operationsPort: number }[] {
  const first = basePort + 10 * orderers;
  const room = Math.floor((basePort + 100 - first) / 2);
  const fits = overflow !== undefined && overflow.ordererOrgs <= room && overflow.chaincodes <= CA_IN_BLOCK - 3;
  if (organizations > room && !fits) {
    throw new NetworkError(
      `memberServices ca needs two ports per organization in ${first}-${basePort + 99} (above the ${orderers} orderers' ports, below the peers'), or in each department's block with at most ${CA_IN_BLOCK - 3} chaincodes: ${organizations} organizations do not fit, ${room} do; use memberServices: cryptogen`,
    );
  }
  return Array.from({ length: organizations }, (_, k) => {
    if (k < room || overflow === undefined) return { port: first + 2 * k, operationsPort: first + 2 * k + 1 };
    const block = basePort + 100 + 10 * (k - overflow.ordererOrgs);
    return { port: block + CA_IN_BLOCK, operationsPort: block + CA_IN_BLOCK + 1 };
  });
}

/** Where in its department's ten-port block an overflowing CA server listens (and its operations next). */
const CA_IN_BLOCK = 7;

function caNodes(
  topology: Topology,
  paths: Paths,
  ordererOrgs: readonly OrdererOrgLayout[],
  orderers: number,
  orgs: readonly OrgLayout[],
): CaNode[] {
  const entries = [
    ...ordererOrgs.map((o) => ({
      org: o.spec.org,
      mspId: o.spec.mspId,
      domain: o.domain,
      orgKind: 'orderer' as const,
      department: undefined,
      machine: o.machine,
    })),
    ...orgs.map((o) => ({
      org: o.department.org,
      mspId: o.department.mspId,
      domain: o.domain,
      orgKind: 'peer' as const,
      department: o.department,
      machine: o.machine,
    })),
  ];
  // A department's CA keeps the ports of its slot when another department is removed.
  const slotOf = (e: (typeof entries)[number], k: number): number =>
    e.department === undefined ? k : ordererOrgs.length + (topology.slots[e.department.key] ?? k - ordererOrgs.length);
  const slotsUsed = entries.reduce((n, e, k) => Math.max(n, slotOf(e, k) + 1), 0);
  const ports = caPorts(topology.basePort, orderers, slotsUsed, {
    ordererOrgs: ordererOrgs.length,
    chaincodes: topology.chaincodes.length,
  });
  return entries.map((e, k) => {
    const slot = slotOf(e, k);
    const lower = e.org.toLowerCase();
    const home = path.join(paths.cas, e.domain);
    const dir = e.orgKind === 'orderer' ? 'ordererOrganizations' : 'peerOrganizations';
    return {
      kind: 'ca',
      name: `ca-${lower}`,
      org: e.org,
      mspId: e.mspId,
      domain: e.domain,
      orgKind: e.orgKind,
      ...(e.department ? { department: e.department } : {}),
      machine: e.machine,
      port: ports[slot]?.port ?? 0,
      operationsPort: ports[slot]?.operationsPort ?? 0,
      caName: `ca-${lower}`,
      tlsCaName: `tlsca-${lower}`,
      home,
      caCert: path.join(home, 'ca-cert.pem'),
      tlsCaCert: path.join(home, 'tlsca', 'ca-cert.pem'),
      orgDir: path.join(paths.crypto, dir, e.domain),
    };
  });
}

function ordererOrgLayout(topology: Topology, paths: Paths, spec: OrdererOrgSpec, machine: Machine): OrdererOrgLayout {
  const domain = `${spec.org.toLowerCase()}.${topology.domain}`;
  const orgDir = path.join(paths.crypto, 'ordererOrganizations', domain);
  const adminDir = path.join(orgDir, 'users', `Admin@${domain}`);
  return {
    spec,
    domain,
    machine,
    msp: path.join(orgDir, 'msp'),
    tlsCa: path.join(orgDir, 'tlsca', `tlsca.${domain}-cert.pem`),
    admin: { msp: path.join(adminDir, 'msp'), tls: tlsOf(path.join(adminDir, 'tls'), 'client') },
  };
}

function tlsOf(dir: string, kind: 'server' | 'client'): TlsFiles {
  return { cert: path.join(dir, `${kind}.crt`), key: path.join(dir, `${kind}.key`), ca: path.join(dir, 'ca.crt') };
}

function userOf(orgDir: string, user: string, domain: string): { msp: string; cert: string; key: string } {
  const msp = path.join(orgDir, 'users', `${user}@${domain}`, 'msp');
  return {
    msp,
    cert: path.join(msp, 'signcerts', `${user}@${domain}-cert.pem`),
    key: path.join(msp, 'keystore', 'priv_sk'),
  };
}

/** The host name (within the department's domain) of the chaincode servers' TLS certificate. */
export const CHAINCODE_TLS_HOST = 'chaincode';

function orgLayout(
  topology: Topology,
  paths: Paths,
  department: Department,
  index: number,
  machine: Machine,
): OrgLayout {
  const domain = `${department.org.toLowerCase()}.${topology.domain}`;
  const orgDir = path.join(paths.crypto, 'peerOrganizations', domain);
  const host = `peer0.${domain}`;
  const peerDir = path.join(orgDir, 'peers', host);
  const base = topology.basePort + 100 + 10 * index;
  const chaincodeServerPorts = new Map<string, number>(
    topology.chaincodes.map((cc: ChaincodeSpec, k) => [cc.name, base + 3 + k] as const),
  );
  const peer: PeerNode = {
    kind: 'peer',
    name: `peer0-${department.key}`,
    host,
    machine,
    department,
    port: base,
    chaincodePort: base + 1,
    operationsPort: base + 2,
    msp: path.join(peerDir, 'msp'),
    tls: tlsOf(path.join(peerDir, 'tls'), 'server'),
    dataDir: path.join(paths.nodes, `peer0-${department.key}`),
    chaincodeServerPorts,
    servicePort: base + 9,
  };
  return {
    department,
    domain,
    machine,
    msp: path.join(orgDir, 'msp'),
    tlsCa: path.join(orgDir, 'tlsca', `tlsca.${domain}-cert.pem`),
    admin: userOf(orgDir, 'Admin', domain),
    adminTls: tlsOf(path.join(orgDir, 'users', `Admin@${domain}`, 'tls'), 'client'),
    user: userOf(orgDir, 'User1', domain),
    peer,
    chaincodeTls: tlsOf(path.join(orgDir, 'peers', `${CHAINCODE_TLS_HOST}.${domain}`, 'tls'), 'server'),
  };
}

/**
 * @param layout - the network
 * @param key - a department key, as a command line gives it
 * @returns that department's organization
 * @throws NetworkError naming the key and the known departments
 */
export function departmentByKey(layout: Layout, key: string): OrgLayout {
  const org = layout.orgs.find((o) => o.department.key === key);
  if (org === undefined) {
    throw new NetworkError(
      `unknown department '${key}' (known: ${layout.orgs.map((o) => o.department.key).join(', ')})`,
    );
  }
  return org;
}

/** `ip:port`: where a node of the machine with that address listens, and where clients reach it. */
export function address(ip: string, port: number): string {
  return `${ip}:${port}`;
}
