import {
  ALL_STEPS,
  APP,
  BUYER_A,
  BUYERS,
  CERT_1,
  CERT_2,
  Ledger,
  PS,
  RE,
  SELLER,
  STRANGER,
  T0,
  UNIT,
  type ApplicationRecord,
  applicationJson,
  expect,
  fp,
  holderTransient,
  openSale,
  parse,
  registerSale,
  registeredUnit,
  registrationJson,
  runSteps,
  stateOf,
  transferDetailTransient,
} from './fixtures';
import { AWAITING_INDEX, OWNER_INDEX, applicationKey, releaseKey, titleKey, unitKey } from '@govchain/real-estate';
import { proposalInvoking } from '../e-license/fixtures';

const mortgageJson = (id: string): string =>
  JSON.stringify({ id, mortgagee: 'ICBC-SH-0012', evidenceFingerprint: fp(`mortgage ${id}`) });

const DISPOSITIONS = [
  { encumbranceId: 'M-BANK-OLD', action: 'DISCHARGE', evidenceFingerprint: fp('bank discharge consent') },
  { encumbranceId: 'M-BANK-KEEP', action: 'CARRY_OVER', evidenceFingerprint: fp('bank carry-over consent') },
];

async function ready(
  overrides: Readonly<Record<string, unknown>> = {},
  steps: readonly string[] = ALL_STEPS,
  before?: (ledger: Ledger) => Promise<void>,
): Promise<Ledger> {
  const ledger = await Ledger.create();
  await registeredUnit(ledger);
  await before?.(ledger);
  await openSale(ledger, overrides);
  await runSteps(ledger, steps);
  ledger.invocations.length = 0;
  return ledger;
}

async function mortgaged(ledger: Ledger): Promise<void> {
  await ledger.submit(() => ledger.contract.RegisterMortgage(ledger.ctx, UNIT, mortgageJson('M-BANK-OLD')));
  await ledger.submit(() => ledger.contract.RegisterMortgage(ledger.ctx, UNIT, mortgageJson('M-BANK-KEEP')));
}

function indexed(ledger: Ledger, index: string, attributes: string[]): boolean {
  return ledger.ctx.world.state.has(ledger.ctx.stub.createCompositeKey(index, attributes));
}

describe('real-estate RegisterTransfer', () => {
  it('changes owners, handles encumbrances as declared, registers the provident-fund mortgage, swaps the certificates, extends the chain of title and closes the application — in one transaction', async () => {
    const ledger = await ready({ dispositions: DISPOSITIONS }, ALL_STEPS, mortgaged);
    const { ctx } = ledger;
    const { application, unit } = await registerSale(ledger);
    const txId = ctx.txId;

    expect(unit.owners).to.deep.equal(BUYERS);
    expect(unit).to.include({ status: 'REGISTERED', openApplicationId: '', certificateId: CERT_2, titleSequence: 2 });
    expect(unit.encumbrances.map((e) => [e.id, e.kind, e.holder, e.applicationId])).to.deep.equal([
      ['M-BANK-KEEP', 'MORTGAGE', 'ICBC-SH-0012', ''],
      ['M-PF-1', 'MORTGAGE', 'ProvidentFundMSP', APP],
    ]);
    expect(stateOf(ledger, unitKey(ctx, UNIT))).to.deep.equal(unit);
    expect(ctx.world.json(releaseKey(ctx, UNIT, 'M-BANK-OLD'))).to.deep.include({
      evidenceFingerprint: fp('bank discharge consent'),
      applicationId: APP,
      releasedByMsp: RE,
    });

    expect(application).to.include({
      status: 'REGISTERED',
      closedReason: 'REGISTERED',
      certificateId: CERT_2,
      closedByMsp: RE,
    });
    expect(stateOf(ledger, applicationKey(ctx, APP))).to.deep.equal(application);

    expect(indexed(ledger, OWNER_INDEX, [SELLER.holderRef, UNIT])).to.equal(false);
    for (const buyer of BUYERS) {
      expect(indexed(ledger, OWNER_INDEX, [buyer.holderRef, UNIT])).to.equal(true);
    }
    expect(indexed(ledger, AWAITING_INDEX, [RE, APP])).to.equal(false);

    expect(stateOf(ledger, titleKey(ctx, UNIT, 2))).to.deep.include({
      sequence: 2,
      kind: 'SALE',
      applicationId: APP,
      owners: BUYERS,
      certificateId: CERT_2,
      previousCertificateId: CERT_1,
      txId,
    });

    expect(ledger.invocations.map((call) => [call.fn, call.args[0]])).to.deep.equal([
      ['CheckLicense', CERT_1],
      ['RevokeLicense', CERT_1],
      ['IssueLicense', ledger.invocations[2]!.args[0]],
    ]);
    expect(ledger.licence(CERT_1)).to.deep.include({ status: 'REVOKED', statusReason: 'TRANSFERRED', txId });
    expect(ledger.licence(CERT_2)).to.deep.include({
      status: 'ACTIVE',
      holderRef: BUYER_A.holderRef,
      issuerMsp: RE,
      txId,
    });
    expect(ledger.licence(CERT_2).metadata).to.include({
      registrationType: 'SALE',
      sharePercent: '50.00',
    });
    expect(await ledger.verify(CERT_2, fp('certificate 2'))).to.equal('VALID');
    expect(await ledger.verify(CERT_1, fp('certificate 1'))).to.equal('REVOKED');

    expect(ctx.lastEvent()).to.deep.equal({
      name: 'TransferRegistered',
      payload: {
        applicationId: APP,
        unitNumber: UNIT,
        type: 'SALE',
        certificateId: CERT_2,
        previousCertificateId: CERT_1,
        dischargedEncumbranceIds: ['M-BANK-OLD'],
        mortgageId: 'M-PF-1',
        titleSequence: 2,
        txId,
      },
    });
  });

  it('lets the new owners sell again, with the carried-over mortgages declared', async () => {
    const ledger = await ready();
    await registerSale(ledger);
    const { ctx, contract } = ledger;
    const application = parse<ApplicationRecord>(
      await ledger.submit(
        () =>
          contract.OpenTransferApplication(
            ctx,
            applicationJson({
              id: 'TA-2',
              type: 'GIFT',
              sellers: BUYERS,
              buyers: [{ holderRef: STRANGER.holderRef, shareBasisPoints: 10000 }],
              providentFundLoan: false,
              marriedParty: false,
              dispositions: [
                { encumbranceId: 'M-PF-1', action: 'CARRY_OVER', evidenceFingerprint: fp('fund consent') },
              ],
            }),
          ),
        { mspId: RE, transient: transferDetailTransient() },
      ),
    );
    expect(application.requiredSteps).to.deep.equal(['IDENTITY', 'TAX']);
  });

  it('applies the land-use right confirmed by Natural Resources and transfers a seized unit by judicial ruling', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger, { kind: 'ALLOCATED', termEnd: undefined });
    const { ctx, contract } = ledger;
    await ledger.submit(() =>
      contract.RegisterSeizure(
        ctx,
        UNIT,
        JSON.stringify({ id: 'S-1', court: 'SH-COURT', evidenceFingerprint: fp('o') }),
      ),
    );
    await openSale(ledger, {
      type: 'JUDICIAL_RULING',
      providentFundLoan: false,
      dispositions: [{ encumbranceId: 'S-1', action: 'DISCHARGE', evidenceFingerprint: fp('ruling') }],
    });
    await runSteps(ledger, ['identity', 'land', 'assess', 'clear']);
    const { unit } = await registerSale(ledger);
    expect(unit.encumbrances).to.deep.equal([]);
    expect(unit.landUseRight).to.deep.include({
      kind: 'GRANTED',
      termEnd: '2095-01-01T00:00:00.000Z',
      confirmedByMsp: 'NaturalResourcesMSP',
    });
    expect((ledger.licence(CERT_2).metadata as Record<string, string>).registrationType).to.equal('JUDICIAL_RULING');
  });

  describe('refusals (each writes nothing, in either chaincode)', () => {
    it('refuses a caller other than Real Estate (FORBIDDEN)', async () => {
      const ledger = await ready();
      await ledger.refuses(
        () => ledger.contract.RegisterTransfer(ledger.ctx, APP, registrationJson()),
        { mspId: PS, transient: holderTransient(BUYER_A) },
        /^FORBIDDEN: PublicSecurityMSP may not register transfers \(only RealEstateMSP may\)$/,
      );
    });

    for (const missing of ALL_STEPS) {
      it(`refuses registration with a step missing (${missing}) (PRECONDITION_FAILED)`, async () => {
        const steps = ALL_STEPS.filter((name) => name !== missing && !(missing === 'assess' && name === 'clear'));
        const ledger = await ready({}, steps);
        await ledger.refuses(
          () => ledger.contract.RegisterTransfer(ledger.ctx, APP, registrationJson()),
          { mspId: RE, transient: holderTransient(BUYER_A) },
          /^PRECONDITION_FAILED: transfer application TA-2025-0001 still waits on (IDENTITY|MARITAL_STATUS|TAX|PROVIDENT_FUND) \(\w+MSP\)$/,
        );
      });
    }

    it('refuses registration twice (PRECONDITION_FAILED)', async () => {
      const ledger = await ready();
      await registerSale(ledger);
      await ledger.refuses(
        () => ledger.contract.RegisterTransfer(ledger.ctx, APP, registrationJson({ certificateId: 'REC-3' })),
        { mspId: RE, transient: holderTransient(BUYER_A) },
        /^PRECONDITION_FAILED: transfer application TA-2025-0001 is already registered$/,
      );
    });

    const cases: [string, string, Record<string, string>, RegExp][] = [
      [
        'a certificate holder who is no buyer',
        registrationJson({ certificateHolderRef: SELLER.holderRef }),
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: registration.certificateHolderRef must be one of the new owners$/,
      ],
      [
        "an idNumber that is not the holder's",
        registrationJson(),
        holderTransient(STRANGER),
        /^INVALID_ARGUMENT: the holder-reference grant in transient field holderRefGrant is not for certificateHolderRef$/,
      ],
      [
        'no transient idNumber',
        registrationJson(),
        { name: BUYER_A.name },
        /^INVALID_ARGUMENT: transient field idNumber is required$/,
      ],
      [
        'no transient salt for the new certificate’s private detail',
        registrationJson(),
        { idNumber: BUYER_A.idNumber, name: BUYER_A.name },
        /^INVALID_ARGUMENT: transient field salt is required$/,
      ],
      [
        'the old certificate id again',
        registrationJson({ certificateId: CERT_1 }),
        holderTransient(BUYER_A),
        /^INVALID_ARGUMENT: registration.certificateId must be a new certificate, not REC-2025-0001$/,
      ],
      [
        'a malformed fingerprint',
        registrationJson({ certificateFingerprint: 'x' }),
        holderTransient(BUYER_A),
        /^INVALID_ARGUMENT: registration.certificateFingerprint must be 64 lowercase hex/,
      ],
      [
        'an unknown field',
        registrationJson({ price: '1' }),
        holderTransient(BUYER_A),
        /^INVALID_ARGUMENT: registration has unknown field "price"$/,
      ],
      [
        'a certificate id outside the certificate range (another issuer may hold it)',
        registrationJson({ certificateId: BUYER_A.identityLicenceId }),
        holderTransient(BUYER_A),
        /^INVALID_ARGUMENT: e-license IssueLicense: licence.id must start with REC-, the id prefix of licence type REAL_ESTATE_CERTIFICATE$/,
      ],
    ];
    for (const [what, json, transient, message] of cases) {
      it(`refuses ${what}`, async () => {
        const ledger = await ready();
        await ledger.refuses(
          () => ledger.contract.RegisterTransfer(ledger.ctx, APP, json),
          { mspId: RE, transient },
          message,
        );
        expect(ledger.licence(CERT_1).status).to.equal('ACTIVE');
      });
    }

    it('refuses an unknown application (NOT_FOUND)', async () => {
      const ledger = await ready();
      await ledger.refuses(
        () => ledger.contract.RegisterTransfer(ledger.ctx, 'TA-NONE', registrationJson()),
        { mspId: RE, transient: holderTransient(BUYER_A) },
        /^NOT_FOUND: transfer application TA-NONE does not exist$/,
      );
    });

    it('refuses a unit seized after opening, unless judicial (PRECONDITION_FAILED)', async () => {
      const ledger = await ready();
      await ledger.submit(
        () =>
          ledger.contract.RegisterSeizure(
            ledger.ctx,
            UNIT,
            JSON.stringify({ id: 'S-9', court: 'SH-COURT', evidenceFingerprint: fp('o') }),
          ),
        { mspId: RE },
      );
      await ledger.refuses(
        () => ledger.contract.RegisterTransfer(ledger.ctx, APP, registrationJson()),
        { mspId: RE, transient: holderTransient(BUYER_A) },
        /^PRECONDITION_FAILED: unit U-310101-0001 is seized; only a JUDICIAL_RULING can transfer it$/,
      );
    });

    it('refuses an encumbrance registered after opening that the application does not cover (PRECONDITION_FAILED)', async () => {
      const ledger = await Ledger.create();
      await registeredUnit(ledger);
      await openSale(ledger, { type: 'JUDICIAL_RULING', providentFundLoan: false });
      await runSteps(ledger, ['identity', 'assess', 'clear']);
      await ledger.submit(
        () =>
          ledger.contract.RegisterSeizure(
            ledger.ctx,
            UNIT,
            JSON.stringify({ id: 'S-9', court: 'SH-COURT', evidenceFingerprint: fp('o') }),
          ),
        { mspId: RE },
      );
      await ledger.refuses(
        () => ledger.contract.RegisterTransfer(ledger.ctx, APP, registrationJson()),
        { mspId: RE, transient: holderTransient(BUYER_A) },
        /^PRECONDITION_FAILED: encumbrance S-9 was registered on unit U-310101-0001 after the application was opened$/,
      );
    });

    it("passes on e-license's refusal to revoke a certificate that is already revoked", async () => {
      const ledger = await ready();
      // As if revoked through real-estate (Real Estate alone cannot revoke it in e-license directly).
      ledger.eCtx.stub.getSignedProposal.returns(proposalInvoking('real-estate'));
      await ledger.eCtx.submit(() => ledger.eLicense.RevokeLicense(ledger.eCtx, CERT_1, 'COURT_ORDER', ''), {
        mspId: RE,
        time: T0,
      });
      await ledger.refuses(
        () => ledger.contract.RegisterTransfer(ledger.ctx, APP, registrationJson()),
        { mspId: RE, transient: holderTransient(BUYER_A) },
        /^PRECONDITION_FAILED: e-license RevokeLicense: licence REC-2025-0001 is revoked; revocation is final$/,
      );
    });
  });
});
