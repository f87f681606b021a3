/**
 * The business licence every benchmark issues (npm run bench, npm run bench:caliper): Market Regulation issues
 * it with raw `submit` (no client-side checks in what is measured); the holder's ID number, name and the
 * client's random salt travel only in transient data; Market Regulation and Public Security endorse.
 */
import { randomBytes } from 'node:crypto';
import { submit, type GovchainConnection } from '@govchain/gateway-client';

/** What tells one benchmark's licences from another's. */
export interface BenchLicence {
  /** Names the enterprise (`<label> Enterprise <id>`) and the holder (`<label> Holder`). */
  readonly label: string;
  /** The document fingerprint the licence records (what VerifyLicense is later asked about). */
  readonly fingerprint: string;
  /** The enterprise's unified social credit code (default a valid synthetic one). */
  readonly creditCode?: string;
}

const DEFAULT_CREDIT_CODE = '91310000MA1FL8XQ3X';

/** A business licence's JSON (non-personal metadata only). */
export function businessLicence(id: string, kind: BenchLicence): string {
  return JSON.stringify({
    id,
    type: 'BUSINESS_LICENCE',
    fingerprint: kind.fingerprint,
    metadata: {
      enterpriseName: `${kind.label} Enterprise ${id}`,
      unifiedSocialCreditCode: kind.creditCode ?? DEFAULT_CREDIT_CODE,
      businessScope: 'benchmarking',
      registeredCapital: '1',
    },
  });
}

/** Market Regulation issues a business licence to the holder of `idNumber`. */
export async function issueBusinessLicence(
  market: GovchainConnection,
  id: string,
  idNumber: string,
  kind: BenchLicence,
): Promise<void> {
  await submit(market.getContract('e-license'), 'IssueLicense', {
    arguments: [businessLicence(id, kind)],
    // e-license requires the client's random salt for the private detail (issue 13, item 2).
    transientData: { idNumber, name: `${kind.label} Holder`, salt: randomBytes(32).toString('hex') },
    endorsingOrganizations: [market.mspId, 'PublicSecurityMSP'],
  });
}
