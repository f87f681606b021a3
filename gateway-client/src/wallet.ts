/**
 * A department's wallet: its enrolled clerks, one file per identity (`<wallet>/<name>.id`, fabric-network's
 * file-system wallet format), readable only by its owner. By default beside the connection profiles:
 * `<profiles>/../wallets/<department>/`.
 */
import { chmodSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { GovchainError } from './errors';

/** Codes of {@link IdentityError}s. */
export type IdentityErrorCode =
  | 'INVALID_NAME'
  | 'UNKNOWN_ROLE'
  | 'ALREADY_REGISTERED'
  | 'WRONG_SECRET'
  | 'UNKNOWN_IDENTITY'
  | 'NOT_REGISTRAR'
  | 'REVOKED'
  | 'CA_UNAVAILABLE'
  | 'CA_REFUSED'
  | 'NOT_IN_WALLET'
  | 'NO_MEMBER_SERVICES';

/** A member-services operation failed; nothing was changed at the CA. */
export class IdentityError extends GovchainError {
  declare readonly code: IdentityErrorCode;
  override readonly kind = 'identity';

  /**
   * @param code - what went wrong
   * @param message - one line saying so
   * @param cause - the CA's error, when there was one
   */
  constructor(code: IdentityErrorCode, message: string, cause?: unknown) {
    super({ code, message, cause });
    this.name = 'IdentityError';
  }
}

/** Clerk names: what the enrolment id and wallet file are called (`clerk-li`). */
export const CLERK_NAME_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;

/** An enrolled identity, as a wallet file holds it (fabric-network's `X.509` identity, version 1). */
export interface WalletIdentity {
  readonly credentials: { readonly certificate: string; readonly privateKey: string };
  readonly mspId: string;
  readonly type: 'X.509';
  readonly version: 1;
}

/** A department's wallet: a directory of `<name>.id` files. */
export class Wallet {
  /** @param dir - the directory (created on first write, mode 0700) */
  constructor(readonly dir: string) {}

  /**
   * @param name - a clerk name
   * @returns the identity, or undefined when the wallet has none of that name
   * @throws {@link IdentityError} `INVALID_NAME` for a name that is not a clerk name
   */
  get(name: string): WalletIdentity | undefined {
    requireName(name);
    let text: string;
    try {
      text = readFileSync(join(this.dir, `${name}.id`), 'utf8');
    } catch {
      return undefined;
    }
    return JSON.parse(text) as WalletIdentity;
  }

  /**
   * Writes an identity atomically, readable by its owner only.
   *
   * @param name - a clerk name
   * @param identity - the identity
   */
  put(name: string, identity: WalletIdentity): void {
    requireName(name);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, `${name}.id`);
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(identity)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  }

  /** @returns the names of the identities it holds, sorted */
  list(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((file) => file.endsWith('.id'))
        .map((file) => file.slice(0, -3))
        .sort();
    } catch {
      return [];
    }
  }
}

/**
 * @param name - a clerk name
 * @throws {@link IdentityError} `INVALID_NAME` when it is not one
 */
export function requireName(name: string): void {
  if (!CLERK_NAME_PATTERN.test(name)) {
    throw new IdentityError(
      'INVALID_NAME',
      `'${name}' is not a clerk name: 2–63 lower-case letters, digits and dashes, starting with a letter`,
    );
  }
}

/**
 * @param profileFile - a department's connection profile file
 * @param department - the department's key
 * @returns the department's wallet, beside the profiles directory
 */
export function departmentWallet(profileFile: string, department: string): Wallet {
  return new Wallet(join(dirname(dirname(profileFile)), 'wallets', department));
}
