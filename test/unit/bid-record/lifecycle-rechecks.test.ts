import {
  AFTER_PUBLICITY,
  BIDDER_A,
  BIDDER_B,
  DEADLINE,
  FP,
  OPENING,
  PRICES,
  REGULATOR,
  T0,
  TC1,
  after,
  businessLicenceJson,
  closeBidding,
  commit,
  configuredLedger,
  expect,
  expectRefused,
  inPublicity,
  parse,
  publish,
  revealOf,
  seal,
  threeBids,
  withdraw,
  type BidRecord,
  type Ledger,
  type ProjectRecord,
} from './fixtures';
import { bidKey } from '@govchain/bid-record';

/** BL-A is renewed on 2025-02-20 by BL-A2, which starts on 2025-03-05: ahead of time. */
const RENEWED_AT = '2025-02-20T00:00:00.000Z';
const RENEWAL_STARTS = '2025-03-05T00:00:00.000Z';

async function renewAhead(ledger: Ledger): Promise<void> {
  const { licences } = ledger;
  await licences.ctx.submit(
    () =>
      licences.contract.RenewLicense(
        licences.ctx,
        'BL-A',
        businessLicenceJson('BL-A2', BIDDER_A, { validFrom: RENEWAL_STARTS }),
      ),
    {
      mspId: REGULATOR,
      time: RENEWED_AT,
      transient: { idNumber: '110105194912310021', name: 'Legal Representative', salt: 'a5'.repeat(32) },
    },
  );
}

/** Commits A's bid naming a licence, through TC1. */
function commitWith(ledger: Ledger, licenceId: string, time: string): Promise<BidRecord> {
  return commit(ledger, seal('P-1', BIDDER_A, 500_000_00), { time, licenceId });
}

describe('bid-record: the licence check asks e-license’s verdict (issue 13, item 11)', () => {
  it('accepts a licence renewed ahead of time until its renewal starts, which e-license still judges VALID', async () => {
    const ledger = await configuredLedger();
    await publish(ledger);
    await renewAhead(ledger);
    const bid = await commitWith(ledger, 'BL-A', after(T0, 3_600_000));
    expect(bid).to.deep.include({ status: 'COMMITTED', licenceId: 'BL-A' });
    expect(
      ledger.licences.ctx.world.json(ledger.licences.ctx.stub.createCompositeKey('licence', ['BL-A'])),
    ).to.deep.include({ status: 'SUPERSEDED', successorId: 'BL-A2' });
  });

  it('refuses the renewal before it starts and the old licence after, at the transaction time', async () => {
    const ledger = await configuredLedger();
    await publish(ledger);
    await renewAhead(ledger);
    await expectRefused(
      ledger,
      commitWith(ledger, 'BL-A2', after(T0, 3_600_000)),
      /^PRECONDITION_FAILED: bidder \S+ has no ACTIVE business licence: licence BL-A2 is not valid before 2025-03-05T00:00:00.000Z$/,
    );
    const afterStart = after(RENEWAL_STARTS, 3_600_000);
    await expectRefused(
      ledger,
      commitWith(ledger, 'BL-A', afterStart),
      /^PRECONDITION_FAILED: bidder \S+ has no ACTIVE business licence: licence BL-A is SUPERSEDED$/,
    );
    const bid = await commitWith(ledger, 'BL-A2', afterStart);
    expect(bid).to.deep.include({ status: 'COMMITTED', licenceId: 'BL-A2' });
  });

  it('refuses a licence renewed ahead of time once it is suspended (with its renewal)', async () => {
    const ledger = await configuredLedger();
    await publish(ledger);
    await renewAhead(ledger);
    await ledger.licences.ctx.submit(
      () => ledger.licences.contract.SuspendLicense(ledger.licences.ctx, 'BL-A', 'FRAUD', ''),
      { mspId: REGULATOR, time: '2025-02-25T00:00:00.000Z' },
    );
    await expectRefused(
      ledger,
      commitWith(ledger, 'BL-A', after(T0, 3_600_000)),
      /^PRECONDITION_FAILED: bidder \S+ has no ACTIVE business licence: licence BL-A is SUSPENDED$/,
    );
    await expectRefused(
      ledger,
      commitWith(ledger, 'BL-A2', after(RENEWAL_STARTS, 3_600_000)),
      /licence BL-A2 is SUSPENDED$/,
    );
  });
});

/** Blacklists a bidder as Market Regulation; returns the entry id. */
async function blacklist(
  ledger: Ledger,
  bidderCode: string,
  time: string,
  expiresAt = '2026-01-01T00:00:00Z',
): Promise<string> {
  const { ctx, contract } = ledger;
  const entry = parse<{ entryId: string }>(
    await ctx.submit(() => contract.BlacklistBidder(ctx, bidderCode, 'BID_RIGGING', expiresAt, ''), {
      mspId: REGULATOR,
      time,
    }),
  );
  return entry.entryId;
}

const AFTER_CLOSE = after(DEADLINE, 60_000);

describe('bid-record: blacklisting re-checked at reveal, opening and award (issue 13, item 15)', () => {
  it('RevealBid disqualifies (BLACKLISTED) the bid of a bidder blacklisted since the commitment', async () => {
    const ledger = await configuredLedger();
    const sealed = await threeBids(ledger);
    await closeBidding(ledger);
    await blacklist(ledger, BIDDER_A, after(DEADLINE, 30_000));
    const s = sealed[BIDDER_A]!;
    const bid = parse<BidRecord>(
      await ledger.ctx.submit(
        () => ledger.contract.RevealBid(ledger.ctx, 'P-1', BIDDER_A, String(s.price), s.salt, s.bidDocumentFingerprint),
        { mspId: TC1, time: AFTER_CLOSE },
      ),
    );
    expect(bid).to.deep.include({ status: 'DISQUALIFIED', disqualificationReason: 'BLACKLISTED', price: s.price });
    expect(ledger.ctx.world.json(bidKey(ledger.ctx, 'P-1', BIDDER_A))).to.deep.include({
      status: 'DISQUALIFIED',
      disqualificationReason: 'BLACKLISTED',
    });
    expect(ledger.ctx.lastEvent()?.payload).to.deep.include({ disqualificationReason: 'BLACKLISTED' });
  });

  it('OpenBids disqualifies a bid revealed VALID before and one revealed at the opening when their bidders are blacklisted', async () => {
    const ledger = await configuredLedger();
    const sealed = await threeBids(ledger);
    await closeBidding(ledger);
    const a = sealed[BIDDER_A]!;
    await ledger.ctx.submit(
      () => ledger.contract.RevealBid(ledger.ctx, 'P-1', BIDDER_A, String(a.price), a.salt, a.bidDocumentFingerprint),
      { mspId: TC1, time: AFTER_CLOSE },
    );
    await blacklist(ledger, BIDDER_A, after(AFTER_CLOSE, 60_000));
    await blacklist(ledger, BIDDER_B, after(AFTER_CLOSE, 60_000));
    const reveals = [sealed[BIDDER_B]!, sealed[Object.keys(PRICES)[2]!]!].map((s) => revealOf(s));
    const opened = parse<{
      project: ProjectRecord;
      bids: { bidderCode: string; status: string; disqualificationReason: string }[];
    }>(
      await ledger.ctx.submit(() => ledger.contract.OpenBids(ledger.ctx, 'P-1', JSON.stringify(reveals)), {
        mspId: TC1,
        time: OPENING,
      }),
    );
    const outcome = Object.fromEntries(
      opened.bids.map((bid) => [bid.bidderCode, [bid.status, bid.disqualificationReason]]),
    );
    expect(outcome[BIDDER_A]).to.deep.equal(['DISQUALIFIED', 'BLACKLISTED']);
    expect(outcome[BIDDER_B]).to.deep.equal(['DISQUALIFIED', 'BLACKLISTED']);
    expect(opened.project).to.deep.include({ status: 'FAILED', validBidCount: 1, disqualifiedBidCount: 2 });
    expect(ledger.ctx.world.json(bidKey(ledger.ctx, 'P-1', BIDDER_A))).to.deep.include({
      status: 'DISQUALIFIED',
      disqualificationReason: 'BLACKLISTED',
      price: a.price,
    });
  });

  it('keeps a mismatched or missing reveal of a blacklisted bidder COMMITMENT_MISMATCH / NOT_REVEALED', async () => {
    const ledger = await configuredLedger();
    const sealed = await threeBids(ledger);
    await closeBidding(ledger);
    await blacklist(ledger, BIDDER_A, after(AFTER_CLOSE, 60_000));
    await blacklist(ledger, BIDDER_B, after(AFTER_CLOSE, 60_000));
    const reveals = [revealOf(sealed[BIDDER_A]!, { price: 1 })];
    const opened = parse<{ bids: { bidderCode: string; disqualificationReason: string }[] }>(
      await ledger.ctx.submit(() => ledger.contract.OpenBids(ledger.ctx, 'P-1', JSON.stringify(reveals)), {
        mspId: TC1,
        time: after(OPENING, 3_600_000),
      }),
    );
    const reasons = Object.fromEntries(opened.bids.map((bid) => [bid.bidderCode, bid.disqualificationReason]));
    expect(reasons[BIDDER_A]).to.equal('COMMITMENT_MISMATCH');
    expect(reasons[BIDDER_B]).to.equal('NOT_REVEALED');
    expect(ledger.ctx.world.json(bidKey(ledger.ctx, 'P-1', BIDDER_A))).to.deep.include({ price: 0 });
  });

  it('AwardProject refuses a candidate blacklisted during the publicity, and awards once the blacklisting is lifted', async () => {
    const ledger = await configuredLedger();
    await inPublicity(ledger);
    const project = ledger.ctx.world.json(ledger.ctx.stub.createCompositeKey('project', ['P-1'])) as ProjectRecord;
    const candidate = (project as unknown as { candidateBidderCode: string }).candidateBidderCode;
    const entryId = await blacklist(ledger, candidate, after(OPENING, 2 * 86_400_000));
    await expectRefused(
      ledger,
      ledger.ctx.submit(() => ledger.contract.AwardProject(ledger.ctx, 'P-1', FP), {
        mspId: TC1,
        time: AFTER_PUBLICITY,
      }),
      /^PRECONDITION_FAILED: cannot award project P-1: bidder \S+ is blacklisted until 2026-01-01T00:00:00.000Z by MarketRegulationMSP \(BID_RIGGING\)$/,
    );
    await ledger.ctx.submit(() => ledger.contract.LiftBlacklisting(ledger.ctx, candidate, entryId, 'APPEAL_UPHELD'), {
      mspId: REGULATOR,
      time: AFTER_PUBLICITY,
    });
    const awarded = parse<ProjectRecord>(
      await ledger.ctx.submit(() => ledger.contract.AwardProject(ledger.ctx, 'P-1', FP), {
        mspId: TC1,
        time: after(AFTER_PUBLICITY, 60_000),
      }),
    );
    expect(awarded).to.deep.include({ status: 'AWARDED' });
  });

  it('StartPublicity refuses a first-ranked bidder blacklisted since the opening', async () => {
    const ledger = await configuredLedger();
    const { ctx, contract } = ledger;
    const sealed = await threeBids(ledger);
    await closeBidding(ledger);
    const reveals = Object.values(sealed).map((s) => revealOf(s));
    await ctx.submit(() => contract.OpenBids(ctx, 'P-1', JSON.stringify(reveals)), { mspId: TC1, time: OPENING });
    const scores = Object.keys(PRICES).map((bidderCode) => ({ bidderCode, score: bidderCode === BIDDER_B ? 99 : 50 }));
    await ctx.submit(() => contract.RecordEvaluation(ctx, 'P-1', JSON.stringify({ reportFingerprint: FP, scores })), {
      mspId: TC1,
      time: after(OPENING, 86_400_000),
    });
    await blacklist(ledger, BIDDER_B, after(OPENING, 86_400_000 + 1_000));
    await expectRefused(
      ledger,
      ctx.submit(() => contract.StartPublicity(ctx, 'P-1', after(OPENING, 3 * 86_400_000)), {
        mspId: TC1,
        time: after(OPENING, 86_400_000 + 60_000),
      }),
      /^PRECONDITION_FAILED: cannot start the publicity of project P-1: bidder \S+ is blacklisted until/,
    );
  });

  it('leaves bids of bidders not blacklisted as they were (withdrawn ones included)', async () => {
    const ledger = await configuredLedger();
    await publish(ledger);
    await commit(ledger, seal('P-1', BIDDER_A, 500_000_00));
    await withdraw(ledger, 'P-1', BIDDER_A);
    await blacklist(ledger, BIDDER_A, after(T0, 7_200_000));
    await closeBidding(ledger);
    const opened = parse<{ bids: unknown[] }>(
      await ledger.ctx.submit(() => ledger.contract.OpenBids(ledger.ctx, 'P-1', '[]'), { mspId: TC1, time: OPENING }),
    );
    expect(opened.bids).to.deep.equal([]);
  });
});
