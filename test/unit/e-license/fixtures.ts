import '../../support';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { readFileSync } from 'node:fs';
import type { ChaincodeProposal } from 'fabric-shim';
import { P256Holder, TestContext, autoGrantHolderRefs } from '../../support';
import { withGovernance } from '../../support/governance';
import { BIND_HOLDER_KEY_ACTION, LicenseContract, holderReference, signedBytes } from '@govchain/e-license';

chai.use(chaiAsPromised);
export const { expect } = chai;

/** The departments of the default topology. */
export const DEPARTMENTS = [
  'CivilAffairsMSP',
  'HealthMSP',
  'MarketRegulationMSP',
  'NaturalResourcesMSP',
  'ProvidentFundMSP',
  'PublicSecurityMSP',
  'RealEstateMSP',
  'TaxMSP',
  'TradingCenterMSP',
];

/** The shipped seed file, which SeedLicenseTypes reads from the package. */
export const SEED_TYPES_JSON = readFileSync(require.resolve('@govchain/e-license/seed/license-types.json'), 'utf8');

export { withGovernance } from '../../support/governance';

/**
 * Seeds the registry as an endorser whose governance file names these departments.
 *
 * @param ctx - the context
 * @param contract - the contract
 * @param departments - the governance file's departments (default: the nine of the default topology)
 * @param mspId - the caller
 * @returns the result text
 */
export async function seedRegistry(
  ctx: TestContext,
  contract: LicenseContract,
  departments: readonly string[] = DEPARTMENTS,
  mspId = 'PublicSecurityMSP',
): Promise<string> {
  return withGovernance(departments, () => ctx.submit(() => contract.SeedLicenseTypes(ctx), { mspId }));
}

/**
 * @param owner - the owning department
 * @param departments - the governance departments
 * @returns the key-level policy every owned key carries, as describePolicy renders it
 */
export function ownerPolicy(owner: string, departments: readonly string[] = DEPARTMENTS): string {
  const others = departments.filter((msp) => msp !== owner).map((msp) => `'${msp}.peer'`);
  return `AND('${owner}.peer', OutOf(1, ${others.join(', ')}))`;
}

export const T0 = '2025-03-01T08:00:00.000Z';
export const HOLDER_REF_KEY = '5f'.repeat(32);
export const ID_NUMBER = '11010519491231002X';
export const HOLDER_NAME = 'Zhang San';
export const HOLDER_REF = holderReference(HOLDER_REF_KEY, ID_NUMBER);
export const OTHER_ID_NUMBER = '440301198001010011';
export const FINGERPRINT = 'a3'.repeat(32);
export const OTHER_FINGERPRINT = 'b4'.repeat(32);

/** The issuing client's random salt for a licence's private detail (transient `salt`). */
export const DETAIL_SALT = '7e'.repeat(32);

/** Transient data of an issuance for the default holder (with the client's salt). */
export function holderTransient(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { idNumber: ID_NUMBER, name: HOLDER_NAME, salt: DETAIL_SALT, ...extra };
}

export interface LicenceRecord {
  id: string;
  type: string;
  issuerMsp: string;
  holderRef: string;
  fingerprint: string;
  validFrom: string;
  validUntil: string;
  metadata: Record<string, string>;
  status: string;
  statusReason: string;
  statusEffectiveAt: string;
  predecessorId: string;
  successorId: string;
  issuedAt: string;
  updatedAt: string;
  updatedByMsp: string;
  txId: string;
}

/**
 * @param text - a transaction result
 * @returns it parsed (typed by the caller)
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the result's shape
export function parse<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** A licenceJson for a business licence. */
export function businessLicence(id = 'BL-1', overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    id,
    type: 'BUSINESS_LICENCE',
    fingerprint: FINGERPRINT,
    metadata: {
      enterpriseName: 'Harbour Trading Co., Ltd.',
      unifiedSocialCreditCode: '91310000MA1FL4CT3X',
      businessScope: 'wholesale',
      registeredCapital: '5000000',
    },
    ...overrides,
  });
}

/** A licenceJson for a medical practice licence. */
export function medicalLicence(id = 'ML-1', overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    id,
    type: 'MEDICAL_PRACTICE_LICENCE',
    fingerprint: FINGERPRINT,
    metadata: {
      practiceCategory: 'clinical',
      practiceScope: 'internal medicine',
      practiceInstitution: 'City Hospital',
    },
    ...overrides,
  });
}

/** A ledger with the registry seeded and the holder-reference key set. */
export interface Ledger {
  readonly ctx: TestContext;
  readonly contract: LicenseContract;
}

/**
 * @param time - transaction time of the setup
 * @returns a ledger seeded with the shipped licence types for the nine departments, holder-reference key set
 */
export async function seededLedger(time = T0): Promise<Ledger> {
  const ctx = new TestContext({ mspId: 'MarketRegulationMSP', time });
  const contract = new LicenseContract();
  await seedRegistry(ctx, contract);
  await ctx.submit(() => contract.SetHolderRefKey(ctx), {
    mspId: 'PublicSecurityMSP',
    transient: { holderRefKey: HOLDER_REF_KEY },
  });
  const grants = autoGrantHolderRefs(ctx, { ctx, contract });
  await grants.warm(DEPARTMENTS, [ID_NUMBER, OTHER_ID_NUMBER], 'ISSUE_LICENCE');
  await grants.warm(['PublicSecurityMSP'], [ID_NUMBER, OTHER_ID_NUMBER], 'BIND_HOLDER_KEY');
  ctx.setCaller('MarketRegulationMSP');
  return { ctx, contract };
}

/** The binding a holder signs to prove possession of a key (BindHolderKey / RotateHolderKey). */
export function bindingObject(
  holder: P256Holder,
  keyVersion = 1,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    action: BIND_HOLDER_KEY_ACTION,
    holderRef: HOLDER_REF,
    publicKey: holder.publicKeyHex,
    keyVersion,
    ...overrides,
  };
}

/**
 * Binds (version 1) or rotates (later versions) a holder's key as Public Security.
 *
 * @param ledger - the ledger
 * @param holder - the holder's key
 * @param keyVersion - the version the binding creates
 * @param idNumber - the holder's ID number (transient)
 * @returns the holder key record
 */
export async function bindHolderKey(
  ledger: Ledger,
  holder: P256Holder,
  keyVersion = 1,
  idNumber = ID_NUMBER,
): Promise<Record<string, unknown>> {
  const { ctx, contract } = ledger;
  const [json, signature] = signed(
    holder,
    bindingObject(holder, keyVersion, { holderRef: holderReference(HOLDER_REF_KEY, idNumber) }),
  );
  const call = keyVersion === 1 ? contract.BindHolderKey.bind(contract) : contract.RotateHolderKey.bind(contract);
  const result = await ctx.submit(() => call(ctx, json, signature), {
    mspId: 'PublicSecurityMSP',
    transient: { idNumber },
  });
  ctx.setCaller('MarketRegulationMSP');
  return parse<Record<string, unknown>>(result);
}

/**
 * Issues a business licence as MarketRegulationMSP.
 *
 * @param ledger - the ledger
 * @param id - licence id
 * @param transient - transient data (default: the default holder)
 * @param overrides - licenceJson overrides
 * @returns the licence record
 */
export async function issueBusinessLicence(
  ledger: Ledger,
  id = 'BL-1',
  transient: Readonly<Record<string, string>> = holderTransient(),
  overrides: Readonly<Record<string, unknown>> = {},
): Promise<LicenceRecord> {
  const { ctx, contract } = ledger;
  return parse<LicenceRecord>(
    await ctx.submit(() => contract.IssueLicense(ctx, businessLicence(id, overrides)), {
      mspId: 'MarketRegulationMSP',
      transient,
    }),
  );
}

/** A consent object as a holder's wallet builds it. */
export function consentObject(overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    action: 'GRANT_CONSENT',
    consentId: 'C-1',
    holderRef: HOLDER_REF,
    granteeMsp: 'TaxMSP',
    licenceId: 'BL-1',
    purpose: 'tax clearance of transfer T-9',
    expiresAt: '2025-04-01T00:00:00Z',
    nonce: 'n0nce-0001',
    ...overrides,
  };
}

/**
 * Signs a consent or withdrawal object with the holder's key.
 *
 * @param holder - the holder's key
 * @param payload - the object
 * @param encoding - signature encoding
 * @returns `[json, signatureHex]`
 */
export function signed(
  holder: P256Holder,
  payload: Readonly<Record<string, unknown>>,
  encoding: 'der' | 'ieee-p1363' = 'der',
): [string, string] {
  return [JSON.stringify(payload), holder.sign(signedBytes(payload), encoding)];
}

/**
 * A signed proposal, as fabric-shim decodes it, whose channel header names the
 * invoked chaincode (ChaincodeHeaderExtension `chaincode_id` = 2, ChaincodeID
 * `name` = 2). When chaincode A calls e-license, e-license sees A's proposal.
 *
 * @param chaincode - the chaincode the client's proposal invokes
 * @returns the value `getSignedProposal()` returns
 */
export function proposalInvoking(chaincode: string): ChaincodeProposal.SignedProposal {
  const name = Buffer.from(chaincode, 'utf8');
  const chaincodeId = Buffer.concat([Buffer.from([0x12, name.length]), name]);
  const extension = Buffer.concat([Buffer.from([0x12, chaincodeId.length]), chaincodeId]);
  return { proposal: { header: { channelHeader: { extension } } } } as unknown as ChaincodeProposal.SignedProposal;
}
