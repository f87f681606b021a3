import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { NetworkError } from './errors';
import type { Paths } from './layout';

/** Mode of the runtime directory and of its secrets directory: the owner only. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of a secret file: read and write by the owner only. */
export const SECRET_FILE_MODE = 0o600;

/**
 * Creates a directory that only its owner can enter (0700), or tightens an existing one to 0700.
 * Directories created on the way (e.g. `.govchain` for `.govchain/test`) are 0700 too.
 * @throws NetworkError when the directory cannot be created or its mode cannot be set.
 */
export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (err) {
    throw new NetworkError(`cannot make ${dir} private (mode 0700): ${(err as Error).message}`, { cause: err });
  }
}

/**
 * @param home - the network's runtime directory
 * @param folder - the folder below it for this kind of work, e.g. `config-updates`
 * @param prefix - the start of the new directory's name
 * @returns a new directory only its owner can enter (`mkdtemp`, 0700) below `<home>/<folder>` (0700), for
 * one piece of work that holds keys or configuration; the caller removes it
 */
export function scratchDir(home: string, folder: string, prefix: string): string {
  const parent = path.join(home, folder);
  ensurePrivateDir(parent);
  return mkdtempSync(path.join(parent, prefix));
}

/**
 * Creates the runtime directory (GOVCHAIN_HOME, default `.govchain`) owner-only before anything is
 * written into it: it holds every organization's private keys and the network's secrets. A directory
 * left by an earlier version with a wider mode is tightened.
 */
export function ensureHome(paths: Paths): void {
  ensurePrivateDir(paths.home);
}

/** Secret names: one file each under `secrets/`, never a path. */
const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Reads a network secret (`@secret:NAME` in a topology), generating it on first use: 32 random bytes
 * as hex in `<home>/secrets/NAME`, the directory 0700 and the file 0600 (created exclusively, so two
 * runs never write different values; an existing file is tightened to 0600). The value is for
 * transient data only and never goes on a command line (see `bootstrap`).
 * @throws NetworkError when the name is not a plain file name or the file cannot be read or written.
 */
export function readSecret(paths: Paths, name: string): string {
  if (!SECRET_NAME.test(name)) throw new NetworkError(`secret name '${name}' is not a plain file name`);
  ensurePrivateDir(paths.secrets);
  const file = path.join(paths.secrets, name);
  if (!existsSync(file)) {
    try {
      const fd = openSync(file, 'wx', SECRET_FILE_MODE);
      try {
        writeSync(fd, randomBytes(32).toString('hex'));
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new NetworkError(`cannot write secret ${name}: ${(err as Error).message}`, { cause: err });
      }
    }
  }
  chmodSync(file, SECRET_FILE_MODE);
  const value = readFileSync(file, 'utf8').trim();
  if (value === '') throw new NetworkError(`secret file ${file} is empty`);
  return value;
}
