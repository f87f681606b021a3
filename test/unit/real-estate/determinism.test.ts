import {
  ALL_STEPS,
  BUYERS,
  DECLARED_PRICE,
  Ledger,
  PERSONS,
  RE,
  SALT,
  UNIT,
  expect,
  fp,
  openSale,
  registerSale,
  registeredUnit,
  runSteps,
} from './fixtures';

/**
 * Runs a fixed scenario through every submit transaction of the chaincode.
 *
 * @returns the ledger and every result
 */
async function scenario(): Promise<{ ledger: Ledger; results: string[] }> {
  const ledger = await Ledger.create();
  const results: string[] = [];
  const { ctx, contract } = ledger;
  const original = ledger.submit.bind(ledger);
  ledger.submit = async (call, options): Promise<string> => {
    const result = await original(call, options);
    results.push(result);
    return result;
  };
  await registeredUnit(ledger);
  await ledger.submit(
    () =>
      contract.RegisterMortgage(
        ctx,
        UNIT,
        JSON.stringify({ id: 'M-1', mortgagee: 'BANK-1', evidenceFingerprint: fp('m') }),
      ),
    { mspId: RE },
  );
  await ledger.submit(() =>
    contract.RegisterSeizure(ctx, UNIT, JSON.stringify({ id: 'S-1', court: 'COURT-1', evidenceFingerprint: fp('s') })),
  );
  await ledger.submit(() => contract.ReleaseSeizure(ctx, UNIT, 'S-1', fp('release')));
  await openSale(ledger, {
    dispositions: [{ encumbranceId: 'M-1', action: 'DISCHARGE', evidenceFingerprint: fp('consent') }],
  });
  await runSteps(ledger, ALL_STEPS);
  await registerSale(ledger);
  await ledger.submit(() => contract.DischargeMortgage(ctx, UNIT, 'M-PF-1', fp('paid off')), { mspId: RE });
  await openSale(ledger, {
    id: 'TA-2',
    sellers: BUYERS,
    buyers: [{ holderRef: PERSONS[3]!.holderRef, shareBasisPoints: 10000 }],
    providentFundLoan: false,
  });
  await ledger.submit(() => contract.RejectStep(ctx, 'TA-2', 'TAX', 'TAX_ARREARS'), { mspId: 'TaxMSP' });
  await openSale(ledger, {
    id: 'TA-3',
    sellers: BUYERS,
    buyers: [{ holderRef: PERSONS[3]!.holderRef, shareBasisPoints: 10000 }],
    providentFundLoan: false,
  });
  await ledger.submit(() => contract.WithdrawApplication(ctx, 'TA-3', fp('withdrawal')), { mspId: RE });
  return { ledger, results };
}

describe('real-estate determinism and privacy', () => {
  it('produces byte-identical state, private data, policies, history, events and results for identical input (both chaincodes)', async () => {
    const one = await scenario();
    const two = await scenario();
    expect(one.results).to.deep.equal(two.results);
    expect(one.ledger.dump()).to.equal(two.ledger.dump());
    expect(one.ledger.ctx.world.events.map((event) => event.name)).to.deep.equal([
      'LandUseRightConfirmed',
      'UnitRegistered',
      'MortgageRegistered',
      'SeizureRegistered',
      'SeizureReleased',
      'TransferApplicationOpened',
      'TransferStepRecorded',
      'TransferStepRecorded',
      'TransferStepRecorded',
      'TransferStepRecorded',
      'TransferStepRecorded',
      'TransferRegistered',
      'MortgageDischarged',
      'TransferApplicationOpened',
      'TransferApplicationRejected',
      'TransferApplicationOpened',
      'TransferApplicationWithdrawn',
    ]);
  });

  it('writes every state value as canonical (sorted-key) JSON', async () => {
    const { ledger } = await scenario();
    for (const [key, value] of ledger.ctx.world.state) {
      const text = Buffer.from(value).toString('utf8');
      if (text !== '\u0000') {
        expect(text, key).to.equal(JSON.stringify(sortDeep(JSON.parse(text))));
      }
    }
  });

  it('never puts names, ID numbers, prices or amounts in public state, history, events or submit results', async () => {
    const { ledger, results } = await scenario();
    const world = ledger.ctx.world;
    const publicText = [
      ...[...world.state.entries()].flatMap(([key, value]) => [key, Buffer.from(value).toString('utf8')]),
      ...[...world.history.values()].flat().map((record) => Buffer.from(record.value).toString('utf8')),
      ...world.events.map((event) => Buffer.from(event.payload).toString('utf8')),
      ...results,
    ].join('\n');
    for (const p of PERSONS) {
      expect(publicText).to.not.include(p.idNumber);
      expect(publicText).to.not.include(p.name);
    }
    for (const secret of [DECLARED_PRICE, '98400.00', '1200000.00', SALT]) {
      expect(publicText).to.not.include(secret);
    }
    const eventText = world.events.map((event) => Buffer.from(event.payload).toString('utf8')).join('\n');
    for (const p of PERSONS) {
      expect(eventText).to.not.include(p.holderRef);
    }
    expect([...world.privateData.keys()]).to.deep.equal(['transferDetail']);
  });
});

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortDeep);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
