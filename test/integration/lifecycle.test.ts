import '../support/env';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import {
  type BidRecordClient,
  ChaincodeError,
  type GovchainConnection,
  type RealEstateClient,
  bidRecordClient,
  bidderSigner,
  evaluate,
  fingerprintBuffer,
  generateBidderKeyPair,
  realEstateClient,
  sealBid,
  signBidderKeyBinding,
  submit,
} from '@govchain/gateway-client';
import { connectAs, uniqueId } from './support';
import { holderTransient, newEnterpriseCode, newPerson } from './test-data';

chai.use(chaiAsPromised);
const { expect } = chai;

/*
 * Issue 13, items 11–14 across chaincodes on the real network: what a stubbed invokeChaincode and a hand-made
 * signed proposal cannot show — e-license's verdict reached through invokeChaincode from bid-record, and the
 * owning-chaincode rule judged on the proposal the peers really pass to e-license.
 */

const MR = 'MarketRegulationMSP';
const PS = 'PublicSecurityMSP';
const RE = 'RealEstateMSP';
const DAY = 86_400_000;

async function refusal(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err: unknown = await promise.then(
    () => expect.fail(`expected a ${code} refusal`),
    (e: unknown) => e,
  );
  expect(err, String(err)).to.be.instanceOf(ChaincodeError);
  expect((err as ChaincodeError).code, (err as Error).message).to.equal(code);
  expect((err as ChaincodeError).message).to.match(message);
}

describe('lifecycle across chaincodes (issue 13, items 11–14)', function () {
  this.timeout(240_000);

  const run = uniqueId('lc');
  const doc = (what: string): string => fingerprintBuffer(`${run} ${what}`);
  const connections: GovchainConnection[] = [];
  let marketRegulation: GovchainConnection;
  let realEstateConnection: GovchainConnection;
  let publicSecurity: GovchainConnection;
  let tc1: BidRecordClient;
  let regulator: BidRecordClient;
  let realEstate: RealEstateClient;
  let naturalResources: RealEstateClient;

  before(async function () {
    marketRegulation = await connectAs('market-regulation');
    realEstateConnection = await connectAs('real-estate');
    publicSecurity = await connectAs('public-security');
    const centre = await connectAs('trading-center');
    const nr = await connectAs('natural-resources');
    connections.push(marketRegulation, realEstateConnection, publicSecurity, centre, nr);
    tc1 = bidRecordClient(centre);
    regulator = bidRecordClient(marketRegulation);
    realEstate = realEstateClient(realEstateConnection);
    naturalResources = realEstateClient(nr);
  });

  after(function () {
    for (const connection of connections) connection.close();
  });

  async function verify(licenceId: string, fingerprint: string): Promise<string> {
    const result = (await evaluate(publicSecurity.getContract('e-license'), 'VerifyLicense', {
      arguments: [licenceId, fingerprint, ''],
    })) as { result: string };
    return result.result;
  }

  /** Issues a business licence (Market Regulation) and renews it ahead of time: the renewal starts in 30 days. */
  async function renewedAhead(bidderCode: string): Promise<{ old: string; renewal: string }> {
    const representative = newPerson('legal representative');
    const licence = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      id,
      type: 'BUSINESS_LICENCE',
      fingerprint: doc(`business licence ${id}`),
      metadata: {
        enterpriseName: `Renewed Ahead Co., Ltd. (${run})`,
        unifiedSocialCreditCode: bidderCode,
        businessScope: 'construction',
        registeredCapital: '10000000',
      },
      ...extra,
    });
    const old = `BL-${run}-${bidderCode.slice(-4)}`;
    const renewal = `${old}-R`;
    const contract = marketRegulation.getContract('e-license');
    await submit(contract, 'IssueLicense', {
      arguments: [licence(old)],
      transientData: await holderTransient(marketRegulation, representative),
      endorsingOrganizations: [MR, PS],
    });
    await submit(contract, 'RenewLicense', {
      arguments: [old, licence(renewal, { validFrom: new Date(Date.now() + 30 * DAY).toISOString() })],
      transientData: await holderTransient(marketRegulation, representative),
      endorsingOrganizations: [MR, PS],
    });
    return { old, renewal };
  }

  it('item 11: a bidder whose licence was renewed ahead of time bids with it; suspended (with the renewal), it cannot', async function () {
    const bidder = newEnterpriseCode();
    const wallet = generateBidderKeyPair();
    const { old, renewal } = await renewedAhead(bidder);
    const check = (await evaluate(marketRegulation.getContract('e-license'), 'CheckLicense', {
      arguments: [old, ''],
    })) as { result: string; licence: { status: string } };
    expect(check.result).to.equal('VALID');
    expect(check.licence.status).to.equal('SUPERSEDED');
    await regulator.bindBidderKey(
      signBidderKeyBinding(wallet.privateKeyPem, { uscc: bidder, publicKey: wallet.publicKeyPem, keyVersion: 1 }),
    );
    const projectId = `TP-${run}`;
    await tc1.publishProject({
      projectId,
      title: `Road resurfacing (${run})`,
      tendererCode: newEnterpriseCode(),
      tendererName: 'District Transport Bureau',
      category: 'CONSTRUCTION',
      budget: 2_000_000_00,
      documentFingerprint: doc('tender document'),
      bidDeadline: new Date(Date.now() + DAY),
      openingTime: new Date(Date.now() + DAY + 60_000),
      evaluationMethod: 'LOWEST_PRICE',
      minValidBids: 1,
    });
    const sealed = sealBid({ projectId, bidderCode: bidder, price: 1_500_000_00, bidDocumentFingerprint: doc('bid') });
    const signer = bidderSigner(wallet.privateKeyPem);
    const bid = await tc1.commitBid({
      projectId,
      bidderCode: bidder,
      licenceId: old,
      commitment: sealed.commitment,
      signer,
    });
    expect(bid.result).to.include({ status: 'COMMITTED', licenceId: old });

    // item 12 through bid-record: Market Regulation suspends the old licence; its pending renewal follows.
    const suspended = await submit(marketRegulation.getContract('e-license'), 'SuspendLicense', {
      arguments: [old, 'FRAUD', ''],
      endorsingOrganizations: [MR, PS],
    });
    expect(suspended.result).to.include({ status: 'SUSPENDED', successorId: renewal });
    expect(await verify(renewal, doc(`business licence ${renewal}`))).to.equal('SUSPENDED');
    const again = sealBid({ projectId, bidderCode: bidder, price: 1_400_000_00, bidDocumentFingerprint: doc('bid 2') });
    await refusal(
      tc1.replaceBid({ projectId, bidderCode: bidder, commitment: again.commitment, signer }),
      'PRECONDITION_FAILED',
      new RegExp(`has no ACTIVE business licence: licence ${old} is SUSPENDED$`),
    );
  });

  it('item 12: a licence renewed ahead of time is revoked, and its renewal with it', async function () {
    const { old, renewal } = await renewedAhead(newEnterpriseCode());
    const revoked = await submit(marketRegulation.getContract('e-license'), 'RevokeLicense', {
      arguments: [old, 'FRAUD', ''],
      endorsingOrganizations: [MR, PS],
    });
    expect(revoked.result).to.include({ status: 'REVOKED' });
    expect(await verify(old, doc(`business licence ${old}`))).to.equal('REVOKED');
    expect(await verify(renewal, doc(`business licence ${renewal}`))).to.equal('REVOKED');
  });

  describe('items 13 and 14: real-estate certificates', function () {
    const owner = newPerson('owner');
    const unitNumber = uniqueId('U');
    const certificateId = uniqueId('REC');
    const replacementId = `${certificateId}-R`;
    let metadata: Record<string, string>;

    before(async function () {
      const holderRef = (await realEstate.requestHolderRef(owner.idNumber, 'REGISTER_PROPERTY')).holderRef;
      await naturalResources.confirmLandUseRight({
        unitNumber,
        kind: 'GRANTED',
        termEnd: '2088-12-31T00:00:00Z',
        evidenceFingerprint: doc(`land-use right ${unitNumber}`),
      });
      await realEstate.registerUnit(
        {
          unitNumber,
          location: 'Building 2, 9 Lakeside Road, Unit 301',
          areaSquareMetres: '76.20',
          use: 'RESIDENTIAL',
          owners: [{ holderRef, shareBasisPoints: 10000 }],
          certificateId,
          certificateFingerprint: doc(`certificate ${certificateId}`),
          certificateHolderRef: holderRef,
        },
        { idNumber: owner.idNumber, name: owner.name },
      );
      const licence = (await evaluate(publicSecurity.getContract('e-license'), 'GetLicense', {
        arguments: [certificateId],
      })) as { metadata: Record<string, string> };
      metadata = licence.metadata;
    });

    it('Real Estate cannot replace, revoke or issue a certificate in e-license directly (FORBIDDEN on the real proposal)', async function () {
      const contract = realEstateConnection.getContract('e-license');
      const transientData = await holderTransient(realEstateConnection, owner);
      const json = (id: string): Record<string, unknown> => ({
        id,
        type: 'REAL_ESTATE_CERTIFICATE',
        fingerprint: doc(`direct ${id}`),
        metadata,
      });
      const ownedOnly = /written only through chaincode real-estate \(this proposal invokes e-license\)$/;
      await refusal(
        submit(contract, 'ReplaceLicense', {
          arguments: [certificateId, json(replacementId), 'LOST'],
          transientData,
          endorsingOrganizations: [RE, PS],
        }),
        'FORBIDDEN',
        ownedOnly,
      );
      await refusal(
        submit(contract, 'RevokeLicense', {
          arguments: [certificateId, 'COURT_ORDER', ''],
          endorsingOrganizations: [RE, PS],
        }),
        'FORBIDDEN',
        ownedOnly,
      );
      await refusal(
        submit(contract, 'IssueLicense', {
          arguments: [json(uniqueId('REC'))],
          transientData,
          endorsingOrganizations: [RE, PS],
        }),
        'FORBIDDEN',
        ownedOnly,
      );
      expect(await verify(certificateId, doc(`certificate ${certificateId}`))).to.equal('VALID');
    });

    it('no other issuer can take an id in the certificate range', async function () {
      const representative = newPerson('legal representative');
      await refusal(
        submit(marketRegulation.getContract('e-license'), 'IssueLicense', {
          arguments: [
            {
              id: replacementId,
              type: 'BUSINESS_LICENCE',
              fingerprint: doc('squatter'),
              metadata: {
                enterpriseName: 'Squatter Co., Ltd.',
                unifiedSocialCreditCode: newEnterpriseCode(),
                businessScope: 'trade',
                registeredCapital: '1000000',
              },
            },
          ],
          transientData: await holderTransient(marketRegulation, representative),
          endorsingOrganizations: [MR, PS],
        }),
        'FORBIDDEN',
        /is in the range REC- reserved for licence type REAL_ESTATE_CERTIFICATE$/,
      );
    });

    it('ReplaceCertificate replaces a lost certificate through the register; the unit names the replacement', async function () {
      const replaced = await submit(realEstateConnection.getContract('real-estate'), 'ReplaceCertificate', {
        arguments: [unitNumber, { certificateId: replacementId, certificateFingerprint: doc('replacement') }, 'LOST'],
        transientData: await holderTransient(realEstateConnection, owner),
        endorsingOrganizations: [RE, PS],
      });
      expect(replaced.result).to.include({ unitNumber, certificateId: replacementId, status: 'REGISTERED' });
      const unit = await realEstate.getUnit(unitNumber);
      expect(unit.certificateId).to.equal(replacementId);
      expect(await verify(certificateId, doc(`certificate ${certificateId}`))).to.equal('SUPERSEDED');
      expect(await verify(replacementId, doc('replacement'))).to.equal('VALID');
    });
  });
});
