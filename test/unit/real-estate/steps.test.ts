import {
  ALL_STEPS,
  APP,
  BUYER_A,
  BUYER_B,
  CA,
  Ledger,
  NR,
  PF,
  PS,
  RE,
  SELLER,
  STEP_CALLS,
  STEP_TRANSIENT,
  STRANGER,
  TAX,
  UNIT,
  type StepRecord,
  expect,
  fp,
  identityJson,
  openSale,
  parse,
  registeredUnit,
  runSteps,
  stateOf,
  ownedPolicy,
  policyOf,
} from './fixtures';
import { AWAITING_INDEX, TRANSFER_DETAIL_COLLECTION, privateKey, stepKey } from '@govchain/real-estate';

async function opened(overrides: Readonly<Record<string, unknown>> = {}): Promise<Ledger> {
  const ledger = await Ledger.create();
  await registeredUnit(ledger);
  await openSale(ledger, overrides);
  ledger.invocations.length = 0;
  return ledger;
}

function queued(ledger: Ledger, msp: string): boolean {
  return ledger.ctx.world.state.has(ledger.ctx.stub.createCompositeKey(AWAITING_INDEX, [msp, APP]));
}

const DEPARTMENTS = [PS, CA, NR, TAX, PF, RE];

describe('real-estate transfer steps', () => {
  it('each department records its own step on its own key, leaves the queue, and announces it', async () => {
    const ledger = await opened();
    const { ctx } = ledger;
    const expectations: [string, string, string][] = [
      ['identity', 'IDENTITY', 'DONE'],
      ['marital', 'MARITAL_STATUS', 'DONE'],
      ['assess', 'TAX', 'ASSESSED'],
      ['clear', 'TAX', 'DONE'],
      ['loan', 'PROVIDENT_FUND', 'DONE'],
    ];
    for (const [name, step, status] of expectations) {
      const call = STEP_CALLS[name]!;
      const result = parse<StepRecord>(
        await ledger.submit(() => call.run(ledger), {
          mspId: call.mspId,
          ...(STEP_TRANSIENT[name] === undefined ? {} : { transient: STEP_TRANSIENT[name] }),
        }),
      );
      expect(result, name).to.deep.include({
        applicationId: APP,
        step,
        status,
        departmentMsp: call.mspId,
        updatedByMsp: call.mspId,
      });
      expect(stateOf(ledger, stepKey(ctx, APP, step))).to.deep.equal(result);
      const written = ctx.stub.putState.getCalls().map((c) => c.args[0]);
      expect(written[0], name).to.equal(stepKey(ctx, APP, step));
      expect(ctx.stub.setStateValidationParameter.calledWith(stepKey(ctx, APP, step)), name).to.equal(true);
      expect(policyOf(ledger, stepKey(ctx, APP, step)), name).to.equal(ownedPolicy(call.mspId));
      expect(queued(ledger, call.mspId), name).to.equal(status !== 'DONE');
      expect(ctx.lastEvent(), name).to.deep.equal({
        name: 'TransferStepRecorded',
        payload: {
          applicationId: APP,
          unitNumber: UNIT,
          step,
          status,
          departmentMsp: call.mspId,
          readyForRegistration: name === 'loan',
          txId: ctx.txId,
        },
      });
    }
    expect(queued(ledger, RE)).to.equal(true);
  });

  it('takes independent steps in any order; Real Estate is queued only after the last one', async () => {
    for (const order of [
      ['loan', 'assess', 'marital', 'clear', 'identity'],
      ['marital', 'identity', 'assess', 'loan', 'clear'],
    ]) {
      const ledger = await opened();
      for (const [index, name] of order.entries()) {
        expect(queued(ledger, RE), `before ${name}`).to.equal(false);
        await runSteps(ledger, [name]);
        expect(queued(ledger, RE), `after ${name}`).to.equal(index === order.length - 1);
      }
    }
  });

  it('verifies every party’s identity document through e-license (VerifyLicense and GetLicense)', async () => {
    const ledger = await opened();
    await runSteps(ledger, ['identity']);
    const step = stateOf<StepRecord>(ledger, stepKey(ledger.ctx, APP, 'IDENTITY'));
    expect(step.identityChecks).to.deep.equal(
      [SELLER, BUYER_A, BUYER_B]
        .map((p) => ({ holderRef: p.holderRef, licenceId: p.identityLicenceId }))
        .sort((a, b) => (a.holderRef < b.holderRef ? -1 : 1)),
    );
    expect(ledger.invocations.map((call) => [call.fn, call.args[0], call.mspId])).to.deep.equal([
      ['VerifyLicense', SELLER.identityLicenceId, PS],
      ['GetLicense', SELLER.identityLicenceId, PS],
      ['VerifyLicense', BUYER_A.identityLicenceId, PS],
      ['GetLicense', BUYER_A.identityLicenceId, PS],
      ['VerifyLicense', BUYER_B.identityLicenceId, PS],
      ['GetLicense', BUYER_B.identityLicenceId, PS],
    ]);
  });

  it('keeps the tax assessment and the loan amount in the private collection, off the channel ledger', async () => {
    const ledger = await opened();
    await runSteps(ledger, ['assess', 'loan']);
    const { ctx } = ledger;
    const assessment = ctx.world.privateJson(TRANSFER_DETAIL_COLLECTION, privateKey(ctx, 'taxAssessment', APP)) as {
      fields: Record<string, string>;
      recordedByMsp: string;
    };
    expect(assessment.fields).to.deep.equal({ assessedAmount: '98400.00', deedTax: '98400.00' });
    expect(assessment.recordedByMsp).to.equal(TAX);
    const loan = ctx.world.privateJson(TRANSFER_DETAIL_COLLECTION, privateKey(ctx, 'loanDetail', APP)) as {
      fields: Record<string, string>;
    };
    expect(loan.fields).to.deep.equal({ loanAmount: '1200000.00', termMonths: '360' });
    const step = stateOf<StepRecord>(ledger, stepKey(ctx, APP, 'PROVIDENT_FUND'));
    expect(step).to.deep.include({
      loanId: 'PFL-2025-77',
      mortgageId: 'M-PF-1',
      mortgagee: PF,
      mortgageContractFingerprint: fp('loan contract'),
    });
    const publicText = [...ctx.world.state.values()].map((v) => Buffer.from(v).toString('utf8')).join('\n');
    expect(publicText).to.not.include('98400.00');
    expect(publicText).to.not.include('1200000.00');
  });

  it('records the land-use right Natural Resources confirms for the transfer', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger, { kind: 'ALLOCATED', termEnd: undefined });
    await openSale(ledger, { providentFundLoan: false, marriedParty: false });
    await runSteps(ledger, ['land']);
    expect(stateOf<StepRecord>(ledger, stepKey(ledger.ctx, APP, 'LAND_USE_RIGHT'))).to.deep.include({
      status: 'DONE',
      landUseKind: 'GRANTED',
      landUseTermEnd: '2095-01-01T00:00:00.000Z',
    });
  });

  describe('refusals (each writes nothing)', () => {
    for (const [name, call] of Object.entries(STEP_CALLS).filter(([n]) => n !== 'land' && n !== 'clear')) {
      for (const msp of DEPARTMENTS.filter((d) => d !== call.mspId)) {
        it(`refuses ${name} by ${msp} (FORBIDDEN)`, async () => {
          const ledger = await opened();
          await ledger.refuses(
            () => call.run(ledger),
            { mspId: msp, ...(STEP_TRANSIENT[name] === undefined ? {} : { transient: STEP_TRANSIENT[name] }) },
            new RegExp(`^FORBIDDEN: ${msp} may not record step ${call.step} \\(only ${call.mspId} may\\)$`),
          );
        });
      }
    }

    for (const name of ['identity', 'marital', 'clear', 'loan']) {
      it(`refuses ${name} done twice (CONFLICT)`, async () => {
        const ledger = await opened();
        await runSteps(ledger, name === 'clear' ? ['assess', 'clear'] : [name]);
        const call = STEP_CALLS[name]!;
        await ledger.refuses(
          () => call.run(ledger),
          { mspId: call.mspId, ...(STEP_TRANSIENT[name] === undefined ? {} : { transient: STEP_TRANSIENT[name] }) },
          new RegExp(`^CONFLICT: step ${call.step} of transfer application ${APP} is already recorded$`),
        );
      });
    }

    it('refuses a second assessment once assessed, and a clearance before the assessment (PRECONDITION_FAILED)', async () => {
      const ledger = await opened();
      await ledger.refuses(
        () => STEP_CALLS.clear!.run(ledger),
        { mspId: TAX },
        /^PRECONDITION_FAILED: step TAX of transfer application TA-2025-0001 is PENDING$/,
      );
      await runSteps(ledger, ['assess']);
      await ledger.refuses(
        () => STEP_CALLS.assess!.run(ledger),
        { mspId: TAX, transient: STEP_TRANSIENT.assess! },
        /^PRECONDITION_FAILED: step TAX of transfer application TA-2025-0001 is ASSESSED$/,
      );
    });

    it('refuses a step the application does not need (PRECONDITION_FAILED)', async () => {
      const ledger = await opened({ providentFundLoan: false, marriedParty: false });
      for (const name of ['marital', 'loan', 'land']) {
        const call = STEP_CALLS[name]!;
        await ledger.refuses(
          () => call.run(ledger),
          { mspId: call.mspId, ...(STEP_TRANSIENT[name] === undefined ? {} : { transient: STEP_TRANSIENT[name] }) },
          new RegExp(`^PRECONDITION_FAILED: transfer application ${APP} does not need step ${call.step}$`),
        );
      }
    });

    it('refuses a step on an unknown application (NOT_FOUND) or a malformed id (INVALID_ARGUMENT)', async () => {
      const ledger = await opened();
      await ledger.refuses(
        () => STEP_CALLS.marital!.run(ledger, 'TA-NONE'),
        { mspId: CA },
        /^NOT_FOUND: transfer application TA-NONE does not exist$/,
      );
      await ledger.refuses(
        () => STEP_CALLS.marital!.run(ledger, 'TA 1'),
        { mspId: CA },
        /^INVALID_ARGUMENT: applicationId must be/,
      );
    });

    it('refuses malformed step input (INVALID_ARGUMENT)', async () => {
      const ledger = await opened();
      const { ctx, contract } = ledger;
      await ledger.refuses(
        () => contract.RecordMaritalStatus(ctx, APP, '{}'),
        { mspId: CA },
        /^INVALID_ARGUMENT: attestation.evidenceFingerprint is required$/,
      );
      await ledger.refuses(
        () => contract.RecordMaritalStatus(ctx, APP, '[1]'),
        { mspId: CA },
        /^INVALID_ARGUMENT: attestation must be a JSON object$/,
      );
      await ledger.refuses(
        () => contract.RecordTaxAssessment(ctx, APP, JSON.stringify({ assessmentFingerprint: fp('a') })),
        { mspId: TAX },
        /^INVALID_ARGUMENT: transient field taxAssessment is required$/,
      );
      await ledger.refuses(
        () => contract.RecordLoanApproval(ctx, APP, JSON.stringify({ evidenceFingerprint: fp('l'), loanId: 'L-1' })),
        { mspId: PF, transient: STEP_TRANSIENT.loan! },
        /^INVALID_ARGUMENT: loan.mortgageId is required$/,
      );
      await ledger.refuses(
        () =>
          contract.RecordLoanApproval(
            ctx,
            APP,
            JSON.stringify({ evidenceFingerprint: fp('l'), loanId: 'L-1', mortgageId: 'M-1' }),
          ),
        { mspId: PF, transient: { loanDetail: JSON.stringify({ salt: 'ab'.repeat(16) }) } },
        /^INVALID_ARGUMENT: transient field loanDetail.loanAmount must be a string$/,
      );
    });

    it('refuses a provident-fund mortgage id the unit already uses (CONFLICT)', async () => {
      const ledger = await Ledger.create();
      await registeredUnit(ledger);
      const { ctx, contract } = ledger;
      await ledger.submit(() =>
        contract.RegisterMortgage(
          ctx,
          UNIT,
          JSON.stringify({ id: 'M-PF-1', mortgagee: 'BANK', evidenceFingerprint: fp('m') }),
        ),
      );
      await openSale(ledger, {
        dispositions: [{ encumbranceId: 'M-PF-1', action: 'DISCHARGE', evidenceFingerprint: fp('c') }],
      });
      await ledger.refuses(
        () => STEP_CALLS.loan!.run(ledger),
        { mspId: PF, transient: STEP_TRANSIENT.loan! },
        /^CONFLICT: encumbrance M-PF-1 already exists on unit U-310101-0001$/,
      );
    });

    describe('identity verification through e-license', () => {
      const cases: [string, (ledger: Ledger) => string | Promise<string>, RegExp][] = [
        [
          'a party without a document',
          () => identityJson([SELLER, BUYER_A]),
          /^INVALID_ARGUMENT: identity.documents must hold one document for every seller and buyer$/,
        ],
        [
          'a document of someone who is no party',
          () => identityJson([SELLER, BUYER_A, BUYER_B, STRANGER]),
          /^INVALID_ARGUMENT: identity.documents names someone who is not a party/,
        ],
        [
          'two documents for one party',
          () => identityJson([SELLER, BUYER_A, BUYER_A]),
          /^INVALID_ARGUMENT: identity.documents has two documents for one party$/,
        ],
        [
          "another person's document",
          () =>
            JSON.stringify({
              evidenceFingerprint: fp('id'),
              documents: [SELLER, BUYER_A, BUYER_B].map((p) => ({
                holderRef: p.holderRef,
                licenceId: (p === BUYER_B ? STRANGER : p).identityLicenceId,
                fingerprint: (p === BUYER_B ? STRANGER : p).identityFingerprint,
              })),
            }),
          /^INVALID_ARGUMENT: identity.documents\[2\] \(licence ID-DOC-STRANGER\) is not held by that party$/,
        ],
        [
          'a document whose fingerprint does not match',
          () =>
            JSON.stringify({
              evidenceFingerprint: fp('id'),
              documents: [SELLER, BUYER_A, BUYER_B].map((p) => ({
                holderRef: p.holderRef,
                licenceId: p.identityLicenceId,
                fingerprint: p === SELLER ? fp('forged') : p.identityFingerprint,
              })),
            }),
          /^PRECONDITION_FAILED: identity.documents\[0\] \(licence ID-DOC-SELLER\) is FINGERPRINT_MISMATCH in e-license$/,
        ],
        [
          'a revoked document',
          async (ledger) => {
            await ledger.eCtx.submit(
              () => ledger.eLicense.RevokeLicense(ledger.eCtx, BUYER_A.identityLicenceId, 'LOST', ''),
              { mspId: PS },
            );
            return identityJson();
          },
          /^PRECONDITION_FAILED: identity.documents\[1\] \(licence ID-DOC-BUYER-A\) is REVOKED in e-license$/,
        ],
        [
          'a document that is no identity document',
          () =>
            JSON.stringify({
              evidenceFingerprint: fp('id'),
              documents: [SELLER, BUYER_A, BUYER_B].map((p) => ({
                holderRef: p.holderRef,
                licenceId: p === SELLER ? 'REC-2025-0001' : p.identityLicenceId,
                fingerprint: p === SELLER ? fp('certificate 1') : p.identityFingerprint,
              })),
            }),
          /^INVALID_ARGUMENT: identity.documents\[0\] \(licence REC-2025-0001\) is not an identity document issued by PublicSecurityMSP$/,
        ],
        [
          'an unknown licence',
          () =>
            JSON.stringify({
              evidenceFingerprint: fp('id'),
              documents: [SELLER, BUYER_A, BUYER_B].map((p) => ({
                holderRef: p.holderRef,
                licenceId: p === SELLER ? 'ID-NONE' : p.identityLicenceId,
                fingerprint: p.identityFingerprint,
              })),
            }),
          /^PRECONDITION_FAILED: identity.documents\[0\] \(licence ID-NONE\) is NOT_FOUND in e-license$/,
        ],
      ];
      for (const [what, build, message] of cases) {
        it(`refuses ${what}`, async () => {
          const ledger = await opened();
          const json = await build(ledger);
          await ledger.refuses(
            () => ledger.contract.RecordIdentityVerification(ledger.ctx, APP, json),
            { mspId: PS },
            message,
          );
        });
      }
    });
  });

  it('runs the whole standard sale to ready-for-registration', async () => {
    const ledger = await opened();
    await runSteps(ledger, ALL_STEPS);
    expect(queued(ledger, RE)).to.equal(true);
    for (const msp of [PS, CA, TAX, PF]) {
      expect(queued(ledger, msp), msp).to.equal(false);
    }
  });
});
