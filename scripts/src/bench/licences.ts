/**
 * The business licence every benchmark issues (npm run bench, npm run bench:caliper): Market Regulation issues
 * it with raw `submit` (no client-side checks in what is measured); the holder's reference comes from Market
 * Regulation's holder-reference grant (transient `holderRefGrant`), the holder's ID number, name and the
 * client's random salt travel only in transient data; Market Regulation and Public Security endorse.
 *
 * Grants are reusable by their grantee for 24 h, and a department gets a limited number per hour, so the
 * benchmarks issue their licences to a few synthetic holders, each resolved once ({@link holderGrant}).
 */
import { randomBytes } from 'node:crypto';
import { eLicenseClient, submit, type GovchainConnection, type SubmitResult } from '@govchain/gateway-client';

/** What tells one benchmark's licences from another's. */
export interface BenchLicence {
  /** Names the enterprise (`<label> Enterprise <id>`) and the holder (`<label> Holder`). */
  readonly label: string;
  /** The document fingerprint the licence records (what VerifyLicense is later asked about). */
  readonly fingerprint: string;
  /** The enterprise's unified social credit code (default a valid synthetic one). */
  readonly creditCode?: string;
}

/** An 18-character ID-number-shaped string, distinct per n (synthetic, not a real person). */
export function syntheticIdNumber(n: number): string {
  return `99${String(n).padStart(15, '0')}X`;
}

const DEFAULT_CREDIT_CODE = '91310000MA1FL8XQ3X';

const grants = new Map<string, Promise<string>>();

/**
 * The department's grant of the holder's reference for ISSUE_LICENCE: requested once per department and
 * holder (RequestHolderRef, endorsed by Public Security's peer alone), then reused.
 *
 * @param connection - the issuing department
 * @param idNumber - the synthetic holder's ID number
 * @returns the grant id
 */
export function holderGrant(connection: GovchainConnection, idNumber: string): Promise<string> {
  const key = `${connection.mspId}|${idNumber}`;
  let grant = grants.get(key);
  if (grant === undefined) {
    grant = eLicenseClient(connection)
      .requestHolderRef(idNumber, 'ISSUE_LICENCE')
      .then((g) => g.grantId);
    grant.catch(() => grants.delete(key));
    grants.set(key, grant);
  }
  return grant;
}

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

/** Market Regulation issues a business licence to the holder of `idNumber`; resolves once it committed. */
export async function issueBusinessLicence(
  market: GovchainConnection,
  id: string,
  idNumber: string,
  kind: BenchLicence,
): Promise<SubmitResult> {
  const holderRefGrant = await holderGrant(market, idNumber);
  return submit(market.getContract('e-license'), 'IssueLicense', {
    arguments: [businessLicence(id, kind)],
    // e-license requires the client's random salt for the private detail (issue 13, item 2).
    transientData: { holderRefGrant, idNumber, name: `${kind.label} Holder`, salt: randomBytes(32).toString('hex') },
    endorsingOrganizations: [market.mspId, 'PublicSecurityMSP'],
  });
}
