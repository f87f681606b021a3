import {
  BIDDER_A,
  BIDDER_B,
  BIDDER_D,
  DEADLINE,
  GUARANTOR,
  OTHER,
  REGULATOR,
  T0,
  TC1,
  TC2,
  after,
  businessLicenceJson,
  commit,
  configuredLedger,
  expect,
  expectRefused,
  issueLicence,
  parse,
  publish,
  seal,
  uscc,
  type BidRecord,
  type Ledger,
} from './fixtures';
import { CREDIT_NAMESPACE, bidKey } from '@govchain/bid-record';
import { canonicalJson, decodeOrgsPolicy } from '@govchain/chaincode-common';

const BEFORE_DEADLINE = after(DEADLINE, -60_000);

async function published(): Promise<Ledger> {
  const ledger = await configuredLedger();
  await publish(ledger);
  return ledger;
}

function commitCall(
  ledger: Ledger,
  args: { bidder?: string; licence?: string; commitment?: string; guarantee?: string; project?: string },
  options: { mspId?: string; time?: string } = {},
): Promise<string> {
  const { ctx, contract } = ledger;
  const sealed = seal('P-1', args.bidder ?? BIDDER_A, 500_000_00);
  return ctx.submit(
    () =>
      contract.CommitBid(
        ctx,
        args.project ?? 'P-1',
        args.bidder ?? BIDDER_A,
        args.licence ?? 'BL-A',
        args.commitment ?? sealed.commitment,
        args.guarantee ?? '',
      ),
    { mspId: options.mspId ?? TC1, time: options.time ?? BEFORE_DEADLINE },
  );
}

function creditKeys(ledger: Ledger): string[] {
  const prefix = ledger.ctx.stub.createCompositeKey(CREDIT_NAMESPACE, []);
  return [...ledger.ctx.world.state.keys()].filter((key) => key.startsWith(prefix));
}

describe('bid-record sealed bids', () => {
  describe('CommitBid', () => {
    it('commits through another centre: bid, publishing centre policy, BID credit record, e-license checked', async () => {
      const ledger = await published();
      const { ctx } = ledger;
      const sealed = seal('P-1', BIDDER_A, 500_000_00);
      const bid = await commit(ledger, sealed, { centre: TC2, time: BEFORE_DEADLINE });
      expect(bid).to.deep.include({
        projectId: 'P-1',
        bidderCode: BIDDER_A,
        licenceId: 'BL-A',
        submittedByMsp: TC2,
        commitment: sealed.commitment,
        status: 'COMMITTED',
        price: 0,
        salt: '',
        replacements: 0,
        txId: ctx.txId,
      });
      expect(
        ctx.stub.invokeChaincode.calledOnceWithExactly('e-license', ['GetLicense', 'BL-A'], 'govchannel'),
      ).to.equal(true);
      const key = bidKey(ctx, 'P-1', BIDDER_A);
      expect(ctx.world.text(key)).to.equal(canonicalJson(bid));
      expect(decodeOrgsPolicy(ctx.world.validationParameters.get(key)!).principals).to.deep.equal([
        { mspId: TC1, role: 'PEER' },
      ]);
      const credits = creditKeys(ledger);
      expect(credits).to.have.length(1);
      expect(ctx.world.json(credits[0]!)).to.deep.equal({
        bidderCode: BIDDER_A,
        kind: 'BID',
        projectId: 'P-1',
        reasonCode: '',
        evidenceFingerprint: '',
        recordedByMsp: TC2,
        recordedAt: BEFORE_DEADLINE,
        txId: ctx.txId,
      });
      expect(decodeOrgsPolicy(ctx.world.validationParameters.get(credits[0]!)!).principals).to.deep.equal([
        { mspId: TC2, role: 'PEER' },
      ]);
      expect(ctx.lastEvent()).to.deep.equal({
        name: 'BidCommitted',
        payload: {
          projectId: 'P-1',
          bidderCode: BIDDER_A,
          submittedByMsp: TC2,
          commitment: sealed.commitment,
          guaranteeId: '',
          status: 'COMMITTED',
          txId: ctx.txId,
        },
      });
    });

    const shapes: [string, string, RegExp][] = [
      [
        'upper-case hex',
        seal('P-1', BIDDER_A, 1).commitment.toUpperCase(),
        /^INVALID_ARGUMENT: commitment must be 64 lowercase hex characters$/,
      ],
      ['63 characters', 'a'.repeat(63), /^INVALID_ARGUMENT: commitment must be 64 lowercase hex characters$/],
      ['non-hex', 'g'.repeat(64), /^INVALID_ARGUMENT: commitment must be 64 lowercase hex characters$/],
      ['empty', '', /^INVALID_ARGUMENT: commitment is required$/],
    ];
    for (const [name, commitment, message] of shapes) {
      it(`refuses a commitment of the wrong shape (${name})`, async () => {
        const ledger = await published();
        await expectRefused(ledger, commitCall(ledger, { commitment }), message);
      });
    }

    it('refuses a bid at the deadline and after it: the transaction time decides', async () => {
      const ledger = await published();
      for (const time of [DEADLINE, after(DEADLINE, 1), after(DEADLINE, 86_400_000)]) {
        await expectRefused(
          ledger,
          commitCall(ledger, {}, { time }),
          /^PRECONDITION_FAILED: cannot commit a bid: bids for project P-1 closed at 2025-03-10T09:00:00.000Z$/,
        );
      }
      await commitCall(ledger, {}, { time: after(DEADLINE, -1) });
    });

    it("refuses a bidder whose licence does not exist, passing on e-license's answer", async () => {
      const ledger = await published();
      await expectRefused(
        ledger,
        commitCall(ledger, { licence: 'BL-NONE' }),
        /^PRECONDITION_FAILED: bidder \S+ has no ACTIVE business licence: NOT_FOUND: e-license GetLicense: licence BL-NONE does not exist$/,
      );
    });

    it('refuses a licence of another enterprise', async () => {
      const ledger = await published();
      await expectRefused(
        ledger,
        commitCall(ledger, { bidder: BIDDER_B, licence: 'BL-A' }),
        /^PRECONDITION_FAILED: bidder \S+ has no ACTIVE business licence: licence BL-A is not held by bidder/,
      );
    });

    it('refuses a suspended licence', async () => {
      const ledger = await published();
      const { licences } = ledger;
      await licences.ctx.submit(() => licences.contract.SuspendLicense(licences.ctx, 'BL-A', 'INSPECTION', ''), {
        mspId: REGULATOR,
        time: '2025-02-01T00:00:00Z',
      });
      await expectRefused(
        ledger,
        commitCall(ledger, {}),
        /^PRECONDITION_FAILED: bidder \S+ has no ACTIVE business licence: licence BL-A is SUSPENDED$/,
      );
    });

    it('refuses an expired licence and one not yet valid, judged at the transaction time', async () => {
      const ledger = await published();
      await issueLicence(
        ledger.licences,
        businessLicenceJson('BL-OLD', BIDDER_D, {
          validFrom: '2020-01-01T00:00:00Z',
          validUntil: '2025-03-05T00:00:00Z',
        }),
      );
      await issueLicence(
        ledger.licences,
        businessLicenceJson('BL-NEW', BIDDER_D, { validFrom: '2025-03-09T00:00:00Z' }),
      );
      await commitCall(ledger, { bidder: BIDDER_D, licence: 'BL-OLD' }, { time: '2025-03-04T23:59:59Z' });
      await ledger.ctx.submit(() => ledger.contract.WithdrawBid(ledger.ctx, 'P-1', BIDDER_D), { mspId: TC1 });
      await expectRefused(
        ledger,
        commitCall(ledger, { bidder: BIDDER_D, licence: 'BL-OLD' }, { time: '2025-03-05T00:00:00Z' }),
        /licence BL-OLD expired at 2025-03-05T00:00:00.000Z$/,
      );
      await expectRefused(
        ledger,
        commitCall(ledger, { bidder: BIDDER_D, licence: 'BL-NEW' }, { time: '2025-03-08T00:00:00Z' }),
        /licence BL-NEW is not valid before 2025-03-09T00:00:00.000Z$/,
      );
    });

    it('refuses a licence of another type', async () => {
      const ledger = await published();
      await issueLicence(
        ledger.licences,
        JSON.stringify({
          id: 'ML-1',
          type: 'MEDICAL_PRACTICE_LICENCE',
          fingerprint: 'c1'.repeat(32),
          metadata: { practiceCategory: 'x', practiceScope: 'y', practiceInstitution: 'z' },
        }),
        'HealthMSP',
      );
      await expectRefused(
        ledger,
        commitCall(ledger, { licence: 'ML-1' }),
        /licence ML-1 is a MEDICAL_PRACTICE_LICENCE, not a BUSINESS_LICENCE$/,
      );
    });

    it('fails without a stable code, writing nothing, when e-license cannot be called', async () => {
      const ledger = await published();
      ledger.licences.unavailable = true;
      await expectRefused(
        ledger,
        commitCall(ledger, {}),
        /^e-license GetLicense failed: chaincode e-license not found$/,
      );
    });

    it('refuses a blacklisted bidder (FORBIDDEN) and accepts it once the blacklisting expired', async () => {
      const ledger = await published();
      const { ctx, contract } = ledger;
      await ctx.submit(() => contract.BlacklistBidder(ctx, BIDDER_A, 'BID_RIGGING', '2025-03-05T00:00:00Z', ''), {
        mspId: REGULATOR,
        time: T0,
      });
      await expectRefused(
        ledger,
        commitCall(ledger, {}, { time: '2025-03-04T23:59:59.999Z' }),
        /^FORBIDDEN: bidder \S+ is blacklisted until 2025-03-05T00:00:00.000Z by MarketRegulationMSP \(BID_RIGGING\)$/,
      );
      await commitCall(ledger, {}, { time: '2025-03-05T00:00:00Z' });
    });

    it('refuses a caller that is not a trading centre, an unknown project and a second bid', async () => {
      const ledger = await published();
      await expectRefused(
        ledger,
        commitCall(ledger, {}, { mspId: OTHER }),
        /^FORBIDDEN: TaxMSP may not submit bids \(not a trading centre\)$/,
      );
      await expectRefused(ledger, commitCall(ledger, { project: 'P-9' }), /^NOT_FOUND: project P-9 does not exist$/);
      await commitCall(ledger, {});
      await expectRefused(
        ledger,
        commitCall(ledger, {}, { mspId: TC2 }),
        /^CONFLICT: bidder \S+ already has a bid on project P-1; use ReplaceBid$/,
      );
    });

    it('refuses a malformed bidder code and a guarantee issued for another bid', async () => {
      const ledger = await published();
      const { ctx, contract } = ledger;
      await expectRefused(
        ledger,
        commitCall(ledger, { bidder: `${BIDDER_A.slice(0, 17)}Z` }),
        /^INVALID_ARGUMENT: bidderCode must be an 18-character/,
      );
      await ctx.submit(
        () =>
          contract.IssueGuarantee(
            ctx,
            JSON.stringify({
              guaranteeId: 'G-B',
              projectId: 'P-1',
              bidderCode: BIDDER_B,
              guarantorCode: GUARANTOR,
              guarantorName: 'City Guarantee Co.',
              amount: 1_000_000,
              rateBasisPoints: 50,
              fingerprint: 'e1'.repeat(32),
            }),
          ),
        { mspId: TC1 },
      );
      await expectRefused(
        ledger,
        commitCall(ledger, { guarantee: 'G-B' }),
        /^PRECONDITION_FAILED: guarantee G-B was issued for another bid$/,
      );
      await expectRefused(
        ledger,
        commitCall(ledger, { guarantee: 'G-X' }),
        /^NOT_FOUND: guarantee G-X does not exist$/,
      );
      const bid = parse<BidRecord>(await commitCall(ledger, { bidder: BIDDER_B, licence: 'BL-B', guarantee: 'G-B' }));
      expect(bid.guaranteeId).to.equal('G-B');
    });
  });

  describe('ReplaceBid and WithdrawBid', () => {
    it('the submitting centre replaces and withdraws before the deadline; a withdrawn bid may be committed again', async () => {
      const ledger = await published();
      const { ctx, contract } = ledger;
      await commit(ledger, seal('P-1', BIDDER_A, 500_000_00), { centre: TC2 });
      const replacement = seal('P-1', BIDDER_A, 480_000_00);
      const replaced = parse<BidRecord>(
        await ctx.submit(() => contract.ReplaceBid(ctx, 'P-1', BIDDER_A, replacement.commitment, ''), {
          mspId: TC2,
          time: BEFORE_DEADLINE,
        }),
      );
      expect(replaced).to.deep.include({ commitment: replacement.commitment, replacements: 1, status: 'COMMITTED' });
      expect(ctx.lastEvent()?.name).to.equal('BidReplaced');
      const withdrawn = parse<BidRecord>(
        await ctx.submit(() => contract.WithdrawBid(ctx, 'P-1', BIDDER_A), { mspId: TC2, time: BEFORE_DEADLINE }),
      );
      expect(withdrawn.status).to.equal('WITHDRAWN');
      expect(ctx.lastEvent()?.name).to.equal('BidWithdrawn');
      const again = await commit(ledger, replacement, { centre: TC1, time: BEFORE_DEADLINE });
      expect(again).to.deep.include({ status: 'COMMITTED', submittedByMsp: TC1, replacements: 2 });
      expect(creditKeys(ledger)).to.have.length(1);
    });

    it('refuses another centre, the deadline, a withdrawn bid and a missing bid', async () => {
      const ledger = await published();
      const { ctx, contract } = ledger;
      await commit(ledger, seal('P-1', BIDDER_A, 500_000_00), { centre: TC2 });
      const other = seal('P-1', BIDDER_A, 1).commitment;
      await expectRefused(
        ledger,
        ctx.submit(() => contract.ReplaceBid(ctx, 'P-1', BIDDER_A, other, ''), { mspId: TC1, time: BEFORE_DEADLINE }),
        /^FORBIDDEN: TradingCenterMSP may not replace the bid of \S+ \(only TradingCenter2MSP, which submitted it, may\)$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.WithdrawBid(ctx, 'P-1', BIDDER_A), { mspId: TC1, time: BEFORE_DEADLINE }),
        /^FORBIDDEN/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.ReplaceBid(ctx, 'P-1', BIDDER_A, other, ''), { mspId: TC2, time: DEADLINE }),
        /^PRECONDITION_FAILED: cannot replace a bid: bids for project P-1 closed at/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.WithdrawBid(ctx, 'P-1', BIDDER_A), { mspId: TC2, time: DEADLINE }),
        /^PRECONDITION_FAILED: cannot withdraw a bid: bids for project P-1 closed at/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.ReplaceBid(ctx, 'P-1', BIDDER_A, 'short', ''), { mspId: TC2, time: BEFORE_DEADLINE }),
        /^INVALID_ARGUMENT: commitment must be 64 lowercase hex characters$/,
      );
      await ctx.submit(() => contract.WithdrawBid(ctx, 'P-1', BIDDER_A), { mspId: TC2, time: BEFORE_DEADLINE });
      await expectRefused(
        ledger,
        ctx.submit(() => contract.ReplaceBid(ctx, 'P-1', BIDDER_A, other, ''), { mspId: TC2, time: BEFORE_DEADLINE }),
        /^PRECONDITION_FAILED: cannot replace the bid: the bid of \S+ on project P-1 is WITHDRAWN$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.WithdrawBid(ctx, 'P-1', BIDDER_B), { mspId: TC2, time: BEFORE_DEADLINE }),
        /^NOT_FOUND: bidder \S+ has no bid on project P-1$/,
      );
    });

    it('refuses a replacement once the bidder is blacklisted', async () => {
      const ledger = await published();
      const { ctx, contract } = ledger;
      await commit(ledger, seal('P-1', BIDDER_A, 500_000_00));
      await ctx.submit(() => contract.BlacklistBidder(ctx, BIDDER_A, 'FRAUD', DEADLINE, ''), { mspId: TC2 });
      await expectRefused(
        ledger,
        ctx.submit(() => contract.ReplaceBid(ctx, 'P-1', BIDDER_A, seal('P-1', BIDDER_A, 2).commitment, ''), {
          mspId: TC1,
          time: BEFORE_DEADLINE,
        }),
        /^FORBIDDEN: bidder \S+ is blacklisted/,
      );
    });
  });

  describe('queries', () => {
    it('GetBid and ListBids', async () => {
      const ledger = await published();
      const { ctx, contract } = ledger;
      await commit(ledger, seal('P-1', BIDDER_A, 1));
      await commit(ledger, seal('P-1', BIDDER_B, 2), { centre: TC2 });
      expect(parse<BidRecord>(await ctx.evaluate(() => contract.GetBid(ctx, 'P-1', BIDDER_B))).submittedByMsp).to.equal(
        TC2,
      );
      await expect(ctx.evaluate(() => contract.GetBid(ctx, 'P-1', uscc('91000000000000001')))).to.be.rejectedWith(
        /^NOT_FOUND/,
      );
      const page = parse<{ records: BidRecord[] }>(await ctx.evaluate(() => contract.ListBids(ctx, 'P-1', '', '')));
      expect(page.records.map((b) => b.bidderCode)).to.deep.equal([BIDDER_A, BIDDER_B].sort());
      await expect(ctx.evaluate(() => contract.ListBids(ctx, 'P-9', '', ''))).to.be.rejectedWith(/^NOT_FOUND/);
    });
  });
});
