/**
 * Signing identities: the signer that fabric-gateway calls with each digest, built from a PEM private key,
 * or supplied by the caller (HSM, wallet, remote signing service).
 */
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Signer as FabricSigner, signers } from '@hyperledger/fabric-gateway';
import { newProfileError } from './errors';

/** Signs a digest and returns the signature (for Fabric, a DER-encoded ECDSA signature). */
export type Signer = FabricSigner;

/**
 * Reads a credential file (certificate, private key or TLS CA certificate).
 *
 * @param path - the file.
 * @param what - what the file is, for the error message (e.g. `user certificate of tax`).
 * @returns the file's bytes.
 * @throws {@link ProfileError} `CREDENTIAL_NOT_FOUND` if the file is missing or unreadable.
 */
export async function readCredentialFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw newProfileError('CREDENTIAL_NOT_FOUND', `${what} ${path} ${reason}`, err);
  }
}

/**
 * Builds a signer from a PEM-encoded private key.
 *
 * @param pem - the key (PKCS#8 or SEC1 PEM).
 * @returns a signer for fabric-gateway.
 * @throws {@link ProfileError} `INVALID_CREDENTIAL` if the key cannot be parsed.
 */
export function signerFromPem(pem: string | Uint8Array): Signer {
  try {
    return signers.newPrivateKeySigner(createPrivateKey(typeof pem === 'string' ? pem : Buffer.from(pem)));
  } catch (err) {
    throw newProfileError('INVALID_CREDENTIAL', `not a usable private key: ${(err as Error).message}`, err);
  }
}

/**
 * Builds a signer from a PEM private-key file (e.g. an MSP keystore's `priv_sk`).
 *
 * @param path - the key file.
 * @returns a signer for fabric-gateway.
 * @throws {@link ProfileError} `CREDENTIAL_NOT_FOUND` if the file is missing or unreadable.
 * @throws {@link ProfileError} `INVALID_CREDENTIAL` if it holds no usable private key.
 *
 * @example
 * ```ts
 * const signer = await signerFromKeyFile('/etc/govchain/tax/user/priv_sk');
 * const connection = await connectDepartment({ department: 'tax', signer });
 * ```
 */
export async function signerFromKeyFile(path: string): Promise<Signer> {
  const pem = await readCredentialFile(path, 'private key');
  try {
    return signerFromPem(pem);
  } catch (err) {
    throw newProfileError('INVALID_CREDENTIAL', `private key ${path} is not a usable PEM private key`, err);
  }
}
