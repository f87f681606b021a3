import {
  BIDDER_A,
  BIDDER_B,
  BIDDER_C,
  BUDGET,
  DEADLINE,
  OPENING,
  OTHER,
  PRICES,
  REVEAL_WINDOW_MILLIS,
  TC1,
  TC2,
  after,
  closeBidding,
  commit,
  configuredLedger,
  expect,
  expectRefused,
  parse,
  publish,
  revealOf,
  seal,
  threeBids,
  withdraw,
  type BidRecord,
  type Ledger,
  type ProjectRecord,
  type Sealed,
} from './fixtures';
import { bidCommitment, bidKey } from '@govchain/bid-record';
import { canonicalJson, sha256Hex } from '@govchain/chaincode-common';

function reveal(
  ledger: Ledger,
  sealed: Sealed,
  options: { mspId?: string; time?: string; price?: number; salt?: string } = {},
): Promise<string> {
  const { ctx, contract } = ledger;
  return ctx.submit(
    () =>
      contract.RevealBid(
        ctx,
        sealed.projectId,
        sealed.bidderCode,
        String(options.price ?? sealed.price),
        options.salt ?? sealed.salt,
        sealed.bidDocumentFingerprint,
      ),
    { mspId: options.mspId ?? TC1, time: options.time ?? AFTER_CLOSE },
  );
}

/** Within the reveal window of a bidding closed at the deadline. */
const AFTER_CLOSE = after(DEADLINE, 60_000);

/**
 * Three bids on P-1, bidding closed at the deadline.
 *
 * @param ledger - the ledger
 * @returns the sealed values
 */
async function closedWithThreeBids(ledger: Ledger): Promise<Record<string, Sealed>> {
  const sealed = await threeBids(ledger);
  await closeBidding(ledger);
  return sealed;
}

function open(ledger: Ledger, reveals: unknown[], options: { mspId?: string; time?: string } = {}): Promise<string> {
  const { ctx, contract } = ledger;
  return ctx.submit(() => contract.OpenBids(ctx, 'P-1', JSON.stringify(reveals)), {
    mspId: options.mspId ?? TC1,
    time: options.time ?? after(OPENING, 60_000),
  });
}

interface OpenResult {
  project: ProjectRecord;
  bids: { bidderCode: string; status: string; disqualificationReason: string; price: number }[];
}

describe('bid-record commitment', () => {
  it('is SHA-256 of the canonical JSON of the five values', () => {
    const values = {
      projectId: 'P-1',
      bidderCode: BIDDER_A,
      price: 123_45,
      salt: 's'.repeat(32),
      bidDocumentFingerprint: 'ab'.repeat(32),
    };
    const text = `{"bidDocumentFingerprint":"${'ab'.repeat(32)}","bidderCode":"${BIDDER_A}","price":12345,"projectId":"P-1","salt":"${'s'.repeat(32)}"}`;
    expect(bidCommitment(values)).to.equal(sha256Hex(text));
    expect(bidCommitment({ ...values, price: 123_46 })).to.not.equal(bidCommitment(values));
  });
});

describe('bid-record opening', () => {
  describe('RevealBid', () => {
    it('reveals a matching bid once bidding is closed: price, salt and document become public', async () => {
      const ledger = await configuredLedger();
      const sealed = await closedWithThreeBids(ledger);
      const a = sealed[BIDDER_A]!;
      const bid = parse<BidRecord>(await reveal(ledger, a, { time: DEADLINE }));
      expect(bid).to.deep.include({
        status: 'VALID',
        disqualificationReason: '',
        price: a.price,
        salt: a.salt,
        bidDocumentFingerprint: a.bidDocumentFingerprint,
      });
      expect(ledger.ctx.world.text(bidKey(ledger.ctx, 'P-1', BIDDER_A))).to.equal(canonicalJson(bid));
      expect(ledger.ctx.lastEvent()).to.deep.equal({
        name: 'BidRevealed',
        payload: {
          projectId: 'P-1',
          bidderCode: BIDDER_A,
          status: 'VALID',
          disqualificationReason: '',
          price: a.price,
          txId: ledger.ctx.txId,
        },
      });
      const c = parse<BidRecord>(await reveal(ledger, sealed[BIDDER_C]!, { mspId: TC2 }));
      expect(c.status).to.equal('VALID');
    });

    it('refuses a reveal before bidding is closed, even after the deadline and the opening time', async () => {
      const ledger = await configuredLedger();
      const sealed = await threeBids(ledger);
      for (const time of [after(DEADLINE, -1), DEADLINE, after(OPENING, 1)]) {
        await expectRefused(
          ledger,
          reveal(ledger, sealed[BIDDER_A]!, { time }),
          /^PRECONDITION_FAILED: cannot reveal a bid: bidding for project P-1 is not closed yet \(CloseBidding, from 2025-03-10T09:00:00.000Z\)$/,
        );
      }
    });

    it('refuses a reveal that does not match the commitment, writing nothing; the right one is then accepted', async () => {
      const ledger = await configuredLedger();
      const sealed = await closedWithThreeBids(ledger);
      const a = sealed[BIDDER_A]!;
      for (const options of [{ price: a.price + 1 }, { salt: `${a.salt}x` }]) {
        await expectRefused(
          ledger,
          reveal(ledger, a, options),
          /^INVALID_ARGUMENT: the reveal does not match the commitment of bidder \S+ on project P-1$/,
        );
      }
      expect(parse<BidRecord>(await reveal(ledger, a)).status).to.equal('VALID');
      await expectRefused(ledger, reveal(ledger, a), /^CONFLICT: the bid of \S+ on project P-1 is already revealed$/);
    });

    it('refuses another department, a malformed price and salt, and a withdrawn bid', async () => {
      const ledger = await configuredLedger();
      const sealed = await closedWithThreeBids(ledger);
      await expectRefused(
        ledger,
        reveal(ledger, sealed[BIDDER_C]!, { mspId: OTHER }),
        /^FORBIDDEN: TaxMSP may not reveal the bid of \S+ \(only TradingCenter2MSP or TradingCenterMSP may\)$/,
      );
      await expectRefused(ledger, reveal(ledger, sealed[BIDDER_A]!, { mspId: TC2 }), /^FORBIDDEN/);
      await expectRefused(
        ledger,
        ledger.ctx.submit(
          () => ledger.contract.RevealBid(ledger.ctx, 'P-1', BIDDER_A, '01', 'x'.repeat(32), 'ab'.repeat(32)),
          {
            mspId: TC1,
            time: AFTER_CLOSE,
          },
        ),
        /^INVALID_ARGUMENT: price must be a positive whole number of fen/,
      );
      await expectRefused(
        ledger,
        reveal(ledger, sealed[BIDDER_A]!, { salt: 'short' }),
        /^INVALID_ARGUMENT: reveal.salt must have at least 32 characters$/,
      );
      const ledger2 = await configuredLedger();
      await publish(ledger2);
      const d = seal('P-1', BIDDER_B, 5);
      await commit(ledger2, d);
      await withdraw(ledger2, 'P-1', BIDDER_B);
      await closeBidding(ledger2);
      await expectRefused(
        ledger2,
        reveal(ledger2, d),
        /^PRECONDITION_FAILED: cannot reveal the bid: the bid of \S+ on project P-1 is WITHDRAWN$/,
      );
    });
  });

  describe('OpenBids', () => {
    it('checks reveals: a mismatch and a missing reveal are disqualified with their reasons; enough valid bids → OPENED', async () => {
      const ledger = await configuredLedger();
      const sealed = await closedWithThreeBids(ledger);
      await reveal(ledger, sealed[BIDDER_A]!, { mspId: TC1 });
      const result = parse<OpenResult>(
        await open(ledger, [revealOf(sealed[BIDDER_C]!, { price: (PRICES[BIDDER_C] ?? 0) - 1 })]),
      );
      const outcome = Object.fromEntries(result.bids.map((b) => [b.bidderCode, b]));
      expect(outcome[BIDDER_A]).to.deep.include({ status: 'VALID', price: PRICES[BIDDER_A] });
      expect(outcome[BIDDER_B]).to.deep.include({
        status: 'DISQUALIFIED',
        disqualificationReason: 'NOT_REVEALED',
        price: 0,
      });
      expect(outcome[BIDDER_C]).to.deep.include({
        status: 'DISQUALIFIED',
        disqualificationReason: 'COMMITMENT_MISMATCH',
        price: 0,
      });
      expect(result.project).to.deep.include({
        status: 'FAILED',
        statusReason: 'TOO_FEW_VALID_BIDS',
        validBidCount: 1,
      });
      expect(ledger.ctx.lastEvent()).to.deep.equal({
        name: 'BidsOpened',
        payload: {
          projectId: 'P-1',
          status: 'FAILED',
          validBidCount: 1,
          disqualified: [
            { bidderCode: BIDDER_B, reason: 'NOT_REVEALED' },
            { bidderCode: BIDDER_C, reason: 'COMMITMENT_MISMATCH' },
          ].sort((x, y) => (x.bidderCode < y.bidderCode ? -1 : 1)),
          txId: ledger.ctx.txId,
        },
      });
      const stored = parse<BidRecord>(
        await ledger.ctx.evaluate(() => ledger.contract.GetBid(ledger.ctx, 'P-1', BIDDER_C)),
      );
      expect(stored.salt).to.equal('');
    });

    it('opens with the valid bids; a price above the budget is disqualified; reveals close with the opening', async () => {
      const ledger = await configuredLedger();
      await publish(ledger, 'P-1', { minValidBids: 2 });
      const a = seal('P-1', BIDDER_A, 700_000_00);
      const b = seal('P-1', BIDDER_B, 800_000_00);
      const c = seal('P-1', BIDDER_C, BUDGET + 1);
      await commit(ledger, a);
      await commit(ledger, b, { centre: TC2 });
      await commit(ledger, c, { centre: TC2 });
      await closeBidding(ledger);
      const result = parse<OpenResult>(await open(ledger, [revealOf(a), revealOf(b), revealOf(c)]));
      expect(result.project).to.deep.include({
        status: 'OPENED',
        statusReason: 'OPENED',
        validBidCount: 2,
        disqualifiedBidCount: 1,
      });
      expect(result.bids.find((x) => x.bidderCode === BIDDER_C)).to.deep.include({
        status: 'DISQUALIFIED',
        disqualificationReason: 'PRICE_ABOVE_BUDGET',
        price: BUDGET + 1,
      });
      await expectRefused(
        ledger,
        reveal(ledger, a, { time: after(OPENING, 120_000) }),
        /^PRECONDITION_FAILED: cannot reveal a bid: project P-1 is OPENED, not BIDDING_CLOSED$/,
      );
    });

    it('fails the tender when no bid was committed at all', async () => {
      const ledger = await configuredLedger();
      await publish(ledger);
      await closeBidding(ledger);
      const result = parse<OpenResult>(await open(ledger, []));
      expect(result.project.status).to.equal('FAILED');
      expect(result.bids).to.deep.equal([]);
    });

    const refusals: [string, () => unknown[], { mspId?: string; time?: string }, RegExp][] = [
      [
        'before the opening time',
        () => [],
        { time: after(OPENING, -1) },
        /^PRECONDITION_FAILED: cannot open the bids: the opening of project P-1 is at/,
      ],
      [
        'another centre',
        () => [],
        { mspId: TC2 },
        /^FORBIDDEN: TradingCenter2MSP may not open the bids of project P-1 \(only the publishing centre TradingCenterMSP may\)$/,
      ],
      [
        'a reveal for a bidder without a sealed bid',
        () => [revealOf(seal('P-1', BIDDER_A, 1), { bidderCode: '91350100M000100Y43' })],
        {},
        /^INVALID_ARGUMENT: reveals names bidder 91350100M000100Y43, who has no sealed bid awaiting its reveal$/,
      ],
      [
        'a bidder revealed twice',
        () => [revealOf(seal('P-1', BIDDER_A, 1)), revealOf(seal('P-1', BIDDER_A, 1))],
        {},
        /^INVALID_ARGUMENT: reveals lists bidder \S+ twice$/,
      ],
      [
        'a reveal with a fractional price',
        () => [revealOf(seal('P-1', BIDDER_A, 1), { price: 1.5 })],
        {},
        /^INVALID_ARGUMENT: reveals\[0\].price must be an integer from 1 to \d+$/,
      ],
      [
        'a reveal with an unknown field',
        () => [{ ...revealOf(seal('P-1', BIDDER_A, 1)), note: 'x' }],
        {},
        /^INVALID_ARGUMENT: reveals\[0\] has unknown field "note"$/,
      ],
    ];
    for (const [name, reveals, options, message] of refusals) {
      it(`refuses ${name}`, async () => {
        const ledger = await configuredLedger();
        await closedWithThreeBids(ledger);
        await expectRefused(ledger, open(ledger, reveals(), options), message);
      });
    }

    it('refuses malformed JSON and a second opening', async () => {
      const ledger = await configuredLedger();
      const sealed = await closedWithThreeBids(ledger);
      await expectRefused(
        ledger,
        ledger.ctx.submit(() => ledger.contract.OpenBids(ledger.ctx, 'P-1', '{}'), { mspId: TC1, time: OPENING }),
        /^INVALID_ARGUMENT: reveals must be a JSON array/,
      );
      await open(
        ledger,
        Object.values(sealed).map((s) => revealOf(s)),
      );
      await expectRefused(
        ledger,
        open(ledger, []),
        /^PRECONDITION_FAILED: cannot open the bids: project P-1 is OPENED, not BIDDING_CLOSED$/,
      );
    });

    it('refuses to open before bidding is closed, even after the opening time', async () => {
      const ledger = await configuredLedger();
      await threeBids(ledger);
      await expectRefused(
        ledger,
        open(ledger, [], { time: after(OPENING, 3_600_000) }),
        /^PRECONDITION_FAILED: cannot open the bids: bidding for project P-1 is not closed yet/,
      );
    });

    describe('the reveal window', () => {
      /** A project whose opening time is its deadline: only the reveal window separates close and opening. */
      async function openingAtDeadline(ledger: Ledger): Promise<Record<string, Sealed>> {
        await publish(ledger, 'P-1', { openingTime: DEADLINE });
        const sealed: Record<string, Sealed> = {};
        for (const code of [BIDDER_A, BIDDER_B]) {
          sealed[code] = seal('P-1', code, PRICES[code] ?? 1);
          await commit(ledger, sealed[code]);
        }
        await closeBidding(ledger, 'P-1', { time: DEADLINE });
        return sealed;
      }
      const windowEnds = after(DEADLINE, REVEAL_WINDOW_MILLIS);

      it('refuses OpenBids at the opening time while a bid awaits its reveal, until the window ends', async () => {
        const ledger = await configuredLedger();
        const sealed = await openingAtDeadline(ledger);
        await reveal(ledger, sealed[BIDDER_A]!, { time: DEADLINE });
        for (const time of [DEADLINE, after(windowEnds, -1)]) {
          for (const reveals of [[], [revealOf(sealed[BIDDER_B]!)]]) {
            await expectRefused(
              ledger,
              open(ledger, reveals, { time }),
              /^PRECONDITION_FAILED: cannot open the bids of project P-1 before its reveal window ends at 2025-03-10T09:10:00.000Z: 1 bid\(s\) await their reveal$/,
            );
          }
        }
        const result = parse<OpenResult>(await open(ledger, [], { time: windowEnds }));
        expect(result.bids.find((b) => b.bidderCode === BIDDER_B)?.disqualificationReason).to.equal('NOT_REVEALED');
      });

      it('opens at the opening time, inside the window, once every bid is revealed (no bidder can lose by it)', async () => {
        const ledger = await configuredLedger();
        const sealed = await openingAtDeadline(ledger);
        for (const s of Object.values(sealed)) {
          await reveal(ledger, s, { time: DEADLINE });
        }
        const result = parse<OpenResult>(await open(ledger, [], { time: DEADLINE }));
        expect(result.project).to.deep.include({ status: 'OPENED', validBidCount: 2 });
      });

      it('never opens before the announced opening time, even with every bid revealed', async () => {
        const ledger = await configuredLedger();
        const sealed = await closedWithThreeBids(ledger);
        for (const s of Object.values(sealed)) {
          await reveal(ledger, s, { mspId: s.bidderCode === BIDDER_C ? TC2 : TC1 });
        }
        await expectRefused(
          ledger,
          open(ledger, [], { time: after(OPENING, -1) }),
          /^PRECONDITION_FAILED: cannot open the bids: the opening of project P-1 is at 2025-03-10T10:00:00.000Z$/,
        );
      });
    });
  });
});
