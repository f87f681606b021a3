import {
  HOLDER_REF,
  HOLDER_REF_KEY,
  ID_NUMBER,
  T0,
  expect,
  ownerPolicy,
  parse,
  seedRegistry,
  seededLedger,
} from './fixtures';
import { TestContext } from '../../support';
import { describePolicy, hmacSha256Hex } from '@govchain/chaincode-common';
import {
  HOLDER_REF_KEY_COLLECTION,
  HOLDER_REF_KEY_KEY,
  LicenseContract,
  holderReference,
  normalizeIdNumber,
} from '@govchain/e-license';

async function seededOnly(): Promise<{ ctx: TestContext; contract: LicenseContract }> {
  const ctx = new TestContext({ mspId: 'PublicSecurityMSP', time: T0 });
  const contract = new LicenseContract();
  await seedRegistry(ctx, contract);
  return { ctx, contract };
}

describe('e-license holder references', () => {
  describe('normalizeIdNumber / holderReference', () => {
    it('normalizes width, case, spaces and hyphens before keying', () => {
      expect(normalizeIdNumber(' 110105-1949 1231 002x ')).to.equal('11010519491231002X');
      expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).to.equal('11010519491231002X');
      expect(holderReference(HOLDER_REF_KEY, '110105 19491231 002x')).to.equal(HOLDER_REF);
    });

    it('is HMAC-SHA256 of the normalized number under the key, not a plain hash', () => {
      expect(HOLDER_REF).to.equal(hmacSha256Hex(Buffer.from(HOLDER_REF_KEY, 'hex'), ID_NUMBER));
      expect(holderReference('00'.repeat(32), ID_NUMBER)).to.not.equal(HOLDER_REF);
      expect(HOLDER_REF).to.match(/^[0-9a-f]{64}$/);
    });

    for (const bad of ['', '12', 'ABC$123', '1'.repeat(65)]) {
      it(`refuses the ID number ${JSON.stringify(bad.slice(0, 10))} without echoing it`, () => {
        expect(() => normalizeIdNumber(bad)).to.throw(
          /^INVALID_ARGUMENT: transient field idNumber must be 4 to 64 letters and digits$/,
        );
      });
    }
  });

  describe('SetHolderRefKey', () => {
    it('stores the key in the holderRefKey collection only, guarded by Public Security and another department', async () => {
      const { ctx, contract } = await seededOnly();
      const stateBefore = ctx.world.dump();
      const result = parse<Record<string, unknown>>(
        await ctx.submit(() => contract.SetHolderRefKey(ctx), {
          transient: { holderRefKey: HOLDER_REF_KEY.toUpperCase() },
          mspId: 'PublicSecurityMSP',
        }),
      );
      expect(result).to.deep.equal({
        collection: 'holderRefKey',
        set: true,
        setByMsp: 'PublicSecurityMSP',
        txId: ctx.txId,
      });
      expect(ctx.world.privateJson(HOLDER_REF_KEY_COLLECTION, HOLDER_REF_KEY_KEY)).to.deep.equal({
        key: HOLDER_REF_KEY,
        setAt: T0,
        setByMsp: 'PublicSecurityMSP',
        txId: ctx.txId,
      });
      const [collection, key, policy] = ctx.stub.setPrivateDataValidationParameter.firstCall.args;
      expect([collection, key]).to.deep.equal([HOLDER_REF_KEY_COLLECTION, HOLDER_REF_KEY_KEY]);
      expect(describePolicy(policy)).to.equal(ownerPolicy('PublicSecurityMSP'));
      expect(ctx.stub.putState.called).to.equal(false);
      const publicState = (dump: string): unknown => (JSON.parse(dump) as { state: unknown }).state;
      expect(publicState(stateBefore)).to.deep.equal(publicState(ctx.world.dump()));
      expect(ctx.lastEvent()?.name).to.equal('HolderRefKeySet');
      expect(JSON.stringify(ctx.lastEvent())).to.not.include(HOLDER_REF_KEY);
    });

    it('writes nothing when the same key is set again (set: false)', async () => {
      const { ctx, contract } = await seededLedger();
      const before = ctx.world.dump();
      const result = parse<Record<string, unknown>>(
        await ctx.submit(() => contract.SetHolderRefKey(ctx), {
          mspId: 'PublicSecurityMSP',
          transient: { holderRefKey: HOLDER_REF_KEY },
        }),
      );
      expect(result).to.include({ set: false, setByMsp: 'PublicSecurityMSP' });
      ctx.assertNothingWritten();
      expect(ctx.world.dump()).to.equal(before);
    });

    it('refuses a different key with CONFLICT and writes nothing', async () => {
      const { ctx, contract } = await seededLedger();
      await expect(
        ctx.submit(() => contract.SetHolderRefKey(ctx), {
          mspId: 'PublicSecurityMSP',
          transient: { holderRefKey: 'ab'.repeat(32) },
        }),
      ).to.be.rejectedWith(/^CONFLICT: a different holder-reference key is already set$/);
      ctx.assertNothingWritten();
      expect(ctx.world.privateJson(HOLDER_REF_KEY_COLLECTION, HOLDER_REF_KEY_KEY)).to.deep.include({
        key: HOLDER_REF_KEY,
      });
    });

    const badKeys: [string, Record<string, string>][] = [
      ['no transient key', {}],
      ['a short key', { holderRefKey: 'ab'.repeat(31) }],
      ['a non-hex key', { holderRefKey: 'zz'.repeat(32) }],
    ];
    for (const [name, transient] of badKeys) {
      it(`refuses ${name} with INVALID_ARGUMENT`, async () => {
        const { ctx, contract } = await seededOnly();
        await expect(
          ctx.submit(() => contract.SetHolderRefKey(ctx), { mspId: 'PublicSecurityMSP', transient }),
        ).to.be.rejectedWith(/^INVALID_ARGUMENT: transient field holderRefKey/);
        ctx.assertNothingWritten();
      });
    }

    for (const mspId of ['TaxMSP', 'HealthMSP', 'InfoCenterMSP']) {
      it(`refuses ${mspId}: only the identity authority sets the key`, async () => {
        const { ctx, contract } = await seededOnly();
        await expect(
          ctx.submit(() => contract.SetHolderRefKey(ctx), { mspId, transient: { holderRefKey: HOLDER_REF_KEY } }),
        ).to.be.rejectedWith(
          new RegExp(`^FORBIDDEN: ${mspId} may not set the holder-reference key \\(only PublicSecurityMSP may\\)$`),
        );
        ctx.assertNothingWritten();
      });
    }

    it('refuses before the registry is seeded', async () => {
      const { contract } = await seededOnly();
      const empty = new TestContext({ mspId: 'PublicSecurityMSP' });
      await expect(
        empty.submit(() => contract.SetHolderRefKey(empty), { transient: { holderRefKey: HOLDER_REF_KEY } }),
      ).to.be.rejectedWith(/^PRECONDITION_FAILED: licence-type registry is not seeded/);
      empty.assertNothingWritten();
    });
  });

  describe('ComputeHolderRef', () => {
    it('computes the reference of a transient ID number without writing', async () => {
      const { ctx, contract } = await seededLedger();
      const result = await ctx.evaluate(() => contract.ComputeHolderRef(ctx), {
        mspId: 'TaxMSP',
        transient: { idNumber: '11010519491231002x' },
      });
      expect(parse(result)).to.deep.equal({ holderRef: HOLDER_REF });
      ctx.assertNothingWritten();
    });

    it('refuses to run on a peer of another organization, before reading the key', async () => {
      const { ctx, contract } = await seededLedger();
      ctx.peerMsp = 'HealthMSP';
      await expect(
        ctx.evaluate(() => contract.ComputeHolderRef(ctx), { mspId: 'TaxMSP', transient: { idNumber: ID_NUMBER } }),
      ).to.be.rejectedWith(
        /^FORBIDDEN: ComputeHolderRef runs only on the caller's own peer \(caller TaxMSP, peer HealthMSP\)$/,
      );
      expect(ctx.stub.getPrivateData.called).to.equal(false);
      ctx.assertNothingWritten();
    });

    it('refuses a missing ID number, an unset key and a non-department caller', async () => {
      const { ctx, contract } = await seededLedger();
      await expect(ctx.evaluate(() => contract.ComputeHolderRef(ctx))).to.be.rejectedWith(
        /^INVALID_ARGUMENT: transient field idNumber is required$/,
      );
      await expect(
        ctx.evaluate(() => contract.ComputeHolderRef(ctx), { mspId: 'Org9MSP', transient: { idNumber: ID_NUMBER } }),
      ).to.be.rejectedWith(/^FORBIDDEN/);
      const noKey = await seededOnly();
      await expect(
        noKey.ctx.evaluate(() => noKey.contract.ComputeHolderRef(noKey.ctx), { transient: { idNumber: ID_NUMBER } }),
      ).to.be.rejectedWith(/^PRECONDITION_FAILED: the holder-reference key is not set/);
    });
  });
});
