import {
  CERT_1,
  Ledger,
  NR,
  PS,
  RE,
  SALT,
  SELLER,
  BUYER_A,
  STRANGER,
  T0,
  UNIT,
  type UnitRecord,
  expect,
  fp,
  holderTransient,
  landUseRightJson,
  parse,
  registeredUnit,
  stateOf,
  unitJson,
  ownedPolicy,
  policyOf,
} from './fixtures';
import { detailKey } from '@govchain/e-license';
import { OWNER_INDEX, landUseRightKey, titleKey, unitKey } from '@govchain/real-estate';

describe('real-estate ConfirmLandUseRight', () => {
  it('records the land-use right under a Natural Resources key-level policy and emits an event', async () => {
    const ledger = await Ledger.create();
    const { ctx, contract } = ledger;
    const result = parse<Record<string, string>>(
      await ledger.submit(() => contract.ConfirmLandUseRight(ctx, landUseRightJson()), { mspId: NR }),
    );
    expect(result).to.deep.equal({
      unitNumber: UNIT,
      kind: 'GRANTED',
      termEnd: '2085-06-30T00:00:00.000Z',
      evidenceFingerprint: fp('land-use right confirmation'),
      confirmedByMsp: NR,
      confirmedAt: T0,
      txId: ctx.txId,
    });
    const key = landUseRightKey(ctx, UNIT);
    expect(ctx.world.json(key)).to.deep.equal(result);
    expect(policyOf(ledger, key)).to.equal(ownedPolicy(NR));
    expect(ctx.lastEvent()).to.deep.equal({
      name: 'LandUseRightConfirmed',
      payload: { unitNumber: UNIT, kind: 'GRANTED', termEnd: '2085-06-30T00:00:00.000Z', txId: ctx.txId },
    });
    expect(parse(await ledger.evaluate(() => contract.GetLandUseRight(ctx, UNIT)))).to.deep.equal(result);
  });

  it('accepts ALLOCATED land without a term', async () => {
    const ledger = await Ledger.create();
    const { ctx, contract } = ledger;
    const text = await ledger.submit(
      () => contract.ConfirmLandUseRight(ctx, landUseRightJson({ kind: 'ALLOCATED', termEnd: undefined })),
      { mspId: NR },
    );
    expect(parse<Record<string, string>>(text)).to.include({ kind: 'ALLOCATED', termEnd: '' });
  });

  describe('refusals (each writes nothing)', () => {
    const cases: [string, string, string, RegExp][] = [
      ['a caller other than Natural Resources', landUseRightJson(), RE, /^FORBIDDEN: RealEstateMSP may not confirm/],
      ['JSON that is not JSON', '{', NR, /^INVALID_ARGUMENT: landUseRight is not valid JSON$/],
      ['an unknown field', landUseRightJson({ owner: 'x' }), NR, /^INVALID_ARGUMENT: landUseRight has unknown field/],
      [
        'an unknown kind',
        landUseRightJson({ kind: 'BORROWED' }),
        NR,
        /^INVALID_ARGUMENT: landUseRight.kind must be one of/,
      ],
      [
        'a GRANTED right without a term',
        landUseRightJson({ termEnd: undefined }),
        NR,
        /^INVALID_ARGUMENT: landUseRight.termEnd is required for GRANTED land$/,
      ],
      [
        'a term that has ended',
        landUseRightJson({ termEnd: '2020-01-01T00:00:00Z' }),
        NR,
        /^INVALID_ARGUMENT: landUseRight.termEnd must be more than 30 s after the transaction time$/,
      ],
      [
        'a malformed fingerprint',
        landUseRightJson({ evidenceFingerprint: 'abc' }),
        NR,
        /^INVALID_ARGUMENT: landUseRight.evidenceFingerprint must be 64 lowercase hex/,
      ],
    ];
    for (const [what, json, mspId, message] of cases) {
      it(`refuses ${what}`, async () => {
        const ledger = await Ledger.create();
        await ledger.refuses(() => ledger.contract.ConfirmLandUseRight(ledger.ctx, json), { mspId }, message);
      });
    }

    it('refuses a second confirmation with CONFLICT', async () => {
      const ledger = await Ledger.create();
      const { ctx, contract } = ledger;
      await ledger.submit(() => contract.ConfirmLandUseRight(ctx, landUseRightJson()), { mspId: NR });
      await ledger.refuses(
        () => contract.ConfirmLandUseRight(ctx, landUseRightJson()),
        { mspId: NR },
        /^CONFLICT: the land-use right of unit U-310101-0001 is already confirmed$/,
      );
    });

    it('refuses a unit that is already registered with CONFLICT', async () => {
      const ledger = await Ledger.create();
      await registeredUnit(ledger);
      await ledger.refuses(
        () => ledger.contract.ConfirmLandUseRight(ledger.ctx, landUseRightJson()),
        { mspId: NR },
        /^CONFLICT: unit U-310101-0001 is already registered$/,
      );
    });

    it('GetLandUseRight answers NOT_FOUND when nothing is confirmed', async () => {
      const ledger = await Ledger.create();
      await expect(ledger.evaluate(() => ledger.contract.GetLandUseRight(ledger.ctx, UNIT))).to.be.rejectedWith(
        /^NOT_FOUND: no land-use right is confirmed for unit U-310101-0001$/,
      );
    });
  });
});

describe('real-estate RegisterUnit (first registration)', () => {
  it('registers the unit, its owner index and first title entry, and issues the certificate through e-license', async () => {
    const ledger = await Ledger.create();
    const unit = await registeredUnit(ledger);
    const { ctx } = ledger;
    const expected: UnitRecord = {
      unitNumber: UNIT,
      location: 'Building 3, 18 Harbour Road, Unit 1202',
      areaSquareMetres: '89.50',
      use: 'RESIDENTIAL',
      landUseRight: stateOf(ledger, landUseRightKey(ctx, UNIT)),
      owners: [{ holderRef: SELLER.holderRef, shareBasisPoints: 10000 }],
      encumbrances: [],
      status: 'REGISTERED',
      openApplicationId: '',
      certificateId: CERT_1,
      titleSequence: 1,
      registeredAt: T0,
      updatedAt: T0,
      updatedByMsp: RE,
      txId: ctx.txId,
    };
    expect(unit).to.deep.equal(expected);
    expect(stateOf(ledger, unitKey(ctx, UNIT))).to.deep.equal(expected);
    expect(policyOf(ledger, unitKey(ctx, UNIT))).to.equal(ownedPolicy(RE));
    expect(ctx.world.state.has(ctx.stub.createCompositeKey(OWNER_INDEX, [SELLER.holderRef, UNIT]))).to.equal(true);
    expect(stateOf(ledger, titleKey(ctx, UNIT, 1))).to.deep.equal({
      unitNumber: UNIT,
      sequence: 1,
      kind: 'FIRST_REGISTRATION',
      applicationId: '',
      owners: expected.owners,
      certificateId: CERT_1,
      previousCertificateId: '',
      registeredAt: T0,
      registeredByMsp: RE,
      txId: ctx.txId,
    });
    expect(ledger.invocations.map((call) => [call.fn, call.mspId, call.channel])).to.deep.equal([
      ['IssueLicense', RE, 'govchannel'],
    ]);
    expect(ledger.licence(CERT_1)).to.deep.include({
      type: 'REAL_ESTATE_CERTIFICATE',
      issuerMsp: RE,
      holderRef: SELLER.holderRef,
      fingerprint: fp('certificate 1'),
      status: 'ACTIVE',
      metadata: {
        areaSquareMetres: '89.50',
        landUseRightEnd: '2085-06-30T00:00:00.000Z',
        location: 'Building 3, 18 Harbour Road, Unit 1202',
        propertyUnitNumber: UNIT,
        registrationType: 'FIRST_REGISTRATION',
        sharePercent: '100.00',
        use: 'RESIDENTIAL',
      },
    });
    expect(await ledger.verify(CERT_1, fp('certificate 1'))).to.equal('VALID');
    // The certificate's private detail is blinded with the salt the client sent (transient salt).
    const detail = ledger.eCtx.world.privateJson('_implicit_org_RealEstateMSP', detailKey(ledger.eCtx, CERT_1));
    expect(detail).to.deep.include({ licenceId: CERT_1, salt: SALT });
    expect(ctx.lastEvent()).to.deep.equal({
      name: 'UnitRegistered',
      payload: { unitNumber: UNIT, certificateId: CERT_1, ownerCount: 1, txId: ctx.txId },
    });
  });

  it('registers co-owners with shares summing to 10000 and one certificate for the named holder', async () => {
    const ledger = await Ledger.create();
    const { ctx, contract } = ledger;
    await ledger.submit(() => contract.ConfirmLandUseRight(ctx, landUseRightJson()), { mspId: NR });
    const owners = [
      { holderRef: BUYER_A.holderRef, shareBasisPoints: 3333 },
      { holderRef: SELLER.holderRef, shareBasisPoints: 6667 },
    ];
    const unit = parse<UnitRecord>(
      await ledger.submit(() => contract.RegisterUnit(ctx, unitJson({ owners })), {
        mspId: RE,
        transient: holderTransient(SELLER),
      }),
    );
    expect(unit.owners).to.deep.equal([...owners].sort((a, b) => (a.holderRef < b.holderRef ? -1 : 1)));
    expect((ledger.licence(CERT_1).metadata as Record<string, string>).sharePercent).to.equal('66.67');
  });

  describe('refusals (each writes nothing, in either chaincode)', () => {
    const owners = (shares: number[]): { holderRef: string; shareBasisPoints: number }[] =>
      shares.map((share, index) => ({
        holderRef: [SELLER, BUYER_A, STRANGER][index]!.holderRef,
        shareBasisPoints: share,
      }));
    const cases: [string, string, string, Record<string, string>, RegExp][] = [
      [
        'a caller other than Real Estate',
        unitJson(),
        PS,
        holderTransient(SELLER),
        /^FORBIDDEN: PublicSecurityMSP may not register property units/,
      ],
      [
        'shares summing to less than 10000',
        unitJson({ owners: owners([5000, 4000]) }),
        RE,
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: unit.owners shares must sum to 10000 basis points, not 9000$/,
      ],
      [
        'shares summing to more than 10000',
        unitJson({ owners: owners([5000, 5000, 1]) }),
        RE,
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: unit.owners shares must sum to 10000 basis points, not 10001$/,
      ],
      [
        'a zero share',
        unitJson({ owners: owners([10000, 0]) }),
        RE,
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: unit.owners\[1\].shareBasisPoints must be an integer from 1 to 10000$/,
      ],
      [
        'a fractional share',
        unitJson({ owners: owners([9999.5, 0.5]) }),
        RE,
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: unit.owners\[0\].shareBasisPoints must be an integer/,
      ],
      [
        'an owner listed twice',
        unitJson({
          owners: [
            { holderRef: SELLER.holderRef, shareBasisPoints: 5000 },
            { holderRef: SELLER.holderRef, shareBasisPoints: 5000 },
          ],
        }),
        RE,
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: unit.owners repeats a holder at \[1\]$/,
      ],
      [
        'no owners',
        unitJson({ owners: [] }),
        RE,
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: unit.owners must have from 1 to 20 elements$/,
      ],
      [
        'a malformed holder reference',
        unitJson({ owners: [{ holderRef: SELLER.idNumber, shareBasisPoints: 10000 }] }),
        RE,
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: unit.owners\[0\].holderRef must be 64 lowercase hex characters$/,
      ],
      [
        'a zero area',
        unitJson({ areaSquareMetres: '0' }),
        RE,
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: unit.areaSquareMetres must be greater than 0$/,
      ],
      [
        'a malformed area',
        unitJson({ areaSquareMetres: '89.555' }),
        RE,
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: unit.areaSquareMetres must be a decimal number/,
      ],
      [
        'an unknown use',
        unitJson({ use: 'CASTLE' }),
        RE,
        holderTransient(SELLER),
        /^INVALID_ARGUMENT: unit.use must be one of RESIDENTIAL/,
      ],
      [
        'a certificate holder who is no owner',
        unitJson({ certificateHolderRef: STRANGER.holderRef }),
        RE,
        holderTransient(STRANGER),
        /^INVALID_ARGUMENT: unit.certificateHolderRef must be one of the new owners$/,
      ],
      [
        'missing transient idNumber',
        unitJson(),
        RE,
        { name: SELLER.name },
        /^INVALID_ARGUMENT: transient field idNumber is required$/,
      ],
      [
        'missing transient name',
        unitJson(),
        RE,
        { idNumber: SELLER.idNumber },
        /^INVALID_ARGUMENT: transient field name is required$/,
      ],
      [
        'missing transient salt for the certificate’s private detail',
        unitJson(),
        RE,
        { idNumber: SELLER.idNumber, name: SELLER.name },
        /^INVALID_ARGUMENT: transient field salt is required$/,
      ],
      [
        'a transient salt that is not hex',
        unitJson(),
        RE,
        { ...holderTransient(SELLER), salt: 'not a salt at all, certainly not hex' },
        /^INVALID_ARGUMENT: transient field salt must be 32 to 128 lowercase hex characters/,
      ],
      [
        "an idNumber that is not the certificate holder's",
        unitJson(),
        RE,
        holderTransient(STRANGER),
        /^INVALID_ARGUMENT: the holder-reference grant in transient field holderRefGrant is not for certificateHolderRef$/,
      ],
      [
        'a unit whose land-use right is not confirmed',
        unitJson({ unitNumber: 'U-OTHER' }),
        RE,
        holderTransient(SELLER),
        /^PRECONDITION_FAILED: the land-use right of unit U-OTHER is not confirmed by NaturalResourcesMSP$/,
      ],
    ];
    for (const [what, json, mspId, transient, message] of cases) {
      it(`refuses ${what}`, async () => {
        const ledger = await Ledger.create();
        await ledger.submit(() => ledger.contract.ConfirmLandUseRight(ledger.ctx, landUseRightJson()), { mspId: NR });
        await ledger.refuses(() => ledger.contract.RegisterUnit(ledger.ctx, json), { mspId, transient }, message);
      });
    }

    it('refuses a second registration of the unit with CONFLICT', async () => {
      const ledger = await Ledger.create();
      await registeredUnit(ledger);
      await ledger.refuses(
        () => ledger.contract.RegisterUnit(ledger.ctx, unitJson({ certificateId: 'REC-OTHER' })),
        { mspId: RE, transient: holderTransient(SELLER) },
        /^CONFLICT: unit U-310101-0001 is already registered$/,
      );
    });

    it("passes e-license's refusal on with its code (certificate id outside the certificate range) and rolls back", async () => {
      const ledger = await Ledger.create();
      await ledger.submit(() => ledger.contract.ConfirmLandUseRight(ledger.ctx, landUseRightJson()), { mspId: NR });
      await ledger.refuses(
        () => ledger.contract.RegisterUnit(ledger.ctx, unitJson({ certificateId: SELLER.identityLicenceId })),
        { mspId: RE, transient: holderTransient(SELLER) },
        /^INVALID_ARGUMENT: e-license IssueLicense: licence.id must start with REC-/,
      );
    });

    it("passes e-license's refusal on with its code (certificate id taken) and rolls back", async () => {
      const ledger = await Ledger.create();
      await registeredUnit(ledger);
      await ledger.submit(
        () => ledger.contract.ConfirmLandUseRight(ledger.ctx, landUseRightJson({ unitNumber: 'U-310101-0002' })),
        { mspId: NR },
      );
      await ledger.refuses(
        () => ledger.contract.RegisterUnit(ledger.ctx, unitJson({ unitNumber: 'U-310101-0002' })),
        { mspId: RE, transient: holderTransient(SELLER) },
        /^CONFLICT: e-license IssueLicense: licence REC-2025-0001 already exists$/,
      );
    });
  });

  it('GetUnit returns the unit; NOT_FOUND and INVALID_ARGUMENT otherwise', async () => {
    const ledger = await Ledger.create();
    const unit = await registeredUnit(ledger);
    const { ctx, contract } = ledger;
    expect(parse(await ledger.evaluate(() => contract.GetUnit(ctx, UNIT)))).to.deep.equal(unit);
    await expect(ledger.evaluate(() => contract.GetUnit(ctx, 'U-NONE'))).to.be.rejectedWith(
      /^NOT_FOUND: unit U-NONE does not exist$/,
    );
    await expect(ledger.evaluate(() => contract.GetUnit(ctx, 'U 1'))).to.be.rejectedWith(
      /^INVALID_ARGUMENT: unitNumber must be/,
    );
  });
});
