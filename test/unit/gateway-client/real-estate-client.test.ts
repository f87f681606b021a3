import { GovchainError, REAL_ESTATE_ENDORSERS, REJECT_ENDORSERS, realEstateClient } from '@govchain/gateway-client';
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
const APPLICATION = { id: 'TA-1', unitNumber: 'U-1', status: 'OPEN', requiredSteps: ['IDENTITY', 'TAX'] };
const STEP = { applicationId: 'TA-1', step: 'MARITAL_STATUS', status: 'DONE' };

describe('realEstateClient', () => {
  it('opens an application endorsed by Real Estate and Tax, with price and names only in transient data', async () => {
    const { connection, calls } = fakeConnection('RealEstateMSP', { OpenTransferApplication: APPLICATION });
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
    const [call] = calls;
    expect(call?.options.endorsingOrganizations).to.deep.equal(['RealEstateMSP', 'TaxMSP']);
    const args = (call?.options.arguments ?? []).map(text).join(' ');
    expect(args).to.not.include('Seller Name').and.not.include('3460000');
    const detail = JSON.parse(text(call?.options.transientData?.transferDetail)) as Record<string, string>;
    expect(detail).to.include({ declaredPrice: '3460000.00', sellerName: 'Seller Name' });
    expect(detail.salt, 'a fresh privacy salt').to.match(/^[0-9a-f]{64}$/);
  });

  it("has each department's step endorsed by that department and Real Estate", async () => {
    const { connection, calls } = fakeConnection('CivilAffairsMSP', { RecordMaritalStatus: STEP });
    await realEstateClient(connection).recordMaritalStatus('TA-1', { evidenceFingerprint: FP });
    expect(calls[0]?.options.endorsingOrganizations).to.deep.equal(['CivilAffairsMSP', 'RealEstateMSP']);
    expect(REAL_ESTATE_ENDORSERS.RecordMaritalStatus).to.deep.equal(['CivilAffairsMSP', 'RealEstateMSP']);
  });

  it('registers a transfer endorsed by Real Estate and Public Security, the new holder only in transient data', async () => {
    const registered = {
      application: APPLICATION,
      unit: { unitNumber: 'U-1', certificateId: 'REC-2', status: 'REGISTERED' },
    };
    const { connection, calls } = fakeConnection('RealEstateMSP', { RegisterTransfer: registered });
    await realEstateClient(connection)
      .registerTransfer(
        'TA-1',
        { certificateId: 'REC-2', certificateFingerprint: FP, certificateHolderRef: REF_B },
        { holderRefGrant: 'a7'.repeat(32), idNumber: '310101199001011234', name: 'Buyer Name' },
      )
      .catch(() => undefined);
    const [call] = calls;
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
    const unit = { unitNumber: 'U-1', certificateId: 'REC-1', status: 'REGISTERED' };
    const { connection, calls } = fakeConnection('RealEstateMSP', { RegisterUnit: unit });
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
    const salts = calls.map((call) => text(call.options.transientData?.salt));
    expect(salts[0]).to.match(/^[0-9a-f]{64}$/);
    expect(salts[1])
      .to.match(/^[0-9a-f]{64}$/)
      .and.not.equal(salts[0]);
  });

  it("replaces a unit's certificate through Real Estate and Public Security, holder data in transient only", async () => {
    const unit = { unitNumber: 'U-1', certificateId: 'REC-2', status: 'REGISTERED' };
    const { connection, calls } = fakeConnection('RealEstateMSP', { ReplaceCertificate: unit });
    const holder = { holderRefGrant: 'a7'.repeat(32), idNumber: '310101199001011234', name: 'Owner Name' };
    const { result } = await realEstateClient(connection).replaceCertificate(
      'U-1',
      { certificateId: 'REC-2', certificateFingerprint: FP },
      'LOST',
      holder,
    );
    expect(result).to.deep.include(unit);
    const [call] = calls;
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
      RejectStep: { ...APPLICATION, status: 'REJECTED' },
    });
    await realEstateClient(connection).rejectStep('TA-1', 'TAX', 'TAX_UNPAID');
    expect(calls[0]?.options.endorsingOrganizations).to.deep.equal(REJECT_ENDORSERS.TAX);
  });

  it('takes endorser overrides per transaction', async () => {
    const { connection, calls } = fakeConnection('CivilAffairsMSP', { RecordMaritalStatus: STEP });
    await realEstateClient(connection, {
      endorsers: { RecordMaritalStatus: ['CivilAffairsMSP', 'TaxMSP'] },
    }).recordMaritalStatus('TA-1', { evidenceFingerprint: FP });
    expect(calls[0]?.options.endorsingOrganizations).to.deep.equal(['CivilAffairsMSP', 'TaxMSP']);
  });

  it('refuses a result of the wrong shape with INVALID_RESULT', async () => {
    const { connection } = fakeConnection('CivilAffairsMSP', { RecordMaritalStatus: { applicationId: 'TA-1' } });
    const err: unknown = await realEstateClient(connection)
      .recordMaritalStatus('TA-1', { evidenceFingerprint: FP })
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(GovchainError).and.have.property('code', 'INVALID_RESULT');
  });
});
