import {
  BIDDER_A,
  BIDDER_B,
  FP,
  OTHER,
  REGULATOR,
  T0,
  TC1,
  TC2,
  after,
  commit,
  configuredLedger,
  expect,
  expectRefused,
  parse,
  publish,
  seal,
  ownedPolicyText,
} from './fixtures';
import { blacklistKey } from '@govchain/bid-record';
import { describePolicy } from '@govchain/chaincode-common';

interface Blacklisting {
  entryId: string;
  status: string;
  expiresAt: string;
  imposedByMsp: string;
  liftReasonCode: string;
}
interface Profile {
  bidderCode: string;
  asOf: string;
  bids: number;
  wins: number;
  defaults: number;
  violations: number;
  fulfilled: number;
  recordedBy: string[];
  blacklisted: boolean;
  blacklistings: Blacklisting[];
  recentRecords: { kind: string; projectId: string; recordedByMsp: string }[];
}

const EXPIRES = '2026-03-01T00:00:00.000Z';

describe('bid-record bidder credit', () => {
  describe('RecordViolation', () => {
    it('a trading centre or the regulator records a violation with its recorder and evidence', async () => {
      const ledger = await configuredLedger();
      await publish(ledger);
      const { ctx, contract } = ledger;
      const record = parse<{ kind: string; recordedByMsp: string; evidenceFingerprint: string; projectId: string }>(
        await ctx.submit(() => contract.RecordViolation(ctx, BIDDER_A, 'P-1', 'COLLUSION', FP), { mspId: REGULATOR }),
      );
      expect(record).to.deep.include({
        kind: 'VIOLATION',
        recordedByMsp: REGULATOR,
        evidenceFingerprint: FP,
        projectId: 'P-1',
      });
      expect(ctx.lastEvent()?.name).to.equal('ViolationRecorded');
      await ctx.submit(() => contract.RecordViolation(ctx, BIDDER_A, '', 'LATE_DELIVERY', ''), { mspId: TC2 });
    });

    it('refuses other departments, unknown projects and malformed arguments', async () => {
      const ledger = await configuredLedger();
      const { ctx, contract } = ledger;
      await expectRefused(
        ledger,
        ctx.submit(() => contract.RecordViolation(ctx, BIDDER_A, '', 'X_Y', ''), { mspId: OTHER }),
        /^FORBIDDEN: TaxMSP may not record bidder violations \(neither a trading centre nor a regulator\)$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.RecordViolation(ctx, BIDDER_A, 'P-9', 'X_Y', ''), { mspId: TC1 }),
        /^NOT_FOUND: project P-9 does not exist$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.RecordViolation(ctx, BIDDER_A, '', 'X_Y', 'abc'), { mspId: TC1 }),
        /^INVALID_ARGUMENT: evidenceFingerprint must be 64 lowercase hex characters$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.RecordViolation(ctx, 'nobody', '', 'X_Y', ''), { mspId: TC1 }),
        /^INVALID_ARGUMENT: bidderCode must be an 18-character unified social credit code/,
      );
    });
  });

  describe('blacklisting', () => {
    it('BlacklistBidder writes an entry the imposer and one other department endorse; only the imposer lifts it early', async () => {
      const ledger = await configuredLedger();
      const { ctx, contract } = ledger;
      const entry = parse<Blacklisting>(
        await ctx.submit(() => contract.BlacklistBidder(ctx, BIDDER_A, 'CONTRACT_DEFAULT', EXPIRES, ''), {
          mspId: TC2,
          time: T0,
        }),
      );
      expect(entry).to.deep.include({ entryId: ctx.txId, status: 'ACTIVE', expiresAt: EXPIRES, imposedByMsp: TC2 });
      const key = blacklistKey(ctx, BIDDER_A, entry.entryId);
      expect(describePolicy(ctx.world.validationParameters.get(key)!)).to.equal(ownedPolicyText(TC2));
      expect(ctx.lastEvent()?.name).to.equal('BidderBlacklisted');
      for (const msp of [TC1, REGULATOR, OTHER]) {
        await expectRefused(
          ledger,
          ctx.submit(() => contract.LiftBlacklisting(ctx, BIDDER_A, entry.entryId, 'APPEAL_UPHELD'), { mspId: msp }),
          new RegExp(
            `^FORBIDDEN: ${msp} may not lift blacklisting ${entry.entryId} \\(only TradingCenter2MSP, who imposed it, may\\)$`,
          ),
        );
      }
      const lifted = parse<Blacklisting>(
        await ctx.submit(() => contract.LiftBlacklisting(ctx, BIDDER_A, entry.entryId, 'APPEAL_UPHELD'), {
          mspId: TC2,
          time: after(T0, 86_400_000),
        }),
      );
      expect(lifted).to.deep.include({ status: 'LIFTED', liftReasonCode: 'APPEAL_UPHELD' });
      expect(ctx.lastEvent()?.name).to.equal('BlacklistingLifted');
      await expectRefused(
        ledger,
        ctx.submit(() => contract.LiftBlacklisting(ctx, BIDDER_A, entry.entryId, 'AGAIN'), { mspId: TC2 }),
        /^PRECONDITION_FAILED: blacklisting \S+ is already lifted$/,
      );
      await publish(ledger);
      await commit(ledger, seal('P-1', BIDDER_A, 5), { time: after(T0, 2 * 86_400_000) });
    });

    it('refuses lifting an expired blacklisting, an unknown one, and blacklisting by other departments or into the past', async () => {
      const ledger = await configuredLedger();
      const { ctx, contract } = ledger;
      const entry = parse<Blacklisting>(
        await ctx.submit(() => contract.BlacklistBidder(ctx, BIDDER_A, 'FRAUD', after(T0, 1000), ''), {
          mspId: REGULATOR,
          time: T0,
        }),
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.LiftBlacklisting(ctx, BIDDER_A, entry.entryId, 'X_Y'), {
          mspId: REGULATOR,
          time: after(T0, 1000),
        }),
        /^PRECONDITION_FAILED: blacklisting \S+ has already expired at/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.LiftBlacklisting(ctx, BIDDER_A, 'nope', 'X_Y'), { mspId: REGULATOR }),
        /^NOT_FOUND: blacklisting nope of bidder \S+ does not exist$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.BlacklistBidder(ctx, BIDDER_A, 'FRAUD', EXPIRES, ''), { mspId: OTHER }),
        /^FORBIDDEN: TaxMSP may not blacklist bidders/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.BlacklistBidder(ctx, BIDDER_A, 'FRAUD', T0, ''), { mspId: TC1, time: T0 }),
        /^PRECONDITION_FAILED: expiresAt must be after the transaction time$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.BlacklistBidder(ctx, BIDDER_A, 'FRAUD', '2026-02-30T00:00:00Z', ''), { mspId: TC1 }),
        /^INVALID_ARGUMENT: expiresAt is not a real calendar time$/,
      );
    });
  });

  describe('GetBidderProfile', () => {
    it('counts records of every centre, lists blacklistings and the most recent records newest first', async () => {
      const ledger = await configuredLedger();
      const { ctx, contract } = ledger;
      await publish(ledger, 'P-1');
      await publish(ledger, 'P-2', {}, TC2);
      await commit(ledger, seal('P-1', BIDDER_A, 5), { centre: TC1, time: after(T0, 1000) });
      await commit(ledger, seal('P-2', BIDDER_A, 5), { centre: TC2, time: after(T0, 2000) });
      await ctx.submit(() => contract.RecordViolation(ctx, BIDDER_A, 'P-2', 'FALSE_DOCUMENTS', ''), {
        mspId: REGULATOR,
        time: after(T0, 3000),
      });
      await ctx.submit(() => contract.BlacklistBidder(ctx, BIDDER_A, 'FALSE_DOCUMENTS', EXPIRES, 'P-2'), {
        mspId: REGULATOR,
        time: after(T0, 4000),
      });
      const profile = parse<Profile>(
        await ctx.evaluate(() => contract.GetBidderProfile(ctx, BIDDER_A, '2'), { time: after(T0, 5000) }),
      );
      expect(profile).to.deep.include({
        bidderCode: BIDDER_A,
        asOf: after(T0, 5000),
        bids: 2,
        wins: 0,
        defaults: 0,
        violations: 1,
        fulfilled: 0,
        blacklisted: true,
      });
      expect(profile.recordedBy).to.deep.equal([REGULATOR, TC2, TC1]);
      expect(profile.recentRecords.map((r) => `${r.kind}:${r.projectId}:${r.recordedByMsp}`)).to.deep.equal([
        `VIOLATION:P-2:${REGULATOR}`,
        `BID:P-2:${TC2}`,
      ]);
      expect(profile.blacklistings).to.have.length(1);
      const later = parse<Profile>(
        await ctx.evaluate(() => contract.GetBidderProfile(ctx, BIDDER_A, ''), { time: EXPIRES }),
      );
      expect(later.blacklisted).to.equal(false);
      expect(later.recentRecords).to.have.length(3);
      const empty = parse<Profile>(await ctx.evaluate(() => contract.GetBidderProfile(ctx, BIDDER_B, '0')));
      expect(empty).to.deep.include({ bids: 0, blacklisted: false, recentRecords: [], recordedBy: [] });
    });

    it('refuses a malformed recent count and bidder code', async () => {
      const { ctx, contract } = await configuredLedger();
      for (const count of ['101', '-1', 'x', '1.5']) {
        await expect(ctx.evaluate(() => contract.GetBidderProfile(ctx, BIDDER_A, count))).to.be.rejectedWith(
          /^INVALID_ARGUMENT: recentCount must be an integer from 0 to 100$/,
        );
      }
      await expect(ctx.evaluate(() => contract.GetBidderProfile(ctx, 'x', ''))).to.be.rejectedWith(/^INVALID_ARGUMENT/);
    });

    it('ListCreditRecords pages through the records oldest first', async () => {
      const ledger = await configuredLedger();
      const { ctx, contract } = ledger;
      for (const [i, reason] of ['A_ONE', 'B_TWO', 'C_THREE'].entries()) {
        await ctx.submit(() => contract.RecordViolation(ctx, BIDDER_A, '', reason, ''), {
          mspId: TC1,
          time: after(T0, i * 1000),
        });
      }
      const first = parse<{ records: { reasonCode: string }[]; bookmark: string }>(
        await ctx.evaluate(() => contract.ListCreditRecords(ctx, BIDDER_A, '2', '')),
      );
      expect(first.records.map((r) => r.reasonCode)).to.deep.equal(['A_ONE', 'B_TWO']);
      const second = parse<{ records: { reasonCode: string }[]; bookmark: string }>(
        await ctx.evaluate(() => contract.ListCreditRecords(ctx, BIDDER_A, '2', first.bookmark)),
      );
      expect(second.records.map((r) => r.reasonCode)).to.deep.equal(['C_THREE']);
      expect(second.bookmark).to.equal('');
    });
  });
});
