import {
  FINGERPRINT,
  HOLDER_REF,
  type LicenceRecord,
  OTHER_FINGERPRINT,
  OTHER_ID_NUMBER,
  T0,
  businessLicence,
  expect,
  holderTransient,
  issueBusinessLicence,
  ownerPolicy,
  parse,
  seededLedger,
  type Ledger,
} from './fixtures';
import { describePolicy } from '@govchain/chaincode-common';
import { licenceKey } from '@govchain/e-license';

type StatusCall = 'SuspendLicense' | 'ReinstateLicense' | 'RevokeLicense';

async function change(
  ledger: Ledger,
  call: StatusCall,
  options: { id?: string; reason?: string; effectiveAt?: string; mspId?: string; time?: string } = {},
): Promise<LicenceRecord> {
  const { ctx, contract } = ledger;
  const text = await ctx.submit(
    () => contract[call](ctx, options.id ?? 'BL-1', options.reason ?? 'INSPECTION', options.effectiveAt ?? ''),
    { mspId: options.mspId ?? 'MarketRegulationMSP', ...(options.time === undefined ? {} : { time: options.time }) },
  );
  return parse<LicenceRecord>(text);
}

async function issued(): Promise<Ledger> {
  const ledger = await seededLedger();
  await issueBusinessLicence(ledger, 'BL-1');
  return ledger;
}

async function expectRefused(ledger: Ledger, promise: Promise<unknown>, message: RegExp): Promise<void> {
  const before = ledger.ctx.world.dump();
  await expect(promise).to.be.rejectedWith(message);
  ledger.ctx.assertNothingWritten();
  expect(ledger.ctx.world.dump()).to.equal(before);
}

describe('e-license status changes', () => {
  it('SuspendLicense suspends with reason and effective time, writing only the licence key', async () => {
    const ledger = await issued();
    const licence = await change(ledger, 'SuspendLicense', {
      reason: 'FAILED_INSPECTION',
      effectiveAt: '2025-03-01T12:00:00Z',
      time: '2025-03-05T00:00:00Z',
    });
    expect(licence).to.deep.include({
      status: 'SUSPENDED',
      statusReason: 'FAILED_INSPECTION',
      statusEffectiveAt: '2025-03-01T12:00:00.000Z',
      updatedAt: '2025-03-05T00:00:00.000Z',
      updatedByMsp: 'MarketRegulationMSP',
      txId: ledger.ctx.txId,
    });
    expect(ledger.ctx.stub.putState.getCalls().map((call) => call.args[0])).to.deep.equal([
      licenceKey(ledger.ctx, 'BL-1'),
    ]);
    expect(ledger.ctx.stub.setStateValidationParameter.called).to.equal(false);
    expect(ledger.ctx.lastEvent()).to.deep.equal({
      name: 'LicenseSuspended',
      payload: {
        licenceId: 'BL-1',
        type: 'BUSINESS_LICENCE',
        issuerMsp: 'MarketRegulationMSP',
        status: 'SUSPENDED',
        reasonCode: 'FAILED_INSPECTION',
        effectiveAt: '2025-03-01T12:00:00.000Z',
        followingLicenceIds: [],
        txId: ledger.ctx.txId,
      },
    });
  });

  it('ReinstateLicense makes a suspended licence active again', async () => {
    const ledger = await issued();
    await change(ledger, 'SuspendLicense');
    const licence = await change(ledger, 'ReinstateLicense', { reason: 'REMEDIED', time: '2025-03-09T00:00:00Z' });
    expect(licence).to.deep.include({
      status: 'ACTIVE',
      statusReason: 'REMEDIED',
      statusEffectiveAt: '2025-03-09T00:00:00.000Z',
    });
    expect(ledger.ctx.lastEvent()?.name).to.equal('LicenseReinstated');
  });

  it('RevokeLicense revokes an active or a suspended licence', async () => {
    const ledger = await issued();
    expect((await change(ledger, 'RevokeLicense', { reason: 'FRAUD' })).status).to.equal('REVOKED');
    expect(ledger.ctx.lastEvent()?.name).to.equal('LicenseRevoked');
    await issueBusinessLicence(ledger, 'BL-2');
    await change(ledger, 'SuspendLicense', { id: 'BL-2' });
    expect((await change(ledger, 'RevokeLicense', { id: 'BL-2' })).status).to.equal('REVOKED');
  });

  describe('refusals (each writes nothing)', () => {
    for (const call of ['SuspendLicense', 'ReinstateLicense', 'RevokeLicense'] as const) {
      it(`${call} refuses a department other than the issuer`, async () => {
        const ledger = await issued();
        await expectRefused(ledger, change(ledger, call, { mspId: 'TaxMSP' }), /^FORBIDDEN: TaxMSP may not/);
      });

      it(`${call} refuses an unknown licence with NOT_FOUND`, async () => {
        const ledger = await issued();
        await expectRefused(ledger, change(ledger, call, { id: 'NOPE' }), /^NOT_FOUND: licence NOPE does not exist$/);
      });

      it(`${call} refuses a revoked licence: revocation is final`, async () => {
        const ledger = await issued();
        await change(ledger, 'RevokeLicense');
        await expectRefused(
          ledger,
          change(ledger, call),
          /^PRECONDITION_FAILED: licence BL-1 is revoked; revocation is final$/,
        );
      });

      const badArguments: [string, Parameters<typeof change>[2], RegExp][] = [
        ['a malformed reason code', { reason: 'because' }, /^INVALID_ARGUMENT: reasonCode/],
        ['a malformed effective time', { effectiveAt: 'tomorrow' }, /^INVALID_ARGUMENT: effectiveAt/],
        [
          'an effective time in the future',
          { effectiveAt: '2025-03-01T08:00:01Z' },
          /^INVALID_ARGUMENT: effectiveAt must not be after the transaction time$/,
        ],
        ['a malformed licence id', { id: 'BL 1' }, /^INVALID_ARGUMENT: licence id/],
      ];
      for (const [name, options, message] of badArguments) {
        it(`${call} refuses ${name}`, async () => {
          const ledger = await issued();
          await expectRefused(ledger, change(ledger, call, options), message);
        });
      }
    }

    it('SuspendLicense refuses an already suspended licence', async () => {
      const ledger = await issued();
      await change(ledger, 'SuspendLicense');
      await expectRefused(
        ledger,
        change(ledger, 'SuspendLicense'),
        /^PRECONDITION_FAILED: cannot suspend licence BL-1: it is SUSPENDED$/,
      );
    });

    it('ReinstateLicense refuses a licence that is not suspended', async () => {
      const ledger = await issued();
      await expectRefused(
        ledger,
        change(ledger, 'ReinstateLicense'),
        /^PRECONDITION_FAILED: cannot reinstate licence BL-1: it is ACTIVE$/,
      );
    });

    it('refuses an effective time before the last status change', async () => {
      const ledger = await issued();
      await change(ledger, 'SuspendLicense', { time: '2025-03-10T00:00:00Z' });
      await expectRefused(
        ledger,
        change(ledger, 'RevokeLicense', { effectiveAt: '2025-03-09T00:00:00Z', time: '2025-03-11T00:00:00Z' }),
        /^INVALID_ARGUMENT: effectiveAt must not be before the last status change/,
      );
    });

    it('refuses every action on a superseded licence', async () => {
      const ledger = await issued();
      await ledger.ctx.submit(() => ledger.contract.RenewLicense(ledger.ctx, 'BL-1', businessLicence('BL-1R')), {
        transient: holderTransient(),
      });
      for (const call of ['SuspendLicense', 'ReinstateLicense', 'RevokeLicense'] as const) {
        await expectRefused(
          ledger,
          change(ledger, call),
          /^PRECONDITION_FAILED: licence BL-1 is superseded by licence BL-1R$/,
        );
      }
    });
  });
});

describe('e-license RenewLicense / ReplaceLicense', () => {
  it('RenewLicense issues a linked successor and supersedes the predecessor', async () => {
    const ledger = await issued();
    const { ctx, contract } = ledger;
    const successor = parse<LicenceRecord>(
      await ctx.submit(
        () =>
          contract.RenewLicense(
            ctx,
            'BL-1',
            businessLicence('BL-2', { fingerprint: OTHER_FINGERPRINT, validFrom: '2025-03-10T00:00:00Z' }),
          ),
        { transient: holderTransient(), time: '2025-03-05T00:00:00Z' },
      ),
    );
    expect(successor).to.deep.include({
      id: 'BL-2',
      predecessorId: 'BL-1',
      holderRef: HOLDER_REF,
      status: 'ACTIVE',
      fingerprint: OTHER_FINGERPRINT,
      validFrom: '2025-03-10T00:00:00.000Z',
    });
    const predecessor = ctx.world.json(licenceKey(ctx, 'BL-1')) as LicenceRecord;
    expect(predecessor).to.deep.include({
      status: 'SUPERSEDED',
      statusReason: 'RENEWED',
      statusEffectiveAt: '2025-03-10T00:00:00.000Z',
      successorId: 'BL-2',
      fingerprint: FINGERPRINT,
      txId: ctx.txId,
    });
    expect(describePolicy(ctx.world.validationParameters.get(licenceKey(ctx, 'BL-2'))!)).to.equal(
      ownerPolicy('MarketRegulationMSP'),
    );
    expect(ctx.lastEvent()).to.deep.equal({
      name: 'LicenseRenewed',
      payload: {
        licenceId: 'BL-2',
        predecessorId: 'BL-1',
        type: 'BUSINESS_LICENCE',
        issuerMsp: 'MarketRegulationMSP',
        status: 'ACTIVE',
        reasonCode: 'RENEWED',
        validFrom: '2025-03-10T00:00:00.000Z',
        validUntil: '2045-03-10T00:00:00.000Z',
        txId: ctx.txId,
      },
    });
  });

  it('ReplaceLicense records its reason code on the predecessor, superseded from now', async () => {
    const ledger = await issued();
    const { ctx, contract } = ledger;
    await ctx.submit(() => contract.ReplaceLicense(ctx, 'BL-1', businessLicence('BL-1A'), 'LOST'), {
      transient: holderTransient(),
      time: '2025-04-01T00:00:00Z',
    });
    expect(ctx.world.json(licenceKey(ctx, 'BL-1'))).to.deep.include({
      status: 'SUPERSEDED',
      statusReason: 'LOST',
      statusEffectiveAt: '2025-04-01T00:00:00.000Z',
      successorId: 'BL-1A',
    });
    expect(ctx.lastEvent()?.name).to.equal('LicenseReplaced');
  });

  describe('refusals (each writes nothing)', () => {
    const renew = (
      ledger: Ledger,
      options: { predecessor?: string; json?: string; mspId?: string; transient?: Record<string, string> } = {},
    ): Promise<string> =>
      ledger.ctx.submit(
        () =>
          ledger.contract.RenewLicense(
            ledger.ctx,
            options.predecessor ?? 'BL-1',
            options.json ?? businessLicence('BL-2'),
          ),
        { mspId: options.mspId ?? 'MarketRegulationMSP', transient: options.transient ?? holderTransient() },
      );

    it('refuses an unknown predecessor', async () => {
      const ledger = await issued();
      await expectRefused(ledger, renew(ledger, { predecessor: 'NOPE' }), /^NOT_FOUND: licence NOPE does not exist$/);
    });

    it('refuses a department other than the issuer', async () => {
      const ledger = await issued();
      await expectRefused(
        ledger,
        renew(ledger, { mspId: 'HealthMSP' }),
        /^FORBIDDEN: HealthMSP may not renew licence BL-1/,
      );
    });

    it('refuses a different holder', async () => {
      const ledger = await issued();
      await expectRefused(
        ledger,
        renew(ledger, { transient: holderTransient({ idNumber: OTHER_ID_NUMBER }) }),
        /^INVALID_ARGUMENT: the holder-reference grant is not for the holder of licence BL-1$/,
      );
    });

    it('refuses a different type', async () => {
      const ledger = await issued();
      const json = JSON.stringify({ id: 'BL-2', type: 'MARRIAGE_CERTIFICATE', fingerprint: FINGERPRINT, metadata: {} });
      await expectRefused(ledger, renew(ledger, { json }), /^INVALID_ARGUMENT: licence.type must be BUSINESS_LICENCE/);
    });

    it('refuses a successor id that already exists', async () => {
      const ledger = await issued();
      await expectRefused(
        ledger,
        renew(ledger, { json: businessLicence('BL-1') }),
        /^CONFLICT: licence BL-1 already exists$/,
      );
    });

    it('refuses a revoked, a suspended and an already superseded predecessor', async () => {
      const ledger = await issued();
      await change(ledger, 'SuspendLicense');
      await expectRefused(ledger, renew(ledger), /^PRECONDITION_FAILED: cannot renew licence BL-1: it is SUSPENDED$/);
      await change(ledger, 'RevokeLicense');
      await expectRefused(ledger, renew(ledger), /^PRECONDITION_FAILED: licence BL-1 is revoked; revocation is final$/);
      await issueBusinessLicence(ledger, 'BL-5');
      await renew(ledger, { predecessor: 'BL-5', json: businessLicence('BL-6') });
      await expectRefused(
        ledger,
        renew(ledger, { predecessor: 'BL-5', json: businessLicence('BL-7') }),
        /^PRECONDITION_FAILED: licence BL-5 is superseded by licence BL-6$/,
      );
    });

    it('ReplaceLicense refuses a malformed reason code', async () => {
      const ledger = await issued();
      await expectRefused(
        ledger,
        ledger.ctx.submit(() => ledger.contract.ReplaceLicense(ledger.ctx, 'BL-1', businessLicence('BL-2'), 'lost'), {
          transient: holderTransient(),
        }),
        /^INVALID_ARGUMENT: reasonCode/,
      );
    });

    it('refuses a malformed predecessor id and bad licence JSON', async () => {
      const ledger = await issued();
      await expectRefused(ledger, renew(ledger, { predecessor: '' }), /^INVALID_ARGUMENT: predecessorId is required$/);
      await expectRefused(ledger, renew(ledger, { json: '[]' }), /^INVALID_ARGUMENT: licence must be a JSON object$/);
    });
  });

  it('keeps the predecessor valid until the successor starts', async () => {
    const ledger = await issued();
    const { ctx, contract } = ledger;
    await ctx.submit(
      () => contract.RenewLicense(ctx, 'BL-1', businessLicence('BL-2', { validFrom: '2025-06-01T00:00:00Z' })),
      { transient: holderTransient(), time: T0 },
    );
    const verify = async (at: string): Promise<string> =>
      parse<{ result: string }>(await ctx.evaluate(() => contract.VerifyLicense(ctx, 'BL-1', FINGERPRINT, at))).result;
    expect(await verify('2025-05-31T23:59:59Z')).to.equal('VALID');
    expect(await verify('2025-06-01T00:00:00Z')).to.equal('SUPERSEDED');
  });
});
