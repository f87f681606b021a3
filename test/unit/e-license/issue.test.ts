import {
  DETAIL_SALT,
  FINGERPRINT,
  HOLDER_NAME,
  HOLDER_REF,
  HOLDER_REF_KEY,
  OTHER_ID_NUMBER,
  ID_NUMBER,
  type LicenceRecord,
  T0,
  businessLicence,
  expect,
  holderTransient,
  issueBusinessLicence,
  medicalLicence,
  ownerPolicy,
  parse,
  seededLedger,
} from './fixtures';
import { P256Holder } from '../../support';
import { canonicalJson, describePolicy, hmacSha256Hex, sha256Hex } from '@govchain/chaincode-common';
import { detailKey, licenceKey } from '@govchain/e-license';

describe('e-license IssueLicense', () => {
  it('writes the public record, three indexes, private detail and a key-level policy, and returns the record', async () => {
    const ledger = await seededLedger();
    const { ctx, contract } = ledger;
    const result = await ctx.submit(() => contract.IssueLicense(ctx, businessLicence('BL-1')), {
      mspId: 'MarketRegulationMSP',
      transient: holderTransient(),
      time: '2025-03-02T09:30:00Z',
    });
    const txId = ctx.txId;
    const expected: LicenceRecord = {
      id: 'BL-1',
      type: 'BUSINESS_LICENCE',
      issuerMsp: 'MarketRegulationMSP',
      holderRef: HOLDER_REF,
      fingerprint: FINGERPRINT,
      validFrom: '2025-03-02T09:30:00.000Z',
      validUntil: '2045-03-02T09:30:00.000Z',
      metadata: {
        businessScope: 'wholesale',
        enterpriseName: 'Harbour Trading Co., Ltd.',
        registeredCapital: '5000000',
        unifiedSocialCreditCode: '91310000MA1FL4CT3X',
      },
      status: 'ACTIVE',
      statusReason: 'ISSUED',
      statusEffectiveAt: '2025-03-02T09:30:00.000Z',
      predecessorId: '',
      successorId: '',
      issuedAt: '2025-03-02T09:30:00.000Z',
      updatedAt: '2025-03-02T09:30:00.000Z',
      updatedByMsp: 'MarketRegulationMSP',
      txId,
    };
    expect(result).to.equal(canonicalJson(expected));

    const key = licenceKey(ctx, 'BL-1');
    const licenceWrite = ctx.stub.putState.getCalls().find((call) => call.args[0] === key);
    expect(Buffer.from(licenceWrite!.args[1]).toString('utf8')).to.equal(canonicalJson(expected));
    const index = (name: string, attributes: string[]): string => ctx.stub.createCompositeKey(name, attributes);
    const written = ctx.stub.putState.getCalls().map((call) => call.args[0]);
    expect(written).to.deep.equal([
      key,
      index('holder~licence', [HOLDER_REF, 'BL-1']),
      index('issuer~licence', ['MarketRegulationMSP', 'BL-1']),
      index('type~licence', ['BUSINESS_LICENCE', 'BL-1']),
    ]);

    const detail = ctx.world.privateJson('_implicit_org_MarketRegulationMSP', detailKey(ctx, 'BL-1'));
    expect(detail).to.deep.equal({
      licenceId: 'BL-1',
      issuerMsp: 'MarketRegulationMSP',
      holderRef: HOLDER_REF,
      idNumber: ID_NUMBER,
      name: HOLDER_NAME,
      extra: {},
      salt: DETAIL_SALT,
      recordedAt: '2025-03-02T09:30:00.000Z',
      txId,
    });

    // The issuer and one other department must endorse any later change of the record; its index
    // entries stay under the chaincode-level policy (list queries re-check the licence they point at).
    expect(describePolicy(ctx.world.validationParameters.get(key)!)).to.equal(ownerPolicy('MarketRegulationMSP'));
    for (const index of written.slice(1)) {
      expect(ctx.world.validationParameters.has(index), index).to.equal(false);
    }

    expect(ctx.lastEvent()).to.deep.equal({
      name: 'LicenseIssued',
      payload: {
        licenceId: 'BL-1',
        type: 'BUSINESS_LICENCE',
        issuerMsp: 'MarketRegulationMSP',
        status: 'ACTIVE',
        validFrom: expected.validFrom,
        validUntil: expected.validUntil,
        txId,
      },
    });
  });

  it('blinds the private detail with the salt the client sent, never one derived from the holder-reference key', async () => {
    const ledger = await seededLedger();
    const { ctx, contract } = ledger;
    const salts = ['0f'.repeat(32), 'f0'.repeat(32)];
    for (const [index, salt] of salts.entries()) {
      await ctx.submit(() => contract.IssueLicense(ctx, businessLicence(`BL-${index + 1}`)), {
        mspId: 'MarketRegulationMSP',
        transient: holderTransient({ idNumber: OTHER_ID_NUMBER, salt }),
      });
      const detail = ctx.world.privateJson('_implicit_org_MarketRegulationMSP', detailKey(ctx, `BL-${index + 1}`)) as {
        salt: string;
      };
      // Anyone holding the holder-reference key K could compute the old HMAC(K, id, txId) salt and confirm
      // a guessed detail against the private-data hash in the block.
      const derivable = hmacSha256Hex(
        Buffer.from(HOLDER_REF_KEY, 'hex'),
        `licence-detail-salt\nBL-${index + 1}\n${ctx.txId}`,
      );
      expect(detail.salt).to.equal(salt).and.not.equal(derivable);
    }
  });

  it('never puts the ID number or name in public state, history, events or the result', async () => {
    const ledger = await seededLedger();
    const result = JSON.stringify(await issueBusinessLicence(ledger));
    const { world } = ledger.ctx;
    const publicDump = JSON.stringify({
      state: [...world.state.entries()].map(([key, value]) => [key, Buffer.from(value).toString('utf8')]),
      history: [...world.history.values()].flat().map((record) => Buffer.from(record.value).toString('utf8')),
      events: world.events.map((event) => [event.name, Buffer.from(event.payload).toString('utf8')]),
      result,
    });
    for (const secret of [ID_NUMBER, ID_NUMBER.toLowerCase(), HOLDER_NAME, sha256Hex(ID_NUMBER)]) {
      expect(publicDump).to.not.include(secret);
    }
    expect(JSON.stringify(world.events)).to.not.include(HOLDER_REF);
  });

  it('stores further personal detail from transient `detail` privately', async () => {
    const ledger = await seededLedger();
    await issueBusinessLicence(ledger, 'BL-1', holderTransient({ detail: JSON.stringify({ phone: '13800000000' }) }));
    const detail = ledger.ctx.world.privateJson('_implicit_org_MarketRegulationMSP', detailKey(ledger.ctx, 'BL-1')) as {
      extra: Record<string, string>;
    };
    expect(detail.extra).to.deep.equal({ phone: '13800000000' });
    expect(ledger.ctx.world.dump().includes(Buffer.from('13800000000').toString('hex'))).to.equal(true);
    expect([...ledger.ctx.world.state.values()].some((value) => Buffer.from(value).includes('13800000000'))).to.equal(
      false,
    );
  });

  it('uses the given validity window', async () => {
    const ledger = await seededLedger();
    const licence = await issueBusinessLicence(ledger, 'BL-1', holderTransient(), {
      validFrom: '2024-01-01T00:00:00Z',
      validUntil: '2026-01-01T00:00:00Z',
    });
    expect([licence.validFrom, licence.validUntil]).to.deep.equal([
      '2024-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
  });

  it('leaves validUntil empty for a type that does not expire', async () => {
    const { ctx, contract } = await seededLedger();
    const marriage = JSON.stringify({
      id: 'MC-1',
      type: 'MARRIAGE_CERTIFICATE',
      fingerprint: FINGERPRINT,
      metadata: { registrationOffice: 'Central District', registrationDate: '2024-05-20' },
    });
    const licence = parse<LicenceRecord>(
      await ctx.submit(() => contract.IssueLicense(ctx, marriage), {
        mspId: 'CivilAffairsMSP',
        transient: holderTransient(),
      }),
    );
    expect(licence.validUntil).to.equal('');
    expect(licence.issuerMsp).to.equal('CivilAffairsMSP');
  });

  it('refuses a holder key at issuance with INVALID_ARGUMENT: Public Security binds keys', async () => {
    const ledger = await seededLedger();
    const before = ledger.ctx.world.dump();
    await expect(
      issueBusinessLicence(ledger, 'BL-1', holderTransient({ holderPublicKey: P256Holder.generate().publicKeyPem })),
    ).to.be.rejectedWith(
      /^INVALID_ARGUMENT: transient field holderPublicKey is not accepted: holder keys are bound by PublicSecurityMSP with BindHolderKey$/,
    );
    ledger.ctx.assertNothingWritten();
    expect(ledger.ctx.world.dump()).to.equal(before);
  });

  it('GetHolderKey answers NOT_FOUND for a holder without a key and INVALID_ARGUMENT for a bad reference', async () => {
    const { ctx, contract } = await seededLedger();
    await expect(ctx.evaluate(() => contract.GetHolderKey(ctx, HOLDER_REF))).to.be.rejectedWith(/^NOT_FOUND/);
    await expect(ctx.evaluate(() => contract.GetHolderKey(ctx, 'abc'))).to.be.rejectedWith(/^INVALID_ARGUMENT/);
  });

  describe('refusals (each writes nothing)', () => {
    const withLicence = (overrides: Record<string, unknown>): string => businessLicence('BL-9', overrides);
    const cases: [string, string, Record<string, string>, string, RegExp][] = [
      [
        'licenceJson that is not JSON',
        '{"id":',
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence is not valid JSON$/,
      ],
      [
        'an unknown type',
        withLicence({ type: 'FISHING_PERMIT' }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: unknown licence type FISHING_PERMIT$/,
      ],
      [
        'a missing id',
        withLicence({ id: undefined }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence.id is required$/,
      ],
      [
        'a malformed id',
        withLicence({ id: 'BL 9' }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence.id must be/,
      ],
      [
        'an upper-case fingerprint',
        withLicence({ fingerprint: FINGERPRINT.toUpperCase() }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence.fingerprint must be 64 lowercase hex/,
      ],
      [
        'a short fingerprint',
        withLicence({ fingerprint: 'ab' }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence.fingerprint/,
      ],
      [
        'a malformed validFrom',
        withLicence({ validFrom: '2025-13-01T00:00:00Z' }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence.validFrom/,
      ],
      [
        'a validity end before its start',
        withLicence({ validFrom: '2025-06-01T00:00:00Z', validUntil: '2025-05-01T00:00:00Z' }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence.validUntil must be after licence.validFrom$/,
      ],
      [
        'a validity end equal to its start',
        withLicence({ validFrom: '2025-06-01T00:00:00Z', validUntil: '2025-06-01T00:00:00Z' }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence.validUntil must be after/,
      ],
      [
        'missing metadata',
        withLicence({ metadata: undefined }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence.metadata is required$/,
      ],
      [
        'a missing required metadata field',
        withLicence({ metadata: { enterpriseName: 'x', businessScope: 'y', registeredCapital: '1' } }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence.metadata.unifiedSocialCreditCode is required for licence type BUSINESS_LICENCE$/,
      ],
      [
        'a metadata field the type does not know',
        withLicence({
          metadata: {
            enterpriseName: 'x',
            unifiedSocialCreditCode: 'c',
            businessScope: 'y',
            registeredCapital: '1',
            idNumber: 'z',
          },
        }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence.metadata.idNumber is not a metadata field of licence type BUSINESS_LICENCE$/,
      ],
      [
        'a non-string metadata value',
        withLicence({ metadata: { enterpriseName: 1 } }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence\.metadata\.enterpriseName must be a string$/,
      ],
      [
        'an unknown licence field',
        withLicence({ holderName: 'Zhang San' }),
        holderTransient(),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: licence has unknown field "holderName"$/,
      ],
      [
        'a department that does not issue the type',
        businessLicence('BL-9'),
        holderTransient(),
        'HealthMSP',
        /^FORBIDDEN: HealthMSP may not issue BUSINESS_LICENCE licences \(only MarketRegulationMSP may\)$/,
      ],
      [
        'a missing transient idNumber',
        businessLicence('BL-9'),
        { name: HOLDER_NAME },
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: transient field idNumber is required$/,
      ],
      [
        'a malformed transient idNumber',
        businessLicence('BL-9'),
        { idNumber: '12', name: HOLDER_NAME },
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: transient field idNumber must be 4 to 64 letters and digits$/,
      ],
      [
        'a missing transient name',
        businessLicence('BL-9'),
        { idNumber: ID_NUMBER },
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: transient field name is required$/,
      ],
      [
        'a blank transient name',
        businessLicence('BL-9'),
        { idNumber: ID_NUMBER, name: '   ' },
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: transient field name is required$/,
      ],
      [
        'no transient salt (the chaincode never derives one)',
        businessLicence('BL-9'),
        { idNumber: ID_NUMBER, name: HOLDER_NAME },
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: transient field salt is required$/,
      ],
      [
        'a transient salt shorter than 16 bytes',
        businessLicence('BL-9'),
        holderTransient({ salt: 'ab'.repeat(15) }),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: transient field salt must be 32 to 128 lowercase hex characters \(random bytes\)$/,
      ],
      [
        'a transient salt that is not lowercase hex',
        businessLicence('BL-9'),
        holderTransient({ salt: 'AB'.repeat(32) }),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: transient field salt must be 32 to 128 lowercase hex characters \(random bytes\)$/,
      ],
      [
        'a transient salt longer than 64 bytes',
        businessLicence('BL-9'),
        holderTransient({ salt: 'ab'.repeat(65) }),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: transient field salt must have at most 128 characters$/,
      ],
      [
        'transient detail that is not JSON',
        businessLicence('BL-9'),
        holderTransient({ detail: '{' }),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: transient field detail is not valid JSON$/,
      ],
      [
        'transient detail with a non-string value',
        businessLicence('BL-9'),
        holderTransient({ detail: '{"age":42}' }),
        'MarketRegulationMSP',
        /^INVALID_ARGUMENT: transient.detail.age must be a string$/,
      ],
    ];
    for (const [name, json, transient, mspId, message] of cases) {
      it(`refuses ${name}`, async () => {
        const { ctx, contract } = await seededLedger();
        const before = ctx.world.dump();
        await expect(ctx.submit(() => contract.IssueLicense(ctx, json), { mspId, transient })).to.be.rejectedWith(
          message,
        );
        ctx.assertNothingWritten();
        expect(ctx.world.dump()).to.equal(before);
      });
    }

    it('does not echo a malformed ID number in its error message', async () => {
      const { ctx, contract } = await seededLedger();
      const error = await ctx
        .submit(() => contract.IssueLicense(ctx, businessLicence('BL-9')), {
          mspId: 'MarketRegulationMSP',
          transient: { idNumber: '1101$519491231002X', name: HOLDER_NAME },
        })
        .then(
          () => undefined,
          (reason: unknown) => reason as Error,
        );
      expect(error?.message).to.match(/^INVALID_ARGUMENT/);
      expect(error?.message).to.not.include('1101');
    });

    it('refuses a duplicate licence id with CONFLICT', async () => {
      const ledger = await seededLedger();
      await issueBusinessLicence(ledger, 'BL-1');
      const before = ledger.ctx.world.dump();
      await expect(issueBusinessLicence(ledger, 'BL-1')).to.be.rejectedWith(/^CONFLICT: licence BL-1 already exists$/);
      ledger.ctx.assertNothingWritten();
      expect(ledger.ctx.world.dump()).to.equal(before);
    });

    it('refuses a licence id already used by another type (ids are unique on the channel)', async () => {
      const ledger = await seededLedger();
      await issueBusinessLicence(ledger, 'X-1');
      const { ctx, contract } = ledger;
      await expect(
        ctx.submit(() => contract.IssueLicense(ctx, medicalLicence('X-1')), {
          mspId: 'HealthMSP',
          transient: holderTransient(),
        }),
      ).to.be.rejectedWith(/^CONFLICT/);
      ctx.assertNothingWritten();
    });

    it('refuses without a committed grant (no key, no grants) with FORBIDDEN', async () => {
      const { ctx, contract } = await seededLedger();
      ctx.world.privateData.clear();
      await expect(
        ctx.submit(() => contract.IssueLicense(ctx, businessLicence()), {
          mspId: 'MarketRegulationMSP',
          transient: holderTransient(),
        }),
      ).to.be.rejectedWith(/^FORBIDDEN: MarketRegulationMSP holds no holder-reference grant [0-9a-f]{64}$/);
      ctx.assertNothingWritten();
    });

    it('refuses before the registry is seeded with PRECONDITION_FAILED', async () => {
      const { ctx, contract } = await seededLedger();
      ctx.world.state.clear();
      await expect(
        ctx.submit(() => contract.IssueLicense(ctx, businessLicence()), {
          mspId: 'MarketRegulationMSP',
          transient: holderTransient(),
        }),
      ).to.be.rejectedWith(/^PRECONDITION_FAILED: licence-type registry is not seeded/);
      ctx.assertNothingWritten();
    });
  });

  it('lets the issuer of a newly added type issue it', async () => {
    const { ctx, contract } = await seededLedger();
    const type = {
      code: 'FOOD_OPERATION_LICENCE',
      name: 'Food',
      issuerMsp: 'MarketRegulationMSP',
      requiredMetadata: [],
      defaultValidityDays: 30,
    };
    await ctx.submit(() => contract.PutLicenseType(ctx, JSON.stringify(type)));
    const json = JSON.stringify({ id: 'FO-1', type: 'FOOD_OPERATION_LICENCE', fingerprint: FINGERPRINT, metadata: {} });
    const licence = parse<LicenceRecord>(
      await ctx.submit(() => contract.IssueLicense(ctx, json), { transient: holderTransient(), time: T0 }),
    );
    expect(licence.validUntil).to.equal('2025-03-31T08:00:00.000Z');
  });
});
