import {
  BIDDER_A,
  BIDDER_B,
  BIDDER_D,
  BIDDER_KEYS,
  DEADLINE,
  DEPARTMENTS,
  GUARANTOR,
  OTHER,
  REGULATOR,
  T0,
  TC1,
  TC2,
  after,
  businessLicenceJson,
  closeBidding,
  commit,
  configuredLedger,
  expect,
  expectRefused,
  issueLicence,
  keyOf,
  nextSequence,
  parse,
  publish,
  seal,
  signAction,
  uscc,
  withdraw,
  type BidRecord,
  type Ledger,
} from './fixtures';
import { P256Holder } from '../../support';
import { CREDIT_NAMESPACE, bidKey } from '@govchain/bid-record';
import { canonicalJson, describePolicy } from '@govchain/chaincode-common';

const BEFORE_DEADLINE = after(DEADLINE, -60_000);

async function published(): Promise<Ledger> {
  const ledger = await configuredLedger();
  await publish(ledger);
  return ledger;
}

/** Departments other than the owner, as a policy renders them. */
function others(...owners: string[]): string {
  return DEPARTMENTS.filter((msp) => !owners.includes(msp))
    .sort()
    .map((msp) => `'${msp}.peer'`)
    .join(', ');
}

function commitCall(
  ledger: Ledger,
  args: {
    bidder?: string;
    licence?: string;
    commitment?: string;
    guarantee?: string;
    project?: string;
    signature?: string;
  },
  options: { mspId?: string; time?: string } = {},
): Promise<string> {
  const { ctx, contract } = ledger;
  const projectId = args.project ?? 'P-1';
  const bidderCode = args.bidder ?? BIDDER_A;
  const commitment = args.commitment ?? seal('P-1', bidderCode, 500_000_00).commitment;
  const licenceId = args.licence ?? 'BL-A';
  const guaranteeId = args.guarantee ?? '';
  const centre = options.mspId ?? TC1;
  const signature =
    args.signature ??
    (BIDDER_KEYS[bidderCode] === undefined ? 'ab'.repeat(36) : undefined) ??
    signAction({
      action: 'COMMIT_BID',
      projectId,
      bidderCode,
      submittingCentreMsp: centre,
      sequence: nextSequence(ledger, projectId, bidderCode),
      commitment: /^[0-9a-f]{64}$/.test(commitment) ? commitment : '0'.repeat(64),
      guaranteeId,
      licenceId,
    });
  return ctx.submit(
    () => contract.CommitBid(ctx, projectId, bidderCode, licenceId, commitment, guaranteeId, signature),
    { mspId: centre, time: options.time ?? BEFORE_DEADLINE },
  );
}

function replaceCall(
  ledger: Ledger,
  commitment: string,
  options: { mspId?: string; time?: string; bidder?: string; signedVia?: string; sequence?: number } = {},
): Promise<string> {
  const { ctx, contract } = ledger;
  const bidderCode = options.bidder ?? BIDDER_A;
  const signature = signAction({
    action: 'REPLACE_BID',
    projectId: 'P-1',
    bidderCode,
    submittingCentreMsp: options.signedVia ?? options.mspId ?? TC2,
    sequence: options.sequence ?? nextSequence(ledger, 'P-1', bidderCode),
    commitment,
    guaranteeId: '',
  });
  return ctx.submit(() => contract.ReplaceBid(ctx, 'P-1', bidderCode, commitment, '', signature), {
    mspId: options.mspId ?? TC2,
    time: options.time ?? BEFORE_DEADLINE,
  });
}

function withdrawCall(
  ledger: Ledger,
  options: { mspId?: string; time?: string; bidder?: string } = {},
): Promise<string> {
  const { ctx, contract } = ledger;
  const bidderCode = options.bidder ?? BIDDER_A;
  const signature = signAction({
    action: 'WITHDRAW_BID',
    projectId: 'P-1',
    bidderCode,
    submittingCentreMsp: options.mspId ?? TC2,
    sequence: nextSequence(ledger, 'P-1', bidderCode),
  });
  return ctx.submit(() => contract.WithdrawBid(ctx, 'P-1', bidderCode, signature), {
    mspId: options.mspId ?? TC2,
    time: options.time ?? BEFORE_DEADLINE,
  });
}

function creditKeys(ledger: Ledger): string[] {
  const prefix = ledger.ctx.stub.createCompositeKey(CREDIT_NAMESPACE, []);
  return [...ledger.ctx.world.state.keys()].filter((key) => key.startsWith(prefix));
}

describe('bid-record sealed bids', () => {
  describe('CommitBid', () => {
    it('commits through another centre: bid, submitter-and-publisher policy, BID credit record, e-license checked', async () => {
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
        sequence: 1,
        keyVersion: 1,
        txId: ctx.txId,
      });
      expect(
        ctx.stub.invokeChaincode.calledOnceWithExactly(
          'e-license',
          ['CheckLicense', 'BL-A', BEFORE_DEADLINE],
          'govchannel',
        ),
      ).to.equal(true);
      const key = bidKey(ctx, 'P-1', BIDDER_A);
      expect(ctx.world.text(key)).to.equal(canonicalJson(bid));
      expect(describePolicy(ctx.world.validationParameters.get(key)!)).to.equal(`AND('${TC2}.peer', '${TC1}.peer')`);
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
      expect(describePolicy(ctx.world.validationParameters.get(credits[0]!)!)).to.equal(
        `AND('${TC2}.peer', OutOf(1, ${others(TC2)}))`,
      );
      expect(ctx.lastEvent()).to.deep.equal({
        name: 'BidCommitted',
        payload: {
          projectId: 'P-1',
          bidderCode: BIDDER_A,
          submittedByMsp: TC2,
          commitment: sealed.commitment,
          guaranteeId: '',
          status: 'COMMITTED',
          sequence: 1,
          txId: ctx.txId,
        },
      });
    });

    it('a bid through the publishing centre itself needs that centre and one other department', async () => {
      const ledger = await published();
      await commit(ledger, seal('P-1', BIDDER_A, 500_000_00), { centre: TC1, time: BEFORE_DEADLINE });
      const key = bidKey(ledger.ctx, 'P-1', BIDDER_A);
      expect(describePolicy(ledger.ctx.world.validationParameters.get(key)!)).to.equal(
        `AND('${TC1}.peer', OutOf(1, ${others(TC1)}))`,
      );
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
        /^PRECONDITION_FAILED: bidder \S+ has no ACTIVE business licence: licence BL-NONE does not exist in e-license$/,
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
      await withdraw(ledger, 'P-1', BIDDER_D, { time: '2025-03-04T23:59:59Z' });
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
        /^e-license CheckLicense failed: chaincode e-license not found$/,
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
    it('the submitting centre relays replacement and withdrawal; a withdrawn bid may be recommitted through it', async () => {
      const ledger = await published();
      const { ctx } = ledger;
      await commit(ledger, seal('P-1', BIDDER_A, 500_000_00), { centre: TC2 });
      const replacement = seal('P-1', BIDDER_A, 480_000_00);
      const replaced = parse<BidRecord>(await replaceCall(ledger, replacement.commitment));
      expect(replaced).to.deep.include({
        commitment: replacement.commitment,
        replacements: 1,
        sequence: 2,
        status: 'COMMITTED',
      });
      expect(ctx.lastEvent()?.name).to.equal('BidReplaced');
      const withdrawn = parse<BidRecord>(await withdrawCall(ledger));
      expect(withdrawn).to.deep.include({ status: 'WITHDRAWN', sequence: 3 });
      expect(ctx.lastEvent()?.name).to.equal('BidWithdrawn');
      const again = await commit(ledger, replacement, { centre: TC2, time: BEFORE_DEADLINE });
      expect(again).to.deep.include({ status: 'COMMITTED', submittedByMsp: TC2, replacements: 2, sequence: 4 });
      expect(creditKeys(ledger)).to.have.length(1);
    });

    it('refuses to recommit a withdrawn bid through another centre (its policy names the submitting centre)', async () => {
      const ledger = await published();
      await commit(ledger, seal('P-1', BIDDER_A, 500_000_00), { centre: TC2 });
      await withdrawCall(ledger);
      await expectRefused(
        ledger,
        commitCall(ledger, {}, { mspId: TC1 }),
        /^FORBIDDEN: TradingCenterMSP may not recommit the withdrawn bid of \S+ \(it was submitted through TradingCenter2MSP; recommit through it\)$/,
      );
    });

    it('refuses another centre, after the deadline, after the close, a withdrawn bid and a missing bid', async () => {
      const ledger = await published();
      await commit(ledger, seal('P-1', BIDDER_A, 500_000_00), { centre: TC2 });
      const other = seal('P-1', BIDDER_A, 1).commitment;
      await expectRefused(
        ledger,
        replaceCall(ledger, other, { mspId: TC1 }),
        /^FORBIDDEN: TradingCenterMSP may not replace the bid of \S+ \(only TradingCenter2MSP, which submitted it, may\)$/,
      );
      await expectRefused(ledger, withdrawCall(ledger, { mspId: TC1 }), /^FORBIDDEN/);
      await expectRefused(
        ledger,
        replaceCall(ledger, other, { time: DEADLINE }),
        /^PRECONDITION_FAILED: cannot replace a bid: bids for project P-1 closed at/,
      );
      await expectRefused(
        ledger,
        withdrawCall(ledger, { time: DEADLINE }),
        /^PRECONDITION_FAILED: cannot withdraw a bid: bids for project P-1 closed at/,
      );
      await expectRefused(
        ledger,
        replaceCall(ledger, 'short'),
        /^INVALID_ARGUMENT: commitment must be 64 lowercase hex characters$/,
      );
      await withdrawCall(ledger);
      await expectRefused(
        ledger,
        replaceCall(ledger, other),
        /^PRECONDITION_FAILED: cannot replace the bid: the bid of \S+ on project P-1 is WITHDRAWN$/,
      );
      await expectRefused(
        ledger,
        withdrawCall(ledger, { bidder: BIDDER_B }),
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
        replaceCall(ledger, seal('P-1', BIDDER_A, 2).commitment, { mspId: TC1 }),
        /^FORBIDDEN: bidder \S+ is blacklisted/,
      );
    });
  });

  describe("the bidder's signature", () => {
    it('refuses a commitment in a bidder’s name without its signature (squatting), writing nothing', async () => {
      const ledger = await published();
      const forged = signAction(
        {
          action: 'COMMIT_BID',
          projectId: 'P-1',
          bidderCode: BIDDER_A,
          submittingCentreMsp: TC1,
          sequence: 1,
          commitment: seal('P-1', BIDDER_A, 1).commitment,
          guaranteeId: '',
          licenceId: 'BL-A',
        },
        P256Holder.generate(),
      );
      await expectRefused(
        ledger,
        commitCall(ledger, { signature: forged }),
        /^FORBIDDEN: COMMIT_BID of bidder \S+ on project P-1 is not signed by the bidder's key \(version 1, sequence 1, via TradingCenterMSP\)$/,
      );
      await expectRefused(
        ledger,
        commitCall(ledger, { signature: 'zz' }),
        /^INVALID_ARGUMENT: signature must have at least 16 characters$/,
      );
      await expectRefused(ledger, commitCall(ledger, { signature: '' }), /^INVALID_ARGUMENT: signature /);
    });

    it('refuses a bidder without a bound key', async () => {
      const ledger = await published();
      const unbound = uscc('91330100MA2B00001');
      await issueLicence(ledger.licences, businessLicenceJson('BL-U', unbound));
      await expectRefused(
        ledger,
        commitCall(ledger, { bidder: unbound, licence: 'BL-U', signature: 'ab'.repeat(36) }),
        /^PRECONDITION_FAILED: bidder \S+ has no bound key; a bidder key authority binds it with BindBidderKey$/,
      );
    });

    it('a signature cannot be replayed on another project, through another centre, or with other values', async () => {
      const ledger = await published();
      await publish(ledger, 'P-2');
      const commitment = seal('P-1', BIDDER_A, 500_000_00).commitment;
      const signedForP1 = signAction({
        action: 'COMMIT_BID',
        projectId: 'P-1',
        bidderCode: BIDDER_A,
        submittingCentreMsp: TC1,
        sequence: 1,
        commitment,
        guaranteeId: '',
        licenceId: 'BL-A',
      });
      const cases: [Parameters<typeof commitCall>[1], { mspId?: string }][] = [
        [{ project: 'P-2', commitment, signature: signedForP1 }, {}],
        [{ commitment, signature: signedForP1 }, { mspId: TC2 }],
        [{ commitment: seal('P-1', BIDDER_A, 1).commitment, signature: signedForP1 }, {}],
      ];
      for (const [args, options] of cases) {
        await expectRefused(ledger, commitCall(ledger, args, options), /^FORBIDDEN: COMMIT_BID of bidder/);
      }
      await commitCall(ledger, { commitment, signature: signedForP1 });
    });

    it('an old replacement signature cannot be replayed after a later action (the sequence moves on)', async () => {
      const ledger = await published();
      const c1 = seal('P-1', BIDDER_A, 500_000_00).commitment;
      const c2 = seal('P-1', BIDDER_A, 490_000_00).commitment;
      await commit(ledger, seal('P-1', BIDDER_A, 500_000_00), { centre: TC2 });
      // The bidder signs c1 → c2 (sequence 2), then c2 → c1 (sequence 3).
      await replaceCall(ledger, c2);
      await replaceCall(ledger, c1);
      // Replaying the first replacement (sequence 2) would set c2 again: refused.
      await expectRefused(
        ledger,
        replaceCall(ledger, c2, { sequence: 2 }),
        /^FORBIDDEN: REPLACE_BID of bidder \S+ on project P-1 is not signed by the bidder's key \(version 1, sequence 4, via TradingCenter2MSP\)$/,
      );
      const stored = parse<BidRecord>(
        await ledger.ctx.evaluate(() => ledger.contract.GetBid(ledger.ctx, 'P-1', BIDDER_A)),
      );
      expect(stored).to.deep.include({ commitment: c1, sequence: 3 });
    });

    it('a signature over a withdrawal is not a replacement, and one by a rotated-out key no longer counts', async () => {
      const ledger = await published();
      const { ctx, contract } = ledger;
      await commit(ledger, seal('P-1', BIDDER_A, 500_000_00), { centre: TC2 });
      const asWithdrawal = signAction({
        action: 'WITHDRAW_BID',
        projectId: 'P-1',
        bidderCode: BIDDER_A,
        submittingCentreMsp: TC2,
        sequence: 2,
      });
      const c2 = seal('P-1', BIDDER_A, 2).commitment;
      await expectRefused(
        ledger,
        ctx.submit(() => contract.ReplaceBid(ctx, 'P-1', BIDDER_A, c2, '', asWithdrawal), {
          mspId: TC2,
          time: BEFORE_DEADLINE,
        }),
        /^FORBIDDEN: REPLACE_BID/,
      );
      const fresh = P256Holder.generate();
      const binding = {
        action: 'BIND_BIDDER_KEY',
        uscc: BIDDER_A,
        publicKey: fresh.publicKeyPem,
        keyVersion: 2,
      } as const;
      await ctx.submit(
        () =>
          contract.BindBidderKey(
            ctx,
            JSON.stringify(binding),
            fresh.sign(new TextEncoder().encode(canonicalJson(binding))),
          ),
        { mspId: REGULATOR },
      );
      await expectRefused(ledger, replaceCall(ledger, c2), /^FORBIDDEN: REPLACE_BID .*\(version 2, sequence 2/);
      const signedByNewKey = signAction(
        {
          action: 'REPLACE_BID',
          projectId: 'P-1',
          bidderCode: BIDDER_A,
          submittingCentreMsp: TC2,
          sequence: 2,
          commitment: c2,
          guaranteeId: '',
          keyVersion: 2,
        },
        fresh,
      );
      const replaced = parse<BidRecord>(
        await ctx.submit(() => contract.ReplaceBid(ctx, 'P-1', BIDDER_A, c2, '', signedByNewKey), {
          mspId: TC2,
          time: BEFORE_DEADLINE,
        }),
      );
      expect(replaced).to.deep.include({ commitment: c2, keyVersion: 2, sequence: 2 });
      expect(keyOf(BIDDER_A)).to.not.equal(fresh);
    });
  });

  describe('CloseBidding', () => {
    it('the publishing centre closes from the deadline; the reveal window starts', async () => {
      const ledger = await published();
      const { ctx } = ledger;
      const closedAt = after(DEADLINE, 5_000);
      const project = await closeBidding(ledger, 'P-1', { time: closedAt });
      expect(project).to.deep.include({
        status: 'BIDDING_CLOSED',
        statusReason: 'BIDDING_CLOSED',
        biddingClosedAt: closedAt,
        revealWindowEndsAt: after(closedAt, 600_000),
      });
      expect(ctx.lastEvent()).to.deep.equal({
        name: 'BiddingClosed',
        payload: {
          projectId: 'P-1',
          centreMsp: TC1,
          status: 'BIDDING_CLOSED',
          biddingClosedAt: closedAt,
          revealWindowEndsAt: after(closedAt, 600_000),
          openingTime: project.openingTime,
          txId: ctx.txId,
        },
      });
    });

    it('refuses before the deadline, another centre, and a second close', async () => {
      const ledger = await published();
      const { ctx, contract } = ledger;
      await expectRefused(
        ledger,
        ctx.submit(() => contract.CloseBidding(ctx, 'P-1'), { mspId: TC1, time: after(DEADLINE, -1) }),
        /^PRECONDITION_FAILED: cannot close the bidding of project P-1 before its deadline 2025-03-10T09:00:00.000Z$/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.CloseBidding(ctx, 'P-1'), { mspId: TC2, time: DEADLINE }),
        /^FORBIDDEN: TradingCenter2MSP may not close the bidding of project P-1 \(only the publishing centre TradingCenterMSP may\)$/,
      );
      await closeBidding(ledger);
      await expectRefused(
        ledger,
        ctx.submit(() => contract.CloseBidding(ctx, 'P-1'), { mspId: TC1, time: after(DEADLINE, 1) }),
        /^PRECONDITION_FAILED: cannot close the bidding: project P-1 is BIDDING_CLOSED, not PUBLISHED$/,
      );
    });

    it('after the close nothing is committed, replaced or withdrawn — whatever time the proposal claims', async () => {
      const ledger = await published();
      await commit(ledger, seal('P-1', BIDDER_A, 500_000_00), { centre: TC2 });
      await closeBidding(ledger);
      const early = after(DEADLINE, -1_000);
      const closed =
        /^PRECONDITION_FAILED: cannot (commit|replace|withdraw) a bid: bidding for project P-1 was closed at 2025-03-10T09:00:00.000Z$/;
      await expectRefused(ledger, commitCall(ledger, { bidder: BIDDER_B, licence: 'BL-B' }, { time: early }), closed);
      await expectRefused(ledger, replaceCall(ledger, seal('P-1', BIDDER_A, 1).commitment, { time: early }), closed);
      await expectRefused(ledger, withdrawCall(ledger, { time: early }), closed);
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
