/**
 * Configuration from the environment, in one place, with defaults.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Environment variables the client reads. */
export interface GovchainEnvironment {
  /** `GOVCHAIN_PROFILES`: directory of connection profiles. */
  readonly profilesDir: string | undefined;
  /** `GOVCHAIN_HOME`: the network's runtime directory (profiles are in its `profiles/`). */
  readonly home: string | undefined;
  /** `GOVCHAIN_DEPARTMENT`: department to act as when none is given. */
  readonly department: string | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Reads the govchain settings from an environment.
 *
 * @param env - the environment (default `process.env`).
 * @returns the settings; unset or blank variables are undefined.
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): GovchainEnvironment {
  return {
    profilesDir: nonEmpty(env.GOVCHAIN_PROFILES),
    home: nonEmpty(env.GOVCHAIN_HOME),
    department: nonEmpty(env.GOVCHAIN_DEPARTMENT),
  };
}

/**
 * Finds the govchain repository root: the nearest directory at or above `start` that contains
 * `network/fabric.env`.
 *
 * @param start - directory to start from.
 * @returns the root directory, or undefined if there is none above `start`.
 */
export function findRepoRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'network', 'fabric.env'))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      return undefined;
    }
  }
}

/**
 * Decides where connection profiles are: the explicit directory, else `GOVCHAIN_PROFILES`, else
 * `$GOVCHAIN_HOME/profiles` (where the network scripts write them when `GOVCHAIN_HOME` is set), else
 * `<repo>/.govchain/profiles` with the repository found from this module's location or the working directory.
 *
 * @param explicit - a directory given by the caller (e.g. `--profiles`).
 * @param env - the environment (default `process.env`).
 * @returns an absolute directory path (which may not exist).
 */
export function resolveProfilesDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const settings = readEnvironment(env);
  const chosen = nonEmpty(explicit) ?? settings.profilesDir;
  if (chosen !== undefined) {
    return resolve(chosen);
  }
  if (settings.home !== undefined) {
    return resolve(settings.home, 'profiles');
  }
  const root = findRepoRoot(__dirname) ?? findRepoRoot(process.cwd()) ?? process.cwd();
  return join(root, '.govchain', 'profiles');
}
