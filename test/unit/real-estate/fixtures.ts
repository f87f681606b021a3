import '../../support';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChaincodeResponse } from 'fabric-shim';
import { type HolderRefGrants, TestContext, type TxOptions, type WorldState, autoGrantHolderRefs } from '../../support';
import { LicenseContract, holderReference, licenceKey } from '@govchain/e-license';
import { RealEstateContract } from '@govchain/real-estate';
import { GOVERNANCE_FILE_ENV, canonicalJson, describePolicy, sha256Hex } from '@govchain/chaincode-common';
import { proposalInvoking } from '../e-license/fixtures';

chai.use(chaiAsPromised);
export const { expect } = chai;

/** The departments of the default topology (the e-license registry's governance list). */
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

export const RE = 'RealEstateMSP';
export const NR = 'NaturalResourcesMSP';
export const PS = 'PublicSecurityMSP';
export const CA = 'CivilAffairsMSP';
export const TAX = 'TaxMSP';
export const PF = 'ProvidentFundMSP';

/** The roles of the one-window transfer, as the default topology gives them (governance file `roles`). */
export const ROLES: Readonly<Record<string, readonly string[]>> = {
  identityAuthority: [PS],
  landAuthority: [NR],
  maritalRegistry: [CA],
  propertyRegistry: [RE],
  providentFund: [PF],
  taxAuthority: [TAX],
};

/** The one-window departments, sorted: the only co-endorsers the chaincode's key-level policies name. */
export const TRANSFER_DEPARTMENTS = [CA, NR, PF, PS, RE, TAX];

/**
 * @param owner - the department answering for a record
 * @returns the key-level policy the chaincode must set on it, as describePolicy renders it
 */
export function ownedPolicy(owner: string): string {
  const others = TRANSFER_DEPARTMENTS.filter((msp) => msp !== owner).map((msp) => `'${msp}.peer'`);
  return `AND('${owner}.peer', OutOf(1, ${others.join(', ')}))`;
}

/**
 * Runs a call with the governance file every endorser holds (`GOVCHAIN_GOVERNANCE_FILE`) naming
 * {@link DEPARTMENTS} and {@link ROLES}, as network:up writes it; e-license seeds its registry and
 * real-estate its roles from it.
 *
 * @param call - the call
 * @returns its result
 */
export async function withGovernance<T>(
  call: () => Promise<T>,
  roles: Readonly<Record<string, readonly string[]>> = ROLES,
): Promise<T> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'real-estate-governance-')), 'governance.json');
  writeFileSync(file, JSON.stringify({ departmentMsps: DEPARTMENTS, roles }));
  const before = process.env[GOVERNANCE_FILE_ENV];
  process.env[GOVERNANCE_FILE_ENV] = file;
  try {
    return await call();
  } finally {
    if (before === undefined) Reflect.deleteProperty(process.env, GOVERNANCE_FILE_ENV);
    else process.env[GOVERNANCE_FILE_ENV] = before;
  }
}

export const T0 = '2025-03-01T08:00:00.000Z';
export const HOLDER_REF_KEY = '7a'.repeat(32);

/** A test person: raw identifiers (transient only) and what the ledger knows. */
export interface Person {
  readonly idNumber: string;
  readonly name: string;
  readonly holderRef: string;
  /** The person's IDENTITY_DOCUMENT licence in e-license. */
  readonly identityLicenceId: string;
  readonly identityFingerprint: string;
}

function person(idNumber: string, name: string, tag: string): Person {
  return {
    idNumber,
    name,
    holderRef: holderReference(HOLDER_REF_KEY, idNumber),
    identityLicenceId: `ID-DOC-${tag}`,
    identityFingerprint: sha256Hex(`identity document of ${tag}`),
  };
}

export const SELLER = person('110101196001010011', 'Li Wei', 'SELLER');
export const BUYER_A = person('310101198505050022', 'Wang Fang', 'BUYER-A');
export const BUYER_B = person('310101198606060033', 'Chen Jie', 'BUYER-B');
export const STRANGER = person('440301197707070044', 'Zhao Lei', 'STRANGER');
export const PERSONS = [SELLER, BUYER_A, BUYER_B, STRANGER];

/** Fingerprints of documents (evidence, certificates). */
export const fp = (label: string): string => sha256Hex(label);
export const SALT = 'c0ffee'.repeat(6);
export const DECLARED_PRICE = '3280000.00';

/** @returns transient data of a certificate holder, with the client's salt for the certificate's private detail */
export function holderTransient(p: Person): Record<string, string> {
  return { idNumber: p.idNumber, name: p.name, salt: SALT };
}

/**
 * @param text - a transaction result
 * @returns it parsed (typed by the caller)
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the result's shape
export function parse<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** One call the real-estate chaincode made to e-license. */
export interface Invocation {
  readonly chaincode: string;
  readonly fn: string;
  readonly args: readonly string[];
  readonly channel: string;
  readonly mspId: string;
}

type ELicenseFunction = (ctx: TestContext, ...args: string[]) => Promise<string>;

/**
 * The real-estate chaincode on a stubbed stub, with e-license behind
 * `invokeChaincode`: the real e-license contract on its own in-memory world,
 * called with the caller's MSP, time, transaction id and transient data, as
 * Fabric does. e-license writes of a transaction that fails are rolled back.
 */
export class Ledger {
  readonly ctx = new TestContext({ mspId: RE, time: T0 });
  readonly contract = new RealEstateContract();
  readonly eCtx = new TestContext({ mspId: PS, time: T0 });
  readonly eLicense = new LicenseContract();
  readonly invocations: Invocation[] = [];

  private constructor() {
    this.ctx.stub.invokeChaincode.callsFake((chaincode, args, channel) => this.#invoke(chaincode, args, channel));
    // e-license sees the client's proposal: to itself when called directly, to real-estate when called from it.
    this.ctx.stub.getSignedProposal.returns(proposalInvoking('real-estate'));
    this.eCtx.stub.getSignedProposal.returns(proposalInvoking('e-license'));
    // Certificate holders' references come from Real Estate's grants, identity documents' from Public Security's.
    this.grants = autoGrantHolderRefs(this.ctx, { ctx: this.eCtx, contract: this.eLicense });
    autoGrantHolderRefs(this.eCtx, { ctx: this.eCtx, contract: this.eLicense });
  }

  /** Real Estate's grants of the test persons' references (requested up front, reused by later calls). */
  readonly grants: HolderRefGrants;

  /** @returns a ledger with e-license seeded, an identity document for every test person and real-estate's roles */
  static async create(): Promise<Ledger> {
    const ledger = new Ledger();
    const { eCtx, eLicense } = ledger;
    await withGovernance(() => eCtx.submit(() => eLicense.SeedLicenseTypes(eCtx)));
    await eCtx.submit(() => eLicense.SetHolderRefKey(eCtx), { transient: { holderRefKey: HOLDER_REF_KEY } });
    for (const p of PERSONS) {
      const licence = canonicalJson({
        id: p.identityLicenceId,
        type: 'IDENTITY_DOCUMENT',
        fingerprint: p.identityFingerprint,
        metadata: { issuingAuthority: 'City Public Security Bureau', documentKind: 'RESIDENT_ID_CARD' },
      });
      await eCtx.submit(() => eLicense.IssueLicense(eCtx, licence), { mspId: PS, transient: holderTransient(p) });
    }
    await ledger.grants.warm(
      [RE],
      PERSONS.map((p) => p.idNumber),
      'ISSUE_LICENCE',
    );
    const { ctx, contract } = ledger;
    await withGovernance(() => ctx.submit(() => contract.SeedRoles(ctx), { mspId: RE }));
    ledger.invocations.length = 0;
    return ledger;
  }

  async #invoke(chaincode: string, args: string[], channel: string): Promise<ChaincodeResponse> {
    const [fn = '', ...rest] = args;
    this.invocations.push({ chaincode, fn, args: rest, channel, mspId: this.ctx.mspId });
    if (chaincode !== 'e-license' || channel !== 'govchannel') {
      return { status: 500, message: `chaincode ${chaincode} is not on channel ${channel}`, payload: Buffer.alloc(0) };
    }
    const method = (this.eLicense as unknown as Record<string, ELicenseFunction | undefined>)[fn];
    if (typeof method !== 'function') {
      return { status: 500, message: `unknown transaction ${fn}`, payload: Buffer.alloc(0) };
    }
    const transient: Record<string, string> = {};
    for (const [key, value] of this.ctx.stub.getTransient()) {
      transient[key] = Buffer.from(value).toString('utf8');
    }
    // e-license runs on the same peer as this chaincode (a co-endorser's, when peerMsp is set).
    this.eCtx.peerMsp = this.ctx.peerMsp;
    const options: TxOptions = {
      mspId: this.ctx.mspId,
      time: new Date(this.ctx.timeMillis).toISOString(),
      txId: this.ctx.txId,
      transient,
    };
    this.eCtx.stub.getSignedProposal.returns(this.ctx.stub.getSignedProposal());
    try {
      const result = await this.eCtx.submit(() => method.call(this.eLicense, this.eCtx, ...rest), options);
      return { status: 200, message: '', payload: Buffer.from(result, 'utf8') };
    } catch (err) {
      return { status: 500, message: (err as Error).message, payload: Buffer.alloc(0) };
    } finally {
      this.eCtx.stub.getSignedProposal.returns(proposalInvoking('e-license'));
    }
  }

  /**
   * Runs a real-estate call as a submitted transaction (e-license writes roll back if it fails).
   *
   * @param call - the call
   * @param options - caller, time, transient data
   * @returns the result
   */
  async submit(call: () => Promise<string>, options: TxOptions = {}): Promise<string> {
    const snapshot = snapshotWorld(this.eCtx.world);
    try {
      return await this.ctx.submit(call, options);
    } catch (err) {
      restoreWorld(this.eCtx.world, snapshot);
      throw err;
    }
  }

  /**
   * @param call - the call
   * @param options - caller, time, transient data
   * @returns the result of the evaluated call
   */
  async evaluate(call: () => Promise<string>, options: TxOptions = {}): Promise<string> {
    return this.ctx.evaluate(call, options);
  }

  /** @returns a dump of both worlds, to compare before and after a refused call */
  dump(): string {
    return `${this.ctx.world.dump()}\n${this.eCtx.world.dump()}`;
  }

  /**
   * @param licenceId - an e-license licence id
   * @returns the licence record in e-license
   */
  licence(licenceId: string): Record<string, unknown> {
    return this.eCtx.world.json(licenceKey(this.eCtx, licenceId)) as Record<string, unknown>;
  }

  /**
   * @param licenceId - licence id
   * @param fingerprint - presented fingerprint
   * @returns e-license VerifyLicense's result code
   */
  async verify(licenceId: string, fingerprint: string): Promise<string> {
    const text = await this.eCtx.evaluate(() => this.eLicense.VerifyLicense(this.eCtx, licenceId, fingerprint, ''));
    return parse<{ result: string }>(text).result;
  }

  /**
   * Expects a call to be refused with a code, writing nothing in either chaincode.
   *
   * @param call - the call
   * @param options - caller, time, transient data
   * @param message - expected message
   */
  async refuses(call: () => Promise<string>, options: TxOptions, message: RegExp): Promise<void> {
    const before = this.dump();
    await expect(this.submit(call, options)).to.be.rejectedWith(message);
    this.ctx.assertNothingWritten();
    expect(this.dump()).to.equal(before);
  }
}

interface WorldSnapshot {
  readonly state: [string, Uint8Array][];
  readonly privateData: [string, [string, Uint8Array][]][];
  readonly validationParameters: [string, Uint8Array][];
  readonly history: [string, WorldState['history'] extends Map<string, infer V> ? V : never][];
  readonly events: number;
}

function snapshotWorld(world: WorldState): WorldSnapshot {
  return {
    state: [...world.state.entries()],
    privateData: [...world.privateData.entries()].map(([name, entries]) => [name, [...entries.entries()]]),
    validationParameters: [...world.validationParameters.entries()],
    history: [...world.history.entries()].map(([key, records]) => [key, [...records]]),
    events: world.events.length,
  };
}

function restoreWorld(world: WorldState, snapshot: WorldSnapshot): void {
  world.state.clear();
  snapshot.state.forEach(([key, value]) => world.state.set(key, value));
  world.privateData.clear();
  snapshot.privateData.forEach(([name, entries]) => world.privateData.set(name, new Map(entries)));
  world.validationParameters.clear();
  snapshot.validationParameters.forEach(([key, value]) => world.validationParameters.set(key, value));
  world.history.clear();
  snapshot.history.forEach(([key, records]) => world.history.set(key, records));
  world.events.length = snapshot.events;
}

// ----------------------------------------------------------------- scenario

export const UNIT = 'U-310101-0001';
export const CERT_1 = 'REC-2025-0001';
export const CERT_2 = 'REC-2025-0002';
export const APP = 'TA-2025-0001';

/** Records kept on the ledger, as the tests read them. */
export interface UnitRecord {
  unitNumber: string;
  location: string;
  areaSquareMetres: string;
  use: string;
  landUseRight: Record<string, string>;
  owners: { holderRef: string; shareBasisPoints: number }[];
  encumbrances: Record<string, string>[];
  status: string;
  openApplicationId: string;
  certificateId: string;
  titleSequence: number;
  registeredAt: string;
  updatedAt: string;
  updatedByMsp: string;
  txId: string;
}

export interface ApplicationRecord {
  id: string;
  unitNumber: string;
  type: string;
  sellers: { holderRef: string; shareBasisPoints: number }[];
  buyers: { holderRef: string; shareBasisPoints: number }[];
  requiredSteps: string[];
  status: string;
  closedReason: string;
  rejectedStep: string;
  certificateId: string;
  previousCertificateId: string;
  [field: string]: unknown;
}

export interface StepRecord {
  applicationId: string;
  step: string;
  departmentMsp: string;
  status: string;
  [field: string]: unknown;
}

/**
 * @param overrides - land-use right overrides
 * @returns a landUseRightJson
 */
export function landUseRightJson(overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    unitNumber: UNIT,
    kind: 'GRANTED',
    termEnd: '2085-06-30T00:00:00Z',
    evidenceFingerprint: fp('land-use right confirmation'),
    ...overrides,
  });
}

/**
 * @param overrides - unitJson overrides
 * @returns a unitJson: the seller owns the whole unit and holds its certificate
 */
export function unitJson(overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    unitNumber: UNIT,
    location: 'Building 3, 18 Harbour Road, Unit 1202',
    areaSquareMetres: '89.50',
    use: 'RESIDENTIAL',
    owners: [{ holderRef: SELLER.holderRef, shareBasisPoints: 10000 }],
    certificateId: CERT_1,
    certificateFingerprint: fp('certificate 1'),
    certificateHolderRef: SELLER.holderRef,
    ...overrides,
  });
}

/**
 * Confirms the land-use right and registers the unit.
 *
 * @param ledger - the ledger
 * @param rightOverrides - land-use right overrides
 * @returns the unit
 */
export async function registeredUnit(
  ledger: Ledger,
  rightOverrides: Readonly<Record<string, unknown>> = {},
): Promise<UnitRecord> {
  const { ctx, contract } = ledger;
  await ledger.submit(() => contract.ConfirmLandUseRight(ctx, landUseRightJson(rightOverrides)), { mspId: NR });
  return parse<UnitRecord>(
    await ledger.submit(() => contract.RegisterUnit(ctx, unitJson()), {
      mspId: RE,
      transient: holderTransient(SELLER),
    }),
  );
}

/** Buyers of the standard sale: a couple, half each (sorted by holder reference, as stored). */
export const BUYERS = [
  { holderRef: BUYER_A.holderRef, shareBasisPoints: 5000 },
  { holderRef: BUYER_B.holderRef, shareBasisPoints: 5000 },
].sort((a, b) => (a.holderRef < b.holderRef ? -1 : 1));

/**
 * @param overrides - applicationJson overrides
 * @returns the applicationJson of the standard stock-housing sale with a provident-fund loan
 */
export function applicationJson(overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    id: APP,
    unitNumber: UNIT,
    type: 'SALE',
    sellers: [{ holderRef: SELLER.holderRef, shareBasisPoints: 10000 }],
    buyers: BUYERS,
    providentFundLoan: true,
    marriedParty: true,
    dispositions: [],
    applicationFingerprint: fp('application forms'),
    ...overrides,
  });
}

/**
 * @param extra - further members
 * @returns the transient data of OpenTransferApplication
 */
export function transferDetailTransient(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    transferDetail: JSON.stringify({
      declaredPrice: DECLARED_PRICE,
      currency: 'CNY',
      sellerName: SELLER.name,
      buyerNames: `${BUYER_A.name}; ${BUYER_B.name}`,
      salt: SALT,
      ...extra,
    }),
  };
}

/**
 * Opens the standard sale.
 *
 * @param ledger - the ledger
 * @param overrides - applicationJson overrides
 * @returns the application
 */
export async function openSale(
  ledger: Ledger,
  overrides: Readonly<Record<string, unknown>> = {},
): Promise<ApplicationRecord> {
  const { ctx, contract } = ledger;
  return parse<ApplicationRecord>(
    await ledger.submit(() => contract.OpenTransferApplication(ctx, applicationJson(overrides)), {
      mspId: RE,
      transient: transferDetailTransient(),
    }),
  );
}

/** @returns the identityJson presenting every party of the standard sale */
export function identityJson(persons: readonly Person[] = [SELLER, BUYER_A, BUYER_B]): string {
  return JSON.stringify({
    evidenceFingerprint: fp('identity verification record'),
    documents: persons.map((p) => ({
      holderRef: p.holderRef,
      licenceId: p.identityLicenceId,
      fingerprint: p.identityFingerprint,
    })),
  });
}

/** A step transaction of the standard sale: who calls it, and how. */
export interface StepCall {
  readonly step: string;
  readonly mspId: string;
  readonly run: (ledger: Ledger, applicationId?: string) => Promise<string>;
}

export const STEP_CALLS: Record<string, StepCall> = {
  identity: {
    step: 'IDENTITY',
    mspId: PS,
    run: (l, id = APP) => l.contract.RecordIdentityVerification(l.ctx, id, identityJson()),
  },
  marital: {
    step: 'MARITAL_STATUS',
    mspId: CA,
    run: (l, id = APP) =>
      l.contract.RecordMaritalStatus(l.ctx, id, JSON.stringify({ evidenceFingerprint: fp('marital attestation') })),
  },
  assess: {
    step: 'TAX',
    mspId: TAX,
    run: (l, id = APP) =>
      l.contract.RecordTaxAssessment(l.ctx, id, JSON.stringify({ assessmentFingerprint: fp('tax assessment') })),
  },
  clear: {
    step: 'TAX',
    mspId: TAX,
    run: (l, id = APP) =>
      l.contract.RecordTaxClearance(l.ctx, id, JSON.stringify({ evidenceFingerprint: fp('tax clearance') })),
  },
  loan: {
    step: 'PROVIDENT_FUND',
    mspId: PF,
    run: (l, id = APP) =>
      l.contract.RecordLoanApproval(
        l.ctx,
        id,
        JSON.stringify({ evidenceFingerprint: fp('loan contract'), loanId: 'PFL-2025-77', mortgageId: 'M-PF-1' }),
      ),
  },
  land: {
    step: 'LAND_USE_RIGHT',
    mspId: NR,
    run: (l, id = APP) =>
      l.contract.RecordLandUseConfirmation(
        l.ctx,
        id,
        JSON.stringify({
          evidenceFingerprint: fp('land conversion'),
          kind: 'GRANTED',
          termEnd: '2095-01-01T00:00:00Z',
        }),
      ),
  },
};

/** Transient data of the private inputs of steps. */
export const STEP_TRANSIENT: Record<string, Record<string, string>> = {
  assess: { taxAssessment: JSON.stringify({ assessedAmount: '98400.00', deedTax: '98400.00', salt: SALT }) },
  loan: { loanDetail: JSON.stringify({ loanAmount: '1200000.00', termMonths: '360', salt: SALT }) },
};

/**
 * Runs step transactions in order, each by its department.
 *
 * @param ledger - the ledger
 * @param names - keys of {@link STEP_CALLS}
 * @param applicationId - the application
 */
export async function runSteps(ledger: Ledger, names: readonly string[], applicationId = APP): Promise<void> {
  for (const name of names) {
    const call = STEP_CALLS[name]!;
    await ledger.submit(() => call.run(ledger, applicationId), {
      mspId: call.mspId,
      ...(STEP_TRANSIENT[name] === undefined ? {} : { transient: STEP_TRANSIENT[name] }),
    });
  }
}

/** Every step transaction of the standard sale. */
export const ALL_STEPS = ['identity', 'marital', 'assess', 'clear', 'loan'] as const;

/**
 * @param overrides - registrationJson overrides
 * @returns the registrationJson issuing CERT_2 to BUYER_A
 */
export function registrationJson(overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    certificateId: CERT_2,
    certificateFingerprint: fp('certificate 2'),
    certificateHolderRef: BUYER_A.holderRef,
    ...overrides,
  });
}

/**
 * Registers the standard sale.
 *
 * @param ledger - the ledger
 * @param applicationId - the application
 * @returns `{ application, unit }`
 */
export async function registerSale(
  ledger: Ledger,
  applicationId = APP,
): Promise<{ application: ApplicationRecord; unit: UnitRecord }> {
  const { ctx, contract } = ledger;
  return parse(
    await ledger.submit(() => contract.RegisterTransfer(ctx, applicationId, registrationJson()), {
      mspId: RE,
      transient: holderTransient(BUYER_A),
    }),
  );
}

/**
 * @param ledger - the ledger
 * @param key - a state key of the real-estate chaincode
 * @returns the committed value
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the record's shape
export function stateOf<T>(ledger: Ledger, key: string): T {
  return ledger.ctx.world.json(key) as T;
}

/**
 * @param ledger - the ledger
 * @param key - a state key of the real-estate chaincode
 * @returns its committed key-level policy as describePolicy renders it, or undefined when it has none
 */
export function policyOf(ledger: Ledger, key: string): string | undefined {
  const bytes = ledger.ctx.world.validationParameters.get(key);
  return bytes === undefined ? undefined : describePolicy(bytes);
}

/**
 * @param id - certificate id
 * @param fingerprint - the certificate document's SHA-256
 * @param metadata - certificate metadata (e.g. an existing certificate's)
 * @returns an e-license licenceJson of a real-estate certificate
 */
export function canonicalLicence(id: string, fingerprint: string, metadata: unknown): string {
  return canonicalJson({ id, type: 'REAL_ESTATE_CERTIFICATE', fingerprint, metadata });
}
