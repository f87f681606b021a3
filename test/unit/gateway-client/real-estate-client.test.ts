import { GovchainError, REAL_ESTATE_ENDORSING_ROLES, realEstateClient } from '@govchain/gateway-client';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { fakeConnection } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

const text = (value: Uint8Array | string | undefined): string =>
  typeof value === 'string' ? value : new TextDecoder().decode(value);
const REF_A = 'aa'.repeat(32);
const REF_B = 'bb'.repeat(32);
const FP = 'cd'.repeat(32);
const AT = '2025-03-01T08:00:00.000Z';
const STAMP = { updatedAt: AT, updatedByMsp: 'RealEstateMSP', txId: 'tx-1' };
const ROLES = {
  departmentMsps: ['CivilAffairsMSP', 'HealthMSP', 'NaturalResourcesMSP', 'ProvidentFundMSP', 'PublicSecurityMSP']
    .concat(['RealEstateMSP', 'TaxMSP'])
    .sort(),
  roles: [
    { role: 'identityAuthority', msps: ['PublicSecurityMSP'] },
    { role: 'landAuthority', msps: ['NaturalResourcesMSP'] },
    { role: 'maritalRegistry', msps: ['CivilAffairsMSP'] },
    { role: 'propertyRegistry', msps: ['RealEstateMSP'] },
    { role: 'providentFund', msps: ['ProvidentFundMSP'] },
    { role: 'taxAuthority', msps: ['TaxMSP'] },
  ],
  ...STAMP,
};
const OWNERS = [{ holderRef: REF_A, shareBasisPoints: 10000 }];
const APPLICATION = {
  id: 'TA-1',
  unitNumber: 'U-1',
  type: 'SALE',
  sellers: OWNERS,
  buyers: [{ holderRef: REF_B, shareBasisPoints: 10000 }],
  providentFundLoan: false,
  marriedParty: false,
  requiredSteps: ['IDENTITY', 'TAX'],
  dispositions: [],
  applicationFingerprint: FP,
  status: 'OPEN',
  closedReason: '',
  rejectedStep: '',
  closingFingerprint: '',
  closedAt: '',
  closedByMsp: '',
  previousCertificateId: 'REC-1',
  certificateId: '',
  openedAt: AT,
  openedByMsp: 'RealEstateMSP',
  ...STAMP,
};
const STEP = {
  applicationId: 'TA-1',
  step: 'MARITAL_STATUS',
  departmentMsp: 'CivilAffairsMSP',
  status: 'DONE',
  evidenceFingerprint: FP,
  assessmentFingerprint: '',
  reasonCode: '',
  identityChecks: [],
  loanId: '',
  mortgageId: '',
  mortgagee: '',
  mortgageContractFingerprint: '',
  landUseKind: '',
  landUseTermEnd: '',
  ...STAMP,
};
const UNIT = {
  unitNumber: 'U-1',
  location: 'Harbour Road 1',
  areaSquareMetres: '89.50',
  use: 'RESIDENTIAL',
  landUseRight: {
    unitNumber: 'U-1',
    kind: 'GRANTED',
    termEnd: '2090-01-01T00:00:00.000Z',
    evidenceFingerprint: FP,
    confirmedByMsp: 'NaturalResourcesMSP',
    confirmedAt: AT,
    txId: 'tx-0',
  },
  owners: OWNERS,
  encumbrances: [],
  status: 'REGISTERED',
  openApplicationId: '',
  certificateId: 'REC-1',
  titleSequence: 1,
  registeredAt: AT,
  ...STAMP,
};

describe('realEstateClient', () => {
  it('opens an application endorsed by Real Estate and Tax, with price and names only in transient data', async () => {
    const { connection, calls } = fakeConnection('RealEstateMSP', {
      GetRoles: ROLES,
      OpenTransferApplication: APPLICATION,
    });
    const { result } = await realEstateClient(connection).openTransferApplication(
      {
        id: 'TA-1',
        unitNumber: 'U-1',
        type: 'SALE',
        sellers: [{ holderRef: REF_A, shareBasisPoints: 10000 }],
        buyers: [{ holderRef: REF_B, shareBasisPoints: 10000 }],
        providentFundLoan: false,
        marriedParty: false,
        applicationFingerprint: FP,
      },
      { declaredPrice: '3460000.00', currency: 'CNY', sellerName: 'Seller Name', buyerNames: 'Buyer Name' },
    );
    expect(result).to.deep.equal(APPLICATION);
    const call = calls.find((c) => c.name === 'OpenTransferApplication');
    expect(call?.options.endorsingOrganizations).to.deep.equal(['RealEstateMSP', 'TaxMSP']);
    const args = (call?.options.arguments ?? []).map(text).join(' ');
    expect(args).to.not.include('Seller Name').and.not.include('3460000');
    const detail = JSON.parse(text(call?.options.transientData?.transferDetail)) as Record<string, string>;
    expect(detail).to.include({ declaredPrice: '3460000.00', sellerName: 'Seller Name' });
    expect(detail.salt, 'a fresh privacy salt').to.match(/^[0-9a-f]{64}$/);
  });

  it("has each department's step endorsed by that department and Real Estate", async () => {
    const { connection, calls } = fakeConnection('CivilAffairsMSP', { GetRoles: ROLES, RecordMaritalStatus: STEP });
    const client = realEstateClient(connection);
    await client.recordMaritalStatus('TA-1', { evidenceFingerprint: FP });
    await client.recordMaritalStatus('TA-1', { evidenceFingerprint: FP });
    expect(
      calls.map((c) => `${c.kind} ${c.name}`),
      'the roles are read once',
    ).to.deep.equal(['evaluate GetRoles', 'submit RecordMaritalStatus', 'submit RecordMaritalStatus']);
    expect(calls[1]?.options.endorsingOrganizations).to.deep.equal(['CivilAffairsMSP', 'RealEstateMSP']);
    expect(REAL_ESTATE_ENDORSING_ROLES.RecordMaritalStatus).to.deep.equal(['maritalRegistry', 'propertyRegistry']);
  });

  it('registers a transfer endorsed by Real Estate and Public Security, the new holder only in transient data', async () => {
    const registered = { application: APPLICATION, unit: { ...UNIT, certificateId: 'REC-2' } };
    const { connection, calls } = fakeConnection('RealEstateMSP', { GetRoles: ROLES, RegisterTransfer: registered });
    await realEstateClient(connection)
      .registerTransfer(
        'TA-1',
        { certificateId: 'REC-2', certificateFingerprint: FP, certificateHolderRef: REF_B },
        { holderRefGrant: 'a7'.repeat(32), idNumber: '310101199001011234', name: 'Buyer Name' },
      )
      .catch(() => undefined);
    const call = calls[1];
    expect(call?.name).to.equal('RegisterTransfer');
    expect(call?.options.endorsingOrganizations).to.deep.equal(['RealEstateMSP', 'PublicSecurityMSP']);
    expect(text(call?.options.transientData?.idNumber)).to.equal('310101199001011234');
    expect(text(call?.options.transientData?.holderRefGrant)).to.equal('a7'.repeat(32));
    // e-license refuses the certificate's private detail without the client's random salt (issue 13, item 2).
    expect(text(call?.options.transientData?.salt), 'a fresh privacy salt').to.match(/^[0-9a-f]{64}$/);
    const args = (call?.options.arguments ?? []).map(text).join(' ');
    expect(args).to.not.include('310101199001011234').and.not.include('Buyer Name');
  });

  it('registers a unit with a fresh random salt for the certificate’s private detail on every call', async () => {
    const { connection, calls } = fakeConnection('RealEstateMSP', { GetRoles: ROLES, RegisterUnit: UNIT });
    const client = realEstateClient(connection);
    const input = {
      unitNumber: 'U-1',
      location: 'Harbour Road 1',
      areaSquareMetres: '89.50',
      use: 'RESIDENTIAL',
      owners: [{ holderRef: REF_A, shareBasisPoints: 10000 }],
      certificateId: 'REC-1',
      certificateFingerprint: FP,
      certificateHolderRef: REF_A,
    } as Parameters<typeof client.registerUnit>[0];
    const holder = { holderRefGrant: 'a7'.repeat(32), idNumber: '310101199001011234', name: 'Owner Name' };
    await client.registerUnit(input, holder);
    await client.registerUnit(input, holder);
    const salts = calls.filter((c) => c.name === 'RegisterUnit').map((call) => text(call.options.transientData?.salt));
    expect(salts[0]).to.match(/^[0-9a-f]{64}$/);
    expect(salts[1])
      .to.match(/^[0-9a-f]{64}$/)
      .and.not.equal(salts[0]);
  });

  it("replaces a unit's certificate through Real Estate and Public Security, holder data in transient only", async () => {
    const unit = { ...UNIT, certificateId: 'REC-2' };
    const { connection, calls } = fakeConnection('RealEstateMSP', { GetRoles: ROLES, ReplaceCertificate: unit });
    const holder = { holderRefGrant: 'a7'.repeat(32), idNumber: '310101199001011234', name: 'Owner Name' };
    const { result } = await realEstateClient(connection).replaceCertificate(
      'U-1',
      { certificateId: 'REC-2', certificateFingerprint: FP },
      'LOST',
      holder,
    );
    expect(result).to.deep.include(unit);
    const call = calls[1];
    expect(call).to.include({ kind: 'submit', name: 'ReplaceCertificate' });
    expect(call?.options.endorsingOrganizations).to.deep.equal(['RealEstateMSP', 'PublicSecurityMSP']);
    const args = (call?.options.arguments ?? []).map(text);
    expect(args[0]).to.equal('U-1');
    expect(JSON.parse(args[1] ?? '')).to.deep.equal({ certificateId: 'REC-2', certificateFingerprint: FP });
    expect(args[2]).to.equal('LOST');
    expect(args.join(' ')).to.not.include('310101199001011234').and.not.include('Owner Name');
    expect(text(call?.options.transientData?.holderRefGrant)).to.equal('a7'.repeat(32));
    expect(text(call?.options.transientData?.salt)).to.match(/^[0-9a-f]{64}$/);
  });

  it('has a rejection endorsed by the rejecting step department', async () => {
    const { connection, calls } = fakeConnection('TaxMSP', {
      GetRoles: ROLES,
      RejectStep: { ...APPLICATION, status: 'REJECTED', closedReason: 'TAX_UNPAID', rejectedStep: 'TAX' },
    });
    await realEstateClient(connection).rejectStep('TA-1', 'TAX', 'TAX_UNPAID');
    expect(calls[1]?.options.endorsingOrganizations).to.deep.equal(['TaxMSP', 'RealEstateMSP']);
  });

  it('takes endorser overrides per transaction', async () => {
    const { connection, calls } = fakeConnection('CivilAffairsMSP', { RecordMaritalStatus: STEP });
    await realEstateClient(connection, {
      endorsers: { RecordMaritalStatus: ['CivilAffairsMSP', 'TaxMSP'] },
    }).recordMaritalStatus('TA-1', { evidenceFingerprint: FP });
    expect(calls[0]?.options.endorsingOrganizations).to.deep.equal(['CivilAffairsMSP', 'TaxMSP']);
  });

  it('refuses a result of the wrong shape with INVALID_RESULT naming the member', async () => {
    const { connection } = fakeConnection('CivilAffairsMSP', {
      GetRoles: ROLES,
      RecordMaritalStatus: { ...STEP, status: 'FINISHED' },
    });
    const err: unknown = await realEstateClient(connection)
      .recordMaritalStatus('TA-1', { evidenceFingerprint: FP })
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(GovchainError).and.have.property('code', 'INVALID_RESULT');
    expect((err as Error).message).to.include('$.status must be one of PENDING, ASSESSED, DONE, REJECTED');
  });

  it('refuses a malformed input before sending it (TypeError naming the member)', async () => {
    const { connection, calls } = fakeConnection('RealEstateMSP', { GetRoles: ROLES });
    const client = realEstateClient(connection);
    const input = {
      id: 'TA-1',
      unitNumber: 'U-1',
      type: 'SALE' as const,
      sellers: OWNERS,
      buyers: [{ holderRef: REF_B, shareBasisPoints: 9000 }],
      applicationFingerprint: FP,
    };
    const err: unknown = await Promise.resolve()
      .then(() => client.openTransferApplication(input, { declaredPrice: '1.00' }))
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TypeError);
    expect((err as Error).message).to.equal('application.buyers shares must sum to 10000 basis points, not 9000');
    expect(calls.filter((c) => c.kind === 'submit')).to.deep.equal([]);
  });

  it('seeds the roles through service discovery (there are no roles to read before)', async () => {
    const { connection, calls } = fakeConnection('TaxMSP', { SeedRoles: ROLES });
    const { result } = await realEstateClient(connection).seedRoles();
    expect(result.roles.map((r) => r.role)).to.include('taxAuthority');
    expect(calls[0]?.options.endorsingOrganizations).to.equal(undefined);
  });

  it('has a role update endorsed by a majority of the departments, the caller first', async () => {
    const { connection, calls } = fakeConnection('TaxMSP', { GetRoles: ROLES, UpdateRoles: ROLES });
    await realEstateClient(connection).updateRoles();
    expect(calls[1]?.options.endorsingOrganizations).to.deep.equal([
      'TaxMSP',
      'CivilAffairsMSP',
      'HealthMSP',
      'NaturalResourcesMSP',
    ]);
  });
});
