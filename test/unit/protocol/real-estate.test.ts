import { canonicalJson, parseRecord } from '@govchain/protocol';
import {
  ApplicationProgress,
  OpenTransferInput,
  PropertyUnit,
  TransferApplication,
  TransferDetail,
} from '@govchain/protocol/real-estate';
import { RoleConfig } from '@govchain/protocol/roles';
import { expect } from '../common/setup';

const fail = (detail: string): Error => new Error(`BAD: ${detail}`);
const FP = 'ab'.repeat(32);
const AT = '2025-03-01T08:00:00.000Z';
const STAMP = { updatedAt: AT, updatedByMsp: 'RealEstateMSP', txId: 'tx-1' };
const UNIT = {
  unitNumber: 'U-1',
  location: 'Harbour Road 1',
  areaSquareMetres: '89.50',
  use: 'RESIDENTIAL',
  landUseRight: {
    unitNumber: 'U-1',
    kind: 'ALLOCATED',
    termEnd: '',
    evidenceFingerprint: FP,
    confirmedByMsp: 'NaturalResourcesMSP',
    confirmedAt: AT,
    txId: 'tx-0',
  },
  owners: [
    { holderRef: 'aa'.repeat(32), shareBasisPoints: 4000 },
    { holderRef: 'bb'.repeat(32), shareBasisPoints: 6000 },
  ],
  encumbrances: [
    {
      id: 'M-1',
      kind: 'MORTGAGE',
      holder: 'BANK-1',
      evidenceFingerprint: FP,
      applicationId: '',
      registeredAt: AT,
      registeredByMsp: 'RealEstateMSP',
      txId: 'tx-2',
    },
  ],
  status: 'REGISTERED',
  openApplicationId: '',
  certificateId: 'REC-1',
  titleSequence: 1,
  registeredAt: AT,
  ...STAMP,
};
const OPEN = {
  id: 'TA-1',
  unitNumber: 'U-1',
  type: 'SALE',
  sellers: [{ holderRef: 'aa'.repeat(32), shareBasisPoints: 10000 }],
  buyers: [{ holderRef: 'cc'.repeat(32), shareBasisPoints: 10000 }],
  applicationFingerprint: FP,
};

describe('protocol: real-estate records', () => {
  it('round-trips a unit: parsed into class instances, serialized to the same canonical JSON', () => {
    const unit = parseRecord(PropertyUnit, JSON.parse(JSON.stringify(UNIT)), 'unit', fail);
    expect(unit).to.be.instanceOf(PropertyUnit);
    expect(unit.landUseRight.kind).to.equal('ALLOCATED');
    expect(canonicalJson(unit)).to.equal(canonicalJson(UNIT));
  });

  it('refuses a bad member with its path', () => {
    const bad = { ...UNIT, encumbrances: [{ ...UNIT.encumbrances[0], kind: 'LIEN' }] };
    expect(() => parseRecord(PropertyUnit, bad, 'unit', fail)).to.throw(
      'BAD: unit.encumbrances[0].kind must be one of MORTGAGE, SEIZURE',
    );
    const area = { ...UNIT, areaSquareMetres: '89.505' };
    expect(() => parseRecord(PropertyUnit, area, 'unit', fail)).to.throw(
      /^BAD: unit\.areaSquareMetres must be a decimal/,
    );
  });

  it('refuses owner lists whose shares do not sum to 10000 or that repeat a holder', () => {
    const short = { ...UNIT, owners: [{ holderRef: 'aa'.repeat(32), shareBasisPoints: 9000 }] };
    expect(() => parseRecord(PropertyUnit, short, 'unit', fail)).to.throw(
      'BAD: unit.owners shares must sum to 10000 basis points, not 9000',
    );
    const twice = { ...OPEN, buyers: [OPEN.buyers[0], OPEN.buyers[0]].map((b) => ({ ...b, shareBasisPoints: 5000 })) };
    expect(() => parseRecord(OpenTransferInput, twice, 'application', fail)).to.throw(
      'BAD: application.buyers repeats a holder at [1]',
    );
  });

  it('refuses an owner list holding something that is not an owner with its code, never a TypeError (found by fuzzing)', () => {
    for (const sellers of [[null], [1], ['x'], [[]]]) {
      expect(
        () => parseRecord(OpenTransferInput, { ...OPEN, sellers }, 'application', fail),
        JSON.stringify(sellers),
      ).to.throw(/^BAD: application\.sellers/);
    }
  });

  it('refuses an unknown member, at the top and nested', () => {
    expect(() => parseRecord(OpenTransferInput, { ...OPEN, price: '1' }, 'application', fail)).to.throw(
      'BAD: application has unknown field "price"',
    );
    const nested = { ...UNIT, landUseRight: { ...UNIT.landUseRight, owner: 'x' } };
    expect(() => parseRecord(PropertyUnit, nested, 'unit', fail)).to.throw(/unknown field "owner"/);
  });

  it('refuses __proto__ and constructor members before transforming', () => {
    const proto = JSON.parse(`{"__proto__":{"polluted":true},"id":"TA-1"}`) as unknown;
    expect(() => parseRecord(OpenTransferInput, proto, 'application', fail)).to.throw(
      'BAD: application has unknown field "__proto__"',
    );
    const deep = JSON.parse(`{"sellers":[{"constructor":{}}]}`) as unknown;
    expect(() => parseRecord(OpenTransferInput, { ...OPEN, ...(deep as object) }, 'application', fail)).to.throw(
      /unknown field "constructor"/,
    );
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('accepts the optional members of an input absent, and null private records of a transfer detail', () => {
    expect(parseRecord(OpenTransferInput, OPEN, 'application', fail).dispositions).to.equal(undefined);
    const detail = { applicationId: 'TA-1', transferDetail: null, taxAssessment: null, loanDetail: null };
    expect(parseRecord(TransferDetail, detail, 'detail', fail).taxAssessment).to.equal(null);
  });

  it('refuses a stored application that lacks a member (no silent default)', () => {
    const application = { ...OPEN, providentFundLoan: false, marriedParty: false, requiredSteps: ['IDENTITY'] };
    expect(() => parseRecord(TransferApplication, application, 'application', fail)).to.throw(
      /^BAD: application\.dispositions/,
    );
  });

  it('checks a progress view and a role configuration', () => {
    const progress = {
      applicationId: 'TA-1',
      unitNumber: 'U-1',
      type: 'GIFT',
      status: 'OPEN',
      openedAt: AT,
      closedAt: '',
      closedReason: '',
      steps: [],
      doneCount: 0,
      requiredCount: 0,
      waitingOn: ['RealEstateMSP'],
      readyForRegistration: true,
      certificateId: '',
      summary: 'ok',
    };
    expect(parseRecord(ApplicationProgress, progress, 'progress', fail).waitingOn).to.deep.equal(['RealEstateMSP']);
    const roles = { departmentMsps: ['AMSP', 'BMSP'], roles: [{ role: 'Bad Role', msps: ['AMSP'] }], ...STAMP };
    expect(() => parseRecord(RoleConfig, roles, 'roles', fail)).to.throw(/^BAD: roles\.roles\[0\]\.role must be/);
  });
});
