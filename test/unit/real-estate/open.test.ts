import {
  APP,
  BUYER_A,
  BUYER_B,
  BUYERS,
  DECLARED_PRICE,
  Ledger,
  NR,
  PS,
  RE,
  SALT,
  SELLER,
  STRANGER,
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
  stateOf,
  transferDetailTransient,
  ownedPolicy,
  policyOf,
} from './fixtures';
import {
  AWAITING_INDEX,
  TRANSFER_DETAIL_COLLECTION,
  applicationKey,
  privateKey,
  stepKey,
  unitKey,
} from '@govchain/real-estate';

async function withUnit(rightOverrides: Readonly<Record<string, unknown>> = {}): Promise<Ledger> {
  const ledger = await Ledger.create();
  await registeredUnit(ledger, rightOverrides);
  return ledger;
}

const SELLERS = [{ holderRef: SELLER.holderRef, shareBasisPoints: 10000 }];

describe('real-estate OpenTransferApplication', () => {
  it('opens the application, creates each required step under its department, queues it, locks the unit, keeps the price private', async () => {
    const ledger = await withUnit();
    const application = await openSale(ledger);
    const { ctx } = ledger;
    expect(application).to.deep.include({
      id: APP,
      unitNumber: UNIT,
      type: 'SALE',
      sellers: SELLERS,
      buyers: BUYERS,
      providentFundLoan: true,
      marriedParty: true,
      requiredSteps: ['IDENTITY', 'MARITAL_STATUS', 'TAX', 'PROVIDENT_FUND'],
      dispositions: [],
      status: 'OPEN',
      previousCertificateId: 'REC-2025-0001',
      certificateId: '',
      openedByMsp: RE,
    });
    expect(stateOf(ledger, applicationKey(ctx, APP))).to.deep.equal(application);
    expect(policyOf(ledger, applicationKey(ctx, APP))).to.equal(ownedPolicy(RE));
    expect(policyOf(ledger, unitKey(ctx, UNIT))).to.equal(ownedPolicy(RE));
    const departments: Record<string, string> = {
      IDENTITY: PS,
      MARITAL_STATUS: 'CivilAffairsMSP',
      TAX,
      PROVIDENT_FUND: 'ProvidentFundMSP',
    };
    for (const [step, msp] of Object.entries(departments)) {
      const key = stepKey(ctx, APP, step);
      expect(stateOf<StepRecord>(ledger, key)).to.deep.include({
        applicationId: APP,
        step,
        departmentMsp: msp,
        status: 'PENDING',
      });
      expect(policyOf(ledger, key), step).to.equal(ownedPolicy(msp));
      expect(ctx.world.state.has(ctx.stub.createCompositeKey(AWAITING_INDEX, [msp, APP])), msp).to.equal(true);
    }
    expect(stateOf<UnitRecord>(ledger, unitKey(ctx, UNIT))).to.include({
      status: 'IN_TRANSFER',
      openApplicationId: APP,
    });
    const detail = ctx.world.privateJson(TRANSFER_DETAIL_COLLECTION, privateKey(ctx, 'transferDetail', APP)) as {
      fields: Record<string, string>;
    };
    expect(detail).to.deep.include({ applicationId: APP, kind: 'transferDetail', salt: SALT, recordedByMsp: RE });
    expect(detail.fields).to.include({ declaredPrice: DECLARED_PRICE, sellerName: SELLER.name });
    expect(ctx.lastEvent()).to.deep.equal({
      name: 'TransferApplicationOpened',
      payload: {
        applicationId: APP,
        unitNumber: UNIT,
        type: 'SALE',
        requiredSteps: ['IDENTITY', 'MARITAL_STATUS', 'TAX', 'PROVIDENT_FUND'],
        txId: ctx.txId,
      },
    });
    const publicText = [...ctx.world.state.values()].map((value) => Buffer.from(value).toString('utf8')).join('\n');
    for (const secret of [DECLARED_PRICE, SELLER.name, BUYER_A.name, SELLER.idNumber]) {
      expect(publicText).to.not.include(secret);
    }
  });

  describe('the steps follow from the type and the declared facts', () => {
    const cases: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
      [
        'a sale, unmarried parties, no loan',
        { providentFundLoan: false, marriedParty: false },
        {},
        ['IDENTITY', 'TAX'],
      ],
      ['a sale with a married party', { providentFundLoan: false }, {}, ['IDENTITY', 'MARITAL_STATUS', 'TAX']],
      [
        'a gift with a married party',
        { type: 'GIFT', providentFundLoan: false },
        {},
        ['IDENTITY', 'MARITAL_STATUS', 'TAX'],
      ],
      [
        'an inheritance (heirship always)',
        { type: 'INHERITANCE', providentFundLoan: false, marriedParty: false },
        {},
        ['IDENTITY', 'MARITAL_STATUS', 'TAX'],
      ],
      [
        'a judicial ruling (no marital step)',
        { type: 'JUDICIAL_RULING', providentFundLoan: false },
        {},
        ['IDENTITY', 'TAX'],
      ],
      [
        'a sale of a unit on ALLOCATED land',
        { providentFundLoan: false, marriedParty: false },
        { kind: 'ALLOCATED', termEnd: undefined },
        ['IDENTITY', 'LAND_USE_RIGHT', 'TAX'],
      ],
    ];
    for (const [what, overrides, right, steps] of cases) {
      it(`needs ${steps.join(', ')} for ${what}`, async () => {
        const ledger = await withUnit(right);
        expect((await openSale(ledger, overrides)).requiredSteps).to.deep.equal(steps);
      });
    }

    it('needs LAND_USE_RIGHT once the land-use term has ended', async () => {
      const ledger = await withUnit({ termEnd: '2025-06-01T00:00:00Z' });
      const { ctx, contract } = ledger;
      const application = parse<ApplicationRecord>(
        await ledger.submit(
          () =>
            contract.OpenTransferApplication(ctx, applicationJson({ providentFundLoan: false, marriedParty: false })),
          {
            mspId: RE,
            time: '2025-07-01T00:00:00Z',
            transient: transferDetailTransient(),
          },
        ),
      );
      expect(application.requiredSteps).to.deep.equal(['IDENTITY', 'LAND_USE_RIGHT', 'TAX']);
    });
  });

  it('takes a judicial ruling on a seized unit, with a disposition for the seizure', async () => {
    const ledger = await withUnit();
    const { ctx, contract } = ledger;
    await ledger.submit(() =>
      contract.RegisterSeizure(
        ctx,
        UNIT,
        JSON.stringify({ id: 'S-1', court: 'SH-COURT', evidenceFingerprint: fp('order') }),
      ),
    );
    const application = await openSale(ledger, {
      type: 'JUDICIAL_RULING',
      providentFundLoan: false,
      dispositions: [{ encumbranceId: 'S-1', action: 'DISCHARGE', evidenceFingerprint: fp('ruling') }],
    });
    expect(application.status).to.equal('OPEN');
  });

  describe('refusals (each writes nothing)', () => {
    const json = (overrides: Record<string, unknown>): string => applicationJson(overrides);
    const cases: [string, string, string, Record<string, string>, RegExp][] = [
      [
        'a caller other than Real Estate',
        json({}),
        TAX,
        transferDetailTransient(),
        /^FORBIDDEN: TaxMSP may not open transfer applications/,
      ],
      [
        'buyers whose shares do not sum to 10000',
        json({
          buyers: [
            { holderRef: BUYER_A.holderRef, shareBasisPoints: 5000 },
            { holderRef: BUYER_B.holderRef, shareBasisPoints: 4999 },
          ],
        }),
        RE,
        transferDetailTransient(),
        /^INVALID_ARGUMENT: application.buyers shares must sum to 10000 basis points, not 9999$/,
      ],
      [
        'sellers whose shares do not sum to 10000',
        json({ sellers: [{ holderRef: SELLER.holderRef, shareBasisPoints: 9000 }] }),
        RE,
        transferDetailTransient(),
        /^INVALID_ARGUMENT: application.sellers shares must sum to 10000 basis points, not 9000$/,
      ],
      [
        'sellers who are not the owners',
        json({ sellers: [{ holderRef: STRANGER.holderRef, shareBasisPoints: 10000 }] }),
        RE,
        transferDetailTransient(),
        /^INVALID_ARGUMENT: application.sellers must be exactly the current owners of unit U-310101-0001, with their shares$/,
      ],
      [
        'buyers equal to the sellers',
        json({ buyers: SELLERS }),
        RE,
        transferDetailTransient(),
        /^INVALID_ARGUMENT: application.buyers must differ from application.sellers$/,
      ],
      [
        'an unknown type',
        json({ type: 'BARTER' }),
        RE,
        transferDetailTransient(),
        /^INVALID_ARGUMENT: application.type must be one of SALE, GIFT, INHERITANCE, JUDICIAL_RULING$/,
      ],
      [
        'a provident-fund loan on a gift',
        json({ type: 'GIFT' }),
        RE,
        transferDetailTransient(),
        /^INVALID_ARGUMENT: application.providentFundLoan is only possible for a SALE$/,
      ],
      [
        'a non-boolean fact',
        json({ marriedParty: 'yes' }),
        RE,
        transferDetailTransient(),
        /^INVALID_ARGUMENT: application.marriedParty must be true or false$/,
      ],
      [
        'a disposition for an encumbrance the unit does not carry',
        json({ dispositions: [{ encumbranceId: 'M-X', action: 'DISCHARGE', evidenceFingerprint: fp('x') }] }),
        RE,
        transferDetailTransient(),
        /^INVALID_ARGUMENT: application.dispositions names encumbrance M-X, which unit U-310101-0001 does not carry$/,
      ],
      [
        'an unknown field',
        json({ price: '1' }),
        RE,
        transferDetailTransient(),
        /^INVALID_ARGUMENT: application has unknown field "price"$/,
      ],
      ['a missing transferDetail', json({}), RE, {}, /^INVALID_ARGUMENT: transient field transferDetail is required$/],
      [
        'a transferDetail that is not JSON',
        json({}),
        RE,
        { transferDetail: 'price=1' },
        /^INVALID_ARGUMENT: transient field transferDetail is not valid JSON$/,
      ],
      [
        'a transferDetail without a price',
        json({}),
        RE,
        { transferDetail: JSON.stringify({ salt: SALT }) },
        /^INVALID_ARGUMENT: transient field transferDetail.declaredPrice must be a string$/,
      ],
      [
        'a malformed price',
        json({}),
        RE,
        transferDetailTransient({ declaredPrice: '3,280,000' }),
        /^INVALID_ARGUMENT: transient field transferDetail.declaredPrice must be a decimal amount/,
      ],
      [
        'a short salt',
        json({}),
        RE,
        transferDetailTransient({ salt: 'abcd' }),
        /^INVALID_ARGUMENT: transient field transferDetail.salt must be 32 to 128 lowercase hex characters \(random bytes\)$/,
      ],
      [
        'an unknown unit',
        json({ unitNumber: 'U-NONE' }),
        RE,
        transferDetailTransient(),
        /^NOT_FOUND: unit U-NONE does not exist$/,
      ],
    ];
    for (const [what, body, mspId, transient, message] of cases) {
      it(`refuses ${what}`, async () => {
        const ledger = await withUnit();
        await ledger.refuses(
          () => ledger.contract.OpenTransferApplication(ledger.ctx, body),
          { mspId, transient },
          message,
        );
      });
    }

    it('refuses a second open application on the unit with CONFLICT', async () => {
      const ledger = await withUnit();
      await openSale(ledger);
      await ledger.refuses(
        () => ledger.contract.OpenTransferApplication(ledger.ctx, applicationJson({ id: 'TA-2' })),
        { mspId: RE, transient: transferDetailTransient() },
        /^CONFLICT: unit U-310101-0001 already has an open transfer application \(TA-2025-0001\)$/,
      );
    });

    it('refuses an application id that exists with CONFLICT', async () => {
      const ledger = await withUnit();
      await openSale(ledger);
      await ledger.refuses(
        () => ledger.contract.OpenTransferApplication(ledger.ctx, applicationJson()),
        { mspId: RE, transient: transferDetailTransient() },
        /^CONFLICT: transfer application TA-2025-0001 already exists$/,
      );
    });

    it('refuses a seized unit unless the transfer is a judicial ruling (PRECONDITION_FAILED)', async () => {
      const ledger = await withUnit();
      const { ctx, contract } = ledger;
      await ledger.submit(() =>
        contract.RegisterSeizure(
          ctx,
          UNIT,
          JSON.stringify({ id: 'S-1', court: 'SH-COURT', evidenceFingerprint: fp('order') }),
        ),
      );
      for (const type of ['SALE', 'GIFT', 'INHERITANCE']) {
        await ledger.refuses(
          () =>
            contract.OpenTransferApplication(
              ctx,
              applicationJson({
                type,
                providentFundLoan: false,
                dispositions: [{ encumbranceId: 'S-1', action: 'CARRY_OVER', evidenceFingerprint: fp('x') }],
              }),
            ),
          { mspId: RE, transient: transferDetailTransient() },
          /^PRECONDITION_FAILED: unit U-310101-0001 is seized; only a JUDICIAL_RULING can transfer it$/,
        );
      }
    });

    it('refuses an application that does not say what happens to a mortgage', async () => {
      const ledger = await withUnit();
      const { ctx, contract } = ledger;
      await ledger.submit(() =>
        contract.RegisterMortgage(
          ctx,
          UNIT,
          JSON.stringify({ id: 'M-1', mortgagee: 'BANK-1', evidenceFingerprint: fp('m') }),
        ),
      );
      await ledger.refuses(
        () => contract.OpenTransferApplication(ctx, applicationJson()),
        { mspId: RE, transient: transferDetailTransient() },
        /^INVALID_ARGUMENT: application.dispositions must say what happens to encumbrance M-1$/,
      );
    });

    it('refuses Natural Resources opening an application (only Real Estate keeps the window)', async () => {
      const ledger = await withUnit();
      await ledger.refuses(
        () => ledger.contract.OpenTransferApplication(ledger.ctx, applicationJson()),
        { mspId: NR, transient: transferDetailTransient() },
        /^FORBIDDEN/,
      );
    });
  });
});
