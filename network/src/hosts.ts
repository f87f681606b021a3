/**
 * Each organization on a host of its own (topology `hosts: namespaces`): one Linux network namespace per
 * organization, joined to a bridge the scripts create by a veth pair, with the organization's own address
 * inside (layout.ts `Machine`). This machine keeps the bridge's .1, so the scripts, the CLI and the tests
 * reach every node through the bridge, as an operator's workstation would reach the departments' hosts.
 *
 * What is created is recorded in `<home>/run/hosts.json` before it is created, and tear-down removes only
 * what is recorded there: never a namespace or link this network did not make.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NetworkError } from './errors';
import type { Bridge, Layout, Machine, Paths } from './layout';
import { run } from './procs';

/** What `ensureHosts` made, for `removeHosts` to remove. */
export interface HostsRecord {
  bridge?: string;
  namespaces: string[];
  links: string[];
}

function recordFile(paths: Paths): string {
  return path.join(paths.run, 'hosts.json');
}

function readRecord(paths: Paths): HostsRecord {
  const file = recordFile(paths);
  if (!existsSync(file)) return { namespaces: [], links: [] };
  return JSON.parse(readFileSync(file, 'utf8')) as HostsRecord;
}

function writeRecord(paths: Paths, record: HostsRecord): void {
  mkdirSync(paths.run, { recursive: true });
  writeFileSync(recordFile(paths), `${JSON.stringify(record, null, 2)}\n`);
}

async function ip(args: readonly string[]): Promise<string> {
  const { stdout } = await run('ip', args, { env: { PATH: process.env.PATH }, timeoutMs: 30_000 });
  return stdout;
}

async function linkExists(name: string): Promise<boolean> {
  return (await ip(['-o', 'link', 'show']))
    .split('\n')
    .some((line) => line.split(':')[1]?.trim().split('@')[0] === name);
}

async function namespaces(): Promise<string[]> {
  return (await ip(['netns', 'list']))
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

/** Every organization's machine, ordering organizations first. */
export function machinesOf(layout: Layout): { org: string; machine: Machine }[] {
  return [
    ...layout.ordererOrgs.map((o) => ({ org: o.spec.org, machine: o.machine })),
    ...layout.orgs.map((o) => ({ org: o.department.key, machine: o.machine })),
  ];
}

/**
 * Refuses a bridge whose /24 is already routed here by an interface that is not ours.
 * @throws NetworkError naming the interface
 */
async function checkSubnetFree(bridge: Bridge): Promise<void> {
  const prefix = bridge.cidr.slice(0, -'0/24'.length);
  for (const line of (await ip(['-o', '-4', 'addr', 'show'])).split('\n')) {
    const [, name = '', , addr = ''] = line.split(/\s+/);
    if (addr.startsWith(prefix) && name !== bridge.name) {
      throw new NetworkError(
        `${bridge.cidr} (the bridge of base port ${bridge.name.slice(4)}) is already used by interface ${name}; choose another base port`,
      );
    }
  }
}

/**
 * Creates what is missing of the bridge and each organization's namespace and link, and brings every
 * link up. Safe to run again; a network on loopback has nothing to create.
 * @throws NetworkError when not root, or when the bridge's subnet is taken
 */
export async function ensureHosts(layout: Layout, log: (line: string) => void): Promise<void> {
  const { bridge, paths } = layout;
  if (bridge === undefined) return;
  if (process.getuid?.() !== 0) {
    throw new NetworkError(
      'hosts: namespaces needs root (ip netns, veth links and a bridge); run as root or use hosts: loopback',
    );
  }
  const record = readRecord(paths);
  const made: string[] = [];
  if (!(await linkExists(bridge.name))) {
    await checkSubnetFree(bridge);
    record.bridge = bridge.name;
    writeRecord(paths, record);
    await ip(['link', 'add', bridge.name, 'type', 'bridge']);
    await ip(['addr', 'add', `${bridge.ip}/24`, 'dev', bridge.name]);
    made.push(`bridge ${bridge.name} ${bridge.cidr}`);
  }
  await ip(['link', 'set', bridge.name, 'up']);
  const existing = new Set(await namespaces());
  for (const { machine } of machinesOf(layout)) {
    const { netns, link } = machine;
    if (netns === undefined || link === undefined) continue;
    if (!existing.has(netns)) {
      record.namespaces = [...new Set([...record.namespaces, netns])];
      writeRecord(paths, record);
      await ip(['netns', 'add', netns]);
      await ip(['-n', netns, 'link', 'set', 'lo', 'up']);
    }
    if (!(await linkExists(link))) {
      record.links = [...new Set([...record.links, link])];
      writeRecord(paths, record);
      // The namespace's end is made here under a temporary name, moved in, and named eth0 there.
      await ip(['link', 'add', link, 'type', 'veth', 'peer', 'name', `${link}n`]);
      await ip(['link', 'set', `${link}n`, 'netns', netns]);
      await ip(['-n', netns, 'link', 'set', `${link}n`, 'name', 'eth0']);
      await ip(['-n', netns, 'addr', 'add', `${machine.ip}/24`, 'dev', 'eth0']);
      await ip(['-n', netns, 'link', 'set', 'eth0', 'up']);
      await ip(['link', 'set', link, 'master', bridge.name]);
      made.push(`${netns} at ${machine.ip}`);
    }
    await ip(['link', 'set', link, 'up']);
  }
  if (made.length > 0) log(`hosts: ${made.join(', ')}`);
}

/**
 * Removes the links, namespaces and bridge this network recorded, and nothing else. Run after every
 * process in the namespaces has stopped.
 * @returns how many it removed
 */
export async function removeHosts(paths: Paths, log: (line: string) => void): Promise<number> {
  const record = readRecord(paths);
  let removed = 0;
  for (const link of record.links) {
    // Deleting one end of a veth pair deletes both.
    if (await linkExists(link)) {
      await ip(['link', 'del', link]);
      removed++;
    }
  }
  const present = new Set(await namespaces());
  for (const netns of record.namespaces) {
    if (present.has(netns)) {
      await ip(['netns', 'del', netns]);
      removed++;
    }
  }
  if (record.bridge !== undefined && (await linkExists(record.bridge))) {
    await ip(['link', 'del', record.bridge]);
    removed++;
  }
  rmSync(recordFile(paths), { force: true });
  if (removed > 0) log(`hosts: removed ${record.namespaces.length} namespace(s), their links and the bridge`);
  return removed;
}

/**
 * Cuts a machine off the network (its link to the bridge down) or joins it again: a partition of one
 * department's host. Its nodes keep running and see every connection time out.
 * @throws NetworkError on a loopback network, which has no link to cut
 */
export async function setReachable(machine: Machine, reachable: boolean): Promise<void> {
  if (machine.link === undefined)
    throw new NetworkError('a partition needs hosts: namespaces (loopback has no link to cut)');
  await ip(['link', 'set', machine.link, reachable ? 'up' : 'down']);
}
