import {
  ChaincodeError,
  bidRecordClient,
  bidderSigner,
  eLicenseClient,
  generateBidderKeyPair,
  sealBid,
  signBidderKeyBinding,
  type SealedBid,
} from '@govchain/gateway-client';
import { document, RUN, type Departments } from './context';
import type { Narrator } from './narrator';

/** Three construction companies (valid unified social credit codes) and their legal representatives. */
const BIDDERS = [
  {
    code: '91310000MA1FL8XQ37',
    name: 'Eastbank Construction Co., Ltd.',
    price: 4_200_000_00,
    centre: 'trading-center-2',
  },
  { code: '91310101MA1G2K7T5W', name: 'Riverside Building Group', price: 4_500_000_00, centre: 'trading-center' },
  { code: '91310104MA1H3N8W63', name: 'Northgate Engineering Ltd.', price: 3_900_000_00, centre: 'trading-center-2' },
] as const;

function sleepUntil(instant: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, instant - Date.now()) + 250));
}

const yuan = (cents: number): string => `CNY ${(cents / 100).toLocaleString('en-US')}`;

/**
 * A tender across the two trading centres: licences checked in e-license, bidders' keys bound by Market
 * Regulation, sealed bids signed by the bidders and committed before the deadline, bidding closed by the
 * publishing centre, bids revealed and opened, evaluation and award.
 */
export async function tenderChapter(narrator: Narrator, departments: Departments): Promise<void> {
  narrator.chapter(
    'A tender with sealed bids, across two trading centres',
    'Bids are sealed by commit–reveal and signed by the bidders; bidding ends with an explicit close; every step leaves evidence.',
  );
  const market = await departments.get('market-regulation');
  const centre = await departments.get('trading-center');
  const tax = await departments.get('tax');
  const tc1 = bidRecordClient(centre.connection);
  const projectId = `TP-${RUN}`;
  const doc = (what: string): string => document(`${projectId} ${what}`).fingerprint;
  const licences = eLicenseClient(market.connection);

  await narrator.step(
    market.name,
    'issues business licences to three construction companies',
    async () => {
      for (const [i, bidder] of BIDDERS.entries()) {
        const { blockNumber } = await licences.issueLicense({
          id: `BL-${RUN}-${i}`,
          type: 'BUSINESS_LICENCE',
          fingerprint: doc(`business licence ${bidder.code}`),
          metadata: {
            enterpriseName: bidder.name,
            unifiedSocialCreditCode: bidder.code,
            businessScope: 'construction',
            registeredCapital: '50000000',
          },
          holder: {
            idNumber: `31010119700101${String(101 + i)}X`.slice(0, 18),
            name: `Representative of ${bidder.name}`,
          },
        });
        await departments.sync(blockNumber);
      }
      return '3 ACTIVE business licences';
    },
    { transactions: 3 },
  );
  const wallets = BIDDERS.map(() => generateBidderKeyPair());
  /** Each company's key version after this run's binding (a rerun on a kept ledger rotates the key). */
  const keyVersions: number[] = [];
  const regulator = bidRecordClient(market.connection);
  await narrator.step(
    market.name,
    "binds each company's signing key to its credit code (the company signs the binding: proof of possession)",
    async () => {
      for (const [i, bidder] of BIDDERS.entries()) {
        const wallet = wallets[i] ?? generateBidderKeyPair();
        const bound = await regulator.getBidderKey(bidder.code).then(
          (key) => key.keyVersion,
          () => 0,
        );
        const { result, blockNumber } = await regulator.bindBidderKey(
          signBidderKeyBinding(wallet.privateKeyPem, {
            uscc: bidder.code,
            publicKey: wallet.publicKeyHex,
            keyVersion: bound + 1,
          }),
        );
        keyVersions[i] = result.keyVersion;
        await departments.sync(blockNumber);
      }
      return `3 bidder keys bound (version ${keyVersions.join(', ')})`;
    },
    { transactions: 3 },
  );
  const deadline = new Date(Date.now() + 15_000);
  const opening = new Date(deadline.getTime() + 2_000);
  await narrator.step(
    centre.name,
    `publishes project ${projectId} (bids due in 15 s, opening 2 s later)`,
    async () => {
      const { result, blockNumber } = await tc1.publishProject({
        projectId,
        title: 'Renovation of the district library',
        tendererCode: '123100004250109867',
        tendererName: 'District Culture Bureau',
        category: 'CONSTRUCTION',
        budget: 5_000_000_00,
        documentFingerprint: doc('tender document'),
        bidDeadline: deadline,
        openingTime: opening,
        evaluationMethod: 'COMPREHENSIVE_SCORE',
        minValidBids: 2,
      });
      await departments.sync(blockNumber);
      return `${result.status}, budget ${yuan(5_000_000_00)}`;
    },
    { transactions: 1 },
  );
  const sealed: SealedBid[] = [];
  for (const [i, bidder] of BIDDERS.entries()) {
    const via = await departments.get(bidder.centre);
    const bid = sealBid({
      projectId,
      bidderCode: bidder.code,
      price: bidder.price,
      bidDocumentFingerprint: doc(`bid ${i}`),
    });
    sealed.push(bid);
    await narrator.step(
      via.name,
      `relays ${bidder.name}'s signed, sealed bid (only its SHA-256 commitment goes on the ledger)`,
      async () => {
        const { blockNumber } = await bidRecordClient(via.connection).commitBid({
          projectId,
          bidderCode: bidder.code,
          licenceId: `BL-${RUN}-${i}`,
          commitment: bid.commitment,
          signer: bidderSigner((wallets[i] ?? generateBidderKeyPair()).privateKeyPem),
          sequence: 1,
          keyVersion: keyVersions[i] ?? 1,
        });
        await departments.sync(blockNumber);
        return `${bid.commitment.slice(0, 16)}…`;
      },
      { transactions: 1 },
    );
  }
  await narrator.step(
    centre.name,
    'waits for the bid deadline and closes the bidding (no bid can change from here)',
    async () => {
      await sleepUntil(deadline.getTime());
      const { result, blockNumber } = await tc1.closeBidding(projectId);
      await departments.sync(blockNumber);
      return `${result.status}; reveal window until ${result.revealWindowEndsAt}`;
    },
    { transactions: 1 },
  );
  const [a, b, c] = sealed as [SealedBid, SealedBid, SealedBid];
  const altered = { ...c.reveal, price: c.reveal.price - 1 };
  await narrator.step(
    centre.name,
    'reveals the bids: each is checked against its commitment (an altered Northgate price is refused)',
    async () => {
      const refused = await tc1.revealBid(altered).then(
        () => 'accepted?!',
        (err: unknown) => (err instanceof ChaincodeError ? err.code : String(err)),
      );
      let block = 0n;
      for (const bid of [a, b, c]) {
        block = (await tc1.revealBid(bid.reveal)).blockNumber;
      }
      await departments.sync(block);
      return `altered reveal refused (${refused}); 3 bids revealed`;
    },
    { transactions: 3 },
  );
  await narrator.step(
    centre.name,
    'opens the bids at the opening time (every bid revealed, so the reveal window need not run out)',
    async () => {
      await sleepUntil(opening.getTime());
      const { result, blockNumber } = await tc1.openBids(projectId, []);
      await departments.sync(blockNumber);
      return `${result.project.validBidCount} valid, ${result.project.disqualifiedBidCount} disqualified`;
    },
    { transactions: 1 },
  );
  await narrator.step(
    tax.name,
    'records witness evidence of the opening (a video fingerprint and where it is stored)',
    async () => {
      const { blockNumber } = await bidRecordClient(tax.connection).recordEvidence(projectId, {
        step: 'BID_OPENING',
        fingerprint: doc('opening video'),
        mediaType: 'video/mp4',
        size: 734_003_200,
        storageUri: `s3://tax-witness/${projectId}/opening.mp4`,
      });
      await departments.sync(blockNumber);
      return 'evidence recorded';
    },
    { transactions: 1 },
  );
  await narrator.step(
    centre.name,
    'records the evaluation report and scores',
    async () => {
      const { result } = await tc1.recordEvaluation(projectId, {
        reportFingerprint: doc('evaluation report'),
        scores: [
          { bidderCode: BIDDERS[0].code, score: 92.5 },
          { bidderCode: BIDDERS[1].code, score: 88 },
          { bidderCode: BIDDERS[2].code, score: 84 },
        ],
      });
      return `first: ${BIDDERS.find((x) => x.code === result.ranking[0]?.bidderCode)?.name ?? '?'}`;
    },
    { transactions: 1 },
  );
  const publicityEnds = new Date(Date.now() + 3_000);
  await narrator.step(
    centre.name,
    'publishes the winning candidate for a 3 s publicity period, then awards',
    async () => {
      await tc1.startPublicity(projectId, publicityEnds);
      await sleepUntil(publicityEnds.getTime());
      const { result } = await tc1.awardProject(projectId, doc('award notice'));
      return `${result.status} to ${BIDDERS.find((x) => x.code === result.winnerBidderCode)?.name ?? '?'} at ${yuan(result.awardPrice)}`;
    },
    { transactions: 2 },
  );
}
