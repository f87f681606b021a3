/**
 * Channel configuration updates as a tool for a consortium (`network channel-config show|propose|sign|submit`):
 * one administrator proposes a change as an update file, each administrator the policy needs signs the
 * file with their own identity, and one submits it — refused before it reaches the orderers when its
 * signatures cannot satisfy the policies of what it changes. configtxlator computes and decodes updates;
 * the peer CLI signs (`peer channel signconfigtx`) and submits (`peer channel update`).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  applicationOrgs,
  buildUpdateEnvelope,
  configtxlatorDecode,
  fetchChannelConfig,
  majorityNeeded,
} from './channel-config';
import type { ChannelConfig } from './channel-config';
import { NetworkError } from './errors';
import { identityEnv, ordererFlags, resolveFabric, tool, type Fabric } from './fabric';
import { scratchDir } from './home';
import { departmentByKey, type Layout, type OrgLayout } from './layout';
import { currentLayout } from './network';
import { run } from './procs';

/** An administrator who signs: a department's, or an ordering organization's. */
interface ConfigSigner {
  readonly name: string;
  readonly mspId: string;
  readonly mspDir: string;
}

/** The signers a change needs: `need` of the administrators of `from` (MSP ids). */
export interface SignatureNeed {
  readonly what: string;
  readonly need: number;
  readonly from: readonly string[];
}

/** A config group as configtxlator decodes it: versions are strings or absent (0). */
export interface ConfigGroupJson {
  readonly version?: string | number;
  readonly groups?: Readonly<Record<string, ConfigGroupJson>>;
  readonly values?: Readonly<Record<string, { readonly version?: string | number }>>;
  readonly policies?: Readonly<Record<string, { readonly version?: string | number }>>;
}

const versionOf = (x: { version?: string | number } | undefined): number => Number(x?.version ?? 0);

/**
 * The groups whose `Admins` must authorise an update, as the orderer decides (Fabric's configtx
 * `verifyDeltaSet`): an element of the write set at a version above the read set's — or above 0 when the
 * read set leaves it out, as configtxlator does for a changed value — is a change, authorised by its
 * existing `mod_policy` (ours: `Admins`) in its group, or in the group itself for a group whose members
 * changed. A new element (version 0) is authorised by the change of the group that gains it.
 *
 * @returns group paths from the channel root, e.g. `['Application', 'TaxMSP']`; `[]` is the channel group
 */
export function changedGroups(
  read: ConfigGroupJson | undefined,
  write: ConfigGroupJson,
  at: readonly string[] = [],
): string[][] {
  const changed = (before: { version?: string | number } | undefined, after: { version?: string | number }): boolean =>
    before === undefined ? versionOf(after) > 0 : versionOf(after) !== versionOf(before);
  if (read === undefined && versionOf(write) === 0) return [];
  const moved = (kind: 'values' | 'policies'): boolean =>
    Object.entries(write[kind] ?? {}).some(([name, item]) => changed(read?.[kind]?.[name], item));
  const groups: string[][] = [];
  if (changed(read, write) || moved('values') || moved('policies')) groups.push([...at]);
  for (const [name, group] of Object.entries(write.groups ?? {})) {
    groups.push(...changedGroups(read?.groups?.[name], group, [...at, name]));
  }
  return groups;
}

/** The ordering organizations of a decoded channel configuration, by MSP id. */
function ordererOrgs(config: ChannelConfig): string[] {
  const groups = (config as { channel_group?: { groups?: { Orderer?: { groups?: Record<string, unknown> } } } })
    .channel_group?.groups?.Orderer?.groups;
  return Object.keys(groups ?? {}).sort();
}

/**
 * What the `Admins` policies of the changed groups need, as govchain's channels define them: an
 * organization's own admin for its group; a majority of the departments' admins for the Application group
 * and of the ordering organizations' for the Orderer group; both majorities for the channel group.
 */
export function signaturesNeeded(config: ChannelConfig, groups: readonly (readonly string[])[]): SignatureNeed[] {
  const application = applicationOrgs(config);
  const orderer = ordererOrgs(config);
  const majority = (what: string, from: string[]): SignatureNeed => ({ what, need: majorityNeeded(from.length), from });
  const needs = new Map<string, SignatureNeed>();
  for (const group of groups) {
    const [section, org] = group;
    const found: SignatureNeed[] =
      section === undefined
        ? [majority('Application Admins', application), majority('Orderer Admins', orderer)]
        : org !== undefined
          ? [{ what: `${org} Admins`, need: 1, from: [org] }]
          : section === 'Application'
            ? [majority('Application Admins', application)]
            : section === 'Orderer'
              ? [majority('Orderer Admins', orderer)]
              : [];
    for (const need of found) needs.set(need.what, need);
  }
  return [...needs.values()];
}

/**
 * @returns one line per need the signers do not meet (empty when they meet them all)
 */
export function unmetNeeds(needs: readonly SignatureNeed[], signers: ReadonlySet<string>): string[] {
  return needs.flatMap(({ what, need, from }) => {
    const have = from.filter((msp) => signers.has(msp));
    return have.length >= need
      ? []
      : [
          `${what} needs ${need} of ${from.length} (${from.join(', ')}); signed by ${have.length}${have.length > 0 ? ` (${have.join(', ')})` : ''}`,
        ];
  });
}

/** A department (by key) or ordering organization (by organization name, any case) as a signer. */
function signerOf(layout: Layout, name: string): ConfigSigner {
  const department = layout.orgs.find((o) => o.department.key === name);
  if (department) return { name, mspId: department.department.mspId, mspDir: department.admin.msp };
  const orderer = layout.ordererOrgs.find((o) => o.spec.org.toLowerCase() === name.toLowerCase());
  if (orderer) return { name, mspId: orderer.spec.mspId, mspDir: orderer.admin.msp };
  const known = [...layout.orgs.map((o) => o.department.key), ...layout.ordererOrgs.map((o) => o.spec.org)];
  throw new NetworkError(
    `unknown administrator '${name}' (a department key or ordering organization: ${known.join(', ')})`,
  );
}

/** The peer CLI as a signer's admin identity (signing needs no peer; submitting reaches an orderer). */
function signerCli(fabric: Fabric, layout: Layout, signer: ConfigSigner, args: readonly string[]): Promise<unknown> {
  return run(tool(fabric, 'peer'), args, { env: identityEnv(layout, signer.mspId, signer.mspDir), timeoutMs: 120_000 });
}

/** Changes `propose` knows by name; anything else comes as a whole edited configuration. */
export interface ProposedChange {
  readonly batchTimeout?: string;
  readonly maxMessageCount?: number;
  /** A configuration as `show --json` prints it, edited. */
  readonly configFile?: string;
}

/**
 * Checks a change before anything is fetched.
 * @throws NetworkError when the change is empty or malformed
 */
export function checkChange(change: ProposedChange): void {
  if (change.configFile !== undefined) return;
  if (change.batchTimeout === undefined && change.maxMessageCount === undefined) {
    throw new NetworkError('propose needs a change: --batch-timeout, --max-message-count or --config FILE');
  }
  if (change.batchTimeout !== undefined && !/^\d+(ms|s)$/.test(change.batchTimeout)) {
    throw new NetworkError(`--batch-timeout takes a duration such as 250ms or 2s, not '${change.batchTimeout}'`);
  }
}

/**
 * @returns a copy of `config` with the change applied
 * @throws NetworkError when the change is empty or malformed, or its configuration file unreadable
 */
export function applyChange(config: ChannelConfig, change: ProposedChange): ChannelConfig {
  checkChange(change);
  if (change.configFile !== undefined) {
    try {
      return JSON.parse(readFileSync(change.configFile, 'utf8')) as ChannelConfig;
    } catch (err) {
      throw new NetworkError(`cannot read the configuration ${change.configFile}: ${(err as Error).message}`);
    }
  }
  const copy = structuredClone(config) as {
    channel_group: { groups: { Orderer: { values: Record<string, { value: Record<string, unknown> }> } } };
  };
  const values = copy.channel_group.groups.Orderer.values;
  if (change.batchTimeout !== undefined && values.BatchTimeout) values.BatchTimeout.value.timeout = change.batchTimeout;
  if (change.maxMessageCount !== undefined && values.BatchSize) {
    values.BatchSize.value.max_message_count = change.maxMessageCount;
  }
  return copy;
}

/** The department whose admin reads the configuration: the one named, else the first. */
function departmentAsker(layout: Layout, name: string | undefined): OrgLayout {
  if (name !== undefined) return departmentByKey(layout, name);
  const [first] = layout.orgs;
  if (first === undefined) throw new NetworkError('the topology has no department');
  return first;
}

/** `show [--as DEPT] [--json]`: the channel's configuration, decoded, or its summary. */
export async function showConfig(root: string, as: string | undefined, json: boolean): Promise<string> {
  const layout = currentLayout(root);
  const config = await fetchChannelConfig(resolveFabric(root), layout, departmentAsker(layout, as));
  if (json) return JSON.stringify(config, null, 2);
  const orderer = (config as { channel_group: { groups: { Orderer: { values: Record<string, { value: unknown }> } } } })
    .channel_group.groups.Orderer.values;
  const batch = orderer.BatchSize?.value as { max_message_count?: number } | undefined;
  const timeout = orderer.BatchTimeout?.value as { timeout?: string } | undefined;
  const consensus = orderer.ConsensusType?.value as { type?: string } | undefined;
  return [
    `channel ${layout.topology.channel}`,
    `departments (Application, MAJORITY Admins: ${majorityNeeded(applicationOrgs(config).length)} of ${applicationOrgs(config).length}): ${applicationOrgs(config).join(', ')}`,
    `ordering organizations (Orderer, MAJORITY Admins): ${ordererOrgs(config).join(', ')}`,
    `consensus ${consensus?.type ?? '?'}; batch: ${batch?.max_message_count ?? '?'} transactions or ${timeout?.timeout ?? '?'}`,
  ].join('\n');
}

/**
 * `propose --out FILE (--batch-timeout D | --max-message-count N | --config FILE) [--as DEPT]`: computes
 * the update from the channel's configuration now and writes it, unsigned, to `out`.
 *
 * @returns the signatures the update needs
 */
export async function proposeConfig(
  root: string,
  change: ProposedChange,
  out: string,
  as: string | undefined,
): Promise<SignatureNeed[]> {
  checkChange(change);
  const layout = currentLayout(root);
  const fabric = resolveFabric(root);
  const original = await fetchChannelConfig(fabric, layout, departmentAsker(layout, as));
  const updated = applyChange(original, change);
  if (!(await buildUpdateEnvelope(fabric, layout, original, updated, path.resolve(out)))) {
    throw new NetworkError('the change leaves the configuration as it is: nothing to propose');
  }
  return (await inspect(fabric, layout, out, original)).needs;
}

/** The signers of an update file and what its changes need. */
async function inspect(
  fabric: Fabric,
  layout: Layout,
  file: string,
  config: ChannelConfig,
): Promise<{ signers: Set<string>; needs: SignatureNeed[] }> {
  const dir = scratchDir(layout.paths.home, 'config-updates', 'inspect-');
  try {
    const copy = path.join(dir, 'update.pb');
    writeFileSync(copy, readFileSync(file));
    const envelope = (await configtxlatorDecode(fabric, copy, 'common.Envelope')) as {
      payload?: {
        data?: {
          config_update?: { channel_id?: string; read_set?: ConfigGroupJson; write_set?: ConfigGroupJson };
          signatures?: { signature_header?: { creator?: { mspid?: string } } }[];
        };
      };
    };
    const data = envelope.payload?.data;
    const update = data?.config_update;
    if (update?.write_set === undefined) throw new NetworkError(`${file} is not a channel configuration update`);
    if (update.channel_id !== layout.topology.channel) {
      throw new NetworkError(`${file} updates channel '${update.channel_id ?? ''}', not ${layout.topology.channel}`);
    }
    const signers = new Set((data?.signatures ?? []).flatMap((s) => s.signature_header?.creator?.mspid ?? []));
    return { signers, needs: signaturesNeeded(config, changedGroups(update.read_set, update.write_set)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `sign FILE --as ADMIN`: adds one administrator's signature to the update file. */
export async function signConfig(root: string, file: string, as: string): Promise<string[]> {
  const layout = currentLayout(root);
  const fabric = resolveFabric(root);
  const signer = signerOf(layout, as);
  await signerCli(fabric, layout, signer, ['channel', 'signconfigtx', '-f', path.resolve(file)]);
  const config = await fetchChannelConfig(fabric, layout, departmentAsker(layout, undefined));
  const { signers, needs } = await inspect(fabric, layout, file, config);
  return unmetNeeds(needs, signers);
}

/**
 * `submit FILE --as ADMIN`: submits the update with the submitter's signature added — refused before it
 * is sent when the signatures (the submitter's included) cannot meet what its changes need.
 */
export async function submitConfig(root: string, file: string, as: string): Promise<void> {
  const layout = currentLayout(root);
  const fabric = resolveFabric(root);
  const signer = signerOf(layout, as);
  const config = await fetchChannelConfig(fabric, layout, departmentAsker(layout, undefined));
  const { signers, needs } = await inspect(fabric, layout, file, config);
  const unmet = unmetNeeds(needs, new Set([...signers, signer.mspId]));
  if (unmet.length > 0) {
    throw new NetworkError(`not submitted: ${unmet.join('; ')} — collect the signatures with sign FILE --as ADMIN`);
  }
  await signerCli(fabric, layout, signer, [
    'channel',
    'update',
    '-f',
    path.resolve(file),
    '-c',
    layout.topology.channel,
    ...ordererFlags(layout),
  ]);
}
