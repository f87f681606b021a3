import {
  HOLDER_REF,
  HOLDER_REF_KEY,
  ID_NUMBER,
  OTHER_ID_NUMBER,
  T0,
  bindHolderKey,
  bindingObject,
  consentObject,
  expect,
  issueBusinessLicence,
  ownerPolicy,
  parse,
  seededLedger,
  signed,
  type Ledger,
} from './fixtures';
import { P256Holder } from '../../support';
import { describePolicy, sha256Hex } from '@govchain/chaincode-common';
import { holderKeyKey, holderReference } from '@govchain/e-license';

interface HolderKeyRecord {
  holderRef: string;
  publicKey: string;
  fingerprint: string;
  keyVersion: number;
  proof: string;
  previousFingerprint: string;
  boundByMsp: string;
  boundAt: string;
  txId: string;
}

type Transaction = 'BindHolderKey' | 'RotateHolderKey';

/** Submits a binding: signed by `signer` (default: the key being bound), as `mspId` (default Public Security). */
function submitBinding(
  ledger: Ledger,
  transaction: Transaction,
  binding: Readonly<Record<string, unknown>>,
  options: { signer?: P256Holder; mspId?: string; idNumber?: string | null; encoding?: 'der' | 'ieee-p1363' } = {},
  holder?: P256Holder,
): Promise<string> {
  const signer = options.signer ?? holder;
  if (signer === undefined) throw new Error('no signer');
  const [json, signature] = signed(signer, binding, options.encoding);
  const { ctx, contract } = ledger;
  const idNumber = options.idNumber === undefined ? ID_NUMBER : options.idNumber;
  return ctx.submit(() => contract[transaction](ctx, json, signature), {
    mspId: options.mspId ?? 'PublicSecurityMSP',
    transient: idNumber === null ? {} : { idNumber },
  });
}

async function expectRefused(ledger: Ledger, promise: Promise<unknown>, message: RegExp): Promise<void> {
  const before = ledger.ctx.world.dump();
  await expect(promise).to.be.rejectedWith(message);
  ledger.ctx.assertNothingWritten();
  expect(ledger.ctx.world.dump()).to.equal(before);
}

describe('e-license BindHolderKey', () => {
  it("binds the holder's key with its proof of possession, guarded by Public Security and another department", async () => {
    const ledger = await seededLedger();
    const holder = P256Holder.generate();
    const { ctx, contract } = ledger;
    const result = parse<HolderKeyRecord>(
      await submitBinding(ledger, 'BindHolderKey', bindingObject(holder), {}, holder),
    );
    const expected: HolderKeyRecord = {
      holderRef: HOLDER_REF,
      publicKey: holder.publicKeyHex,
      fingerprint: sha256Hex(Buffer.from(holder.publicKeyHex, 'hex')),
      keyVersion: 1,
      proof: result.proof,
      previousFingerprint: '',
      boundByMsp: 'PublicSecurityMSP',
      boundAt: T0,
      txId: ctx.txId,
    };
    expect(result).to.deep.equal(expected);
    expect(ctx.world.json(holderKeyKey(ctx, HOLDER_REF))).to.deep.equal(expected);
    expect(describePolicy(ctx.world.validationParameters.get(holderKeyKey(ctx, HOLDER_REF))!)).to.equal(
      ownerPolicy('PublicSecurityMSP'),
    );
    expect(parse(await ctx.evaluate(() => contract.GetHolderKey(ctx, HOLDER_REF)))).to.deep.equal(expected);
    const event = ctx.lastEvent();
    expect(event?.name).to.equal('HolderKeyBound');
    expect(event?.payload).to.deep.equal({
      fingerprint: expected.fingerprint,
      keyVersion: 1,
      previousFingerprint: '',
      boundByMsp: 'PublicSecurityMSP',
      txId: expected.txId,
    });
    expect(JSON.stringify(event)).to.not.include(HOLDER_REF).and.not.include(ID_NUMBER);
  });

  it('accepts a Web Crypto (r‖s) signature', async () => {
    const ledger = await seededLedger();
    const holder = P256Holder.generate();
    await submitBinding(ledger, 'BindHolderKey', bindingObject(holder), { encoding: 'ieee-p1363' }, holder);
    expect((ledger.ctx.world.json(holderKeyKey(ledger.ctx, HOLDER_REF)) as HolderKeyRecord).keyVersion).to.equal(1);
  });

  it('lets the holder sign consents with the bound key', async () => {
    const ledger = await seededLedger();
    const holder = P256Holder.generate();
    await bindHolderKey(ledger, holder);
    await issueBusinessLicence(ledger, 'BL-1');
    const [json, signature] = signed(holder, consentObject());
    const consent = parse<{ holderKeyFingerprint: string }>(
      await ledger.ctx.submit(() => ledger.contract.GrantConsent(ledger.ctx, json, signature), { mspId: 'TaxMSP' }),
    );
    expect(consent.holderKeyFingerprint).to.equal(sha256Hex(Buffer.from(holder.publicKeyHex, 'hex')));
  });

  describe('refusals (each writes nothing)', () => {
    for (const mspId of ['MarketRegulationMSP', 'HealthMSP', 'TaxMSP', 'InfoCenterMSP']) {
      it(`refuses ${mspId}: only the identity authority binds keys`, async () => {
        const ledger = await seededLedger();
        const holder = P256Holder.generate();
        await expectRefused(
          ledger,
          submitBinding(ledger, 'BindHolderKey', bindingObject(holder), { mspId }, holder),
          new RegExp(`^FORBIDDEN: ${mspId} may not bind holder keys \\(only PublicSecurityMSP may\\)$`),
        );
      });
    }

    it('refuses a binding not signed by the key being bound (no proof of possession)', async () => {
      const ledger = await seededLedger();
      const holder = P256Holder.generate();
      await expectRefused(
        ledger,
        submitBinding(ledger, 'BindHolderKey', bindingObject(holder), { signer: P256Holder.generate() }),
        /^FORBIDDEN: binding signature does not verify with the key being bound \(no proof of possession\)$/,
      );
    });

    it('refuses a binding for another holder than the one identified by the ID number', async () => {
      const ledger = await seededLedger();
      const holder = P256Holder.generate();
      await expectRefused(
        ledger,
        submitBinding(ledger, 'BindHolderKey', bindingObject(holder), { idNumber: OTHER_ID_NUMBER }, holder),
        /^INVALID_ARGUMENT: binding.holderRef is not the reference of the holder-reference grant$/,
      );
    });

    const holder = P256Holder.generate();
    const malformed: [string, Record<string, unknown>, RegExp][] = [
      ['another action', bindingObject(holder, 1, { action: 'GRANT_CONSENT' }), /^INVALID_ARGUMENT: binding.action/],
      [
        'an unknown member',
        bindingObject(holder, 1, { channel: 'govchannel' }),
        /^INVALID_ARGUMENT: binding has unknown field "channel"/,
      ],
      [
        'a PEM public key (the signed form is hex DER)',
        bindingObject(holder, 1, { publicKey: holder.publicKeyPem }),
        /^INVALID_ARGUMENT: binding.publicKey must be the DER SubjectPublicKeyInfo of the key in lowercase hex$/,
      ],
      [
        'an upper-case hex key',
        bindingObject(holder, 1, { publicKey: holder.publicKeyHex.toUpperCase() }),
        /^INVALID_ARGUMENT: binding.publicKey must be the DER/,
      ],
      [
        'a key that is not P-256',
        bindingObject(holder, 1, { publicKey: 'abcd' }),
        /^INVALID_ARGUMENT: binding.publicKey is not/,
      ],
      ['a version 0', bindingObject(holder, 0), /^INVALID_ARGUMENT: binding.keyVersion must be an integer from 1/],
      [
        'a version that is text',
        bindingObject(holder, 1, { keyVersion: '1' }),
        /^INVALID_ARGUMENT: binding.keyVersion/,
      ],
      [
        'a malformed holder reference',
        bindingObject(holder, 1, { holderRef: 'abc' }),
        /^INVALID_ARGUMENT: binding.holderRef/,
      ],
    ];
    for (const [name, binding, message] of malformed) {
      it(`refuses ${name} with INVALID_ARGUMENT`, async () => {
        const ledger = await seededLedger();
        await expectRefused(ledger, submitBinding(ledger, 'BindHolderKey', binding, { signer: holder }), message);
      });
    }

    it('refuses a malformed signature and a missing holder-reference grant with INVALID_ARGUMENT', async () => {
      const ledger = await seededLedger();
      const { ctx, contract } = ledger;
      await expectRefused(
        ledger,
        ctx.submit(() => contract.BindHolderKey(ctx, JSON.stringify(bindingObject(holder)), 'zz'), {
          mspId: 'PublicSecurityMSP',
          transient: { idNumber: ID_NUMBER },
        }),
        /^INVALID_ARGUMENT: signature/,
      );
      await expectRefused(
        ledger,
        submitBinding(ledger, 'BindHolderKey', bindingObject(holder), { idNumber: null }, holder),
        /^INVALID_ARGUMENT: transient field holderRefGrant is required$/,
      );
    });

    it('refuses a first binding of a version other than 1 with CONFLICT', async () => {
      const ledger = await seededLedger();
      await expectRefused(
        ledger,
        submitBinding(ledger, 'BindHolderKey', bindingObject(holder, 2), {}, holder),
        /^CONFLICT: binding.keyVersion is 2, but the next key version of this holder is 1$/,
      );
    });

    it('refuses to bind over a bound key, even the same binding replayed, with CONFLICT', async () => {
      const ledger = await seededLedger();
      await bindHolderKey(ledger, holder);
      await expectRefused(
        ledger,
        submitBinding(ledger, 'BindHolderKey', bindingObject(holder), {}, holder),
        /^CONFLICT: a key \(version 1\) is already bound to this holder; replace it with RotateHolderKey$/,
      );
      const other = P256Holder.generate();
      await expectRefused(
        ledger,
        submitBinding(ledger, 'BindHolderKey', bindingObject(other), {}, other),
        /^CONFLICT: a key \(version 1\) is already bound/,
      );
    });

    it('refuses without a committed grant (no key, no grant: nothing to bind to)', async () => {
      const ledger = await seededLedger();
      ledger.ctx.world.privateData.clear();
      await expectRefused(
        ledger,
        submitBinding(ledger, 'BindHolderKey', bindingObject(holder), {}, holder),
        /^FORBIDDEN: PublicSecurityMSP holds no holder-reference grant [0-9a-f]{64}$/,
      );
    });
  });
});

describe('e-license RotateHolderKey', () => {
  async function rotated(): Promise<{ ledger: Ledger; first: P256Holder; second: P256Holder }> {
    const ledger = await seededLedger();
    const first = P256Holder.generate();
    const second = P256Holder.generate();
    await bindHolderKey(ledger, first);
    await issueBusinessLicence(ledger, 'BL-1');
    await bindHolderKey(ledger, second, 2);
    return { ledger, first, second };
  }

  it('replaces the key with the next version, keeping the policy, and only the new key signs consents', async () => {
    const { ledger, first, second } = await rotated();
    const { ctx, contract } = ledger;
    const record = ctx.world.json(holderKeyKey(ctx, HOLDER_REF)) as HolderKeyRecord;
    expect(record).to.deep.include({
      publicKey: second.publicKeyHex,
      keyVersion: 2,
      previousFingerprint: sha256Hex(Buffer.from(first.publicKeyHex, 'hex')),
      boundByMsp: 'PublicSecurityMSP',
    });
    expect(ctx.stub.setStateValidationParameter.called).to.equal(false);
    expect(describePolicy(ctx.world.validationParameters.get(holderKeyKey(ctx, HOLDER_REF))!)).to.equal(
      ownerPolicy('PublicSecurityMSP'),
    );
    expect(ctx.lastEvent()?.name).to.equal('HolderKeyRotated');
    const [oldJson, oldSignature] = signed(first, consentObject());
    await expectRefused(
      ledger,
      ctx.submit(() => contract.GrantConsent(ctx, oldJson, oldSignature), { mspId: 'TaxMSP' }),
      /^FORBIDDEN: consent signature does not verify with the holder's bound key$/,
    );
    const [json, signature] = signed(second, consentObject());
    await ctx.submit(() => contract.GrantConsent(ctx, json, signature), { mspId: 'TaxMSP' });
  });

  it('refuses a replayed old binding: the version counter never goes back', async () => {
    const { ledger, first, second } = await rotated();
    await expectRefused(
      ledger,
      submitBinding(ledger, 'RotateHolderKey', bindingObject(first), {}, first),
      /^CONFLICT: binding.keyVersion is 1, but the next key version of this holder is 3$/,
    );
    const third = P256Holder.generate();
    await bindHolderKey(ledger, third, 3);
    await expectRefused(
      ledger,
      submitBinding(ledger, 'RotateHolderKey', bindingObject(second, 2), {}, second),
      /^CONFLICT: binding.keyVersion is 2, but the next key version of this holder is 4$/,
    );
    expect((ledger.ctx.world.json(holderKeyKey(ledger.ctx, HOLDER_REF)) as HolderKeyRecord).publicKey).to.equal(
      third.publicKeyHex,
    );
  });

  it('refuses a skipped version and the same key again with CONFLICT', async () => {
    const { ledger, second } = await rotated();
    const next = P256Holder.generate();
    await expectRefused(
      ledger,
      submitBinding(ledger, 'RotateHolderKey', bindingObject(next, 4), {}, next),
      /^CONFLICT: binding.keyVersion is 4, but the next key version of this holder is 3$/,
    );
    await expectRefused(
      ledger,
      submitBinding(ledger, 'RotateHolderKey', bindingObject(second, 3), {}, second),
      /^CONFLICT: the key is already bound to this holder; a rotation binds a new key$/,
    );
  });

  it('refuses a holder without a key with PRECONDITION_FAILED', async () => {
    const ledger = await seededLedger();
    const holder = P256Holder.generate();
    await expectRefused(
      ledger,
      submitBinding(ledger, 'RotateHolderKey', bindingObject(holder, 1), {}, holder),
      /^PRECONDITION_FAILED: no key is bound to this holder; bind one with BindHolderKey$/,
    );
  });

  it('refuses any department but Public Security, and a rotation without the new key’s proof', async () => {
    const { ledger } = await rotated();
    const next = P256Holder.generate();
    await expectRefused(
      ledger,
      submitBinding(ledger, 'RotateHolderKey', bindingObject(next, 3), { mspId: 'MarketRegulationMSP' }, next),
      /^FORBIDDEN: MarketRegulationMSP may not rotate holder keys \(only PublicSecurityMSP may\)$/,
    );
    await expectRefused(
      ledger,
      submitBinding(ledger, 'RotateHolderKey', bindingObject(next, 3), { signer: P256Holder.generate() }),
      /^FORBIDDEN: binding signature does not verify/,
    );
  });

  it('binds each holder separately', async () => {
    const { ledger } = await rotated();
    const other = P256Holder.generate();
    const otherRef = holderReference(HOLDER_REF_KEY, OTHER_ID_NUMBER);
    await submitBinding(
      ledger,
      'BindHolderKey',
      bindingObject(other, 1, { holderRef: otherRef }),
      { idNumber: OTHER_ID_NUMBER },
      other,
    );
    expect((ledger.ctx.world.json(holderKeyKey(ledger.ctx, otherRef)) as HolderKeyRecord).keyVersion).to.equal(1);
  });
});
