import '../../support';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { P256Holder, TestContext, autoGrantHolderRefs } from '../../support';
import {
  BIND_BIDDER_KEY_ACTION,
  type BidActionPayload,
  BidRecordContract,
  bidCommitment,
  bidKey,
  bidderKeyKey,
  bidderSignedBytes,
  usccCheckCharacter,
} from '@govchain/bid-record';
import { sha256Hex } from '@govchain/chaincode-common';
import { LicenseContract } from '@govchain/e-license';
import { UNIT_GOVERNANCE_MSPS } from '../../support/env';

chai.use(chaiAsPromised);
export const { expect } = chai;

export const TC1 = 'TradingCenterMSP';
export const TC2 = 'TradingCenter2MSP';
export const REGULATOR = 'MarketRegulationMSP';
export const OTHER = 'TaxMSP';

/** The departments of the default topology, with the second trading centre: the unit tests' governance file. */
export const DEPARTMENTS: readonly string[] = UNIT_GOVERNANCE_MSPS;

/**
 * @param owner - the owning department
 * @returns the owner-and-other key-level policy as describePolicy renders it
 */
export function ownedPolicyText(owner: string): string {
  const others = DEPARTMENTS.filter((msp) => msp !== owner)
    .sort()
    .map((msp) => `'${msp}.peer'`)
    .join(', ');
  return `AND('${owner}.peer', OutOf(1, ${others}))`;
}

/** The reveal window of the shipped seed (`seed/bidding-rules.json`), milliseconds. */
export const REVEAL_WINDOW_MILLIS = 600_000;

import { withGovernance } from '../../support/governance';

export { governanceFile, withGovernance } from '../../support/governance';

/**
 * @param first17 - the first 17 characters
 * @returns a valid unified social credit code
 */
export function uscc(first17: string): string {
  return `${first17}${usccCheckCharacter(first17)}`;
}

export const BIDDER_A = uscc('91310000MA1FL4CT3');
export const BIDDER_B = uscc('91440300MA5F00001');
export const BIDDER_C = uscc('91110000MA00AAAA1');
export const BIDDER_D = uscc('91320500MA1X00001');
export const TENDERER = uscc('11310000002420001');
export const GUARANTOR = uscc('91310000100000001');

/** Each bidder's wallet key (bound by Market Regulation in every configured ledger). */
export const BIDDER_KEYS: Readonly<Record<string, P256Holder>> = {
  [BIDDER_A]: P256Holder.generate(),
  [BIDDER_B]: P256Holder.generate(),
  [BIDDER_C]: P256Holder.generate(),
  [BIDDER_D]: P256Holder.generate(),
};

/**
 * @param code - a bidder
 * @returns its wallet key
 */
export function keyOf(code: string): P256Holder {
  const key = BIDDER_KEYS[code];
  if (key === undefined) {
    throw new Error(`no test key for bidder ${code}`);
  }
  return key;
}

/**
 * A signed key binding, as a bidder hands it to Market Regulation.
 *
 * @param code - the bidder
 * @param holder - the key that signs and is bound
 * @param keyVersion - the version
 * @returns the bindingJson and the signature
 */
export function signedBinding(
  code: string,
  holder: P256Holder,
  keyVersion = 1,
): { readonly bindingJson: string; readonly signature: string } {
  const binding = { action: BIND_BIDDER_KEY_ACTION, uscc: code, publicKey: holder.publicKeyHex, keyVersion } as const;
  return { bindingJson: JSON.stringify(binding), signature: holder.sign(bidderSignedBytes(binding)) };
}

/** Business licences held by the bidders in the e-license stub. */
export const LICENCE_OF: Readonly<Record<string, string>> = {
  [BIDDER_A]: 'BL-A',
  [BIDDER_B]: 'BL-B',
  [BIDDER_C]: 'BL-C',
  [BIDDER_D]: 'BL-D',
};

export const T0 = '2025-03-01T08:00:00.000Z';
export const DEADLINE = '2025-03-10T09:00:00.000Z';
export const OPENING = '2025-03-10T10:00:00.000Z';
export const DOC = 'd0'.repeat(32);
export const DOC2 = 'd1'.repeat(32);
export const FP = 'f0'.repeat(32);
export const BUDGET = 1_000_000_00;

/**
 * @param base - ISO time
 * @param millis - offset
 * @returns the ISO time `millis` after `base`
 */
export function after(base: string, millis: number): string {
  return new Date(Date.parse(base) + millis).toISOString();
}

/**
 * @param text - a transaction result
 * @returns it parsed (typed by the caller)
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the result's shape
export function parse<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** An e-license ledger served to bid-record through a stubbed invokeChaincode. */
export interface LicenceLedger {
  readonly ctx: TestContext;
  readonly contract: LicenseContract;
  /** Whether invokeChaincode fails as when e-license is not reachable. */
  unavailable: boolean;
}

/** A bid-record ledger with its configuration seeded and the e-license stub wired. */
export interface Ledger {
  readonly ctx: TestContext;
  readonly contract: BidRecordContract;
  readonly licences: LicenceLedger;
}

/**
 * A business licenceJson for a bidder.
 *
 * @param id - licence id
 * @param code - the enterprise's unified social credit code
 * @param overrides - licenceJson overrides
 * @returns the JSON text
 */
export function businessLicenceJson(
  id: string,
  code: string,
  overrides: Readonly<Record<string, unknown>> = {},
): string {
  return JSON.stringify({
    id,
    type: 'BUSINESS_LICENCE',
    fingerprint: 'b1'.repeat(32),
    metadata: {
      enterpriseName: `Enterprise ${code.slice(-4)}`,
      unifiedSocialCreditCode: code,
      businessScope: 'construction',
      registeredCapital: '10000000',
    },
    ...overrides,
  });
}

/**
 * Issues a licence in the e-license ledger as its issuer.
 *
 * @param licences - the e-license ledger
 * @param json - licenceJson
 * @param issuer - issuing MSP
 */
export async function issueLicence(licences: LicenceLedger, json: string, issuer = REGULATOR): Promise<void> {
  await licences.ctx.submit(() => licences.contract.IssueLicense(licences.ctx, json), {
    mspId: issuer,
    time: '2025-01-01T00:00:00.000Z',
    transient: { idNumber: '110105194912310021', name: 'Legal Representative', salt: 'a5'.repeat(32) },
  });
}

/**
 * Builds a real e-license ledger (the shipped licence types) with one active business licence per bidder.
 *
 * @returns the e-license ledger
 */
export async function licenceLedger(): Promise<LicenceLedger> {
  const ctx = new TestContext({ mspId: REGULATOR, time: '2025-01-01T00:00:00.000Z' });
  const contract = new LicenseContract();
  await withGovernance(DEPARTMENTS, () => ctx.submit(() => contract.SeedLicenseTypes(ctx)));
  await ctx.submit(() => contract.SetHolderRefKey(ctx), {
    mspId: 'PublicSecurityMSP',
    transient: { holderRefKey: '7a'.repeat(32) },
  });
  autoGrantHolderRefs(ctx, { ctx, contract });
  const licences: LicenceLedger = { ctx, contract, unavailable: false };
  for (const [code, id] of Object.entries(LICENCE_OF)) {
    await issueLicence(licences, businessLicenceJson(id, code));
  }
  return licences;
}

/**
 * Wires `invokeChaincode` of the bid-record stub to the e-license contract:
 * `CheckLicense` answers, at the bid-record transaction's time, as the peer
 * relays a called chaincode's response (status 200 with the result bytes, or
 * status 500 with the error message).
 *
 * @param ctx - the bid-record context
 * @param licences - the e-license ledger
 */
function wireELicense(ctx: TestContext, licences: LicenceLedger): void {
  ctx.stub.invokeChaincode.callsFake(async (name, args, channel) => {
    if (licences.unavailable) {
      throw new Error('chaincode e-license not found');
    }
    if (name !== 'e-license' || channel !== 'govchannel' || args[0] !== 'CheckLicense' || args.length !== 3) {
      throw new Error(`unexpected invokeChaincode(${name}, ${JSON.stringify(args)}, ${channel})`);
    }
    try {
      const result = await licences.ctx.evaluate(
        () => licences.contract.CheckLicense(licences.ctx, args[1] ?? '', args[2] ?? ''),
        { time: new Date(ctx.timeMillis).toISOString() },
      );
      return { status: 200, message: '', payload: Buffer.from(result) };
    } catch (err) {
      return { status: 500, message: (err as Error).message, payload: Buffer.alloc(0) };
    }
  });
}

/**
 * Seeds the configuration as an endorser whose governance file names the departments.
 *
 * @param ledger - the ledger
 * @param departments - the governance file's departments
 * @param mspId - the caller
 * @returns the SeedConfig result
 */
export async function seedConfig(
  ledger: Pick<Ledger, 'ctx' | 'contract'>,
  departments: readonly string[] = DEPARTMENTS,
  mspId = 'PublicSecurityMSP',
): Promise<string> {
  const { ctx, contract } = ledger;
  return withGovernance(departments, () => ctx.submit(() => contract.SeedConfig(ctx), { mspId }));
}

/**
 * @param time - transaction time of the setup
 * @returns a configured ledger with the default departments, both trading centres and the regulator, and
 * the keys of bidders A–D bound by Market Regulation
 */
export async function configuredLedger(time = T0): Promise<Ledger> {
  const ctx = new TestContext({ mspId: 'PublicSecurityMSP', time });
  const contract = new BidRecordContract();
  const licences = await licenceLedger();
  wireELicense(ctx, licences);
  await seedConfig({ ctx, contract });
  for (const code of Object.keys(BIDDER_KEYS)) {
    const { bindingJson, signature } = signedBinding(code, keyOf(code));
    await ctx.submit(() => contract.BindBidderKey(ctx, bindingJson, signature), { mspId: REGULATOR, time });
  }
  return { ctx, contract, licences };
}

/** Key version {@link signAction} uses when none is given (tests of rotation change it). */
let currentKeyVersion = 1;

/**
 * The bidder's signature over a bid action.
 *
 * @param payload - the action (keyVersion 1 unless given)
 * @param holder - the signing key (default: the bidder's)
 * @returns hex signature
 */
export function signAction(
  payload: Omit<BidActionPayload, 'keyVersion'> & { readonly keyVersion?: number },
  holder: P256Holder = keyOf(payload.bidderCode),
): string {
  return holder.sign(bidderSignedBytes({ ...payload, keyVersion: payload.keyVersion ?? currentKeyVersion }));
}

/**
 * @param ledger - the ledger
 * @param projectId - project
 * @param bidderCode - bidder
 * @returns the sequence the next signed action on the bid must carry
 */
export function nextSequence(ledger: Ledger, projectId: string, bidderCode: string): number {
  const stored = ledger.ctx.world.text(bidKey(ledger.ctx, projectId, bidderCode));
  return stored === undefined ? 1 : (JSON.parse(stored) as { sequence: number }).sequence + 1;
}

/**
 * @param ledger - the ledger
 * @param bidderCode - bidder
 * @returns the bidder's bound key version (0 when none)
 */
export function keyVersionOf(ledger: Ledger, bidderCode: string): number {
  const stored = ledger.ctx.world.text(bidderKeyKey(ledger.ctx, bidderCode));
  return stored === undefined ? 0 : (JSON.parse(stored) as { keyVersion: number }).keyVersion;
}

/**
 * @param version - the key version {@link signAction} signs with by default
 */
export function useKeyVersion(version: number): void {
  currentKeyVersion = version;
}

/** A projectJson. */
export function projectJson(id = 'P-1', overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    projectId: id,
    title: 'Renovation of the No. 3 Primary School',
    tendererCode: TENDERER,
    tendererName: 'District Education Bureau',
    category: 'CONSTRUCTION',
    budget: BUDGET,
    documentFingerprint: DOC,
    bidDeadline: DEADLINE,
    openingTime: OPENING,
    evaluationMethod: 'COMPREHENSIVE_SCORE',
    minValidBids: 2,
    ...overrides,
  });
}

/** The project record as the tests read it. */
export interface ProjectRecord {
  projectId: string;
  centreMsp: string;
  status: string;
  statusReason: string;
  documentFingerprint: string;
  originalFingerprint: string;
  bidDeadline: string;
  openingTime: string;
  amendments: { fingerprint: string; reason: string; bidDeadline: string; openingTime: string }[];
  validBidCount: number;
  disqualifiedBidCount: number;
  ranking: { rank: number; bidderCode: string; score: number; price: number }[];
  biddingClosedAt: string;
  revealWindowEndsAt: string;
  candidateBidderCode: string;
  publicityEndsAt: string;
  objections: { objectionId: string; status: string }[];
  winnerBidderCode: string;
  awardPrice: number;
  contractFingerprint: string;
  performanceOutcome: string;
  updatedByMsp: string;
  txId: string;
}

/** The bid record as the tests read it. */
export interface BidRecord {
  projectId: string;
  bidderCode: string;
  licenceId: string;
  submittedByMsp: string;
  commitment: string;
  guaranteeId: string;
  status: string;
  disqualificationReason: string;
  price: number;
  salt: string;
  bidDocumentFingerprint: string;
  replacements: number;
  sequence: number;
  keyVersion: number;
  txId: string;
}

/**
 * Publishes a project as a trading centre at T0.
 *
 * @param ledger - the ledger
 * @param id - project id
 * @param overrides - projectJson overrides
 * @param centre - publishing centre
 * @returns the project
 */
export async function publish(
  ledger: Ledger,
  id = 'P-1',
  overrides: Readonly<Record<string, unknown>> = {},
  centre = TC1,
): Promise<ProjectRecord> {
  const { ctx, contract } = ledger;
  return parse<ProjectRecord>(
    await ctx.submit(() => contract.PublishProject(ctx, projectJson(id, overrides)), { mspId: centre, time: T0 }),
  );
}

/** A sealed bid's secret values. */
export interface Sealed {
  readonly projectId: string;
  readonly bidderCode: string;
  readonly price: number;
  readonly salt: string;
  readonly bidDocumentFingerprint: string;
  readonly commitment: string;
}

/**
 * @param projectId - project
 * @param bidderCode - bidder
 * @param price - price, fen
 * @returns the sealed values with their commitment
 */
export function seal(projectId: string, bidderCode: string, price: number): Sealed {
  const values = {
    projectId,
    bidderCode,
    price,
    salt: `salt-${bidderCode}-0123456789abcdef`,
    bidDocumentFingerprint: sha256Hex(`bid document of ${bidderCode}`),
  };
  return { ...values, commitment: bidCommitment(values) };
}

/**
 * Commits a bid.
 *
 * @param ledger - the ledger
 * @param sealed - the sealed values
 * @param options - centre, time, guarantee, licence (default: the bidder's in {@link LICENCE_OF})
 * @returns the bid
 */
export async function commit(
  ledger: Ledger,
  sealed: Sealed,
  options: { centre?: string; time?: string; guaranteeId?: string; licenceId?: string } = {},
): Promise<BidRecord> {
  const { ctx, contract } = ledger;
  const licenceId = options.licenceId ?? LICENCE_OF[sealed.bidderCode] ?? 'BL-NONE';
  const centre = options.centre ?? TC1;
  const guaranteeId = options.guaranteeId ?? '';
  const signature = signAction({
    action: 'COMMIT_BID',
    projectId: sealed.projectId,
    bidderCode: sealed.bidderCode,
    submittingCentreMsp: centre,
    sequence: nextSequence(ledger, sealed.projectId, sealed.bidderCode),
    commitment: sealed.commitment,
    guaranteeId,
    licenceId,
  });
  return parse<BidRecord>(
    await ctx.submit(
      () =>
        contract.CommitBid(
          ctx,
          sealed.projectId,
          sealed.bidderCode,
          licenceId,
          sealed.commitment,
          guaranteeId,
          signature,
        ),
      { mspId: centre, time: options.time ?? after(T0, 3_600_000) },
    ),
  );
}

/**
 * Withdraws a bid with the bidder's signature.
 *
 * @param ledger - the ledger
 * @param projectId - project
 * @param bidderCode - bidder
 * @param options - centre (the submitting one, default TC1), time
 * @returns the bid
 */
export async function withdraw(
  ledger: Ledger,
  projectId: string,
  bidderCode: string,
  options: { centre?: string; time?: string } = {},
): Promise<BidRecord> {
  const { ctx, contract } = ledger;
  const centre = options.centre ?? TC1;
  const signature = signAction({
    action: 'WITHDRAW_BID',
    projectId,
    bidderCode,
    submittingCentreMsp: centre,
    sequence: nextSequence(ledger, projectId, bidderCode),
  });
  return parse<BidRecord>(
    await ctx.submit(() => contract.WithdrawBid(ctx, projectId, bidderCode, signature), {
      mspId: centre,
      time: options.time ?? after(T0, 3_600_000),
    }),
  );
}

/**
 * Closes the bidding of a project as its publishing centre.
 *
 * @param ledger - the ledger
 * @param projectId - project
 * @param options - caller (default TC1), time (default the deadline)
 * @returns the project
 */
export async function closeBidding(
  ledger: Ledger,
  projectId = 'P-1',
  options: { mspId?: string; time?: string } = {},
): Promise<ProjectRecord> {
  const { ctx, contract } = ledger;
  return parse<ProjectRecord>(
    await ctx.submit(() => contract.CloseBidding(ctx, projectId), {
      mspId: options.mspId ?? TC1,
      time: options.time ?? DEADLINE,
    }),
  );
}

/** @returns a reveal entry of OpenBids for sealed values */
export function revealOf(sealed: Sealed, overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    bidderCode: sealed.bidderCode,
    price: sealed.price,
    salt: sealed.salt,
    bidDocumentFingerprint: sealed.bidDocumentFingerprint,
    ...overrides,
  };
}

/**
 * Asserts that a call is refused with a message and wrote nothing at all.
 *
 * @param ledger - the ledger
 * @param promise - the call
 * @param message - expected message
 */
export async function expectRefused(ledger: Ledger, promise: Promise<unknown>, message: RegExp): Promise<void> {
  const before = ledger.ctx.world.dump();
  await expect(promise).to.be.rejectedWith(message);
  ledger.ctx.assertNothingWritten();
  expect(ledger.ctx.world.dump()).to.equal(before);
}

/** Three bids on P-1 (A and B through TC1, C through TC2), opened with all three valid. */
export const PRICES = { [BIDDER_A]: 950_000_00, [BIDDER_B]: 900_000_00, [BIDDER_C]: 980_000_00 } as const;

/**
 * Publishes P-1 and commits three bids (A, B via TC1; C via TC2).
 *
 * @param ledger - the ledger
 * @param afterPublish - run between publication and the bids
 * @returns the sealed values by bidder
 */
export async function threeBids(ledger: Ledger, afterPublish?: () => Promise<void>): Promise<Record<string, Sealed>> {
  await publish(ledger);
  await afterPublish?.();
  const sealed: Record<string, Sealed> = {};
  for (const [index, code] of [BIDDER_A, BIDDER_B, BIDDER_C].entries()) {
    const values = seal('P-1', code, PRICES[code] ?? 0);
    sealed[code] = values;
    await commit(ledger, values, { centre: code === BIDDER_C ? TC2 : TC1, time: after(T0, (index + 1) * 60_000) });
  }
  return sealed;
}

/**
 * Opens P-1 with every sealed bid revealed.
 *
 * @param ledger - the ledger
 * @param sealed - the sealed values
 * @returns the OpenBids result
 */
export async function openAll(ledger: Ledger, sealed: Record<string, Sealed>): Promise<unknown> {
  const { ctx, contract } = ledger;
  await closeBidding(ledger);
  const reveals = Object.values(sealed).map((s) => revealOf(s));
  return parse(
    await ctx.submit(() => contract.OpenBids(ctx, 'P-1', JSON.stringify(reveals)), { mspId: TC1, time: OPENING }),
  );
}

/** Scores used by the evaluation fixtures. */
export const SCORES = { [BIDDER_A]: 91.5, [BIDDER_B]: 88, [BIDDER_C]: 91.5 } as const;

/**
 * Brings P-1 through opening and evaluation into publicity ending at OPENING + 2 days.
 *
 * @param ledger - the ledger
 * @param afterPublish - run between publication and the bids
 * @returns the sealed values
 */
export async function inPublicity(ledger: Ledger, afterPublish?: () => Promise<void>): Promise<Record<string, Sealed>> {
  const { ctx, contract } = ledger;
  const sealed = await threeBids(ledger, afterPublish);
  await openAll(ledger, sealed);
  const scores = Object.entries(SCORES).map(([bidderCode, score]) => ({ bidderCode, score }));
  await ctx.submit(() => contract.RecordEvaluation(ctx, 'P-1', JSON.stringify({ reportFingerprint: FP, scores })), {
    mspId: TC1,
    time: after(OPENING, 86_400_000),
  });
  await ctx.submit(() => contract.StartPublicity(ctx, 'P-1', after(OPENING, 3 * 86_400_000)), {
    mspId: TC1,
    time: after(OPENING, 86_400_000 + 60_000),
  });
  return sealed;
}

/** After the publicity period of {@link inPublicity}. */
export const AFTER_PUBLICITY = after(OPENING, 3 * 86_400_000);

/**
 * Awards P-1 (winner: A — 91.5 and cheaper than C at 91.5).
 *
 * @param ledger - the ledger
 * @param afterPublish - run between publication and the bids
 * @returns the sealed values
 */
export async function awarded(ledger: Ledger, afterPublish?: () => Promise<void>): Promise<Record<string, Sealed>> {
  const { ctx, contract } = ledger;
  const sealed = await inPublicity(ledger, afterPublish);
  await ctx.submit(() => contract.AwardProject(ctx, 'P-1', FP), { mspId: TC1, time: AFTER_PUBLICITY });
  return sealed;
}
