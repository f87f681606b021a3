import {
  BIDDER_A,
  BIDDER_B,
  FP,
  GUARANTOR,
  OPENING,
  REGULATOR,
  T0,
  TC1,
  TC2,
  after,
  awarded,
  configuredLedger,
  expect,
  uscc,
} from './fixtures';
import * as sinon from 'sinon';
import { isUnifiedSocialCreditCode, requireUscc, usccCheckCharacter } from '@govchain/bid-record';

/**
 * Runs every submit transaction kind once with fixed inputs.
 *
 * @returns the committed world state dump
 */
async function scenario(): Promise<string> {
  const ledger = await configuredLedger();
  const { ctx, contract } = ledger;
  await awarded(ledger, async () => {
    await ctx.submit(
      () =>
        contract.IssueGuarantee(
          ctx,
          JSON.stringify({
            guaranteeId: 'G-B',
            projectId: 'P-1',
            bidderCode: BIDDER_B,
            guarantorCode: GUARANTOR,
            guarantorName: 'Guarantor',
            amount: 100,
            rateBasisPoints: 20,
            fingerprint: FP,
          }),
        ),
      { mspId: TC2, time: after(T0, 5) },
    );
    await ctx.submit(() => contract.AmendProject(ctx, 'P-1', 'aa'.repeat(32), 'annex', '', ''), {
      mspId: TC1,
      time: after(T0, 6),
    });
  });
  const later = after(OPENING, 10 * 86_400_000);
  const steps: [() => Promise<string>, string][] = [
    [() => contract.ReleaseGuarantee(ctx, 'G-B', 'NOT_AWARDED'), TC1],
    [() => contract.RecordContract(ctx, 'P-1', FP), TC1],
    [() => contract.RecordPerformance(ctx, 'P-1', 'DEFAULTED', FP), TC1],
    [() => contract.RecordViolation(ctx, BIDDER_A, 'P-1', 'CONTRACT_DEFAULT', FP), REGULATOR],
    [() => contract.BlacklistBidder(ctx, BIDDER_A, 'CONTRACT_DEFAULT', after(later, 86_400_000), 'P-1'), TC1],
    [
      () =>
        contract.RecordEvidence(
          ctx,
          'P-1',
          JSON.stringify({
            step: 'PERFORMANCE',
            fingerprint: FP,
            mediaType: 'application/pdf',
            size: 1,
            storageUri: 'https://x/y',
          }),
        ),
      TC2,
    ],
  ];
  for (const [index, [call, mspId]] of steps.entries()) {
    await ctx.submit(call, { mspId, time: after(later, index * 1000) });
  }
  return ctx.world.dump();
}

describe('bid-record determinism', () => {
  it('the same inputs give byte-identical state, policies, history and events, whatever the wall clock', async () => {
    const random = sinon.stub(Math, 'random').throws(new Error('Math.random is not deterministic'));
    try {
      const first = await scenario();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await scenario();
      expect(second).to.equal(first);
      expect(first.length).to.be.greaterThan(1000);
    } finally {
      random.restore();
    }
  });
});

describe('unified social credit codes', () => {
  it('computes the GB 32100-2015 check character of real codes', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).to.equal('3');
    expect(usccCheckCharacter('91110000802100433')).to.equal('B');
    expect(isUnifiedSocialCreditCode('91350100M000100Y43')).to.equal(true);
    expect(isUnifiedSocialCreditCode('91350100M000100Y44')).to.equal(false);
    expect(isUnifiedSocialCreditCode('91350100M000100Y4I')).to.equal(false);
    expect(isUnifiedSocialCreditCode(uscc('91310000MA1FL4CT3'))).to.equal(true);
  });

  it('requireUscc refuses the wrong shape and the wrong check character with INVALID_ARGUMENT', () => {
    expect(() => requireUscc('91350100M000100Y4', 'bidderCode')).to.throw(
      /^INVALID_ARGUMENT: bidderCode must be an 18-character/,
    );
    expect(() => requireUscc('91350100M000100Y44', 'bidderCode')).to.throw(
      /^INVALID_ARGUMENT: bidderCode has a wrong check character/,
    );
    expect(() => requireUscc(42, 'bidderCode')).to.throw(/^INVALID_ARGUMENT: bidderCode must be a string$/);
    expect(() => usccCheckCharacter('short')).to.throw(RangeError);
  });
});
