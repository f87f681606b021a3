/**
 * One department's own nodes, started or stopped on their own — what a department's operators do on the
 * department's own host (`network:up --org KEY`, `network:down --org KEY`): its CA server (with Fabric CA
 * member services), the orderers of its ordering organization (bft topologies), its peer and its chaincode
 * servers. Nothing the consortium decides together is touched: no channel update, no approval, no commit.
 * The network must exist (made by a plain `network:up`).
 */
import { NetworkError } from './errors';
import { resolveFabricCa, startCa, waitCaHealthy } from './ca';
import { ensureHosts } from './hosts';
import { hostName, installOn, packageFor, planChaincode, startHost, type Served } from './chaincode';
import { joinPeer } from './channel';
import { resolveFabric } from './fabric';
import { departmentByKey, pathsFor, type CaNode, type Layout, type OrdererNode, type OrgLayout } from './layout';
import { currentLayout, readState, startAll, type Log } from './network';
import { ProcessTable } from './procs';

/** The processes one department runs. */
export interface DepartmentNodes {
  readonly org: OrgLayout;
  /** Its CA servers: the department's own, and its ordering organization's (none with cryptogen). */
  readonly cas: readonly CaNode[];
  /** The orderers of the ordering organization it runs, if any. */
  readonly orderers: readonly OrdererNode[];
  /** Its chaincode host's process name: one process serves all its chaincodes. */
  readonly chaincodeServers: readonly string[];
}

/**
 * @param layout - the network
 * @param key - a department key
 * @returns the department's processes
 * @throws NetworkError for a key that is no department of the network
 */
export function departmentNodes(layout: Layout, key: string): DepartmentNodes {
  const org = departmentByKey(layout, key);
  const orderers = layout.orderers.filter((o) => o.org.spec.department === key);
  const orderingOrgs = new Set(orderers.map((o) => o.org.spec.org));
  return {
    org,
    cas:
      layout.memberServices === 'ca'
        ? layout.cas.filter((ca) => ca.department?.key === key || orderingOrgs.has(ca.org))
        : [],
    orderers,
    chaincodeServers: [hostName(key)],
  };
}

function existingLayout(root: string): Layout {
  const paths = pathsFor(root);
  if (readState(paths) === undefined) {
    throw new NetworkError(
      `no network has been created here (${paths.home}): network:up creates it with every department; --org then starts or stops one department's nodes`,
    );
  }
  return currentLayout(root);
}

/**
 * Starts what of one department's nodes is not running, and joins its peer to the channel if it never has
 * (from the genesis block). A chaincode server runs the package its peer has installed for the chaincode's
 * current code (installed again if missing). On failure it stops what it started.
 *
 * @returns the names of the processes it started
 */
export async function upDepartment(root: string, key: string, log: Log): Promise<string[]> {
  const layout = existingLayout(root);
  const nodes = departmentNodes(layout, key);
  const table = new ProcessTable(layout.paths.run);
  const fabric = resolveFabric(root);
  const started: string[] = [];
  // Its host, if a namespaced network's tear-down removed it.
  await ensureHosts(layout, log);
  try {
    if (nodes.cas.length > 0) {
      const fabricCa = resolveFabricCa(root);
      for (const ca of nodes.cas) {
        const { record, started: isNew } = startCa(fabricCa, layout, table, ca);
        if (isNew) started.push(ca.name);
        await waitCaHealthy(table, ca, record);
      }
    }
    if (nodes.orderers.length > 0) await startAll(fabric, layout, table, [...nodes.orderers], started);
    await startAll(fabric, layout, table, [nodes.org.peer], started);
    if (await joinPeer(fabric, layout, nodes.org)) log(`joined ${layout.topology.channel}: ${nodes.org.peer.name}`);
    const served: Served[] = [];
    for (const spec of layout.topology.chaincodes) {
      const plan = planChaincode(layout, spec);
      const pkg = await packageFor(layout, plan, nodes.org);
      await installOn(fabric, layout, nodes.org, pkg);
      served.push({ plan, packageId: pkg.id });
    }
    if (await startHost(layout, table, nodes.org, served)) started.push(hostName(key));
  } catch (err) {
    if (started.length > 0) {
      log(`stopping what this run started: ${started.join(', ')}`);
      for (const name of [...started].reverse()) await table.stop(name);
    }
    throw err;
  }
  log(`${key}: ${started.length > 0 ? `started ${started.join(', ')}` : 'every node was running'}`);
  return started;
}

/**
 * Stops one department's recorded processes — chaincode servers, peer, orderers, then CA servers — and only
 * those. Its files and ledgers are kept.
 *
 * @returns the names of the processes it stopped
 */
export async function downDepartment(root: string, key: string, log: Log): Promise<string[]> {
  const layout = existingLayout(root);
  const nodes = departmentNodes(layout, key);
  const table = new ProcessTable(layout.paths.run);
  const stopped: string[] = [];
  for (const batch of [
    nodes.chaincodeServers,
    [nodes.org.peer.name],
    nodes.orderers.map((o) => o.name),
    nodes.cas.map((ca) => ca.name),
  ]) {
    const results = await Promise.all(batch.map((name) => table.stop(name)));
    stopped.push(...batch.filter((_, i) => results[i]));
  }
  log(`${key}: ${stopped.length > 0 ? `stopped ${stopped.join(', ')}` : 'no process of its was running'}`);
  return stopped;
}
