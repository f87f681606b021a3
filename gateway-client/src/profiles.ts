/**
 * Connection profiles: one JSON file per department, written by the network scripts to
 * `<repo>/.govchain/profiles/<department>.json` (or `$GOVCHAIN_PROFILES`).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CLERK_ROLES,
  type ClerkRole,
  DEPARTMENT_KEY_RULE,
  type IdentityPathsDocument,
  ProfileDocument,
  checkDocument,
} from '@govchain/protocol';
import { resolveProfilesDir } from './config';
import { newProfileError } from './errors';
import { readCredentialFile } from './signing';
import { departmentWallet } from './wallet';

/** Which of a department's identities to act as. */
export type IdentityRole = 'admin' | 'user';

/** Which identity to act as: one of the profile's, or an enrolled clerk of the department's wallet. */
export type IdentityChoice = IdentityRole | { readonly clerk: string };

/** The identity roles a profile may hold. */
export const IDENTITY_ROLES: readonly IdentityRole[] = Object.freeze(['admin', 'user'] as const);

/** Raw shape of an identity entry in a profile file (defined once in `@govchain/protocol`). */
export type IdentityJson = IdentityPathsDocument;

/** Raw shape of a profile file, as the network scripts write it (defined once in `@govchain/protocol`). */
export type ProfileJson = ProfileDocument;

/** Paths of an identity's certificate and private key. */
export interface IdentityPaths {
  /** PEM X.509 certificate (absolute path). */
  readonly certPath: string;
  /** PEM private key (absolute path). */
  readonly keyPath: string;
}

/** The gateway peer of a department. */
export interface PeerProfile {
  /** `host:port` to dial. */
  readonly endpoint: string;
  /** TLS server name to expect (the peer's certificate host name). */
  readonly hostAlias: string;
  /** PEM TLS CA certificate of the peer's organization (absolute path). */
  readonly tlsCACertPath: string;
}

/** A department's Fabric CA and the clerk roles its registrar may give. */
export interface MemberServices {
  /** `https://host:port` of the CA server. */
  readonly url: string;
  /** The identity CA's name on that server. */
  readonly caName: string;
  /** PEM certificate the CA server's TLS certificate chains to (absolute path). */
  readonly tlsCACertPath: string;
  /** The department's role table. */
  readonly clerkRoles: readonly ClerkRole[];
}

/** A validated department connection profile. */
export interface Profile {
  /** Department key, e.g. `public-security`. */
  readonly department: string;
  /** Display name, e.g. `Public Security Bureau`. */
  readonly name: string;
  /** The department's MSP id, e.g. `PublicSecurityMSP`. */
  readonly mspId: string;
  /** Channel name, e.g. `govchannel`. */
  readonly channel: string;
  /** The department's gateway peer. */
  readonly peer: PeerProfile;
  /** The department's identities by role. */
  readonly identities: Readonly<Partial<Record<IdentityRole, IdentityPaths>>>;
  /** Deployed chaincode name by logical name (`e-license` → `e-license`). */
  readonly chaincodes: Readonly<Record<string, string>>;
  /** The department's Fabric CA and role table, where it runs one. */
  readonly memberServices?: MemberServices;
  /** The file the profile was read from (or a description of its source). */
  readonly source: string;
}

/** Options of {@link loadProfile} and {@link listDepartments}. */
export interface ProfileLookupOptions {
  /** Directory of profiles; default `$GOVCHAIN_PROFILES` or `<repo>/.govchain/profiles`. */
  readonly profilesDir?: string | undefined;
}

/** An identity's certificate, read from its file, with the path of its key. */
export interface IdentityMaterial {
  /** MSP id the certificate belongs to. */
  readonly mspId: string;
  /** PEM certificate bytes. */
  readonly certificate: Uint8Array;
  /** Path of the PEM private key (read only when a signer is built from it), or the key itself (a clerk's). */
  readonly key: { readonly path: string } | { readonly pem: string };
}

function fail(source: string, field: string, expected: string): never {
  throw newProfileError('INVALID_PROFILE', `profile ${source}: "${field}" must be ${expected}`);
}

/** `$.peer.endpoint is required` → `"peer.endpoint" is required`. */
function quotePath(problem: string): string {
  const match = /^\$\.?(\S*) (.*)$/s.exec(problem);
  const path = match?.[1] ?? '';
  return match === null ? problem : `"${path === '' ? '(root)' : path}" ${match[2] ?? ''}`;
}

function frozenPaths(paths: IdentityPathsDocument | undefined): IdentityPaths | undefined {
  return paths === undefined ? undefined : Object.freeze({ certPath: paths.certPath, keyPath: paths.keyPath });
}

/**
 * Validates a parsed profile file against the one profile document definition (`ProfileDocument`).
 *
 * @param json - the parsed JSON (shape unknown).
 * @param source - where it came from, for error messages.
 * @returns the validated, frozen profile.
 * @throws {@link ProfileError} `INVALID_PROFILE` naming every missing or malformed field.
 */
export function parseProfile(json: unknown, source: string): Profile {
  const checked = checkDocument(ProfileDocument, json, '$');
  if (!('document' in checked)) {
    throw newProfileError('INVALID_PROFILE', `profile ${source}: ${checked.problems.map(quotePath).join('; ')}`);
  }
  const { document } = checked;
  const admin = frozenPaths(document.identities.admin);
  const user = frozenPaths(document.identities.user);
  if (admin === undefined && user === undefined) {
    fail(source, 'identities', 'an object with an "admin" or "user" identity');
  }
  const chaincodes = Object.fromEntries(
    Object.keys(document.chaincodes)
      .sort()
      .map((k) => [k, document.chaincodes[k] ?? '']),
  );
  return Object.freeze({
    department: document.department,
    name: document.name,
    mspId: document.mspId,
    channel: document.channel,
    peer: Object.freeze({
      endpoint: document.peer.endpoint,
      hostAlias: document.peer.hostAlias,
      tlsCACertPath: document.peer.tlsCACertPath,
    }),
    identities: Object.freeze({ ...(admin === undefined ? {} : { admin }), ...(user === undefined ? {} : { user }) }),
    chaincodes: Object.freeze(chaincodes),
    ...(document.memberServices === undefined
      ? {}
      : {
          memberServices: Object.freeze({
            url: document.memberServices.url,
            caName: document.memberServices.caName,
            tlsCACertPath: document.memberServices.tlsCACertPath,
            clerkRoles: Object.freeze(CLERK_ROLES.filter((r) => document.memberServices?.clerkRoles.includes(r))),
          }),
        }),
    source,
  });
}

function noProfiles(dir: string, cause?: unknown): Error {
  return newProfileError(
    'PROFILES_NOT_FOUND',
    `no connection profiles in ${dir}; start the network with \`npm run network:up\` ` +
      '(or point GOVCHAIN_PROFILES / --profiles at a profiles directory)',
    cause,
  );
}

/**
 * Lists the departments that have a connection profile.
 *
 * @param options - where the profiles are.
 * @returns department keys, sorted (possibly empty if the directory is empty).
 * @throws {@link ProfileError} `PROFILES_NOT_FOUND` if the profiles directory does not exist.
 *
 * @example
 * ```ts
 * await listDepartments(); // ['civil-affairs', 'health', 'market-regulation', ...]
 * ```
 */
export async function listDepartments(options: Readonly<ProfileLookupOptions> = {}): Promise<string[]> {
  const dir = resolveProfilesDir(options.profilesDir);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    throw noProfiles(dir, err);
  }
  return entries
    .filter((entry) => entry.endsWith('.json'))
    .map((entry) => entry.slice(0, -'.json'.length))
    .filter((key) => DEPARTMENT_KEY_RULE.pattern?.test(key) === true)
    .sort();
}

/**
 * Loads and validates a department's connection profile.
 *
 * @param department - department key, e.g. `tax`.
 * @param options - where the profiles are.
 * @returns the validated profile.
 * @throws {@link ProfileError} `PROFILES_NOT_FOUND` if there is no profiles directory or it is empty.
 * @throws {@link ProfileError} `UNKNOWN_DEPARTMENT` (listing the known departments) if there is no such profile.
 * @throws {@link ProfileError} `INVALID_PROFILE` if the file is not valid JSON of the expected shape, or is
 * another department's profile.
 *
 * @example
 * ```ts
 * const profile = await loadProfile('public-security');
 * console.log(profile.mspId, profile.peer.endpoint);
 * ```
 */
export async function loadProfile(department: string, options: Readonly<ProfileLookupOptions> = {}): Promise<Profile> {
  const dir = resolveProfilesDir(options.profilesDir);
  const known = await listDepartments({ profilesDir: dir });
  if (known.length === 0) {
    throw noProfiles(dir);
  }
  if (!known.includes(department)) {
    throw newProfileError(
      'UNKNOWN_DEPARTMENT',
      `unknown department "${department}"; known departments: ${known.join(', ')}`,
    );
  }
  const file = join(dir, `${department}.json`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    throw newProfileError('INVALID_PROFILE', `profile ${file} is not readable JSON: ${(err as Error).message}`, err);
  }
  const profile = parseProfile(json, file);
  if (profile.department !== department) {
    fail(file, 'department', `"${department}" (the file name), not "${profile.department}"`);
  }
  return profile;
}

/**
 * Reads one of a profile's identities: its certificate from disk, and the path of its key.
 *
 * @param profile - the department's profile.
 * @param role - `admin` or `user`.
 * @returns the MSP id, certificate bytes and key path.
 * @throws {@link ProfileError} `INVALID_PROFILE` if the profile has no such identity.
 * @throws {@link ProfileError} `CREDENTIAL_NOT_FOUND` if the certificate file is missing or unreadable.
 */
export async function readIdentity(profile: Profile, choice: IdentityChoice): Promise<IdentityMaterial> {
  if (typeof choice === 'object') {
    const wallet = departmentWallet(profile.source, profile.department);
    const identity = wallet.get(choice.clerk);
    if (identity === undefined) {
      throw newProfileError(
        'CREDENTIAL_NOT_FOUND',
        `no clerk ${choice.clerk} in the wallet of ${profile.department} (${wallet.dir}); enrol it with \`govchain identity enrol\``,
      );
    }
    if (identity.mspId !== profile.mspId) {
      throw newProfileError(
        'INVALID_CREDENTIAL',
        `clerk ${choice.clerk} of the wallet of ${profile.department} belongs to ${identity.mspId}, not ${profile.mspId}`,
      );
    }
    return {
      mspId: profile.mspId,
      certificate: Buffer.from(identity.credentials.certificate),
      key: { pem: identity.credentials.privateKey },
    };
  }
  const paths = profile.identities[choice];
  if (paths === undefined) {
    throw newProfileError('INVALID_PROFILE', `profile ${profile.source} has no "${choice}" identity`);
  }
  const certificate = await readCredentialFile(paths.certPath, `${choice} certificate of ${profile.department}`);
  return { mspId: profile.mspId, certificate, key: { path: paths.keyPath } };
}
