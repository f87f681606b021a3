import {
  AFTER_PUBLICITY,
  BIDDER_A,
  BIDDER_B,
  BIDDER_C,
  FP,
  OPENING,
  OTHER,
  PRICES,
  SCORES,
  TC1,
  TC2,
  after,
  awarded,
  configuredLedger,
  expect,
  expectRefused,
  inPublicity,
  openAll,
  parse,
  threeBids,
  type Ledger,
  type ProjectRecord,
} from './fixtures';
import { Bid, CREDIT_NAMESPACE, rankBids } from '@govchain/bid-record';

const LATER = after(OPENING, 86_400_000);

function evaluation(scores: Readonly<Record<string, number>> = SCORES, reportFingerprint = FP): string {
  return JSON.stringify({
    reportFingerprint,
    scores: Object.entries(scores).map(([bidderCode, score]) => ({ bidderCode, score })),
  });
}

async function opened(): Promise<Ledger> {
  const ledger = await configuredLedger();
  await openAll(ledger, await threeBids(ledger));
  return ledger;
}

function creditKinds(ledger: Ledger): string[] {
  const prefix = ledger.ctx.stub.createCompositeKey(CREDIT_NAMESPACE, []);
  return [...ledger.ctx.world.state.keys()]
    .filter((key) => key.startsWith(prefix))
    .map((key) => ledger.ctx.world.json(key) as { kind: string; bidderCode: string })
    .map((record) => `${record.kind}:${record.bidderCode}`)
    .sort();
}

describe('bid-record evaluation and award', () => {
  describe('rankBids', () => {
    const bid = (code: string, price: number): Bid => Object.assign(new Bid(), { bidderCode: code, price });
    const bids = [bid(BIDDER_A, 300), bid(BIDDER_B, 100), bid(BIDDER_C, 200)];
    it('COMPREHENSIVE_SCORE: score descending, then price ascending, then bidder code', () => {
      const ranking = rankBids(
        'COMPREHENSIVE_SCORE',
        bids,
        new Map([
          [BIDDER_A, 90],
          [BIDDER_B, 80],
          [BIDDER_C, 90],
        ]),
      );
      expect(ranking.map((r) => [r.rank, r.bidderCode])).to.deep.equal([
        [1, BIDDER_C],
        [2, BIDDER_A],
        [3, BIDDER_B],
      ]);
    });
    it('LOWEST_PRICE: price ascending, then score descending, then bidder code', () => {
      const same = [bid(BIDDER_A, 100), bid(BIDDER_B, 100), bid(BIDDER_C, 50)];
      const ranking = rankBids(
        'LOWEST_PRICE',
        same,
        new Map([
          [BIDDER_A, 70],
          [BIDDER_B, 70],
          [BIDDER_C, 10],
        ]),
      );
      expect(ranking.map((r) => r.bidderCode)).to.deep.equal([BIDDER_C, ...[BIDDER_A, BIDDER_B].sort()]);
    });
  });

  describe('RecordEvaluation', () => {
    it('records the report fingerprint and the computed ranking', async () => {
      const ledger = await opened();
      const { ctx, contract } = ledger;
      const project = parse<ProjectRecord>(
        await ctx.submit(() => contract.RecordEvaluation(ctx, 'P-1', evaluation()), { mspId: TC1, time: LATER }),
      );
      expect(project.status).to.equal('EVALUATED');
      expect(project.ranking).to.deep.equal([
        { rank: 1, bidderCode: BIDDER_A, score: 91.5, price: PRICES[BIDDER_A] },
        { rank: 2, bidderCode: BIDDER_C, score: 91.5, price: PRICES[BIDDER_C] },
        { rank: 3, bidderCode: BIDDER_B, score: 88, price: PRICES[BIDDER_B] },
      ]);
      expect(ctx.lastEvent()?.payload).to.deep.include({ firstRanked: BIDDER_A, status: 'EVALUATED' });
    });

    const refusals: [string, string, string, RegExp][] = [
      [
        'a missing score',
        TC1,
        evaluation({ [BIDDER_A]: 1, [BIDDER_B]: 2 }),
        /^INVALID_ARGUMENT: evaluation.scores has no score for the valid bid of \S+$/,
      ],
      [
        'a score for a bidder without a valid bid',
        TC1,
        evaluation({ ...SCORES, '91350100M000100Y43': 5 }),
        /^INVALID_ARGUMENT: evaluation.scores scores bidder 91350100M000100Y43, who has no valid bid on project P-1$/,
      ],
      [
        'a score above 100',
        TC1,
        evaluation({ ...SCORES, [BIDDER_A]: 100.5 }),
        /^INVALID_ARGUMENT: evaluation.scores\[\d\].score must be a number from 0 to 100 with at most two decimals$/,
      ],
      [
        'a score with three decimals',
        TC1,
        evaluation({ ...SCORES, [BIDDER_A]: 1.125 }),
        /^INVALID_ARGUMENT: .*at most two decimals$/,
      ],
      [
        'a malformed report fingerprint',
        TC1,
        evaluation(SCORES, 'nope'),
        /^INVALID_ARGUMENT: evaluation.reportFingerprint/,
      ],
      [
        'another centre',
        TC2,
        evaluation(),
        /^FORBIDDEN: TradingCenter2MSP may not record the evaluation of project P-1 \(only the publishing centre TradingCenterMSP may\)$/,
      ],
    ];
    for (const [name, msp, json, message] of refusals) {
      it(`refuses ${name}`, async () => {
        const ledger = await opened();
        await expectRefused(
          ledger,
          ledger.ctx.submit(() => ledger.contract.RecordEvaluation(ledger.ctx, 'P-1', json), {
            mspId: msp,
            time: LATER,
          }),
          message,
        );
      });
    }

    it('refuses an evaluation before the opening', async () => {
      const ledger = await configuredLedger();
      await threeBids(ledger);
      await expectRefused(
        ledger,
        ledger.ctx.submit(() => ledger.contract.RecordEvaluation(ledger.ctx, 'P-1', evaluation()), { mspId: TC1 }),
        /^PRECONDITION_FAILED: cannot record the evaluation: project P-1 is PUBLISHED, not OPENED$/,
      );
    });
  });

  describe('publicity, objections and award', () => {
    it('publicizes the first-ranked bidder; a dismissed objection does not block the award; the award writes WIN', async () => {
      const ledger = await configuredLedger();
      await inPublicity(ledger);
      const { ctx, contract } = ledger;
      const inPeriod = after(LATER, 3_600_000);
      let project = parse<ProjectRecord>(await ctx.evaluate(() => contract.GetProject(ctx, 'P-1')));
      expect(project).to.deep.include({
        status: 'PUBLICITY',
        candidateBidderCode: BIDDER_A,
        publicityEndsAt: AFTER_PUBLICITY,
      });
      await ctx.submit(() => contract.RecordObjection(ctx, 'P-1', 'OBJ-1', 'QUALIFICATION_DOUBT', FP), {
        mspId: TC1,
        time: inPeriod,
      });
      expect(ctx.lastEvent()?.name).to.equal('ObjectionRecorded');
      await expectRefused(
        ledger,
        ctx.submit(() => contract.AwardProject(ctx, 'P-1', FP), { mspId: TC1, time: AFTER_PUBLICITY }),
        /^PRECONDITION_FAILED: objection OBJ-1 of project P-1 is PENDING$/,
      );
      await ctx.submit(() => contract.ResolveObjection(ctx, 'P-1', 'OBJ-1', 'DISMISSED', FP), { mspId: TC1 });
      await expectRefused(
        ledger,
        ctx.submit(() => contract.AwardProject(ctx, 'P-1', FP), { mspId: TC1, time: after(AFTER_PUBLICITY, -1) }),
        /^PRECONDITION_FAILED: the publicity period of project P-1 runs until/,
      );
      project = parse<ProjectRecord>(
        await ctx.submit(() => contract.AwardProject(ctx, 'P-1', FP), { mspId: TC1, time: AFTER_PUBLICITY }),
      );
      expect(project).to.deep.include({ status: 'AWARDED', winnerBidderCode: BIDDER_A, awardPrice: PRICES[BIDDER_A] });
      expect(ctx.lastEvent()?.name).to.equal('ProjectAwarded');
      expect(creditKinds(ledger)).to.include(`WIN:${BIDDER_A}`);
    });

    it('an upheld objection blocks the award', async () => {
      const ledger = await configuredLedger();
      await inPublicity(ledger);
      const { ctx, contract } = ledger;
      await ctx.submit(() => contract.RecordObjection(ctx, 'P-1', 'OBJ-1', 'FALSE_DOCUMENTS', FP), {
        mspId: TC1,
        time: LATER,
      });
      await ctx.submit(() => contract.ResolveObjection(ctx, 'P-1', 'OBJ-1', 'UPHELD', FP), { mspId: TC1 });
      await expectRefused(
        ledger,
        ctx.submit(() => contract.AwardProject(ctx, 'P-1', FP), { mspId: TC1, time: AFTER_PUBLICITY }),
        /^PRECONDITION_FAILED: objection OBJ-1 of project P-1 is UPHELD$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.ResolveObjection(ctx, 'P-1', 'OBJ-1', 'DISMISSED', FP), { mspId: TC1 }),
        /^PRECONDITION_FAILED: objection OBJ-1 is already UPHELD$/,
      );
    });

    it('refuses objections after the period, twice the same id, unknown ones and bad resolutions', async () => {
      const ledger = await configuredLedger();
      await inPublicity(ledger);
      const { ctx, contract } = ledger;
      await expectRefused(
        ledger,
        ctx.submit(() => contract.RecordObjection(ctx, 'P-1', 'OBJ-1', 'LATE', FP), {
          mspId: TC1,
          time: AFTER_PUBLICITY,
        }),
        /^PRECONDITION_FAILED: the publicity period of project P-1 ended at/,
      );
      await ctx.submit(() => contract.RecordObjection(ctx, 'P-1', 'OBJ-1', 'X_Y', FP), { mspId: TC1, time: LATER });
      await expectRefused(
        ledger,
        ctx.submit(() => contract.RecordObjection(ctx, 'P-1', 'OBJ-1', 'X_Y', FP), { mspId: TC1, time: LATER }),
        /^CONFLICT: objection OBJ-1 of project P-1 already exists$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.ResolveObjection(ctx, 'P-1', 'OBJ-9', 'UPHELD', FP), { mspId: TC1 }),
        /^NOT_FOUND: objection OBJ-9 of project P-1 does not exist$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.ResolveObjection(ctx, 'P-1', 'OBJ-1', 'MAYBE', FP), { mspId: TC1 }),
        /^INVALID_ARGUMENT: resolution must be one of UPHELD, DISMISSED$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.StartPublicity(ctx, 'P-1', AFTER_PUBLICITY), { mspId: TC1 }),
        /^PRECONDITION_FAILED: cannot start the publicity of the winning candidate: project P-1 is PUBLICITY, not EVALUATED$/,
      );
    });

    it('refuses an award before evaluation, and a publicity end in the past', async () => {
      const ledger = await opened();
      const { ctx, contract } = ledger;
      await expectRefused(
        ledger,
        ctx.submit(() => contract.AwardProject(ctx, 'P-1', FP), { mspId: TC1, time: LATER }),
        /^PRECONDITION_FAILED: cannot award project P-1 before its evaluation and the candidate's publicity \(it is OPENED\)$/,
      );
      await ctx.submit(() => contract.RecordEvaluation(ctx, 'P-1', evaluation()), { mspId: TC1, time: LATER });
      await expectRefused(
        ledger,
        ctx.submit(() => contract.AwardProject(ctx, 'P-1', FP), { mspId: TC1, time: LATER }),
        /^PRECONDITION_FAILED: cannot award project P-1 before its evaluation and the candidate's publicity \(it is EVALUATED\)$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.StartPublicity(ctx, 'P-1', LATER), { mspId: TC1, time: LATER }),
        /^INVALID_ARGUMENT: publicityEndsAt must be after the transaction time$/,
      );
    });
  });

  describe('contract and performance', () => {
    it('records the contract, then FULFILLED closes the project and writes FULFILLED credit', async () => {
      const ledger = await configuredLedger();
      await awarded(ledger);
      const { ctx, contract } = ledger;
      let project = parse<ProjectRecord>(
        await ctx.submit(() => contract.RecordContract(ctx, 'P-1', 'c0'.repeat(32)), { mspId: TC1 }),
      );
      expect(project).to.deep.include({ status: 'CONTRACTED', contractFingerprint: 'c0'.repeat(32) });
      expect(ctx.lastEvent()?.name).to.equal('ContractRecorded');
      project = parse<ProjectRecord>(
        await ctx.submit(() => contract.RecordPerformance(ctx, 'P-1', 'FULFILLED', FP), { mspId: TC1 }),
      );
      expect(project).to.deep.include({
        status: 'COMPLETED',
        statusReason: 'FULFILLED',
        performanceOutcome: 'FULFILLED',
      });
      expect(creditKinds(ledger)).to.include(`FULFILLED:${BIDDER_A}`);
      expect(ctx.lastEvent()?.payload).to.deep.include({ outcome: 'FULFILLED', winnerBidderCode: BIDDER_A });
    });

    it('DEFAULTED writes a DEFAULT credit record for the winner', async () => {
      const ledger = await configuredLedger();
      await awarded(ledger);
      const { ctx, contract } = ledger;
      await ctx.submit(() => contract.RecordContract(ctx, 'P-1', 'c0'.repeat(32)), { mspId: TC1 });
      await ctx.submit(() => contract.RecordPerformance(ctx, 'P-1', 'DEFAULTED', FP), { mspId: TC1 });
      expect(creditKinds(ledger)).to.include(`DEFAULT:${BIDDER_A}`);
      await expectRefused(
        ledger,
        ctx.submit(() => contract.RecordPerformance(ctx, 'P-1', 'FULFILLED', FP), { mspId: TC1 }),
        /^PRECONDITION_FAILED: cannot record the performance: project P-1 is COMPLETED \(final\)$/,
      );
    });

    it('refuses performance before the contract and a bad outcome', async () => {
      const ledger = await configuredLedger();
      await awarded(ledger);
      const { ctx, contract } = ledger;
      await expectRefused(
        ledger,
        ctx.submit(() => contract.RecordPerformance(ctx, 'P-1', 'FULFILLED', FP), { mspId: TC1 }),
        /^PRECONDITION_FAILED: cannot record the performance: project P-1 is AWARDED, not CONTRACTED$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.RecordPerformance(ctx, 'P-1', 'LATE', FP), { mspId: TC1 }),
        /^INVALID_ARGUMENT: outcome must be one of FULFILLED, DEFAULTED$/,
      );
    });
  });

  describe('only the publishing centre acts on its project', () => {
    const steps: [string, (ledger: Ledger) => Promise<string>][] = [
      ['OpenBids', (l) => l.contract.OpenBids(l.ctx, 'P-1', '[]')],
      ['RecordEvaluation', (l) => l.contract.RecordEvaluation(l.ctx, 'P-1', evaluation())],
      ['StartPublicity', (l) => l.contract.StartPublicity(l.ctx, 'P-1', AFTER_PUBLICITY)],
      ['RecordObjection', (l) => l.contract.RecordObjection(l.ctx, 'P-1', 'O-1', 'X_Y', FP)],
      ['ResolveObjection', (l) => l.contract.ResolveObjection(l.ctx, 'P-1', 'O-1', 'UPHELD', FP)],
      ['AwardProject', (l) => l.contract.AwardProject(l.ctx, 'P-1', FP)],
      ['RecordContract', (l) => l.contract.RecordContract(l.ctx, 'P-1', FP)],
      ['RecordPerformance', (l) => l.contract.RecordPerformance(l.ctx, 'P-1', 'FULFILLED', FP)],
      ['AmendProject', (l) => l.contract.AmendProject(l.ctx, 'P-1', FP, 'x', '', '')],
      ['TerminateProject', (l) => l.contract.TerminateProject(l.ctx, 'P-1', 'X_Y')],
    ];
    for (const [name, call] of steps) {
      for (const msp of [TC2, OTHER]) {
        it(`${name} refuses ${msp}`, async () => {
          const ledger = await configuredLedger();
          await threeBids(ledger);
          await expectRefused(
            ledger,
            ledger.ctx.submit(() => call(ledger), { mspId: msp, time: LATER }),
            new RegExp(`^FORBIDDEN: ${msp} may not .*\\(only the publishing centre TradingCenterMSP may\\)$`),
          );
        });
      }
    }
  });
});
