import {
  APP,
  CA,
  Ledger,
  PF,
  PS,
  RE,
  STEP_CALLS,
  TAX,
  UNIT,
  type ApplicationRecord,
  type StepRecord,
  type UnitRecord,
  applicationJson,
  expect,
  fp,
  openSale,
  parse,
  registeredUnit,
  runSteps,
  stateOf,
  transferDetailTransient,
} from './fixtures';
import { AWAITING_INDEX, applicationKey, stepKey, unitKey } from '@govchain/real-estate';

async function opened(): Promise<Ledger> {
  const ledger = await Ledger.create();
  await registeredUnit(ledger);
  await openSale(ledger);
  return ledger;
}

function queuedAnywhere(ledger: Ledger): string[] {
  return [PS, CA, TAX, PF, RE].filter((msp) =>
    ledger.ctx.world.state.has(ledger.ctx.stub.createCompositeKey(AWAITING_INDEX, [msp, APP])),
  );
}

describe('real-estate RejectStep', () => {
  it('Tax rejects: the application ends, its step shows the reason, every queue forgets it, and the unit is unlocked', async () => {
    const ledger = await opened();
    await runSteps(ledger, ['identity', 'assess']);
    const { ctx, contract } = ledger;
    const closed = parse<ApplicationRecord>(
      await ledger.submit(() => contract.RejectStep(ctx, APP, 'TAX', 'TAX_ARREARS'), { mspId: TAX }),
    );
    expect(closed).to.include({
      status: 'REJECTED',
      closedReason: 'TAX_ARREARS',
      rejectedStep: 'TAX',
      closedByMsp: TAX,
    });
    expect(stateOf(ledger, applicationKey(ctx, APP))).to.deep.equal(closed);
    expect(stateOf<StepRecord>(ledger, stepKey(ctx, APP, 'TAX'))).to.include({
      status: 'REJECTED',
      reasonCode: 'TAX_ARREARS',
    });
    expect(stateOf<UnitRecord>(ledger, unitKey(ctx, UNIT))).to.include({ status: 'REGISTERED', openApplicationId: '' });
    expect(queuedAnywhere(ledger)).to.deep.equal([]);
    expect(ctx.lastEvent()).to.deep.equal({
      name: 'TransferApplicationRejected',
      payload: {
        applicationId: APP,
        unitNumber: UNIT,
        step: 'TAX',
        departmentMsp: TAX,
        reasonCode: 'TAX_ARREARS',
        txId: ctx.txId,
      },
    });
    // The unit is free again: a new application opens.
    const again = parse<ApplicationRecord>(
      await ledger.submit(() => contract.OpenTransferApplication(ctx, applicationJson({ id: 'TA-2' })), {
        mspId: RE,
        transient: transferDetailTransient(),
      }),
    );
    expect(again.status).to.equal('OPEN');
  });

  it('lets every step department reject its own pending step', async () => {
    for (const [step, msp] of [
      ['IDENTITY', PS],
      ['MARITAL_STATUS', CA],
      ['PROVIDENT_FUND', PF],
    ]) {
      const ledger = await opened();
      const closed = parse<ApplicationRecord>(
        await ledger.submit(() => ledger.contract.RejectStep(ledger.ctx, APP, step!, 'DOCUMENTS_INCOMPLETE'), {
          mspId: msp!,
        }),
      );
      expect(closed.status, step).to.equal('REJECTED');
    }
  });

  describe('refusals (each writes nothing)', () => {
    it('refuses another department rejecting the step (FORBIDDEN)', async () => {
      const ledger = await opened();
      for (const msp of [PS, CA, PF, RE]) {
        await ledger.refuses(
          () => ledger.contract.RejectStep(ledger.ctx, APP, 'TAX', 'NO'),
          { mspId: msp },
          new RegExp(`^FORBIDDEN: ${msp} may not reject step TAX \\(only TaxMSP may\\)$`),
        );
      }
    });

    it('refuses rejecting a step that is done (CONFLICT) or on a closed application (PRECONDITION_FAILED)', async () => {
      const ledger = await opened();
      await runSteps(ledger, ['identity']);
      await ledger.refuses(
        () => ledger.contract.RejectStep(ledger.ctx, APP, 'IDENTITY', 'LATE'),
        { mspId: PS },
        /^CONFLICT: step IDENTITY of transfer application TA-2025-0001 is already recorded$/,
      );
      await ledger.submit(() => ledger.contract.RejectStep(ledger.ctx, APP, 'TAX', 'TAX_ARREARS'), { mspId: TAX });
      await ledger.refuses(
        () => ledger.contract.RejectStep(ledger.ctx, APP, 'MARITAL_STATUS', 'X_Y'),
        { mspId: CA },
        /^PRECONDITION_FAILED: transfer application TA-2025-0001 is closed \(REJECTED\)$/,
      );
      await ledger.refuses(
        () => STEP_CALLS.marital!.run(ledger),
        { mspId: CA },
        /^PRECONDITION_FAILED: transfer application TA-2025-0001 is closed \(REJECTED\)$/,
      );
    });

    it('refuses a malformed step or reason (INVALID_ARGUMENT)', async () => {
      const ledger = await opened();
      await ledger.refuses(
        () => ledger.contract.RejectStep(ledger.ctx, APP, 'REGISTRATION', 'NO'),
        { mspId: RE },
        /^INVALID_ARGUMENT: step must be one of IDENTITY/,
      );
      await ledger.refuses(
        () => ledger.contract.RejectStep(ledger.ctx, APP, 'TAX', 'not a code'),
        { mspId: TAX },
        /^INVALID_ARGUMENT: reasonCode must be upper-case/,
      );
    });
  });
});

describe('real-estate WithdrawApplication', () => {
  it('records the applicants’ withdrawal, unlocks the unit and clears the queues', async () => {
    const ledger = await opened();
    await runSteps(ledger, ['identity', 'marital', 'assess', 'clear', 'loan']);
    const { ctx, contract } = ledger;
    const closed = parse<ApplicationRecord>(
      await ledger.submit(() => contract.WithdrawApplication(ctx, APP, fp('withdrawal request')), { mspId: RE }),
    );
    expect(closed).to.include({
      status: 'WITHDRAWN',
      closedReason: 'WITHDRAWN_BY_APPLICANTS',
      closingFingerprint: fp('withdrawal request'),
    });
    expect(stateOf<UnitRecord>(ledger, unitKey(ctx, UNIT))).to.include({ status: 'REGISTERED', openApplicationId: '' });
    expect(queuedAnywhere(ledger)).to.deep.equal([]);
    expect(ctx.lastEvent()?.name).to.equal('TransferApplicationWithdrawn');
  });

  it('refuses another department, a closed application and a malformed fingerprint (nothing written)', async () => {
    const ledger = await opened();
    const { ctx, contract } = ledger;
    await ledger.refuses(
      () => contract.WithdrawApplication(ctx, APP, fp('w')),
      { mspId: TAX },
      /^FORBIDDEN: TaxMSP may not record withdrawals/,
    );
    await ledger.refuses(
      () => contract.WithdrawApplication(ctx, APP, 'w'),
      { mspId: RE },
      /^INVALID_ARGUMENT: requestFingerprint must be 64 lowercase hex/,
    );
    await ledger.submit(() => contract.WithdrawApplication(ctx, APP, fp('w')), { mspId: RE });
    await ledger.refuses(
      () => contract.WithdrawApplication(ctx, APP, fp('w')),
      { mspId: RE },
      /^PRECONDITION_FAILED: transfer application TA-2025-0001 is closed \(WITHDRAWN\)$/,
    );
  });
});
