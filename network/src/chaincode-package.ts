import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from './procs';

/**
 * GNU tar with everything that varies between runs and machines fixed: entries sorted by name, mtime 0,
 * owner and group 0 by number, and modes 0644 for files and 0755 for directories whatever the umask was
 * when they were written (an inner `code.tar.gz` too, which is made after {@link fixModes} ran).
 */
const TAR = 'tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=u=rwX,go=rX -cf -';

/**
 * Writes `members` of `dir` (files or directories, recursively) as a gzipped tar at `file`, byte for byte
 * the same from the same files: see {@link TAR}, and `gzip -n` (no name or time in the gzip header).
 *
 * @param dir - the directory the member paths are relative to
 * @param members - what to put in, relative to `dir`
 * @param file - the archive to write
 * @throws NetworkError when tar or gzip fails
 */
export async function tarGz(dir: string, members: readonly string[], file: string): Promise<void> {
  await run('bash', [
    '-c',
    `set -euo pipefail; cd "$1"; out="$2"; shift 2; ${TAR} "$@" | gzip -n > "$out"`,
    'tar-gz',
    dir,
    file,
    ...members,
  ]);
}

/**
 * @param label - the package's label (its metadata.json)
 * @param file - the package file
 * @returns the package id `peer lifecycle chaincode calculatepackageid` prints: `label:sha256hex` of the file
 */
export function packageIdOf(label: string, file: string): string {
  return `${label}:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
}

/**
 * What a chaincode-as-a-service package tells the peer (its `connection.json`): the server's address and
 * mutual TLS — the server's certificate must come from the department's TLS CA (`root_cert`), and the peer
 * presents a TLS client certificate (which our external builder adds at release; see `connectionFor`).
 *
 * @param address - host:port of the chaincode server, as the peer dials it
 * @param rootCert - PEM of the CA that issued the server's TLS certificate
 */
export function ccaasConnection(address: string, rootCert: string): Record<string, unknown> {
  return {
    address,
    dial_timeout: '10s',
    tls_required: true,
    client_auth_required: true,
    root_cert: rootCert,
  };
}

/**
 * Writes a chaincode-as-a-service package: `metadata.json` (`type: ccaas`) and `code.tar.gz` holding
 * `connection.json`, reproducibly ({@link tarGz}).
 *
 * @param file - the package to write
 * @param label - the package's label
 * @param connection - the text of `connection.json`
 */
export async function writeCcaasPackage(file: string, label: string, connection: string): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'govchain-pkg-'));
  try {
    writeFileSync(path.join(tmp, 'connection.json'), connection);
    writeFileSync(path.join(tmp, 'metadata.json'), `${JSON.stringify({ type: 'ccaas', label })}\n`);
    fixModes(tmp);
    await tarGz(tmp, ['connection.json'], path.join(tmp, 'code.tar.gz'));
    await tarGz(tmp, ['metadata.json', 'code.tar.gz'], file);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Mode of every file put in a package, whatever the umask was when it was staged. */
export const FILE_MODE = 0o644;
/** Mode of every directory put in a package. */
export const DIR_MODE = 0o755;

/**
 * Sets the modes of everything below a staging directory to {@link FILE_MODE} / {@link DIR_MODE}, so that
 * an archive of it does not depend on the umask (under the usual 022 this changes nothing).
 *
 * @param dir - the staging directory (its own mode is left alone)
 */
export function fixModes(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      chmodSync(full, DIR_MODE);
      fixModes(full);
    } else chmodSync(full, FILE_MODE);
  }
}
