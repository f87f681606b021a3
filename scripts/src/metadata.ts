/**
 * The contract metadata each chaincode serves from `org.hyperledger.fabric:GetMetadata`: fabric-shim reads
 * `META-INF/metadata.json` from the chaincode's folder (the server's working directory) at start. Generated
 * from the transaction descriptors of `@govchain/protocol` so it cannot drift from what the contracts take:
 * `npm run metadata` rewrites the files; a unit test fails when a committed one is stale.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ContractDescriptor } from '@govchain/protocol';
import { BID_RECORD_TRANSACTIONS } from '@govchain/protocol/bid-record';
import { E_LICENSE_TRANSACTIONS } from '@govchain/protocol/e-license';
import { REAL_ESTATE_TRANSACTIONS } from '@govchain/protocol/real-estate';
import { type ContractMetadata, contractMetadata } from '@govchain/protocol/schema';

/** The chaincodes that serve generated metadata, by folder under `chaincode/`, with their contracts. */
export const DESCRIBED_CHAINCODES: Readonly<Record<string, readonly ContractDescriptor[]>> = {
  'e-license': [E_LICENSE_TRANSACTIONS],
  'real-estate': [REAL_ESTATE_TRANSACTIONS],
  'bid-record': [BID_RECORD_TRANSACTIONS],
};

/**
 * @param chaincode - folder under `chaincode/`
 * @returns the metadata file's path, relative to the repository root
 */
export function metadataFile(chaincode: string): string {
  return path.join('chaincode', chaincode, 'META-INF', 'metadata.json');
}

/**
 * @param root - the repository root
 * @param chaincode - folder under `chaincode/`, one of {@link DESCRIBED_CHAINCODES}
 * @returns the metadata the chaincode serves, its version that of its package
 * @throws TypeError for a chaincode without descriptors
 */
export function chaincodeMetadata(root: string, chaincode: string): ContractMetadata {
  const contracts = DESCRIBED_CHAINCODES[chaincode];
  if (contracts === undefined) throw new TypeError(`no transaction descriptors for chaincode ${chaincode}`);
  const pkg = JSON.parse(readFileSync(path.join(root, 'chaincode', chaincode, 'package.json'), 'utf8')) as {
    readonly version: string;
  };
  return contractMetadata({ version: pkg.version, contracts });
}

/**
 * @param metadata - a chaincode's metadata
 * @returns the text of its file
 */
export function metadataText(metadata: ContractMetadata): string {
  return `${JSON.stringify(metadata, null, 2)}\n`;
}

/**
 * Writes every described chaincode's `META-INF/metadata.json`.
 *
 * @param root - the repository root
 * @returns the files written, relative to the root
 */
export function writeContractMetadata(root: string): string[] {
  return Object.keys(DESCRIBED_CHAINCODES).map((chaincode) => {
    const file = metadataFile(chaincode);
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), metadataText(chaincodeMetadata(root, chaincode)));
    return file;
  });
}
