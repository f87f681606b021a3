import {
  BIDDER_A,
  FP,
  REGULATOR,
  T0,
  TC1,
  TC2,
  after,
  configuredLedger,
  expect,
  expectRefused,
  type Ledger,
  parse,
  publish,
} from './fixtures';
import type { TxOptions } from '../../support';

/** Retries of operations whose records are keyed by transaction id (issue 13, item 7). */

const REQUEST = '6f1d2c3b-4a59-4e8f-8a7b-1c2d3e4f5a6b';
const EXPIRES = '2026-03-01T00:00:00.000Z';

interface Keyed {
  txId: string;
}

interface Profile {
  violations: number;
  blacklistings: unknown[];
}

function withRequest(mspId: string, requestId: string | undefined, time?: string): TxOptions {
  return {
    mspId,
    ...(time === undefined ? {} : { time }),
    ...(requestId === undefined ? {} : { transient: { requestId } }),
  };
}

async function violation(
  ledger: Ledger,
  options: { requestId?: string; mspId?: string; reasonCode?: string; projectId?: string; time?: string } = {},
): Promise<Keyed & { reasonCode: string }> {
  const { ctx, contract } = ledger;
  return parse(
    await ctx.submit(
      () => contract.RecordViolation(ctx, BIDDER_A, options.projectId ?? 'P-1', options.reasonCode ?? 'COLLUSION', FP),
      withRequest(options.mspId ?? REGULATOR, options.requestId, options.time),
    ),
  );
}

async function blacklisting(
  ledger: Ledger,
  options: { requestId?: string; mspId?: string; expiresAt?: string; time?: string } = {},
): Promise<Keyed & { entryId: string; status: string }> {
  const { ctx, contract } = ledger;
  return parse(
    await ctx.submit(
      () => contract.BlacklistBidder(ctx, BIDDER_A, 'FALSE_DOCUMENTS', options.expiresAt ?? EXPIRES, 'P-1'),
      withRequest(options.mspId ?? REGULATOR, options.requestId, options.time),
    ),
  );
}

function evidenceJson(overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    step: 'BID_OPENING',
    fingerprint: FP,
    mediaType: 'video/mp4',
    size: 734_003_200,
    storageUri: 's3://trading-centre-evidence/P-1/opening.mp4',
    ...overrides,
  });
}

async function evidence(
  ledger: Ledger,
  options: { requestId?: string; mspId?: string; json?: string; time?: string } = {},
): Promise<Keyed & { evidenceId: string }> {
  const { ctx, contract } = ledger;
  return parse(
    await ctx.submit(
      () => contract.RecordEvidence(ctx, 'P-1', options.json ?? evidenceJson()),
      withRequest(options.mspId ?? TC1, options.requestId, options.time),
    ),
  );
}

async function profile(ledger: Ledger): Promise<Profile> {
  const { ctx, contract } = ledger;
  return parse<Profile>(await ctx.evaluate(() => contract.GetBidderProfile(ctx, BIDDER_A, '')));
}

async function evidenceCount(ledger: Ledger): Promise<number> {
  const { ctx, contract } = ledger;
  return parse<{ records: unknown[] }>(await ctx.evaluate(() => contract.ListEvidence(ctx, 'P-1', '100', ''))).records
    .length;
}

async function ledgerWithProject(): Promise<Ledger> {
  const ledger = await configuredLedger();
  await publish(ledger);
  return ledger;
}

/** Submits again under the same requestId and checks that the first result came back and nothing was written. */
async function expectReplay<T extends Keyed>(ledger: Ledger, first: T, again: () => Promise<T>): Promise<void> {
  const firstTx = first.txId;
  const before = ledger.ctx.world.dump();
  const replayed = await again();
  expect(replayed).to.deep.equal(first);
  expect(replayed.txId).to.equal(firstTx).and.not.equal(ledger.ctx.txId);
  ledger.ctx.assertNothingWritten();
  expect(ledger.ctx.world.dump()).to.equal(before);
}

describe('bid-record retries under one requestId', () => {
  describe('RecordViolation', () => {
    it('returns the first record and writes nothing: the profile counts one violation', async () => {
      const ledger = await ledgerWithProject();
      const first = await violation(ledger, { requestId: REQUEST, time: after(T0, 1000) });
      await expectReplay(ledger, first, () => violation(ledger, { requestId: REQUEST, time: after(T0, 5000) }));
      expect((await profile(ledger)).violations).to.equal(1);
    });

    it('refuses the same requestId with another reason with CONFLICT naming it, and writes nothing', async () => {
      const ledger = await ledgerWithProject();
      await violation(ledger, { requestId: REQUEST });
      await expectRefused(
        ledger,
        violation(ledger, { requestId: REQUEST, reasonCode: 'BRIBERY', projectId: '' }),
        new RegExp(
          `^CONFLICT: request ${REQUEST} of RecordViolation was already used by ${REGULATOR} in transaction [0-9a-f]{64} with a different projectId, reasonCode$`,
        ),
      );
    });

    it('scopes requestIds by department: another department’s same requestId is its own request', async () => {
      const ledger = await ledgerWithProject();
      await violation(ledger, { requestId: REQUEST, mspId: TC1 });
      await violation(ledger, { requestId: REQUEST, mspId: TC2 });
      expect((await profile(ledger)).violations).to.equal(2);
    });

    it('records each call anew without a requestId (the caller asked for no idempotency)', async () => {
      const ledger = await ledgerWithProject();
      await violation(ledger);
      await violation(ledger);
      expect((await profile(ledger)).violations).to.equal(2);
    });

    it('refuses a malformed requestId with INVALID_ARGUMENT and writes nothing', async () => {
      const ledger = await ledgerWithProject();
      for (const requestId of ['short', 'has space in it', '-leading-dash', 'x'.repeat(65)]) {
        await expectRefused(
          ledger,
          violation(ledger, { requestId }),
          /^INVALID_ARGUMENT: transient field requestId must (be 8 to 64 letters, digits and \. _ : - \(e\.g\. a UUID\)|have at most 64 characters)$/,
        );
      }
    });
  });

  describe('BlacklistBidder', () => {
    it('returns the first blacklisting and writes nothing: one entry', async () => {
      const ledger = await ledgerWithProject();
      const first = await blacklisting(ledger, { requestId: REQUEST, time: after(T0, 1000) });
      await expectReplay(ledger, first, () => blacklisting(ledger, { requestId: REQUEST, time: after(T0, 9000) }));
      expect((await profile(ledger)).blacklistings).to.have.length(1);
    });

    it('returns the blacklisting as it stands once lifted, without imposing it again', async () => {
      const ledger = await ledgerWithProject();
      const first = await blacklisting(ledger, { requestId: REQUEST });
      const { ctx, contract } = ledger;
      await ctx.submit(() => contract.LiftBlacklisting(ctx, BIDDER_A, first.entryId, 'APPEAL_UPHELD'), {
        mspId: REGULATOR,
      });
      const again = await blacklisting(ledger, { requestId: REQUEST });
      expect(again).to.include({ entryId: first.entryId, status: 'LIFTED' });
      ledger.ctx.assertNothingWritten();
      expect((await profile(ledger)).blacklistings).to.have.length(1);
    });

    it('refuses the same requestId with another expiry with CONFLICT naming it, and writes nothing', async () => {
      const ledger = await ledgerWithProject();
      await blacklisting(ledger, { requestId: REQUEST });
      await expectRefused(
        ledger,
        blacklisting(ledger, { requestId: REQUEST, expiresAt: '2027-03-01T00:00:00Z' }),
        /^CONFLICT: request .* of BlacklistBidder was already used by .* with a different expiresAt$/,
      );
    });

    it('treats the same instant written another way as the same request', async () => {
      const ledger = await ledgerWithProject();
      const first = await blacklisting(ledger, { requestId: REQUEST });
      await expectReplay(ledger, first, () =>
        blacklisting(ledger, { requestId: REQUEST, expiresAt: '2026-03-01T00:00:00Z' }),
      );
    });
  });

  describe('RecordEvidence', () => {
    it('returns the first evidence and writes nothing: the project lists it once', async () => {
      const ledger = await ledgerWithProject();
      const first = await evidence(ledger, { requestId: REQUEST, time: after(T0, 1000) });
      await expectReplay(ledger, first, () => evidence(ledger, { requestId: REQUEST, time: after(T0, 2000) }));
      expect(await evidenceCount(ledger)).to.equal(1);
    });

    it('refuses the same requestId with another storage URI and size with CONFLICT naming both', async () => {
      const ledger = await ledgerWithProject();
      await evidence(ledger, { requestId: REQUEST });
      await expectRefused(
        ledger,
        evidence(ledger, { requestId: REQUEST, json: evidenceJson({ size: 1, storageUri: 's3://elsewhere/x.mp4' }) }),
        /^CONFLICT: request .* of RecordEvidence was already used by .* with a different size, storageUri$/,
      );
    });

    it('scopes requestIds by department', async () => {
      const ledger = await ledgerWithProject();
      await evidence(ledger, { requestId: REQUEST, mspId: TC1 });
      await evidence(ledger, { requestId: REQUEST, mspId: TC2 });
      expect(await evidenceCount(ledger)).to.equal(2);
    });
  });
});
