/**
 * Backup and restore of one department's node: its peer's ledger (block files, state, private data,
 * snapshots), its organization's keys and certificates, and its CA server's databases — everything
 * that department would lose with its machine. The peer stops for the archive (a ledger copied while
 * it is written is not a ledger) and starts again; a restored node starts at the archived height and
 * pulls the blocks it missed from the ordering service.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { peerHeight } from './channel';
import { NetworkError } from './errors';
import { resolveFabric } from './fabric';
import { departmentByKey, type Layout, type OrgLayout } from './layout';
import { currentLayout, up, waitForPeersAt, type Log } from './network';
import { startNode, waitHealthy } from './nodes';
import { ProcessTable, run } from './procs';

/** What an archive says about itself (`backup.json` at its root). */
export interface BackupManifest {
  readonly format: 'govchain-department-backup/1';
  readonly department: string;
  readonly mspId: string;
  readonly channel: string;
  /** The peer's channel height when it was archived. */
  readonly height: number;
  /** Paths inside the runtime directory the archive holds. */
  readonly paths: readonly string[];
}

/** The department's files, relative to the runtime directory: its node, its organization's crypto, its CA. */
function departmentPaths(layout: Layout, org: OrgLayout): string[] {
  const home = layout.paths.home;
  const ca = layout.cas.find((c) => c.mspId === org.department.mspId);
  return [org.peer.dataDir, path.dirname(org.msp), ...(ca === undefined ? [] : [ca.home])]
    .filter((p) => existsSync(p))
    .map((p) => path.relative(home, p));
}

/**
 * `backup DEPT --out FILE`: stops the department's peer, archives its files with a manifest, and starts
 * the peer again.
 *
 * @returns the manifest written into the archive
 */
export async function backupDepartment(root: string, key: string, out: string, log: Log): Promise<BackupManifest> {
  const layout = currentLayout(root);
  const org = departmentByKey(layout, key);
  const fabric = resolveFabric(root);
  const table = new ProcessTable(layout.paths.run);
  const height = await peerHeight(fabric, layout, org);
  if (height === undefined) throw new NetworkError(`${org.peer.name} is not running or has not joined the channel`);
  const manifest: BackupManifest = {
    format: 'govchain-department-backup/1',
    department: key,
    mspId: org.department.mspId,
    channel: layout.topology.channel,
    height,
    paths: departmentPaths(layout, org),
  };
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'govchain-backup-'));
  const begin = Date.now();
  await table.stop(org.peer.name);
  try {
    writeFileSync(path.join(scratch, 'backup.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await run(
      'tar',
      [
        '--sort=name',
        '-czf',
        path.resolve(out),
        '-C',
        scratch,
        'backup.json',
        '-C',
        layout.paths.home,
        ...manifest.paths,
      ],
      { timeoutMs: 600_000 },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    const { record } = startNode(fabric, layout, table, org.peer);
    await waitHealthy(table, org.peer, record);
  }
  log(
    `archived ${org.peer.name} at height ${height} to ${out}; the peer was stopped for ${((Date.now() - begin) / 1000).toFixed(1)}s`,
  );
  return manifest;
}

/**
 * Reads an archive's manifest.
 * @throws NetworkError when the file is not a department backup
 */
export async function readManifest(file: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = (await run('tar', ['-xzOf', path.resolve(file), 'backup.json'], { timeoutMs: 120_000 })).stdout;
  } catch {
    throw new NetworkError(`${file} is not a govchain department backup (no backup.json in it)`);
  }
  const manifest = JSON.parse(text) as Partial<BackupManifest>;
  if (manifest.format !== 'govchain-department-backup/1' || typeof manifest.department !== 'string') {
    throw new NetworkError(`${file} is not a govchain department backup (format ${String(manifest.format)})`);
  }
  return manifest as BackupManifest;
}

/**
 * `restore FILE`: puts a department's archived files back where its node lost them, then brings the
 * network up, which starts the peer at the archived height; it catches up from the ordering service.
 * Refused while the peer runs or its ledger is still there: a restore replaces a lost node, never a live one.
 *
 * @returns the archived height and the peer's height once it has caught up with the others
 */
export async function restoreDepartment(root: string, file: string, log: Log): Promise<{ from: number; to: number }> {
  const manifest = await readManifest(file);
  const layout = currentLayout(root);
  const org = departmentByKey(layout, manifest.department);
  if (org.department.mspId !== manifest.mspId || layout.topology.channel !== manifest.channel) {
    throw new NetworkError(
      `${file} is ${manifest.mspId}'s node on ${manifest.channel}, not ${org.department.mspId}'s on ${layout.topology.channel}`,
    );
  }
  const table = new ProcessTable(layout.paths.run);
  if (table.running(org.peer.name)) {
    throw new NetworkError(`${org.peer.name} is running: a restore replaces a lost node; stop it first`);
  }
  if (existsSync(org.peer.dataDir) && readdirSync(org.peer.dataDir).length > 0) {
    throw new NetworkError(
      `${org.peer.name}'s ledger is still in ${org.peer.dataDir}: a restore replaces a lost node; move that directory away first`,
    );
  }
  // Files the node still has (its keys, its CA) are kept as they are; only what is missing comes back.
  await run('tar', ['--skip-old-files', '-xzf', path.resolve(file), '-C', layout.paths.home, ...manifest.paths], {
    timeoutMs: 600_000,
  });
  log(`restored ${org.peer.name}'s files from ${file} (archived at height ${manifest.height})`);
  await up(root, undefined, log);
  const fabric = resolveFabric(root);
  const others = await Promise.all(layout.orgs.filter((o) => o !== org).map((o) => peerHeight(fabric, layout, o)));
  await waitForPeersAt(layout, Math.max(...others.map((h) => h ?? 0)), log, 600_000);
  const height = (await peerHeight(fabric, layout, org)) ?? 0;
  log(`${org.peer.name} is at height ${height}`);
  return { from: manifest.height, to: height };
}
