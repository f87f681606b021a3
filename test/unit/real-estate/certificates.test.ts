import {
  ALL_STEPS,
  APP,
  BUYER_A,
  CERT_1,
  CERT_2,
  Ledger,
  RE,
  SELLER,
  STRANGER,
  T0,
  TAX,
  UNIT,
  type UnitRecord,
  canonicalLicence,
  expect,
  fp,
  holderTransient,
  openSale,
  parse,
  registerSale,
  registeredUnit,
  runSteps,
  stateOf,
} from './fixtures';
import { titleKey, unitKey } from '@govchain/real-estate';
import { proposalInvoking } from '../e-license/fixtures';

const REPLACEMENT = 'REC-2025-0001-R1';
const replacementJson = (overrides: Readonly<Record<string, unknown>> = {}): string =>
  JSON.stringify({ certificateId: REPLACEMENT, certificateFingerprint: fp('replacement 1'), ...overrides });

async function replaceThroughRegister(ledger: Ledger, reason = 'LOST'): Promise<UnitRecord> {
  return parse<UnitRecord>(
    await ledger.submit(() => ledger.contract.ReplaceCertificate(ledger.ctx, UNIT, replacementJson(), reason), {
      mspId: RE,
      transient: holderTransient(SELLER),
    }),
  );
}

async function saleReady(ledger: Ledger): Promise<void> {
  await openSale(ledger);
  await runSteps(ledger, ALL_STEPS);
  ledger.invocations.length = 0;
}

describe('real-estate: a unit follows its certificate’s replacements (issue 13, item 13)', () => {
  it('registers a transfer of a unit whose certificate e-license replaced after loss, revoking the replacement', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger);
    // Replaced in e-license as it could be before ReplaceCertificate existed: the unit still names CERT_1.
    ledger.eCtx.stub.getSignedProposal.returns(proposalInvoking('real-estate'));
    await ledger.eCtx.submit(
      () =>
        ledger.eLicense.ReplaceLicense(
          ledger.eCtx,
          CERT_1,
          canonicalLicence(REPLACEMENT, fp('replacement 1'), ledger.licence(CERT_1).metadata),
          'LOST',
        ),
      { mspId: RE, time: T0, transient: holderTransient(SELLER) },
    );
    ledger.eCtx.stub.getSignedProposal.returns(proposalInvoking('e-license'));
    expect(stateOf<UnitRecord>(ledger, unitKey(ledger.ctx, UNIT)).certificateId).to.equal(CERT_1);
    await saleReady(ledger);

    const { unit } = await registerSale(ledger);
    const txId = ledger.ctx.txId;
    expect(unit.certificateId).to.equal(CERT_2);
    expect(ledger.licence(REPLACEMENT)).to.deep.include({ status: 'REVOKED', statusReason: 'TRANSFERRED', txId });
    expect(ledger.licence(CERT_1)).to.deep.include({ status: 'SUPERSEDED', statusReason: 'LOST' });
    expect(await ledger.verify(CERT_2, fp('certificate 2'))).to.equal('VALID');
    expect(stateOf(ledger, titleKey(ledger.ctx, UNIT, 2))).to.deep.include({
      certificateId: CERT_2,
      previousCertificateId: REPLACEMENT,
    });
    expect(ledger.ctx.lastEvent()?.payload).to.include({ certificateId: CERT_2, previousCertificateId: REPLACEMENT });
  });

  it('ReplaceCertificate replaces the certificate through e-license and the unit names the replacement', async () => {
    const ledger = await Ledger.create();
    const before = await registeredUnit(ledger);
    const unit = await replaceThroughRegister(ledger);
    const txId = ledger.ctx.txId;

    expect(unit).to.deep.equal({
      ...before,
      certificateId: REPLACEMENT,
      updatedAt: T0,
      updatedByMsp: RE,
      txId,
    });
    expect(stateOf(ledger, unitKey(ledger.ctx, UNIT))).to.deep.equal(unit);
    expect(ledger.licence(CERT_1)).to.deep.include({
      status: 'SUPERSEDED',
      statusReason: 'LOST',
      successorId: REPLACEMENT,
    });
    expect(ledger.licence(REPLACEMENT)).to.deep.include({
      status: 'ACTIVE',
      predecessorId: CERT_1,
      holderRef: SELLER.holderRef,
      metadata: ledger.licence(CERT_1).metadata,
    });
    expect(await ledger.verify(REPLACEMENT, fp('replacement 1'))).to.equal('VALID');
    expect(await ledger.verify(CERT_1, fp('certificate 1'))).to.equal('SUPERSEDED');
    expect(ledger.ctx.lastEvent()).to.deep.equal({
      name: 'CertificateReplaced',
      payload: {
        unitNumber: UNIT,
        certificateId: REPLACEMENT,
        previousCertificateId: CERT_1,
        reasonCode: 'LOST',
        txId,
      },
    });

    await saleReady(ledger);
    await registerSale(ledger);
    expect(ledger.licence(REPLACEMENT).status).to.equal('REVOKED');
    expect(stateOf<UnitRecord>(ledger, unitKey(ledger.ctx, UNIT)).certificateId).to.equal(CERT_2);
  });

  describe('ReplaceCertificate refusals (each writes nothing, in either chaincode)', () => {
    it('refuses any department but Real Estate', async () => {
      const ledger = await Ledger.create();
      await registeredUnit(ledger);
      await ledger.refuses(
        () => ledger.contract.ReplaceCertificate(ledger.ctx, UNIT, replacementJson(), 'LOST'),
        { mspId: TAX, transient: holderTransient(SELLER) },
        /^FORBIDDEN: TaxMSP may not replace real-estate certificates/,
      );
    });

    it('refuses while a transfer is open', async () => {
      const ledger = await Ledger.create();
      await registeredUnit(ledger);
      await openSale(ledger);
      await ledger.refuses(
        () => ledger.contract.ReplaceCertificate(ledger.ctx, UNIT, replacementJson(), 'LOST'),
        { mspId: RE, transient: holderTransient(SELLER) },
        new RegExp(
          `^PRECONDITION_FAILED: cannot replace the certificate of unit ${UNIT} while transfer application ${APP} is open$`,
        ),
      );
    });

    it('refuses another person as the certificate holder (e-license’s refusal, passed on)', async () => {
      const ledger = await Ledger.create();
      await registeredUnit(ledger);
      await ledger.refuses(
        () => ledger.contract.ReplaceCertificate(ledger.ctx, UNIT, replacementJson(), 'LOST'),
        { mspId: RE, transient: holderTransient(STRANGER) },
        /^INVALID_ARGUMENT: e-license ReplaceLicense: the holder-reference grant is not for the holder of licence REC-2025-0001$/,
      );
    });

    it('refuses malformed arguments and a missing idNumber', async () => {
      const ledger = await Ledger.create();
      await registeredUnit(ledger);
      const cases: [string, string, Record<string, string>, RegExp][] = [
        [
          replacementJson({ certificateId: '' }),
          'LOST',
          holderTransient(SELLER),
          /^INVALID_ARGUMENT: replacement.certificateId/,
        ],
        [replacementJson({ extra: 1 }), 'LOST', holderTransient(SELLER), /^INVALID_ARGUMENT: replacement/],
        [replacementJson(), 'lost', holderTransient(SELLER), /^INVALID_ARGUMENT: reasonCode/],
        [replacementJson(), 'LOST', {}, /^INVALID_ARGUMENT: transient field idNumber/],
        [
          replacementJson(),
          'LOST',
          { idNumber: SELLER.idNumber, name: SELLER.name },
          /^INVALID_ARGUMENT: transient field salt is required$/,
        ],
      ];
      for (const [json, reason, transient, message] of cases) {
        await ledger.refuses(
          () => ledger.contract.ReplaceCertificate(ledger.ctx, UNIT, json, reason),
          { mspId: RE, transient },
          message,
        );
      }
    });

    it('refuses a unit whose certificate is no longer valid', async () => {
      const ledger = await Ledger.create();
      await registeredUnit(ledger);
      await saleReady(ledger);
      await registerSale(ledger);
      // CERT_1 is revoked; the unit names CERT_2, held by BUYER_A. Replace CERT_2 twice: the second finds REC-…-R1.
      await ledger.submit(() => ledger.contract.ReplaceCertificate(ledger.ctx, UNIT, replacementJson(), 'DAMAGED'), {
        mspId: RE,
        transient: holderTransient(BUYER_A),
      });
      expect(ledger.licence(CERT_2)).to.deep.include({ status: 'SUPERSEDED', successorId: REPLACEMENT });
      ledger.eCtx.stub.getSignedProposal.returns(proposalInvoking('real-estate'));
      await ledger.eCtx.submit(() => ledger.eLicense.SuspendLicense(ledger.eCtx, REPLACEMENT, 'COURT_ORDER', ''), {
        mspId: RE,
      });
      ledger.eCtx.stub.getSignedProposal.returns(proposalInvoking('e-license'));
      await ledger.refuses(
        () =>
          ledger.contract.ReplaceCertificate(
            ledger.ctx,
            UNIT,
            replacementJson({ certificateId: 'REC-2025-0001-R2' }),
            'LOST',
          ),
        { mspId: RE, transient: holderTransient(BUYER_A) },
        /^PRECONDITION_FAILED: certificate REC-2025-0001-R1 of unit U-310101-0001 is SUSPENDED in e-license$/,
      );
    });
  });
});

describe('real-estate: certificates only through the register, ids only in their range (issue 13, item 14)', () => {
  it('Real Estate cannot issue, replace or revoke a real-estate certificate in e-license directly', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger);
    const direct = async (call: () => Promise<string>, transient: Record<string, string> = {}): Promise<void> => {
      const before = ledger.dump();
      await expect(ledger.eCtx.submit(call, { mspId: RE, transient })).to.be.rejectedWith(
        /^FORBIDDEN: .*licences of type REAL_ESTATE_CERTIFICATE are written only through chaincode real-estate \(this proposal invokes e-license\)$/,
      );
      expect(ledger.dump()).to.equal(before);
    };
    const metadata = ledger.licence(CERT_1).metadata;
    await direct(
      () => ledger.eLicense.IssueLicense(ledger.eCtx, canonicalLicence('REC-2025-0009', fp('forged'), metadata)),
      holderTransient(STRANGER),
    );
    await direct(
      () =>
        ledger.eLicense.ReplaceLicense(ledger.eCtx, CERT_1, canonicalLicence(REPLACEMENT, fp('r'), metadata), 'LOST'),
      holderTransient(SELLER),
    );
    await direct(() => ledger.eLicense.RevokeLicense(ledger.eCtx, CERT_1, 'COURT_ORDER', ''));
    await direct(() => ledger.eLicense.SuspendLicense(ledger.eCtx, CERT_1, 'COURT_ORDER', ''));
    expect(await ledger.verify(CERT_1, fp('certificate 1'))).to.equal('VALID');
  });

  it('another issuer cannot take the next certificate id, so the transfer registers', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger);
    await saleReady(ledger);
    const before = ledger.dump();
    await expect(
      ledger.eCtx.submit(
        () =>
          ledger.eLicense.IssueLicense(
            ledger.eCtx,
            JSON.stringify({
              id: CERT_2,
              type: 'IDENTITY_DOCUMENT',
              fingerprint: fp('squatter'),
              metadata: { issuingAuthority: 'City Public Security Bureau', documentKind: 'RESIDENT_ID_CARD' },
            }),
          ),
        { mspId: 'PublicSecurityMSP', transient: holderTransient(STRANGER) },
      ),
    ).to.be.rejectedWith(
      /^FORBIDDEN: licence id REC-2025-0002 is in the range REC- reserved for licence type REAL_ESTATE_CERTIFICATE$/,
    );
    expect(ledger.dump()).to.equal(before);
    const { unit } = await registerSale(ledger);
    expect(unit.certificateId).to.equal(CERT_2);
  });
});
