import {
  FINGERPRINT,
  type LicenceRecord,
  T0,
  businessLicence,
  expect,
  holderTransient,
  issueBusinessLicence,
  parse,
  seededLedger,
  type Ledger,
} from './fixtures';
import { licenceKey } from '@govchain/e-license';

/** The successor BL-2 starts here; BL-1 is renewed ahead of time at T0. */
const STARTS = '2025-03-31T08:00:00.000Z';
const BEFORE_START = '2025-03-10T00:00:00.000Z';
const AFTER_START = '2025-04-02T00:00:00.000Z';

interface Check {
  licenceId: string;
  result: string;
  checkedAt: string;
  licence: LicenceRecord | null;
}

/** @returns a ledger where BL-1 is renewed at T0 by BL-2, which starts 30 days later */
async function renewedAhead(): Promise<Ledger> {
  const ledger = await seededLedger();
  await issueBusinessLicence(ledger, 'BL-1');
  await ledger.ctx.submit(
    () => ledger.contract.RenewLicense(ledger.ctx, 'BL-1', businessLicence('BL-2', { validFrom: STARTS })),
    { mspId: 'MarketRegulationMSP', transient: holderTransient(), time: T0 },
  );
  return ledger;
}

async function verify(ledger: Ledger, id: string, at: string): Promise<string> {
  const text = await ledger.ctx.evaluate(() => ledger.contract.VerifyLicense(ledger.ctx, id, FINGERPRINT, at));
  return parse<{ result: string }>(text).result;
}

async function check(ledger: Ledger, id: string, at: string): Promise<Check> {
  return parse<Check>(await ledger.ctx.evaluate(() => ledger.contract.CheckLicense(ledger.ctx, id, at)));
}

type StatusCall = 'SuspendLicense' | 'ReinstateLicense' | 'RevokeLicense';

async function change(
  ledger: Ledger,
  call: StatusCall,
  id: string,
  time: string,
  reason = 'FRAUD',
  effectiveAt = '',
): Promise<LicenceRecord> {
  const { ctx, contract } = ledger;
  return parse<LicenceRecord>(
    await ctx.submit(() => contract[call](ctx, id, reason, effectiveAt), { mspId: 'MarketRegulationMSP', time }),
  );
}

function stored(ledger: Ledger, id: string): LicenceRecord {
  return ledger.ctx.world.json(licenceKey(ledger.ctx, id)) as LicenceRecord;
}

describe('e-license CheckLicense: the verdict other chaincodes ask (issue 13, item 11)', () => {
  it('judges a licence renewed ahead of time VALID until its successor starts, whatever its status field says', async () => {
    const ledger = await renewedAhead();
    const before = await check(ledger, 'BL-1', BEFORE_START);
    expect(before).to.deep.include({ licenceId: 'BL-1', result: 'VALID', checkedAt: BEFORE_START });
    expect(before.licence).to.deep.include({ id: 'BL-1', status: 'SUPERSEDED', successorId: 'BL-2' });
    expect((await check(ledger, 'BL-2', BEFORE_START)).result).to.equal('NOT_YET_VALID');
    expect((await check(ledger, 'BL-1', AFTER_START)).result).to.equal('SUPERSEDED');
    expect((await check(ledger, 'BL-2', AFTER_START)).result).to.equal('VALID');
  });

  it('gives the same verdict as VerifyLicense with the right document, at the transaction time when no time is given', async () => {
    const ledger = await renewedAhead();
    for (const at of [T0, BEFORE_START, STARTS, AFTER_START]) {
      ledger.ctx.setTime(at);
      for (const id of ['BL-1', 'BL-2']) {
        expect((await check(ledger, id, '')).result, `${id} at ${at}`).to.equal(await verify(ledger, id, at));
      }
    }
  });

  it('answers NOT_FOUND with a null record, and refuses a malformed id or time', async () => {
    const ledger = await seededLedger();
    expect(await check(ledger, 'NOPE', T0)).to.deep.equal({
      licenceId: 'NOPE',
      result: 'NOT_FOUND',
      checkedAt: T0,
      licence: null,
    });
    await expect(ledger.ctx.evaluate(() => ledger.contract.CheckLicense(ledger.ctx, 'a b', ''))).to.be.rejectedWith(
      /^INVALID_ARGUMENT: licence id/,
    );
    await expect(
      ledger.ctx.evaluate(() => ledger.contract.CheckLicense(ledger.ctx, 'BL-1', 'yesterday')),
    ).to.be.rejectedWith(/^INVALID_ARGUMENT: atTime/);
  });
});

describe('e-license: a licence renewed ahead of time can still be stopped (issue 13, item 12)', () => {
  it('SuspendLicense suspends it and its pending renewal, which then cannot take over at its start', async () => {
    const ledger = await renewedAhead();
    const suspended = await change(ledger, 'SuspendLicense', 'BL-1', BEFORE_START);
    const txId = ledger.ctx.txId;
    expect(suspended).to.deep.include({
      status: 'SUSPENDED',
      statusReason: 'FRAUD',
      statusEffectiveAt: BEFORE_START,
      successorId: 'BL-2',
      txId,
    });
    expect(stored(ledger, 'BL-1')).to.deep.equal(suspended);
    expect(stored(ledger, 'BL-2')).to.deep.include({
      status: 'SUSPENDED',
      statusReason: 'PREDECESSOR_SUSPENDED',
      statusEffectiveAt: BEFORE_START,
      txId,
    });
    expect(ledger.ctx.lastEvent()).to.deep.equal({
      name: 'LicenseSuspended',
      payload: {
        licenceId: 'BL-1',
        type: 'BUSINESS_LICENCE',
        issuerMsp: 'MarketRegulationMSP',
        status: 'SUSPENDED',
        reasonCode: 'FRAUD',
        effectiveAt: BEFORE_START,
        followingLicenceIds: ['BL-2'],
        txId,
      },
    });
    for (const at of [BEFORE_START, AFTER_START]) {
      expect(await verify(ledger, 'BL-1', at)).to.equal('SUSPENDED');
      expect(await verify(ledger, 'BL-2', at)).to.equal('SUSPENDED');
    }
  });

  it('ReinstateLicense restores both: the old licence VALID until the renewal starts, then the renewal', async () => {
    const ledger = await renewedAhead();
    await change(ledger, 'SuspendLicense', 'BL-1', BEFORE_START);
    const reinstated = await change(ledger, 'ReinstateLicense', 'BL-1', '2025-03-12T00:00:00.000Z', 'CLEARED');
    expect(reinstated).to.deep.include({
      status: 'SUPERSEDED',
      statusReason: 'CLEARED',
      statusEffectiveAt: STARTS,
      successorId: 'BL-2',
    });
    expect(stored(ledger, 'BL-2')).to.deep.include({
      status: 'ACTIVE',
      statusReason: 'CLEARED',
      statusEffectiveAt: '2025-03-12T00:00:00.000Z',
    });
    expect(await verify(ledger, 'BL-1', '2025-03-20T00:00:00.000Z')).to.equal('VALID');
    expect(await verify(ledger, 'BL-1', AFTER_START)).to.equal('SUPERSEDED');
    expect(await verify(ledger, 'BL-2', AFTER_START)).to.equal('VALID');
  });

  it('ReinstateLicense after the renewal’s start leaves the old licence superseded from now', async () => {
    const ledger = await renewedAhead();
    await change(ledger, 'SuspendLicense', 'BL-1', BEFORE_START);
    const reinstated = await change(ledger, 'ReinstateLicense', 'BL-1', AFTER_START, 'CLEARED');
    expect(reinstated).to.deep.include({ status: 'SUPERSEDED', statusEffectiveAt: AFTER_START });
    expect(await verify(ledger, 'BL-1', AFTER_START)).to.equal('SUPERSEDED');
    expect(await verify(ledger, 'BL-2', AFTER_START)).to.equal('VALID');
  });

  it('RevokeLicense revokes it and its pending renewal (PREDECESSOR_REVOKED)', async () => {
    const ledger = await renewedAhead();
    const revoked = await change(ledger, 'RevokeLicense', 'BL-1', BEFORE_START);
    expect(revoked).to.deep.include({ status: 'REVOKED', statusReason: 'FRAUD', successorId: 'BL-2' });
    expect(stored(ledger, 'BL-2')).to.deep.include({ status: 'REVOKED', statusReason: 'PREDECESSOR_REVOKED' });
    for (const at of [BEFORE_START, AFTER_START]) {
      expect(await verify(ledger, 'BL-1', at)).to.equal('REVOKED');
      expect(await verify(ledger, 'BL-2', at)).to.equal('REVOKED');
    }
  });

  it('RevokeLicense of a licence suspended with its pending renewal revokes both', async () => {
    const ledger = await renewedAhead();
    await change(ledger, 'SuspendLicense', 'BL-1', BEFORE_START);
    await change(ledger, 'RevokeLicense', 'BL-1', AFTER_START);
    expect(stored(ledger, 'BL-1').status).to.equal('REVOKED');
    expect(stored(ledger, 'BL-2')).to.deep.include({ status: 'REVOKED', statusReason: 'PREDECESSOR_REVOKED' });
  });

  it('follows a chain of renewals made ahead of time', async () => {
    const ledger = await renewedAhead();
    await ledger.ctx.submit(
      () =>
        ledger.contract.RenewLicense(
          ledger.ctx,
          'BL-2',
          businessLicence('BL-3', { validFrom: '2025-05-01T00:00:00.000Z' }),
        ),
      { mspId: 'MarketRegulationMSP', transient: holderTransient(), time: '2025-03-05T00:00:00.000Z' },
    );
    await change(ledger, 'SuspendLicense', 'BL-1', BEFORE_START);
    expect(['BL-1', 'BL-2', 'BL-3'].map((id) => stored(ledger, id).status)).to.deep.equal([
      'SUSPENDED',
      'SUSPENDED',
      'SUSPENDED',
    ]);
    expect(ledger.ctx.lastEvent()?.payload).to.deep.include({ followingLicenceIds: ['BL-2', 'BL-3'] });
    await change(ledger, 'ReinstateLicense', 'BL-1', '2025-03-12T00:00:00.000Z', 'CLEARED');
    expect(['BL-1', 'BL-2', 'BL-3'].map((id) => stored(ledger, id).status)).to.deep.equal([
      'SUPERSEDED',
      'SUPERSEDED',
      'ACTIVE',
    ]);
    expect(stored(ledger, 'BL-2').statusEffectiveAt).to.equal('2025-05-01T00:00:00.000Z');
    expect(await verify(ledger, 'BL-2', '2025-04-15T00:00:00.000Z')).to.equal('VALID');
  });

  it('leaves a renewal the issuer suspended on its own as it is when the old licence is reinstated', async () => {
    const ledger = await renewedAhead();
    await change(ledger, 'SuspendLicense', 'BL-2', '2025-03-05T00:00:00.000Z', 'INSPECTION');
    await change(ledger, 'SuspendLicense', 'BL-1', BEFORE_START);
    expect(stored(ledger, 'BL-2').statusReason).to.equal('INSPECTION');
    await change(ledger, 'ReinstateLicense', 'BL-1', '2025-03-12T00:00:00.000Z', 'CLEARED');
    expect(stored(ledger, 'BL-2')).to.deep.include({ status: 'SUSPENDED', statusReason: 'INSPECTION' });
    expect(stored(ledger, 'BL-1')).to.deep.include({ status: 'SUPERSEDED', statusEffectiveAt: STARTS });
  });

  describe('refusals (each writes nothing)', () => {
    async function refused(ledger: Ledger, promise: Promise<unknown>, message: RegExp): Promise<void> {
      const before = ledger.ctx.world.dump();
      await expect(promise).to.be.rejectedWith(message);
      ledger.ctx.assertNothingWritten();
      expect(ledger.ctx.world.dump()).to.equal(before);
    }

    it('still refuses once the renewal has taken over', async () => {
      const ledger = await renewedAhead();
      for (const call of ['SuspendLicense', 'RevokeLicense', 'ReinstateLicense'] as const) {
        await refused(
          ledger,
          change(ledger, call, 'BL-1', AFTER_START),
          /^PRECONDITION_FAILED: licence BL-1 is superseded by licence BL-2$/,
        );
      }
    });

    it('refuses to reinstate a licence whose supersession is only pending (it is not suspended)', async () => {
      const ledger = await renewedAhead();
      await refused(
        ledger,
        change(ledger, 'ReinstateLicense', 'BL-1', BEFORE_START),
        /^PRECONDITION_FAILED: licence BL-1 is superseded by licence BL-2$/,
      );
    });

    it('refuses an effective time before the renewal was recorded', async () => {
      const ledger = await renewedAhead();
      await refused(
        ledger,
        change(ledger, 'RevokeLicense', 'BL-1', BEFORE_START, 'FRAUD', '2025-02-01T00:00:00Z'),
        /^INVALID_ARGUMENT: effectiveAt must not be before the last status change \(2025-03-01T08:00:00.000Z\)$/,
      );
    });

    it('refuses a department other than the issuer', async () => {
      const ledger = await renewedAhead();
      await refused(
        ledger,
        ledger.ctx.submit(() => ledger.contract.SuspendLicense(ledger.ctx, 'BL-1', 'FRAUD', ''), {
          mspId: 'TaxMSP',
          time: BEFORE_START,
        }),
        /^FORBIDDEN: TaxMSP may not suspend licence BL-1/,
      );
    });
  });
});
