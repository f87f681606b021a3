/**
 * Channel configuration updates with Fabric's own tools: fetch the latest config block (`peer channel fetch
 * config`), decode it (`configtxlator`), change it, compute the update, have the admins the modification
 * policy needs sign it (`peer channel signconfigtx`) and submit it (`peer channel update`).
 *
 * The first use is a department's certificate revocation list: Fabric's MSP refuses a revoked identity only
 * once the CRL is in that organization's MSP definition on the channel (`revocation_list`), and the MSP's
 * modification policy is that organization's own `Admins`, so its administrator alone may publish it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { configtx, READER_ROLES, WRITER_ROLES, type PrincipalRole } from './artefacts';
import { resolveFabricCa } from './ca';
import { NetworkError } from './errors';
import { scratchDir } from './home';
import { ordererFlags, peerCli, resolveFabric, tool, type Fabric } from './fabric';
import { departmentByKey, type Layout, type OrgLayout } from './layout';
import { currentLayout } from './network';
import { run } from './procs';
import { generateCrl, requireCrlPem, revocationsOf } from './registrar';

/** A channel configuration as configtxlator decodes it (`common.Config`). */
export type ChannelConfig = Record<string, unknown>;

/** The MSP definition of one organization inside a decoded channel configuration. */
interface MspValue {
  config: { revocation_list?: string[] | null } & Record<string, unknown>;
}

async function configtxlator(fabric: Fabric, args: readonly string[]): Promise<void> {
  await run(tool(fabric, 'configtxlator'), args, { timeoutMs: 60_000 });
}

/**
 * Decodes a protobuf file to JSON through a file next to it: configtxlator writes to `/dev/stdout` by
 * default, which cannot be opened when stdout is a socket (as Node gives a child process).
 */
export async function configtxlatorDecode(fabric: Fabric, input: string, type: string): Promise<unknown> {
  const output = `${input}.json`;
  await configtxlator(fabric, ['proto_decode', '--input', input, '--type', type, '--output', output]);
  return JSON.parse(readFileSync(output, 'utf8')) as unknown;
}

/** Encodes a JSON file to protobuf (the inverse of {@link configtxlatorDecode}). */
async function encode(fabric: Fabric, input: string, type: string, output: string): Promise<void> {
  await configtxlator(fabric, ['proto_encode', '--input', input, '--type', type, '--output', output]);
}

/** A scratch directory for one update, removed by the caller. */
function scratch(layout: Layout): string {
  return scratchDir(layout.paths.home, 'config-updates', 'update-');
}

/**
 * @param fabric - the binaries
 * @param layout - the network
 * @param org - the department whose admin fetches it
 * @returns the channel's current configuration, decoded
 */
export async function fetchChannelConfig(fabric: Fabric, layout: Layout, org: OrgLayout): Promise<ChannelConfig> {
  const dir = scratch(layout);
  try {
    const block = path.join(dir, 'config.block');
    await peerCli(fabric, layout, org, [
      'channel',
      'fetch',
      'config',
      block,
      '-c',
      layout.topology.channel,
      ...ordererFlags(layout),
    ]);
    const decoded = (await configtxlatorDecode(fabric, block, 'common.Block')) as {
      data: { data: { payload: { data: { config: ChannelConfig } } }[] };
    };
    const config = decoded.data.data[0]?.payload.data.config;
    if (config === undefined) throw new NetworkError('the channel config block holds no configuration');
    return config;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Computes the update from `original` to `updated` and writes it, unsigned, as a config update envelope
 * (`common.Envelope`, what `peer channel signconfigtx` and `peer channel update` take) to `file`.
 *
 * @returns false when there is nothing to change (and nothing is written)
 */
export async function buildUpdateEnvelope(
  fabric: Fabric,
  layout: Layout,
  original: ChannelConfig,
  updated: ChannelConfig,
  file: string,
): Promise<boolean> {
  const channel = layout.topology.channel;
  const dir = scratch(layout);
  try {
    const at = (name: string): string => path.join(dir, name);
    writeFileSync(at('original.json'), JSON.stringify(original));
    writeFileSync(at('updated.json'), JSON.stringify(updated));
    for (const name of ['original', 'updated']) {
      await encode(fabric, at(`${name}.json`), 'common.Config', at(`${name}.pb`));
    }
    try {
      await configtxlator(fabric, [
        'compute_update',
        '--channel_id',
        channel,
        '--original',
        at('original.pb'),
        '--updated',
        at('updated.pb'),
        '--output',
        at('update.pb'),
      ]);
    } catch (err) {
      if (/no differences detected/i.test((err as Error).message)) return false;
      throw err;
    }
    const update = await configtxlatorDecode(fabric, at('update.pb'), 'common.ConfigUpdate');
    const envelope = {
      payload: { header: { channel_header: { channel_id: channel, type: 2 } }, data: { config_update: update } },
    };
    writeFileSync(at('envelope.json'), JSON.stringify(envelope));
    await encode(fabric, at('envelope.json'), 'common.Envelope', file);
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Computes the update from `original` to `updated`, has each of `signers` sign it and the last of them submit
 * it to the ordering service.
 *
 * @returns false when there is nothing to change
 * @throws NetworkError with the orderer's reason when the update is refused (e.g. too few signatures)
 */
export async function submitConfigUpdate(
  fabric: Fabric,
  layout: Layout,
  original: ChannelConfig,
  updated: ChannelConfig,
  signers: readonly OrgLayout[],
): Promise<boolean> {
  const last = signers[signers.length - 1];
  if (last === undefined) throw new NetworkError('a channel configuration update needs at least one signer');
  const dir = scratch(layout);
  try {
    const signed = path.join(dir, 'envelope.pb');
    if (!(await buildUpdateEnvelope(fabric, layout, original, updated, signed))) return false;
    for (const signer of signers.slice(0, -1)) {
      await peerCli(fabric, layout, signer, ['channel', 'signconfigtx', '-f', signed]);
    }
    // `peer channel update` adds the last signer's signature and broadcasts it.
    const channel = layout.topology.channel;
    await peerCli(fabric, layout, last, ['channel', 'update', '-f', signed, '-c', channel, ...ordererFlags(layout)]);
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Application group's organizations of a decoded channel configuration, by MSP id. */
function applicationGroups(config: ChannelConfig): Record<string, unknown> {
  const groups = (config as { channel_group?: { groups?: Record<string, { groups?: Record<string, unknown> }> } })
    .channel_group?.groups?.Application?.groups;
  if (groups === undefined) throw new NetworkError('the channel configuration has no Application group');
  return groups;
}

/**
 * @param config - a decoded channel configuration
 * @returns the MSP ids of the channel's application organizations (the departments), sorted
 */
export function applicationOrgs(config: ChannelConfig): string[] {
  return Object.keys(applicationGroups(config)).sort();
}

/**
 * @param config - a decoded channel configuration
 * @param add - organization groups to add, by MSP id (as `configtxgen -printOrg` prints them)
 * @param remove - MSP ids of organizations to take out
 * @returns a copy of `config` with those organizations in and out of the Application group, and the
 *   group's `Readers` and `Writers` signature policies over the organizations it then has
 */
export function withApplicationOrgs(
  config: ChannelConfig,
  add: Readonly<Record<string, unknown>>,
  remove: readonly string[],
): ChannelConfig {
  const copy = structuredClone(config);
  const application = (copy as { channel_group: { groups: { Application: { groups: Record<string, unknown> } } } })
    .channel_group.groups.Application;
  const kept = Object.entries(applicationGroups(copy)).filter(([msp]) => !remove.includes(msp));
  application.groups = Object.fromEntries([...kept, ...Object.entries(add)]);
  const members = Object.keys(application.groups).sort();
  const policies = (application as { policies?: Record<string, ConfigPolicy> }).policies ?? {};
  for (const [name, roles] of [
    ['Readers', READER_ROLES],
    ['Writers', WRITER_ROLES],
  ] as const) {
    const policy = policies[name];
    // A channel made before these were signature policies keeps its implicit ones, which follow the
    // organizations by themselves.
    if (policy?.policy.type === SIGNATURE_POLICY) policy.policy.value = anyMemberPolicy(members, roles);
  }
  return copy;
}

/** A policy of a decoded channel configuration (`common.ConfigPolicy`). */
interface ConfigPolicy {
  mod_policy: string;
  policy: { type: number; value: unknown };
  version: string;
}

/** `common.Policy_SIGNATURE`. */
const SIGNATURE_POLICY = 1;

/**
 * @param mspIds - MSP ids of the organizations
 * @param roles - roles of each organization that satisfy the policy
 * @returns a `SignaturePolicyEnvelope` as configtxlator decodes it: one signature of any of those roles of
 *   any of those organizations — what configtxgen makes of `anyMemberRule(mspIds, roles)`
 */
export function anyMemberPolicy(mspIds: readonly string[], roles: readonly PrincipalRole[]): unknown {
  const identities = mspIds.flatMap((msp) =>
    roles.map((role) => ({
      principal: { msp_identifier: msp, role: role.toUpperCase() },
      principal_classification: 'ROLE',
    })),
  );
  return {
    identities,
    rule: { n_out_of: { n: 1, rules: identities.map((_, i) => ({ signed_by: i })) } },
    version: 0,
  };
}

/**
 * How many admin signatures the Application group's `MAJORITY Admins` policy needs: more than half of
 * the organizations in the channel now.
 */
export function majorityNeeded(organizations: number): number {
  return Math.floor(organizations / 2) + 1;
}

/** A department's organization group as `configtxgen -printOrg` encodes it: MSP, policies, anchor peer. */
async function printOrg(fabric: Fabric, layout: Layout, org: OrgLayout): Promise<unknown> {
  const dir = scratch(layout);
  try {
    writeFileSync(path.join(dir, 'configtx.yaml'), stringify(configtx(layout)));
    const { stdout } = await run(tool(fabric, 'configtxgen'), ['-printOrg', org.department.mspId, '-configPath', dir], {
      env: { ...process.env, FABRIC_CFG_PATH: dir },
      timeoutMs: 60_000,
    });
    return JSON.parse(stdout) as unknown;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Brings the channel's Application organizations to the layout's departments: adds each department the
 * channel lacks (its MSP, policies and anchor peer) and takes out each organization the layout no longer
 * has, in one configuration update signed by the admins of a majority of the organizations in the
 * channel now (the `Admins` policy, `MAJORITY Admins`) — departments that stay, in topology order.
 *
 * @returns the MSP ids added and removed (both empty when the channel already matched)
 * @throws NetworkError when fewer departments that stay than the majority needs are in the channel
 */
export async function reconcileChannelOrgs(
  fabric: Fabric,
  layout: Layout,
  log: (line: string) => void,
): Promise<{ added: string[]; removed: string[] }> {
  // Departments added to a running network come after those it started with: the first is in the channel.
  const [asker] = layout.orgs;
  if (asker === undefined) throw new NetworkError('the topology has no department');
  const original = await fetchChannelConfig(fabric, layout, asker);
  const current = new Set(applicationOrgs(original));
  const wanted = new Set(layout.orgs.map((o) => o.department.mspId));
  const joining = layout.orgs.filter((o) => !current.has(o.department.mspId));
  const leaving = [...current].filter((msp) => !wanted.has(msp)).sort();
  if (joining.length === 0 && leaving.length === 0) return { added: [], removed: [] };
  const need = majorityNeeded(current.size);
  const signers = layout.orgs.filter((o) => current.has(o.department.mspId)).slice(0, need);
  if (signers.length < need) {
    throw new NetworkError(
      `changing the channel's organizations needs the admins of ${need} of its ${current.size} organizations (MAJORITY Admins); only ${signers.length} of them stay in the topology`,
    );
  }
  const groups: Record<string, unknown> = {};
  for (const org of joining) groups[org.department.mspId] = await printOrg(fabric, layout, org);
  const updated = withApplicationOrgs(original, groups, leaving);
  const added = joining.map((o) => o.department.mspId);
  log(
    `channel update: ${[...added.map((m) => `+${m}`), ...leaving.map((m) => `-${m}`)].join(' ')}, signed by ${signers.length} of ${current.size} admins (${signers.map((o) => o.department.key).join(', ')})`,
  );
  await submitConfigUpdate(fabric, layout, original, updated, signers);
  return { added, removed: leaving };
}

/** The MSP definition of `mspId` in an application channel's configuration. */
function applicationMsp(config: ChannelConfig, mspId: string): MspValue {
  const org = applicationGroups(config)[mspId] as { values?: { MSP?: { value?: MspValue } } } | undefined;
  const msp = org?.values?.MSP?.value;
  if (msp?.config === undefined) {
    throw new NetworkError(`${mspId} is not an organization of the channel's Application group`);
  }
  return msp;
}

/**
 * @param config - a decoded channel configuration
 * @param mspId - a department
 * @returns the CRLs (PEM) in the department's MSP definition on the channel
 */
export function revocationListOf(config: ChannelConfig, mspId: string): string[] {
  return (applicationMsp(config, mspId).config.revocation_list ?? []).map((b64) =>
    Buffer.from(b64, 'base64').toString('utf8'),
  );
}

/**
 * @param config - a decoded channel configuration
 * @param mspId - a department
 * @param crl - the department's CRL (PEM), replacing any it had
 * @returns a copy of `config` with the department's MSP holding that CRL
 */
export function withRevocationList(config: ChannelConfig, mspId: string, crl: string): ChannelConfig {
  const copy = structuredClone(config);
  applicationMsp(copy, mspId).config.revocation_list = [Buffer.from(crl, 'utf8').toString('base64')];
  return copy;
}

/** Whether two CRLs of one issuer revoke the same certificates. */
function sameRevocations(a: string, b: string): boolean {
  const [x, y] = [revocationsOf(a), revocationsOf(b)];
  return x.issuer === y.issuer && x.serials.join(',') === y.serials.join(',');
}

/**
 * Puts a department's CRL into its MSP definition on the channel, signed by the department's own
 * administrator (its MSP group's `Admins` modification policy). From the next block on, every peer and
 * orderer refuses proposals and transactions signed by a certificate the CRL lists.
 *
 * @returns false when the channel already held a CRL of the same issuer revoking the same certificates
 */
export async function publishCrl(fabric: Fabric, layout: Layout, org: OrgLayout, crl: string): Promise<boolean> {
  const pem = requireCrlPem(crl, 'the CRL');
  revocationsOf(pem); // Refuses one that does not parse before anything is fetched.
  const original = await fetchChannelConfig(fabric, layout, org);
  const mspId = org.department.mspId;
  const [held, ...more] = revocationListOf(original, mspId);
  if (held !== undefined && more.length === 0 && sameRevocations(held, pem)) return false;
  return submitConfigUpdate(fabric, layout, original, withRevocationList(original, mspId, pem), [org]);
}

/**
 * `network crl <department> [--file F]`: publishes the department's CRL — the one in `file` (e.g. what
 * `govchain identity revoke` printed), or else the one its CA generates now — to the channel.
 *
 * @returns false when the channel already held it
 */
export async function publishDepartmentCrl(
  root: string,
  department: string,
  file: string | undefined,
  log: (line: string) => void,
): Promise<boolean> {
  const layout = currentLayout(root);
  const org = departmentByKey(layout, department);
  let crl: string;
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new NetworkError(`cannot read the CRL file ${file}: ${(err as Error).message}`);
    }
    crl = requireCrlPem(text, file);
  } else {
    crl = await generateCrl(resolveFabricCa(root).bin, layout, org);
  }
  const changed = await publishCrl(resolveFabric(root), layout, org, crl);
  log(
    changed
      ? `published ${department}'s CRL to ${layout.topology.channel}: its peers and orderers refuse what it lists from the next block`
      : `${layout.topology.channel} already holds a CRL of ${department} revoking the same certificates: nothing to change`,
  );
  return changed;
}
