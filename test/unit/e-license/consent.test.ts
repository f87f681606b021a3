import {
  bindHolderKey,
  HOLDER_REF,
  OTHER_ID_NUMBER,
  HOLDER_REF_KEY,
  consentObject,
  expect,
  holderTransient,
  issueBusinessLicence,
  medicalLicence,
  parse,
  seededLedger,
  signed,
  type Ledger,
} from './fixtures';
import { P256Holder } from '../../support';
import { sha256Hex } from '@govchain/chaincode-common';
import { consentKey, holderReference } from '@govchain/e-license';

interface ConsentRecord {
  consentId: string;
  holderRef: string;
  granteeMsp: string;
  licenceId: string;
  licenceType: string;
  purpose: string;
  expiresAt: string;
  nonce: string;
  signature: string;
  holderKeyFingerprint: string;
  status: string;
  grantedAt: string;
  withdrawnAt: string;
  updatedAt: string;
  updatedByMsp: string;
  txId: string;
}

interface ConsentLedger extends Ledger {
  readonly holder: P256Holder;
}

async function ledgerWithHolderKey(): Promise<ConsentLedger> {
  const ledger = await seededLedger();
  const holder = P256Holder.generate();
  await bindHolderKey(ledger, holder);
  await issueBusinessLicence(ledger, 'BL-1');
  return { ...ledger, holder };
}

function grant(
  ledger: ConsentLedger,
  payload: Readonly<Record<string, unknown>> = consentObject(),
  options: { mspId?: string; time?: string; signature?: string } = {},
): Promise<string> {
  const [json, signature] = signed(ledger.holder, payload);
  return ledger.ctx.submit(() => ledger.contract.GrantConsent(ledger.ctx, json, options.signature ?? signature), {
    mspId: options.mspId ?? 'TaxMSP',
    ...(options.time === undefined ? {} : { time: options.time }),
  });
}

function withdrawal(overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return { action: 'WITHDRAW_CONSENT', consentId: 'C-1', holderRef: HOLDER_REF, nonce: 'w1thdraw-01', ...overrides };
}

async function expectRefused(ledger: Ledger, promise: Promise<unknown>, message: RegExp): Promise<void> {
  const before = ledger.ctx.world.dump();
  await expect(promise).to.be.rejectedWith(message);
  ledger.ctx.assertNothingWritten();
  expect(ledger.ctx.world.dump()).to.equal(before);
}

describe('e-license GrantConsent', () => {
  it('records a holder-signed consent for one licence', async () => {
    const ledger = await ledgerWithHolderKey();
    const [json, signature] = signed(ledger.holder, consentObject());
    const consent = parse<ConsentRecord>(
      await ledger.ctx.submit(() => ledger.contract.GrantConsent(ledger.ctx, json, signature), { mspId: 'TaxMSP' }),
    );
    expect(consent).to.deep.equal({
      consentId: 'C-1',
      holderRef: HOLDER_REF,
      granteeMsp: 'TaxMSP',
      licenceId: 'BL-1',
      licenceType: '',
      purpose: 'tax clearance of transfer T-9',
      expiresAt: '2025-04-01T00:00:00Z',
      nonce: 'n0nce-0001',
      signature,
      holderKeyFingerprint: sha256Hex(Buffer.from(ledger.holder.publicKeyHex, 'hex')),
      status: 'ACTIVE',
      grantedAt: '2025-03-01T08:00:00.000Z',
      withdrawnAt: '',
      updatedAt: '2025-03-01T08:00:00.000Z',
      updatedByMsp: 'TaxMSP',
      txId: ledger.ctx.txId,
    });
    expect(ledger.ctx.world.json(consentKey(ledger.ctx, 'C-1'))).to.deep.equal(consent);
    expect(
      ledger.ctx.world.state.has(
        ledger.ctx.stub.createCompositeKey('grantee~holder~consent', ['TaxMSP', HOLDER_REF, 'C-1']),
      ),
    ).to.equal(true);
    expect(ledger.ctx.lastEvent()).to.deep.equal({
      name: 'ConsentGranted',
      payload: {
        consentId: 'C-1',
        granteeMsp: 'TaxMSP',
        licenceId: 'BL-1',
        licenceType: '',
        expiresAt: '2025-04-01T00:00:00Z',
        status: 'ACTIVE',
        txId: ledger.ctx.txId,
      },
    });
  });

  it('accepts a consent for all licences of a type, signed in IEEE P1363 form, relayed by another department', async () => {
    const ledger = await ledgerWithHolderKey();
    const payload = consentObject({ licenceId: undefined, licenceType: 'BUSINESS_LICENCE', consentId: 'C-T' });
    const [json, signature] = signed(ledger.holder, payload, 'ieee-p1363');
    const consent = parse<ConsentRecord>(
      await ledger.ctx.submit(() => ledger.contract.GrantConsent(ledger.ctx, json, signature.toUpperCase()), {
        mspId: 'RealEstateMSP',
      }),
    );
    expect([consent.licenceId, consent.licenceType, consent.updatedByMsp]).to.deep.equal([
      '',
      'BUSINESS_LICENCE',
      'RealEstateMSP',
    ]);
  });

  it('verifies the signature over the canonical form, whatever the JSON key order or spacing', async () => {
    const ledger = await ledgerWithHolderKey();
    const payload = consentObject();
    const [, signature] = signed(ledger.holder, payload);
    const reordered = `{ "nonce": "n0nce-0001", ${JSON.stringify(payload).slice(1).replace(',"nonce":"n0nce-0001"', '')}`;
    expect(JSON.parse(reordered)).to.deep.equal(payload);
    await ledger.ctx.submit(() => ledger.contract.GrantConsent(ledger.ctx, reordered, signature), { mspId: 'TaxMSP' });
    expect(ledger.ctx.lastEvent()?.name).to.equal('ConsentGranted');
  });

  describe('refusals (each writes nothing)', () => {
    it('refuses a forged signature with FORBIDDEN', async () => {
      const ledger = await ledgerWithHolderKey();
      const forger = P256Holder.generate();
      const [json, forged] = signed(forger, consentObject());
      await expectRefused(
        ledger,
        ledger.ctx.submit(() => ledger.contract.GrantConsent(ledger.ctx, json, forged), { mspId: 'TaxMSP' }),
        /^FORBIDDEN: consent signature does not verify with the holder's bound key$/,
      );
    });

    it('refuses a consent altered after signing with FORBIDDEN', async () => {
      const ledger = await ledgerWithHolderKey();
      const [, signature] = signed(ledger.holder, consentObject());
      const altered = JSON.stringify(consentObject({ expiresAt: '2030-01-01T00:00:00Z' }));
      await expectRefused(
        ledger,
        ledger.ctx.submit(() => ledger.contract.GrantConsent(ledger.ctx, altered, signature), { mspId: 'TaxMSP' }),
        /^FORBIDDEN/,
      );
    });

    it('refuses an expired consent with PRECONDITION_FAILED', async () => {
      const ledger = await ledgerWithHolderKey();
      await expectRefused(
        ledger,
        grant(ledger, consentObject(), { time: '2025-04-01T00:00:00Z' }),
        /^PRECONDITION_FAILED: consent C-1 expired at 2025-04-01T00:00:00Z$/,
      );
    });

    it('refuses a duplicate consent id with CONFLICT (no replay)', async () => {
      const ledger = await ledgerWithHolderKey();
      await grant(ledger);
      await expectRefused(ledger, grant(ledger), /^CONFLICT: consent C-1 already exists$/);
    });

    it('refuses a holder without a bound key with PRECONDITION_FAILED', async () => {
      const ledger = await ledgerWithHolderKey();
      await issueBusinessLicence(ledger, 'BL-9', holderTransient({ idNumber: OTHER_ID_NUMBER }));
      const other = holderReference(HOLDER_REF_KEY, OTHER_ID_NUMBER);
      await expectRefused(
        ledger,
        grant(ledger, consentObject({ holderRef: other, licenceId: 'BL-9' })),
        /^PRECONDITION_FAILED: no public key is bound to this holder/,
      );
    });

    it('refuses a consent for a licence of another holder with FORBIDDEN', async () => {
      const ledger = await ledgerWithHolderKey();
      await issueBusinessLicence(ledger, 'BL-9', holderTransient({ idNumber: OTHER_ID_NUMBER }));
      await expectRefused(
        ledger,
        grant(ledger, consentObject({ licenceId: 'BL-9' })),
        /^FORBIDDEN: licence BL-9 is not held by the consenting holder$/,
      );
    });

    it('refuses a consent for an unknown licence (NOT_FOUND) or a revoked one (PRECONDITION_FAILED)', async () => {
      const ledger = await ledgerWithHolderKey();
      await expectRefused(
        ledger,
        grant(ledger, consentObject({ licenceId: 'NOPE' })),
        /^NOT_FOUND: licence NOPE does not exist$/,
      );
      await ledger.ctx.submit(() => ledger.contract.RevokeLicense(ledger.ctx, 'BL-1', 'FRAUD', ''), {
        mspId: 'MarketRegulationMSP',
      });
      await expectRefused(ledger, grant(ledger), /^PRECONDITION_FAILED: licence BL-1 is revoked/);
    });

    it('refuses a submitter that is not a department', async () => {
      const ledger = await ledgerWithHolderKey();
      await expectRefused(
        ledger,
        grant(ledger, consentObject(), { mspId: 'InfoCenterMSP' }),
        /^FORBIDDEN: InfoCenterMSP may not record consents/,
      );
    });

    const malformed: [string, Record<string, unknown>, RegExp][] = [
      [
        'a wrong action',
        consentObject({ action: 'WITHDRAW_CONSENT' }),
        /^INVALID_ARGUMENT: consent.action must be one of GRANT_CONSENT$/,
      ],
      [
        'both scopes',
        consentObject({ licenceType: 'BUSINESS_LICENCE' }),
        /^INVALID_ARGUMENT: consent must name exactly one of licenceId and licenceType$/,
      ],
      ['no scope', consentObject({ licenceId: undefined }), /^INVALID_ARGUMENT: consent must name exactly one/],
      [
        'an unknown licence type',
        consentObject({ licenceId: undefined, licenceType: 'NO_SUCH_TYPE' }),
        /^INVALID_ARGUMENT: unknown licence type NO_SUCH_TYPE$/,
      ],
      [
        'an unknown grantee',
        consentObject({ granteeMsp: 'Org9MSP' }),
        /^INVALID_ARGUMENT: consent.granteeMsp Org9MSP is not a department/,
      ],
      ['a malformed expiry', consentObject({ expiresAt: '2025-04-01' }), /^INVALID_ARGUMENT: consent.expiresAt/],
      ['a short nonce', consentObject({ nonce: 'abc' }), /^INVALID_ARGUMENT: consent.nonce/],
      ['a missing purpose', consentObject({ purpose: undefined }), /^INVALID_ARGUMENT: consent.purpose is required$/],
      ['a malformed holder reference', consentObject({ holderRef: 'x' }), /^INVALID_ARGUMENT: consent.holderRef/],
      [
        'an unknown field',
        consentObject({ idNumber: '1' }),
        /^INVALID_ARGUMENT: consent has unknown field "idNumber"$/,
      ],
    ];
    for (const [name, payload, message] of malformed) {
      it(`refuses ${name}`, async () => {
        const ledger = await ledgerWithHolderKey();
        await expectRefused(ledger, grant(ledger, payload), message);
      });
    }

    it('refuses a signature that is not hex, and consent JSON that is not an object', async () => {
      const ledger = await ledgerWithHolderKey();
      await expectRefused(ledger, grant(ledger, consentObject(), { signature: 'xyz' }), /^INVALID_ARGUMENT: signature/);
      await expectRefused(
        ledger,
        ledger.ctx.submit(() => ledger.contract.GrantConsent(ledger.ctx, '[]', 'ab'.repeat(32)), { mspId: 'TaxMSP' }),
        /^INVALID_ARGUMENT: consent must be a JSON object$/,
      );
    });
  });
});

describe('e-license WithdrawConsent', () => {
  async function granted(): Promise<ConsentLedger> {
    const ledger = await ledgerWithHolderKey();
    await grant(ledger);
    return ledger;
  }

  function withdraw(
    ledger: ConsentLedger,
    payload = withdrawal(),
    signer = ledger.holder,
    consentId = 'C-1',
  ): Promise<string> {
    const [json, signature] = signed(signer, payload);
    return ledger.ctx.submit(() => ledger.contract.WithdrawConsent(ledger.ctx, consentId, json, signature), {
      mspId: 'HealthMSP',
      time: '2025-03-10T00:00:00Z',
    });
  }

  it('marks the consent withdrawn on the holder-signed request', async () => {
    const ledger = await granted();
    const consent = parse<ConsentRecord>(await withdraw(ledger));
    expect(consent).to.deep.include({
      status: 'WITHDRAWN',
      withdrawnAt: '2025-03-10T00:00:00.000Z',
      updatedByMsp: 'HealthMSP',
      txId: ledger.ctx.txId,
      grantedAt: '2025-03-01T08:00:00.000Z',
    });
    expect(ledger.ctx.stub.putState.getCalls().map((call) => call.args[0])).to.deep.equal([
      consentKey(ledger.ctx, 'C-1'),
    ]);
    expect(ledger.ctx.lastEvent()?.name).to.equal('ConsentWithdrawn');
    expect((ledger.ctx.lastEvent()?.payload as { status: string }).status).to.equal('WITHDRAWN');
  });

  it('refuses a forged withdrawal with FORBIDDEN', async () => {
    const ledger = await granted();
    await expectRefused(
      ledger,
      withdraw(ledger, withdrawal(), P256Holder.generate()),
      /^FORBIDDEN: withdrawal signature does not verify/,
    );
  });

  it('refuses a withdrawal naming another holder with FORBIDDEN', async () => {
    const ledger = await granted();
    await expectRefused(
      ledger,
      withdraw(ledger, withdrawal({ holderRef: 'cd'.repeat(32) })),
      /^FORBIDDEN: withdrawal of consent C-1 is not from the consenting holder$/,
    );
  });

  it('refuses a second withdrawal with PRECONDITION_FAILED', async () => {
    const ledger = await granted();
    await withdraw(ledger);
    await expectRefused(
      ledger,
      withdraw(ledger, withdrawal({ nonce: 'another-nonce' })),
      /^PRECONDITION_FAILED: consent C-1 has already been withdrawn$/,
    );
  });

  it('refuses an unknown consent (NOT_FOUND) and mismatched or malformed arguments (INVALID_ARGUMENT)', async () => {
    const ledger = await granted();
    await expectRefused(
      ledger,
      withdraw(ledger, withdrawal({ consentId: 'C-404' }), ledger.holder, 'C-404'),
      /^NOT_FOUND: consent C-404 does not exist$/,
    );
    await expectRefused(
      ledger,
      withdraw(ledger, withdrawal({ consentId: 'C-2' })),
      /^INVALID_ARGUMENT: withdrawal.consentId must equal the consent id argument$/,
    );
    await expectRefused(
      ledger,
      withdraw(ledger, withdrawal({ action: 'GRANT_CONSENT' })),
      /^INVALID_ARGUMENT: withdrawal.action must be one of WITHDRAW_CONSENT$/,
    );
    await expectRefused(
      ledger,
      withdraw(ledger, withdrawal({ extra: 1 })),
      /^INVALID_ARGUMENT: withdrawal has unknown field "extra"$/,
    );
    await expectRefused(
      ledger,
      withdraw(ledger, withdrawal(), ledger.holder, ''),
      /^INVALID_ARGUMENT: consent id is required$/,
    );
  });

  it('refuses a grant signature replayed as a withdrawal', async () => {
    const ledger = await granted();
    const [grantJson, grantSignature] = signed(ledger.holder, consentObject());
    await expectRefused(
      ledger,
      ledger.ctx.submit(() => ledger.contract.WithdrawConsent(ledger.ctx, 'C-1', grantJson, grantSignature), {
        mspId: 'TaxMSP',
      }),
      /^INVALID_ARGUMENT/,
    );
  });
});

describe('e-license GetConsent / ListConsentsForDepartment', () => {
  it('lists the consents granted to the calling department, page by page', async () => {
    const ledger = await ledgerWithHolderKey();
    await ledger.ctx.submit(() => ledger.contract.IssueLicense(ledger.ctx, medicalLicence('ML-1')), {
      mspId: 'HealthMSP',
      transient: holderTransient(),
    });
    for (const [consentId, granteeMsp, licenceId] of [
      ['C-1', 'TaxMSP', 'BL-1'],
      ['C-2', 'TaxMSP', 'ML-1'],
      ['C-3', 'RealEstateMSP', 'BL-1'],
      ['C-4', 'TaxMSP', 'BL-1'],
    ]) {
      await grant(ledger, consentObject({ consentId, granteeMsp, licenceId }));
    }
    const { ctx, contract } = ledger;
    const first = parse<{ records: ConsentRecord[]; bookmark: string }>(
      await ctx.evaluate(() => contract.ListConsentsForDepartment(ctx, 'TaxMSP', '2', ''), { mspId: 'TaxMSP' }),
    );
    const second = parse<{ records: ConsentRecord[]; bookmark: string }>(
      await ctx.evaluate(() => contract.ListConsentsForDepartment(ctx, 'TaxMSP', '2', first.bookmark), {
        mspId: 'TaxMSP',
      }),
    );
    expect([...first.records, ...second.records].map((consent) => consent.consentId)).to.deep.equal([
      'C-1',
      'C-2',
      'C-4',
    ]);
    expect(second.bookmark).to.equal('');
    expect(parse<ConsentRecord>(await ctx.evaluate(() => contract.GetConsent(ctx, 'C-3'))).granteeMsp).to.equal(
      'RealEstateMSP',
    );
    ctx.assertNothingWritten();
  });

  it('refuses listing another department’s consents, bad page sizes and unknown consents', async () => {
    const ledger = await ledgerWithHolderKey();
    const { ctx, contract } = ledger;
    await expect(
      ctx.evaluate(() => contract.ListConsentsForDepartment(ctx, 'TaxMSP', '', ''), { mspId: 'HealthMSP' }),
    ).to.be.rejectedWith(/^FORBIDDEN: HealthMSP may not list the consents granted to TaxMSP$/);
    await expect(
      ctx.evaluate(() => contract.ListConsentsForDepartment(ctx, 'TaxMSP', '500', ''), { mspId: 'TaxMSP' }),
    ).to.be.rejectedWith(/^INVALID_ARGUMENT: pageSize/);
    await expect(ctx.evaluate(() => contract.GetConsent(ctx, 'C-404'))).to.be.rejectedWith(
      /^NOT_FOUND: consent C-404 does not exist$/,
    );
  });
});
