import { pollUntil } from '@govchain/protocol';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ccaasConnection, packageIdOf, writeCcaasPackage } from './chaincode-package';
import { NetworkError } from './errors';
import { ordererFlags, peerCli, type Fabric } from './fabric';
import { type AdminTransaction, type Submitter, submitThroughGateway } from './gateway';
import { readSecret } from './home';
import { address, type Layout, type OrgLayout } from './layout';
import { portInUse, waitFor, type ProcessTable } from './procs';
import type { BootstrapCall, ChaincodeSpec } from './topology';

/** What the network wants committed for one chaincode. */
export interface ChaincodePlan {
  readonly spec: ChaincodeSpec;
  readonly dir: string;
  /**
   * Definition version: package version, a digest of the code, and one of the definition (policy and
   * collections): `1.2.3-<code>.<definition>`.
   */
  readonly version: string;
  /**
   * Package label: the chaincode and its code digest only. A change of policy or collections (a department
   * joining or leaving) is a new definition of the same package: the servers keep running.
   */
  readonly label: string;
  readonly signaturePolicy: string;
  readonly collectionsFile: string | undefined;
}

interface PackageJson {
  readonly version?: string;
  readonly main?: string;
  readonly dependencies?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

function hashTree(hash: ReturnType<typeof createHash>, dir: string, base = dir): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, full, base);
    else if (entry.isFile() && !entry.name.endsWith('.map') && !entry.name.endsWith('.tsbuildinfo')) {
      hash.update(path.relative(base, full)).update('\0').update(readFileSync(full)).update('\0');
    }
  }
}

/**
 * Digest of what a chaincode server runs: its built code, seed, collections and contract metadata
 * (`META-INF`, which fabric-shim reads at start), and those of our workspace packages it uses.
 */
function codeDigest(root: string, dir: string, extra: string): string {
  const hash = createHash('sha256');
  const visit = (pkgDir: string, seen: Set<string>): void => {
    if (seen.has(pkgDir)) return;
    seen.add(pkgDir);
    hash.update(readFileSync(path.join(pkgDir, 'package.json')));
    hashTree(hash, path.join(pkgDir, 'dist'));
    for (const hashable of ['seed', 'collections', 'META-INF']) hashTree(hash, path.join(pkgDir, hashable));
    for (const dep of Object.keys(readPackageJson(pkgDir).dependencies ?? {}).sort()) {
      if (!dep.startsWith('@govchain/')) continue;
      const link = path.join(root, 'node_modules', dep);
      if (existsSync(link)) visit(realpathSync(link), seen);
    }
  };
  visit(dir, new Set());
  hash.update(extra);
  return hash.digest('hex');
}

export function signaturePolicy(layout: Layout, spec: ChaincodeSpec): string {
  if ('signaturePolicy' in spec.endorsement) return spec.endorsement.signaturePolicy;
  const peers = layout.orgs.map((o) => `'${o.department.mspId}.peer'`).join(', ');
  return `OutOf(${spec.endorsement.outOf}, ${peers})`;
}

/**
 * The collection configuration `peer lifecycle` takes. A collection with `endorsedBy` gets a
 * collection-level endorsement policy, `AND` of those organizations' peers, which Fabric applies
 * instead of the chaincode-level policy to every write into the collection.
 */
export function collectionsConfig(layout: Layout, spec: ChaincodeSpec): unknown[] {
  return spec.collections.map((c) => {
    const members = c.members === 'all' ? layout.orgs.map((o) => o.department.mspId) : [...c.members];
    const config = {
      name: c.name,
      policy: `OR(${members.map((m) => `'${m}.member'`).join(', ')})`,
      requiredPeerCount: 0,
      maxPeerCount: c.pushOnEndorsement ? Math.max(members.length - 1, 0) : 0,
      blockToLive: c.blockToLive,
      memberOnlyRead: c.memberOnlyRead,
      memberOnlyWrite: c.memberOnlyWrite,
    };
    if (c.endorsedBy === undefined) return config;
    const peers = c.endorsedBy.map((m) => `'${m}.peer'`).join(', ');
    return { ...config, endorsementPolicy: { signaturePolicy: `AND(${peers})` } };
  });
}

/** A chaincode's definition worked out from the topology, before anything is written. */
export interface ChaincodeDefinition extends Omit<ChaincodePlan, 'collectionsFile'> {
  /** The collection configuration (see {@link collectionsConfig}); empty when the chaincode has none. */
  readonly collections: readonly unknown[];
}

/**
 * Works out the definition to commit: the version changes whenever code, policy or collections change;
 * the package (label) only when the code does. Writes nothing.
 */
export function chaincodeDefinition(layout: Layout, spec: ChaincodeSpec): ChaincodeDefinition {
  const root = layout.paths.root;
  const dir = path.join(root, spec.path);
  if (!existsSync(path.join(dir, 'package.json'))) {
    throw new NetworkError(`chaincode ${spec.name}: no package at ${spec.path}`);
  }
  const pkg = readPackageJson(dir);
  const main = path.join(dir, pkg.main ?? 'index.js');
  if (!existsSync(main))
    throw new NetworkError(`chaincode ${spec.name}: ${path.relative(root, main)} is missing; run npm run build`);
  const policy = signaturePolicy(layout, spec);
  const collections = collectionsConfig(layout, spec);
  const code = codeDigest(root, dir, '').slice(0, 12);
  const definition = createHash('sha256').update(JSON.stringify({ policy, collections })).digest('hex').slice(0, 8);
  return {
    spec,
    dir,
    version: `${pkg.version ?? '0.0.0'}-${code}.${definition}`,
    label: `${spec.name}_${code}`,
    signaturePolicy: policy,
    collections,
  };
}

/** {@link chaincodeDefinition}, with the collection configuration written under the network's packages. */
export function planChaincode(layout: Layout, spec: ChaincodeSpec): ChaincodePlan {
  const { collections, ...definition } = chaincodeDefinition(layout, spec);
  let collectionsFile: string | undefined;
  if (collections.length > 0) {
    collectionsFile = path.join(layout.paths.packages, spec.name, 'collections_config.json');
    mkdirSync(path.dirname(collectionsFile), { recursive: true });
    writeFileSync(collectionsFile, `${JSON.stringify(collections, null, 2)}\n`);
  }
  return { ...definition, collectionsFile };
}

function serverPort(org: OrgLayout, name: string): number {
  const port = org.peer.chaincodeServerPorts.get(name);
  if (port === undefined) throw new NetworkError(`no chaincode server port for ${name}`);
  return port;
}

/**
 * What a department's peer needs to dial its chaincode server (the package's `connection.json`): the
 * address, and mutual TLS — the server's certificate must come from the department's TLS CA
 * (`root_cert`), and the peer presents its own TLS certificate. The peer's key is not in the package:
 * our external builder adds the peer's client certificate and key when it releases the package on that
 * peer (network/builder/bin/release), so a package can be shared without a private key in it.
 */
export function connectionFor(org: OrgLayout, chaincode: string): Record<string, unknown> {
  return ccaasConnection(address(org.machine.ip, serverPort(org, chaincode)), readFileSync(org.tlsCa, 'utf8'));
}

/**
 * Builds a department's chaincode-as-a-service package: only where and how its chaincode server listens.
 * The tarballs are byte-reproducible, so the package id is stable across runs.
 */
export async function packageFor(
  layout: Layout,
  plan: ChaincodePlan,
  org: OrgLayout,
): Promise<{ file: string; id: string }> {
  const connection = `${JSON.stringify(connectionFor(org, plan.spec.name))}\n`;
  const dir = path.join(layout.paths.packages, plan.spec.name, org.department.key);
  const version = createHash('sha256').update(connection).digest('hex').slice(0, 12);
  const file = path.join(dir, `${plan.label}.${version}.tgz`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    await writeCcaasPackage(file, plan.label, connection);
  }
  return { file, id: packageIdOf(plan.label, file) };
}

/**
 * Installs a package on a department's peer unless it is installed already: one peer CLI command, which
 * the peer refuses with "already successfully installed" when it has the package (asking first would
 * double the commands a large network's start-up runs).
 */
export async function installOn(
  fabric: Fabric,
  layout: Layout,
  org: OrgLayout,
  pkg: { file: string; id: string },
): Promise<void> {
  try {
    await peerCli(fabric, layout, org, ['lifecycle', 'chaincode', 'install', pkg.file]);
  } catch (err) {
    if (!(err instanceof NetworkError && err.message.includes('already successfully installed'))) throw err;
  }
}

/** The committed definition of a chaincode, or undefined when none is committed. */
export async function queryCommitted(
  fabric: Fabric,
  layout: Layout,
  org: OrgLayout,
  name: string,
): Promise<{ sequence: number; version: string } | undefined> {
  try {
    const { stdout } = await peerCli(fabric, layout, org, [
      'lifecycle',
      'chaincode',
      'querycommitted',
      '-C',
      layout.topology.channel,
      '-n',
      name,
      '-O',
      'json',
    ]);
    const def = JSON.parse(stdout) as { sequence: number; version: string };
    return { sequence: def.sequence, version: def.version };
  } catch (err) {
    if (
      err instanceof NetworkError &&
      /not defined|could not be found|namespace .* is not defined/i.test(err.message)
    ) {
      return undefined;
    }
    throw err;
  }
}

function definitionFlags(layout: Layout, plan: ChaincodePlan, sequence: number): string[] {
  const flags = [
    '--channelID',
    layout.topology.channel,
    '--name',
    plan.spec.name,
    '--version',
    plan.version,
    '--sequence',
    String(sequence),
    '--signature-policy',
    plan.signaturePolicy,
  ];
  if (plan.collectionsFile) flags.push('--collections-config', plan.collectionsFile);
  return flags;
}

function peerFlags(orgs: readonly OrgLayout[]): string[] {
  return orgs.flatMap((o) => [
    '--peerAddresses',
    address(o.machine.ip, o.peer.port),
    '--tlsRootCertFiles',
    o.peer.tls.ca,
  ]);
}

/**
 * Each department's approval of the definition at `sequence` as the first department's peer has them
 * (`checkcommitreadiness`), by MSP id.
 */
async function approvals(
  fabric: Fabric,
  layout: Layout,
  plan: ChaincodePlan,
  sequence: number,
): Promise<ReadonlyMap<string, boolean>> {
  const first = layout.orgs[0];
  if (!first) throw new NetworkError('the topology has no department');
  const { stdout } = await peerCli(fabric, layout, first, [
    'lifecycle',
    'chaincode',
    'checkcommitreadiness',
    ...definitionFlags(layout, plan, sequence),
    '-O',
    'json',
  ]);
  const parsed = JSON.parse(stdout) as { approvals?: Record<string, boolean> };
  return new Map(Object.entries(parsed.approvals ?? {}));
}

/** How often the approvals are read while they commit. */
const READINESS_POLL_MS = 2_000;

/**
 * Approves the definition for every department and commits it. The approvals are sent without waiting for
 * each to commit (`--waitForEvent=false`): they travel in the same few blocks instead of one round of
 * blocks per {@link cliParallelism} departments — at 49 departments on two cores, minutes instead of
 * tens of minutes. Then the first department's peer is asked which approvals have committed, every 2 s;
 * a department still missing after `resendAfterMs` (an approval lost, say, to an orderer that was
 * electing a leader) approves again — an approval that did commit meanwhile answers "unchanged content".
 * The commit is endorsed by a majority of the departments' peers, what the channel's
 * LifecycleEndorsement policy (MAJORITY Endorsement) asks for.
 *
 * @throws NetworkError naming the departments whose approval never committed, after three rounds
 */
export async function approveAndCommit(
  fabric: Fabric,
  layout: Layout,
  plan: ChaincodePlan,
  sequence: number,
  packageIds: ReadonlyMap<string, string>,
  resendAfterMs = 30_000 + 1_000 * layout.orgs.length,
): Promise<void> {
  const approve = async (org: OrgLayout): Promise<void> => {
    const id = packageIds.get(org.department.key);
    if (id === undefined) throw new NetworkError(`no package for ${org.department.key}`);
    const i = layout.orgs.indexOf(org);
    try {
      await peerCli(fabric, layout, org, [
        'lifecycle',
        'chaincode',
        'approveformyorg',
        ...ordererFlags(layout, i),
        ...definitionFlags(layout, plan, sequence),
        '--package-id',
        id,
        '--waitForEvent=false',
      ]);
    } catch (err) {
      // A rerun after an interrupted deployment finds its approval already recorded.
      if (err instanceof NetworkError && err.message.includes('unchanged content')) return;
      throw new NetworkError(`${org.department.key} did not approve ${plan.spec.name}: ${String(err)}`, {
        cause: err,
      });
    }
  };
  let missing: OrgLayout[] = [...layout.orgs];
  for (let round = 1; missing.length > 0; round++) {
    if (round > 3) {
      throw new NetworkError(
        `${plan.spec.name}: the approvals of ${missing.map((o) => o.department.key).join(', ')} did not commit after three tries`,
      );
    }
    await Promise.all(missing.map(approve));
    const found = await pollUntil(
      async () => {
        const approved = await approvals(fabric, layout, plan, sequence);
        missing = missing.filter((o) => approved.get(o.department.mspId) !== true);
        return missing.length === 0 ? true : undefined;
      },
      { timeoutMs: resendAfterMs, intervalMs: READINESS_POLL_MS },
    );
    if (found) break;
  }
  const first = layout.orgs[0];
  if (!first) throw new NetworkError('the topology has no department');
  const majority = layout.orgs.slice(0, Math.floor(layout.orgs.length / 2) + 1);
  await peerCli(fabric, layout, first, [
    'lifecycle',
    'chaincode',
    'commit',
    ...ordererFlags(layout),
    ...definitionFlags(layout, plan, sequence),
    ...peerFlags(majority),
  ]);
}

/**
 * Extra Node.js options for every chaincode server, from GOVCHAIN_CHAINCODE_NODE_ARGS (split at
 * spaces): for profiling under load, e.g. `--prof --logfile=/tmp/cc-%p.log --no-logfile-per-isolate`.
 */
function nodeArgs(): string[] {
  return (process.env.GOVCHAIN_CHAINCODE_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
}

/** The process name of a department's chaincode host (one per department, serving all its chaincodes). */
export function hostName(departmentKey: string): string {
  return `cc-${departmentKey}`;
}

/** A chaincode for a department's host to serve: its plan and the package id its peer installed. */
export interface Served {
  readonly plan: ChaincodePlan;
  readonly packageId: string;
}

/** The host's record of what it serves, `name=packageId` sorted by name: a change restarts it. */
function servedMeta(served: readonly Served[]): string {
  return served
    .map((s) => `${s.plan.spec.name}=${s.packageId}`)
    .sort()
    .join(' ');
}

/**
 * The host configuration of a department (see chaincode/common/src/host.ts): each chaincode's package
 * directory, address and package id, and the department's chaincode-server TLS files.
 */
export function hostConfig(org: OrgLayout, served: readonly Served[]): Record<string, unknown> {
  return {
    // Mutual TLS: the server's own certificate, and only clients with a certificate from the
    // department's TLS CA (its peer) may connect.
    tls: { cert: org.chaincodeTls.cert, key: org.chaincodeTls.key, clientCa: org.tlsCa },
    chaincodes: [...served]
      .sort((a, b) => a.plan.spec.name.localeCompare(b.plan.spec.name))
      .map((s) => ({
        name: s.plan.spec.name,
        module: s.plan.dir,
        address: address(org.machine.ip, serverPort(org, s.plan.spec.name)),
        packageId: s.packageId,
      })),
  };
}

/** Where a department's host configuration is written. */
export function hostConfigFile(layout: Layout, departmentKey: string): string {
  return path.join(layout.paths.packages, 'hosts', `${departmentKey}.json`);
}

/**
 * The command and environment of a department's chaincode host serving a configuration file: the
 * department's MSP id (`getMspID()`), the governance file, plain logs.
 */
export function hostCommand(
  layout: Layout,
  org: OrgLayout,
  configFile: string,
  extraEnv: NodeJS.ProcessEnv = {},
): { command: string[]; env: NodeJS.ProcessEnv } {
  const dist = path.join(layout.paths.root, 'chaincode', 'common', 'dist');
  return {
    // plain-logs is loaded before fabric-shim, so that its first log lines are plain under NO_COLOR too.
    command: [
      process.execPath,
      ...nodeArgs(),
      '--require',
      path.join(dist, 'plain-logs.js'),
      path.join(dist, 'host.js'),
      configFile,
    ],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CORE_PEER_LOCALMSPID: org.department.mspId,
      GOVCHAIN_GOVERNANCE_FILE: layout.paths.governanceFile,
      ...(process.env.GOVCHAIN_MAX_CLOCK_SKEW_SECONDS === undefined
        ? {}
        : { GOVCHAIN_MAX_CLOCK_SKEW_SECONDS: process.env.GOVCHAIN_MAX_CLOCK_SKEW_SECONDS }),
      CORE_CHAINCODE_LOGGING_LEVEL: process.env.GOVCHAIN_CHAINCODE_LOGGING ?? 'info',
      // A log file takes no ANSI codes: plain-logs (required above) switches fabric-shim's colours off.
      NO_COLOR: '1',
      ...extraEnv,
    },
  };
}

/**
 * Starts (or restarts, when what it serves changed) one department's chaincode host, serving every
 * chaincode given on its own port with its package id.
 *
 * @returns whether it was started now
 */
export async function startHost(
  layout: Layout,
  table: ProcessTable,
  org: OrgLayout,
  served: readonly Served[],
): Promise<boolean> {
  const name = hostName(org.department.key);
  const packageIds = servedMeta(served);
  const running = table.running(name);
  if (running?.meta.packageIds === packageIds) return false;
  if (running) await table.stop(name);
  const ports = served.map((s) => serverPort(org, s.plan.spec.name));
  for (const port of ports) {
    if (await portInUse(org.machine.ip, port)) {
      throw new NetworkError(`port ${port} (needed by ${name}) is already in use by another process`);
    }
  }
  const configFile = hostConfigFile(layout, org.department.key);
  mkdirSync(path.dirname(configFile), { recursive: true });
  writeFileSync(configFile, `${JSON.stringify(hostConfig(org, served), null, 2)}\n`);
  const { command, env } = hostCommand(layout, org, configFile);
  const record = table.start(name, command, {
    env,
    cwd: layout.paths.root,
    log: path.join(layout.paths.logs, `${name}.log`),
    netns: org.machine.netns,
    meta: { kind: 'chaincode', department: org.department.key, packageIds, config: configFile },
  });
  try {
    await waitFor(
      table,
      record,
      'listening',
      async () => (await Promise.all(ports.map((port) => portInUse(org.machine.ip, port)))).every(Boolean),
      30_000 + 10_000 * served.length,
    );
  } catch (err) {
    await table.stop(name);
    throw err;
  }
  return true;
}

/**
 * A bootstrap transient value: `@secret:NAME` (generated once, kept under secrets/, see
 * {@link readSecret}), else the literal. Governance data is never an argument: seeding reads it on
 * each endorser.
 */
function resolveValue(layout: Layout, value: string): string {
  return value.startsWith('@secret:') ? readSecret(layout.paths, value.slice('@secret:'.length)) : value;
}

/**
 * Writes the consortium's governance file that every chaincode server reads
 * (`GOVCHAIN_GOVERNANCE_FILE`): the departments of the channel, sorted. Seeding
 * takes its governance lists from this file on each endorser, never from the
 * caller's arguments, so a department that seeds first cannot make itself the
 * only governor.
 */
export function writeGovernanceFile(layout: Layout): void {
  // Replaced whole (a new file renamed over the old), so that a chaincode server reading it mid-write
  // never sees half of it.
  const next = `${layout.paths.governanceFile}.next`;
  writeFileSync(next, `${JSON.stringify(governanceOf(layout), null, 2)}\n`, { mode: 0o644 });
  renameSync(next, layout.paths.governanceFile);
}

/**
 * The governance file's content: the departments, the limits, and who holds each named role (the
 * departments' `roles` in the topology), every list sorted.
 */
export function governanceOf(layout: Layout): {
  departmentMsps: string[];
  enforceClerkRoles: boolean;
  holderRefGrantsPerHour: number;
  roles: Record<string, string[]>;
} {
  const departmentMsps = layout.orgs.map((o) => o.department.mspId).sort();
  const roles: Record<string, string[]> = {};
  for (const { department } of layout.orgs) {
    for (const role of department.roles ?? []) (roles[role] ??= []).push(department.mspId);
  }
  const sorted = Object.fromEntries(
    Object.keys(roles)
      .sort()
      .map((role) => [role, (roles[role] ?? []).sort()]),
  );
  return {
    departmentMsps,
    // Clerks carry roles only in certificates a department's CA issued; cryptogen's identities have none.
    enforceClerkRoles: layout.memberServices === 'ca',
    holderRefGrantsPerHour: layout.topology.governance.holderRefGrantsPerHour,
    roles: sorted,
  };
}

/**
 * The transaction one bootstrap call makes: as the named department's admin (the first department's
 * by default), endorsed by the call's `endorsers`, else by that department and the next ones the
 * endorsement policy needs. Only the endorsers' peers see the transient data. Secrets
 * (`@secret:NAME`) are resolved into transient data only; topologies may not put them in arguments.
 */
export function bootstrapTransaction(
  layout: Layout,
  plan: ChaincodePlan,
  call: BootstrapCall,
): { caller: OrgLayout; tx: AdminTransaction } {
  const caller = call.as === undefined ? layout.orgs[0] : layout.orgs.find((o) => o.department.key === call.as);
  if (!caller) throw new NetworkError(`bootstrap call ${call.function}: no department '${call.as ?? ''}'`);
  const needed = 'outOf' in plan.spec.endorsement ? plan.spec.endorsement.outOf : layout.orgs.length;
  const endorsers =
    call.endorsers === undefined
      ? [caller, ...layout.orgs.filter((o) => o !== caller)].slice(0, needed)
      : call.endorsers.map((key) => {
          const org = layout.orgs.find((o) => o.department.key === key);
          if (!org) throw new NetworkError(`bootstrap call ${call.function}: no department '${key}'`);
          return org;
        });
  if (call.args.some((a) => a.startsWith('@secret:'))) {
    throw new NetworkError(`bootstrap call ${call.function}: a secret may only be a transient value`);
  }
  const transient = Object.fromEntries(
    Object.entries(call.transient).map(([k, v]) => [k, Buffer.from(resolveValue(layout, v))] as const),
  );
  return {
    caller,
    tx: {
      channel: layout.topology.channel,
      chaincode: plan.spec.name,
      fn: call.function,
      args: [...call.args],
      transient,
      endorsingOrganizations: endorsers.map((o) => o.department.mspId),
    },
  };
}

/**
 * Makes one bootstrap call (seeding; see {@link bootstrapTransaction}) from this process through the
 * caller's peer's gateway — never with the peer CLI, whose `--transient` would put secrets such as
 * the holder-reference key on a command line that every local user can read in `/proc/<pid>/cmdline`.
 * Seeding calls are idempotent: the same data again writes nothing. A refusal (e.g.
 * `CONFLICT: stored … differs …`, when someone seeded other data first) fails the run with the
 * chaincode's message. A refusal for the proposal's age (an endorser so loaded that the proposal reached
 * it past the chaincode's clock bound, `requireTimelyProposal`) is retried with a fresh proposal, at most
 * {@link CLOCK_RETRIES} times: the call is idempotent, and the next proposal carries a new timestamp.
 * Resolves to the number of the block that holds the call.
 */
export async function bootstrap(
  layout: Layout,
  plan: ChaincodePlan,
  call: BootstrapCall,
  submit: Submitter = submitThroughGateway,
  log: (line: string) => void = () => undefined,
): Promise<bigint> {
  const { caller, tx } = bootstrapTransaction(layout, plan, call);
  for (let attempt = 0; ; attempt++) {
    try {
      return await submit(caller, tx);
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      if (attempt < CLOCK_RETRIES && LATE_PROPOSAL.test(err.message)) {
        log(`chaincode ${plan.spec.name}: ${call.function} reached an endorser late; sending a fresh proposal`);
        continue;
      }
      throw new NetworkError(`chaincode ${plan.spec.name}: ${call.function} was refused: ${err.message}`);
    }
  }
}

/** How many times a bootstrap call refused for its proposal's age is sent again. */
export const CLOCK_RETRIES = 3;

/** The chaincodes' refusal of a proposal outside the clock bound (chaincode/common/src/trust.ts). */
const LATE_PROPOSAL = /PRECONDITION_FAILED: proposal timestamp .* from this endorser's clock/;
