import '../support/env';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  type BidRecordClient,
  type BidReveal,
  type BidderKeyPair,
  ChaincodeError,
  type GovchainConnection,
  bidRecordClient,
  bidderSigner,
  fingerprintBuffer,
  generateBidderKeyPair,
  sealBid,
  signBidderKeyBinding,
  submit,
} from '@govchain/gateway-client';
import { pathsFor } from '@govchain/network';
import { HOME, ROOT, connectAs, uniqueId } from './support';
import { holderTransient, newEnterpriseCode, newPerson } from './test-data';

chai.use(chaiAsPromised);
const { expect } = chai;

const TC1 = 'TradingCenterMSP';
const TC2 = 'TradingCenter2MSP';

function sleepUntil(instant: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, instant - Date.now()) + 250));
}

async function expectRefusal(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err: unknown = await promise.then(
    () => expect.fail(`expected a ${code} refusal`),
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(ChaincodeError);
  expect((err as ChaincodeError).code).to.equal(code);
  expect((err as ChaincodeError).message).to.match(message);
}

describe('bid-record: a full tender across two trading centres', function () {
  this.timeout(240_000);

  let marketRegulation: GovchainConnection;
  let centre1: GovchainConnection;
  let centre2: GovchainConnection;
  let tax: GovchainConnection;
  let tc1: BidRecordClient;
  let tc2: BidRecordClient;
  let regulator: BidRecordClient;
  let witness: BidRecordClient;
  let admins: GovchainConnection[] = [];
  let tc1Admin: BidRecordClient;
  let taxAdmin: BidRecordClient;
  let regulatorAdmin: BidRecordClient;

  const run = uniqueId('br');
  const bidders = { a: newEnterpriseCode(), b: newEnterpriseCode(), c: newEnterpriseCode(), d: newEnterpriseCode() };
  const licences = { a: `BL-${run}-a`, b: `BL-${run}-b`, c: `BL-${run}-c` };
  const wallets: Record<keyof typeof bidders, BidderKeyPair> = {
    a: generateBidderKeyPair(),
    b: generateBidderKeyPair(),
    c: generateBidderKeyPair(),
    d: generateBidderKeyPair(),
  };
  const signer = (key: keyof typeof bidders): ReturnType<typeof bidderSigner> =>
    bidderSigner(wallets[key].privateKeyPem);
  const projectId = `TP-${run}`;
  const laterProjectId = `TP-${run}-2`;
  const doc = (what: string): string => fingerprintBuffer(`${run} ${what}`);

  // Every connection joins the run's read-your-writes session (support.ts): each call of one department waits
  // until the peers that run it have the blocks the others committed.
  before(async function () {
    marketRegulation = await connectAs('market-regulation');
    centre1 = await connectAs('trading-center');
    centre2 = await connectAs('trading-center-2');
    tax = await connectAs('tax');
    tc1 = bidRecordClient(centre1);
    tc2 = bidRecordClient(centre2);
    regulator = bidRecordClient(marketRegulation);
    witness = bidRecordClient(tax);
    // Administrators hold every clerk role: what refuses them is a department's rule, and governance
    // transactions are theirs alone.
    admins = await Promise.all(
      (['trading-center', 'tax', 'market-regulation'] as const).map((department) => connectAs(department, 'admin')),
    );
    [tc1Admin, taxAdmin, regulatorAdmin] = admins.map((admin) => bidRecordClient(admin)) as [
      BidRecordClient,
      BidRecordClient,
      BidRecordClient,
    ];
  });

  after(function () {
    for (const connection of [marketRegulation, centre1, centre2, tax, ...admins]) {
      connection.close();
    }
  });

  it('issues the bidders their business licences in e-license first (Market Regulation)', async function () {
    for (const key of ['a', 'b', 'c'] as const) {
      const representative = newPerson('legal representative');
      const licence = {
        id: licences[key],
        type: 'BUSINESS_LICENCE',
        fingerprint: doc(`business licence ${key}`),
        metadata: {
          enterpriseName: `Bidder ${key.toUpperCase()} Construction Co., Ltd. (${run})`,
          unifiedSocialCreditCode: bidders[key],
          businessScope: 'construction',
          registeredCapital: '50000000',
        },
      };
      const issued = await submit(marketRegulation.getContract('e-license'), 'IssueLicense', {
        arguments: [licence],
        transientData: await holderTransient(marketRegulation, representative),
        endorsingOrganizations: ['MarketRegulationMSP', 'PublicSecurityMSP'],
      });
      expect(issued.result).to.deep.include({ id: licences[key], status: 'ACTIVE' });
    }
  });

  it("binds each bidder's key to its credit code (Market Regulation, with the bidder's proof of possession)", async function () {
    for (const key of ['a', 'b', 'c', 'd'] as const) {
      const signed = signBidderKeyBinding(wallets[key].privateKeyPem, {
        uscc: bidders[key],
        publicKey: wallets[key].publicKeyPem,
        keyVersion: 1,
      });
      const { result } = await regulator.bindBidderKey(signed);
      expect(result).to.include({ bidderCode: bidders[key], keyVersion: 1, publicKey: wallets[key].publicKeyHex });
    }
    await expectRefusal(
      tc1Admin.bindBidderKey(
        signBidderKeyBinding(wallets.a.privateKeyPem, {
          uscc: bidders.a,
          publicKey: wallets.a.publicKeyHex,
          keyVersion: 2,
        }),
      ),
      'FORBIDDEN',
      /may not bind the key of bidder/,
    );
  });

  it('runs the tender through award, contract, the winner’s default, blacklisting and a refused later bid', async function () {
    // --- publication: the deadline and opening are real instants; the transaction time decides.
    const publishedAt = Date.now();
    const deadline = new Date(publishedAt + 20_000);
    const opening = new Date(deadline.getTime() + 2_000);
    const { result: project } = await tc1.publishProject({
      projectId,
      title: `Renovation of the district library (${run})`,
      tendererCode: newEnterpriseCode(),
      tendererName: 'District Culture Bureau',
      category: 'CONSTRUCTION',
      budget: 5_000_000_00,
      documentFingerprint: doc('tender document'),
      bidDeadline: deadline,
      openingTime: opening,
      evaluationMethod: 'COMPREHENSIVE_SCORE',
      minValidBids: 2,
    });
    expect(project).to.include({ centreMsp: TC1, status: 'PUBLISHED' });
    await witness.recordEvidence(projectId, {
      step: 'PUBLICATION',
      fingerprint: doc('publication notice'),
      mediaType: 'application/pdf',
      size: 181_234,
      storageUri: `s3://tax-witness/${run}/notice.pdf`,
    });

    // --- guarantees and sealed bids through both centres
    await tc2.issueGuarantee({
      guaranteeId: `G-${run}-a`,
      projectId,
      bidderCode: bidders.a,
      guarantorCode: newEnterpriseCode(),
      guarantorName: 'City Financing Guarantee Co.',
      amount: 100_000_00,
      rateBasisPoints: 30,
      fingerprint: doc('guarantee a'),
    });
    await tc1.issueGuarantee({
      guaranteeId: `G-${run}-b`,
      projectId,
      bidderCode: bidders.b,
      guarantorCode: newEnterpriseCode(),
      guarantorName: 'Harbour Insurance Co.',
      amount: 100_000_00,
      rateBasisPoints: 45,
      fingerprint: doc('guarantee b'),
    });
    const sealed = {
      a: sealBid({ projectId, bidderCode: bidders.a, price: 4_200_000_00, bidDocumentFingerprint: doc('bid a') }),
      b: sealBid({ projectId, bidderCode: bidders.b, price: 4_500_000_00, bidDocumentFingerprint: doc('bid b') }),
      // Above the budget: disqualified at its reveal.
      c: sealBid({ projectId, bidderCode: bidders.c, price: 5_100_000_00, bidDocumentFingerprint: doc('bid c') }),
    };
    const bidA = await tc2.commitBid({
      projectId,
      bidderCode: bidders.a,
      licenceId: licences.a,
      commitment: sealed.a.commitment,
      guaranteeId: `G-${run}-a`,
      signer: signer('a'),
    });
    expect(bidA.result).to.include({ submittedByMsp: TC2, status: 'COMMITTED', sequence: 1, keyVersion: 1 });
    await tc1.commitBid({
      projectId,
      bidderCode: bidders.b,
      licenceId: licences.b,
      commitment: sealed.b.commitment,
      guaranteeId: `G-${run}-b`,
      signer: signer('b'),
    });
    await tc2.commitBid({
      projectId,
      bidderCode: bidders.c,
      licenceId: licences.c,
      commitment: sealed.c.commitment,
      signer: signer('c'),
    });
    await expectRefusal(
      tc1.commitBid({
        projectId,
        bidderCode: bidders.b,
        licenceId: licences.b,
        commitment: 'ab'.repeat(31),
        signer: signer('b'),
      }),
      'INVALID_ARGUMENT',
      /commitment must be 64 lowercase hex characters/,
    );
    await expectRefusal(
      tc1.commitBid({
        projectId,
        bidderCode: bidders.d,
        licenceId: licences.b,
        commitment: 'ab'.repeat(32),
        signer: signer('d'),
      }),
      'PRECONDITION_FAILED',
      /has no ACTIVE business licence: licence .* is not held by bidder/,
    );
    // A centre cannot bid in the name of a bidder whose key it does not hold.
    await expectRefusal(
      tc1.commitBid({
        projectId,
        bidderCode: bidders.d,
        licenceId: licences.b,
        commitment: 'ab'.repeat(32),
        signer: bidderSigner(generateBidderKeyPair().privateKeyPem),
      }),
      'FORBIDDEN',
      /is not signed by the bidder's key/,
    );
    // TC1 (the publishing centre) may not replace a bid TC2 submitted.
    await expectRefusal(
      tc1.replaceBid({ projectId, bidderCode: bidders.a, commitment: sealed.b.commitment, signer: signer('a') }),
      'FORBIDDEN',
      /only TradingCenter2MSP, which submitted it, may/,
    );
    await expectRefusal(tc1.revealBid(sealed.b.reveal), 'PRECONDITION_FAILED', /is not closed yet/);

    // --- after the deadline the publishing centre closes the bidding: no more bids, whatever the time
    await sleepUntil(deadline.getTime());
    const { result: closed } = await tc1.closeBidding(projectId);
    expect(closed).to.include({ status: 'BIDDING_CLOSED' });
    expect(Date.parse(closed.revealWindowEndsAt) - Date.parse(closed.biddingClosedAt)).to.equal(600_000);
    await expectRefusal(
      tc2.replaceBid({ projectId, bidderCode: bidders.a, commitment: sealed.c.commitment, signer: signer('a') }),
      'PRECONDITION_FAILED',
      /bidding for project .* was closed at/,
    );

    // --- reveals, then the opening (every bid revealed: no need to wait for the reveal window)
    await tc2.revealBid(sealed.a.reveal);
    const wrong: BidReveal = { ...sealed.c.reveal, price: sealed.c.reveal.price - 1 };
    await expectRefusal(tc2.revealBid(wrong), 'INVALID_ARGUMENT', /does not match the commitment/);
    const { result: revealedC } = await tc2.revealBid(sealed.c.reveal);
    expect(revealedC).to.include({ status: 'DISQUALIFIED', disqualificationReason: 'PRICE_ABOVE_BUDGET' });
    await sleepUntil(opening.getTime());
    await expectRefusal(
      tc1.openBids(projectId, []),
      'PRECONDITION_FAILED',
      /before its reveal window ends at .*: 1 bid\(s\) await their reveal/,
    );
    await tc1.revealBid(sealed.b.reveal);
    await expectRefusal(
      regulatorAdmin.awardProject(projectId, doc('award notice')),
      'FORBIDDEN',
      /only the publishing centre TradingCenterMSP may/,
    );
    await expectRefusal(
      tc1.awardProject(projectId, doc('award notice')),
      'PRECONDITION_FAILED',
      /before its evaluation/,
    );
    const { result: opened } = await tc1.openBids(projectId, []);
    expect(opened.project).to.include({ status: 'OPENED', validBidCount: 2, disqualifiedBidCount: 1 });
    const outcome = Object.fromEntries(opened.bids.map((bid) => [bid.bidderCode, bid]));
    expect(outcome[bidders.a]).to.include({ status: 'VALID', price: 4_200_000_00 });
    expect(outcome[bidders.b]).to.include({ status: 'VALID', price: 4_500_000_00 });
    expect(outcome[bidders.c]).to.include({ status: 'DISQUALIFIED', disqualificationReason: 'PRICE_ABOVE_BUDGET' });
    await witness.recordEvidence(projectId, {
      step: 'BID_OPENING',
      fingerprint: doc('opening video'),
      mediaType: 'video/mp4',
      size: 734_003_200,
      storageUri: `s3://tax-witness/${run}/opening.mp4`,
      description: 'video of the opening',
    });

    // --- evaluation, publicity, award
    const { result: evaluated } = await tc1.recordEvaluation(projectId, {
      reportFingerprint: doc('evaluation report'),
      scores: [
        { bidderCode: bidders.a, score: 92.5 },
        { bidderCode: bidders.b, score: 88 },
      ],
    });
    expect(evaluated.ranking.map((entry) => entry.bidderCode)).to.deep.equal([bidders.a, bidders.b]);
    // Its endorsers may include a department whose peer has not yet committed RecordEvaluation (gossip lag):
    // the run's read-your-writes session (connectAs) makes StartPublicity wait until they have that block.
    const publicityEnds = new Date(Date.now() + 5_000);
    await tc1.startPublicity(projectId, publicityEnds);
    await tc1.recordObjection({
      projectId,
      objectionId: `OBJ-${run}`,
      reasonCode: 'QUALIFICATION_DOUBT',
      fingerprint: doc('objection'),
    });
    await tc1.resolveObjection({
      projectId,
      objectionId: `OBJ-${run}`,
      resolution: 'DISMISSED',
      fingerprint: doc('reply'),
    });
    await sleepUntil(publicityEnds.getTime());
    const { result: awarded } = await tc1.awardProject(projectId, doc('award notice'));
    expect(awarded).to.include({ status: 'AWARDED', winnerBidderCode: bidders.a, awardPrice: 4_200_000_00 });
    const released = await tc1.releaseGuarantee(`G-${run}-b`, 'NOT_AWARDED');
    expect(released.result.status).to.equal('RELEASED');

    // --- contract and the winner's default
    await tc1.recordContract(projectId, doc('contract'));
    const { result: completed } = await tc1.recordPerformance(projectId, 'DEFAULTED', doc('default report'));
    expect(completed).to.include({ status: 'COMPLETED', performanceOutcome: 'DEFAULTED' });
    const claimed = await tc1.claimGuarantee(`G-${run}-a`, 'WINNER_DEFAULTED');
    expect(claimed.result.status).to.equal('CLAIMED');

    // --- joint punishment: the regulator blacklists the defaulting winner
    const { result: blacklisting } = await regulator.blacklistBidder({
      bidderCode: bidders.a,
      reasonCode: 'CONTRACT_DEFAULT',
      expiresAt: new Date(Date.now() + 365 * 86_400_000),
      projectId,
    });
    expect(blacklisting).to.include({ status: 'ACTIVE', imposedByMsp: 'MarketRegulationMSP' });
    await expectRefusal(
      tc1.liftBlacklisting({ bidderCode: bidders.a, entryId: blacklisting.entryId, reasonCode: 'APPEAL' }),
      'FORBIDDEN',
      /only MarketRegulationMSP, who imposed it, may/,
    );

    // --- the profile any centre (or guarantor) reads
    const profile = await tc2.getBidderProfile(bidders.a);
    expect(profile).to.include({ bids: 1, wins: 1, defaults: 1, fulfilled: 0, blacklisted: true });
    expect(profile.recordedBy).to.include.members([TC1, TC2]);
    expect(profile.recentRecords[0]?.kind).to.equal('DEFAULT');

    const evidence = await tc2.listEvidence(projectId);
    expect(evidence.records.map((item) => item.step)).to.deep.equal(['PUBLICATION', 'BID_OPENING']);

    // --- a later tender of the other centre: the blacklisted winner's bid is refused
    await tc2.publishProject({
      projectId: laterProjectId,
      title: `Road resurfacing (${run})`,
      tendererCode: newEnterpriseCode(),
      tendererName: 'District Transport Bureau',
      category: 'CONSTRUCTION',
      budget: 1_000_000_00,
      documentFingerprint: doc('later tender document'),
      bidDeadline: new Date(Date.now() + 3_600_000),
      openingTime: new Date(Date.now() + 7_200_000),
      evaluationMethod: 'LOWEST_PRICE',
      minValidBids: 1,
    });
    const later = sealBid({
      projectId: laterProjectId,
      bidderCode: bidders.a,
      price: 900_000_00,
      bidDocumentFingerprint: doc('later bid a'),
    });
    await expectRefusal(
      tc2.commitBid({
        projectId: laterProjectId,
        bidderCode: bidders.a,
        licenceId: licences.a,
        commitment: later.commitment,
        signer: signer('a'),
      }),
      'FORBIDDEN',
      /is blacklisted until .* by MarketRegulationMSP \(CONTRACT_DEFAULT\)/,
    );
    const otherBid = sealBid({
      projectId: laterProjectId,
      bidderCode: bidders.b,
      price: 800_000_00,
      bidDocumentFingerprint: doc('later bid b'),
    });
    const accepted = await tc1.commitBid({
      projectId: laterProjectId,
      bidderCode: bidders.b,
      licenceId: licences.b,
      commitment: otherBid.commitment,
      signer: signer('b'),
    });
    expect(accepted.result.status).to.equal('COMMITTED');
  });

  it('applies a violation retried under one requestId once, on the real network (issue 13, item 7)', async function () {
    const requestId = randomUUID();
    const violation = { bidderCode: bidders.d, reasonCode: 'FALSE_DOCUMENTS', evidenceFingerprint: doc('violation d') };
    const first = await regulator.recordViolation(violation, { requestId });
    // A caller retrying after OUTCOME_UNKNOWN: a new transaction under the same requestId.
    const again = await regulator.recordViolation(violation, { requestId });
    expect(again.transactionId).to.not.equal(first.transactionId);
    expect(again.result).to.deep.equal(first.result);
    expect(again.result.txId).to.equal(first.transactionId);
    await expectRefusal(
      regulator.recordViolation({ ...violation, reasonCode: 'BRIBERY' }, { requestId }),
      'CONFLICT',
      /of RecordViolation was already used by MarketRegulationMSP in transaction [0-9a-f]{64} with a different reasonCode$/,
    );
    // The same requestId is another department's own request.
    await tc1.recordViolation(violation, { requestId });
    const profile = await witness.getBidderProfile(bidders.d);
    expect(profile.violations).to.equal(2);
  });

  it('moves a role when the governance file changes: UpdateConfig, endorsed by a majority, then back', async function () {
    // Every chaincode server of this one-machine network reads the same governance file, as if every
    // department had installed the new one.
    const file = pathsFor(ROOT, HOME).governanceFile;
    const genuine = readFileSync(file, 'utf8');
    const governance = JSON.parse(genuine) as { roles: Record<string, string[]> };
    const violation = { bidderCode: bidders.d, reasonCode: 'BRIBERY', evidenceFingerprint: doc('violation by tax') };
    let back: Awaited<ReturnType<BidRecordClient['updateConfig']>>['result'];
    await expectRefusal(
      witness.recordViolation(violation),
      'FORBIDDEN',
      /^TaxMSP may not record bidder violations \(neither a trading centre nor a regulator\)$/,
    );
    try {
      const roles = { ...governance.roles, regulator: ['MarketRegulationMSP', 'TaxMSP'] };
      writeFileSync(file, JSON.stringify({ ...governance, roles }));
      const { result } = await taxAdmin.updateConfig();
      expect(result.updated).to.equal(true);
      expect(result.config.regulatorMsps).to.deep.equal(['MarketRegulationMSP', 'TaxMSP']);
      expect((await tc1.getConfig()).regulatorMsps).to.deep.equal(['MarketRegulationMSP', 'TaxMSP']);
      expect((await taxAdmin.updateConfig()).result.updated).to.equal(false);
      // Tax now holds the role: the same call is accepted.
      expect((await witness.recordViolation(violation)).result).to.include({ recordedByMsp: 'TaxMSP' });
    } finally {
      // Back to the consortium's file and, by the same majority, to the roles it names.
      writeFileSync(file, genuine);
      back = (await regulatorAdmin.updateConfig()).result;
    }
    expect(back.updated).to.equal(true);
    expect(back.config.regulatorMsps).to.deep.equal(['MarketRegulationMSP']);
  });
});
