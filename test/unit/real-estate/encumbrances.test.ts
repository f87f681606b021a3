import { APP, Ledger, PF, RE, UNIT, type UnitRecord, expect, fp, openSale, parse, registeredUnit } from './fixtures';
import { releaseKey } from '@govchain/real-estate';

const mortgage = (id = 'M-BANK-1'): string =>
  JSON.stringify({ id, mortgagee: 'ICBC-SH-0012', evidenceFingerprint: fp(`mortgage contract ${id}`) });
const seizure = (id = 'S-COURT-1'): string =>
  JSON.stringify({ id, court: 'SH-PUDONG-COURT', evidenceFingerprint: fp(`seizure order ${id}`) });

async function withUnit(): Promise<Ledger> {
  const ledger = await Ledger.create();
  await registeredUnit(ledger);
  return ledger;
}

describe('real-estate encumbrances', () => {
  it('RegisterMortgage records the mortgagee on the unit; DischargeMortgage removes it and keeps a release record', async () => {
    const ledger = await withUnit();
    const { ctx, contract } = ledger;
    const mortgaged = parse<UnitRecord>(await ledger.submit(() => contract.RegisterMortgage(ctx, UNIT, mortgage())));
    const registeredTx = ctx.txId;
    expect(mortgaged.encumbrances).to.deep.equal([
      {
        id: 'M-BANK-1',
        kind: 'MORTGAGE',
        holder: 'ICBC-SH-0012',
        evidenceFingerprint: fp('mortgage contract M-BANK-1'),
        applicationId: '',
        registeredAt: mortgaged.updatedAt,
        registeredByMsp: RE,
        txId: registeredTx,
      },
    ]);
    expect(ctx.lastEvent()).to.deep.equal({
      name: 'MortgageRegistered',
      payload: { unitNumber: UNIT, encumbranceId: 'M-BANK-1', kind: 'MORTGAGE', txId: registeredTx },
    });
    const discharged = parse<UnitRecord>(
      await ledger.submit(() => contract.DischargeMortgage(ctx, UNIT, 'M-BANK-1', fp('discharge certificate'))),
    );
    expect(discharged.encumbrances).to.deep.equal([]);
    expect(ctx.world.json(releaseKey(ctx, UNIT, 'M-BANK-1'))).to.deep.include({
      encumbranceId: 'M-BANK-1',
      kind: 'MORTGAGE',
      holder: 'ICBC-SH-0012',
      evidenceFingerprint: fp('discharge certificate'),
      applicationId: '',
      releasedByMsp: RE,
    });
    expect(ctx.lastEvent()?.name).to.equal('MortgageDischarged');
  });

  it('RegisterSeizure and ReleaseSeizure record the court and its orders', async () => {
    const ledger = await withUnit();
    const { ctx, contract } = ledger;
    const seized = parse<UnitRecord>(await ledger.submit(() => contract.RegisterSeizure(ctx, UNIT, seizure())));
    expect(seized.encumbrances.map((e) => [e.id, e.kind, e.holder])).to.deep.equal([
      ['S-COURT-1', 'SEIZURE', 'SH-PUDONG-COURT'],
    ]);
    expect(ctx.lastEvent()?.name).to.equal('SeizureRegistered');
    const released = parse<UnitRecord>(
      await ledger.submit(() => contract.ReleaseSeizure(ctx, UNIT, 'S-COURT-1', fp('release order'))),
    );
    expect(released.encumbrances).to.deep.equal([]);
    expect(ctx.lastEvent()?.name).to.equal('SeizureReleased');
  });

  it('keeps encumbrances sorted by id', async () => {
    const ledger = await withUnit();
    const { ctx, contract } = ledger;
    await ledger.submit(() => contract.RegisterMortgage(ctx, UNIT, mortgage('M-2')));
    const unit = parse<UnitRecord>(await ledger.submit(() => contract.RegisterMortgage(ctx, UNIT, mortgage('M-1'))));
    expect(unit.encumbrances.map((e) => e.id)).to.deep.equal(['M-1', 'M-2']);
  });

  it('registers a seizure on a unit that is in transfer (a court order is not refused)', async () => {
    const ledger = await withUnit();
    await openSale(ledger);
    const unit = parse<UnitRecord>(
      await ledger.submit(() => ledger.contract.RegisterSeizure(ledger.ctx, UNIT, seizure())),
    );
    expect(unit).to.include({ status: 'IN_TRANSFER', openApplicationId: APP });
  });

  describe('refusals (each writes nothing)', () => {
    it('refuses a caller other than Real Estate', async () => {
      const ledger = await withUnit();
      const { ctx, contract } = ledger;
      await ledger.refuses(
        () => contract.RegisterMortgage(ctx, UNIT, mortgage()),
        { mspId: PF },
        /^FORBIDDEN: ProvidentFundMSP may not register a mortgage/,
      );
      await ledger.refuses(() => contract.RegisterSeizure(ctx, UNIT, seizure()), { mspId: PF }, /^FORBIDDEN/);
      await ledger.refuses(() => contract.DischargeMortgage(ctx, UNIT, 'M-1', fp('x')), { mspId: PF }, /^FORBIDDEN/);
      await ledger.refuses(() => contract.ReleaseSeizure(ctx, UNIT, 'S-1', fp('x')), { mspId: PF }, /^FORBIDDEN/);
    });

    it('refuses malformed input with INVALID_ARGUMENT', async () => {
      const ledger = await withUnit();
      const { ctx, contract } = ledger;
      await ledger.refuses(
        () => contract.RegisterMortgage(ctx, UNIT, '{"id":"M-1"}'),
        {},
        /^INVALID_ARGUMENT: mortgage.mortgagee is required$/,
      );
      await ledger.refuses(
        () => contract.RegisterMortgage(ctx, UNIT, seizure()),
        {},
        /^INVALID_ARGUMENT: mortgage has unknown field "court"$/,
      );
      await ledger.refuses(
        () => contract.RegisterSeizure(ctx, 'U 1', seizure()),
        {},
        /^INVALID_ARGUMENT: unitNumber must be/,
      );
      await ledger.refuses(
        () => contract.DischargeMortgage(ctx, UNIT, 'M-1', 'nope'),
        {},
        /^INVALID_ARGUMENT: evidenceFingerprint must be 64 lowercase hex/,
      );
    });

    it('refuses an unknown unit or encumbrance with NOT_FOUND', async () => {
      const ledger = await withUnit();
      const { ctx, contract } = ledger;
      await ledger.refuses(
        () => contract.RegisterMortgage(ctx, 'U-NONE', mortgage()),
        {},
        /^NOT_FOUND: unit U-NONE does not exist$/,
      );
      await ledger.refuses(
        () => contract.DischargeMortgage(ctx, UNIT, 'M-NONE', fp('x')),
        {},
        /^NOT_FOUND: unit U-310101-0001 has no mortgage M-NONE$/,
      );
      await ledger.submit(() => contract.RegisterSeizure(ctx, UNIT, seizure()));
      await ledger.refuses(
        () => contract.DischargeMortgage(ctx, UNIT, 'S-COURT-1', fp('x')),
        {},
        /^NOT_FOUND: unit U-310101-0001 has no mortgage S-COURT-1$/,
      );
    });

    it('refuses a used encumbrance id with CONFLICT, even after its release', async () => {
      const ledger = await withUnit();
      const { ctx, contract } = ledger;
      await ledger.submit(() => contract.RegisterMortgage(ctx, UNIT, mortgage()));
      await ledger.refuses(
        () => contract.RegisterSeizure(ctx, UNIT, seizure('M-BANK-1')),
        {},
        /^CONFLICT: encumbrance M-BANK-1 already exists on unit U-310101-0001$/,
      );
      await ledger.submit(() => contract.DischargeMortgage(ctx, UNIT, 'M-BANK-1', fp('discharge')));
      await ledger.refuses(
        () => contract.RegisterMortgage(ctx, UNIT, mortgage()),
        {},
        /^CONFLICT: encumbrance M-BANK-1 already exists/,
      );
    });

    it('refuses a mortgage on a seized unit or a unit in transfer with PRECONDITION_FAILED', async () => {
      const ledger = await withUnit();
      const { ctx, contract } = ledger;
      await openSale(ledger);
      await ledger.refuses(
        () => contract.RegisterMortgage(ctx, UNIT, mortgage()),
        {},
        /^PRECONDITION_FAILED: unit U-310101-0001 is locked by transfer application TA-2025-0001$/,
      );
      const other = await withUnit();
      await other.submit(() => other.contract.RegisterSeizure(other.ctx, UNIT, seizure()));
      await other.refuses(
        () => other.contract.RegisterMortgage(other.ctx, UNIT, mortgage()),
        {},
        /^PRECONDITION_FAILED: unit U-310101-0001 is seized; it cannot be mortgaged$/,
      );
    });
  });
});
