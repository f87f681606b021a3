import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  DEPARTMENTS,
  HOLDER_REF,
  HOLDER_REF_KEY,
  ID_NUMBER,
  OTHER_ID_NUMBER,
  T0,
  businessLicence,
  expect,
  holderTransient,
  parse,
  seedRegistry,
  seededLedger,
  type Ledger,
  type LicenceRecord,
} from './fixtures';
import { TestContext } from '../../support';
import { GOVERNANCE_FILE_ENV, RESPONSE_KEY_FIELD, hmacSha256Hex } from '@govchain/chaincode-common';
import { decryptResponse } from '@govchain/gateway-client';
import {
  HOLDER_REF_GRANTS_COLLECTION,
  HOLDER_REF_KEY_COLLECTION,
  HOLDER_REF_KEY_KEY,
  LicenseContract,
  grantKey,
  holderReference,
  normalizeIdNumber,
  quotaKey,
} from '@govchain/e-license';

async function seededOnly(): Promise<{ ctx: TestContext; contract: LicenseContract }> {
  const ctx = new TestContext({ mspId: 'PublicSecurityMSP', time: T0 });
  const contract = new LicenseContract();
  await seedRegistry(ctx, contract);
  return { ctx, contract };
}

/**
 * RequestHolderRef as a department, endorsed on Public Security's peer.
 *
 * @returns the transaction's result, parsed
 */
async function requestGrant(
  ledger: Ledger,
  mspId: string,
  options: { idNumber?: string; purpose?: string; time?: string } = {},
): Promise<{ grantId: string; purpose: string }> {
  const { ctx, contract } = ledger;
  ctx.peerMsp = 'PublicSecurityMSP';
  try {
    const result = parse<{ grantId: string; purpose: string }>(
      await ctx.submit(() => contract.RequestHolderRef(ctx, options.purpose ?? 'ISSUE_LICENCE'), {
        mspId,
        transient: { idNumber: options.idNumber ?? ID_NUMBER },
        ...(options.time === undefined ? {} : { time: options.time }),
      }),
    );
    return result;
  } finally {
    ctx.peerMsp = undefined;
  }
}

/** Runs a call with a governance file that sets the hourly limit of holder-reference grants. */
async function withGrantLimit<T>(limit: number, call: () => Promise<T>): Promise<T> {
  const saved = process.env[GOVERNANCE_FILE_ENV];
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'govchain-grant-limit-')), 'governance.json');
  writeFileSync(file, JSON.stringify({ departmentMsps: DEPARTMENTS, holderRefGrantsPerHour: limit }));
  process.env[GOVERNANCE_FILE_ENV] = file;
  try {
    return await call();
  } finally {
    if (saved === undefined) Reflect.deleteProperty(process.env, GOVERNANCE_FILE_ENV);
    else process.env[GOVERNANCE_FILE_ENV] = saved;
  }
}

const HOUR_OF_T0 = T0.slice(0, 13);

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
    it('stores the key in the holderRefKey collection only, guarded by the collection-level policy alone', async () => {
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
      // A key-level policy would replace the collection's (Public Security's peer alone).
      expect(ctx.stub.setPrivateDataValidationParameter.called).to.equal(false);
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

    it("refuses on any other department's peer, before reading the collection (K is not there)", async () => {
      const { ctx, contract } = await seededOnly();
      ctx.peerMsp = 'TaxMSP';
      await expect(
        ctx.submit(() => contract.SetHolderRefKey(ctx), {
          mspId: 'PublicSecurityMSP',
          transient: { holderRefKey: HOLDER_REF_KEY },
        }),
      ).to.be.rejectedWith(/^PRECONDITION_FAILED: holder references are computed only on PublicSecurityMSP's peer$/);
      expect(ctx.stub.getPrivateData.called).to.equal(false);
      ctx.assertNothingWritten();
    });

    it('refuses before the registry is seeded', async () => {
      const { contract } = await seededOnly();
      const empty = new TestContext({ mspId: 'PublicSecurityMSP' });
      await expect(
        empty.submit(() => contract.SetHolderRefKey(empty), { transient: { holderRefKey: HOLDER_REF_KEY } }),
      ).to.be.rejectedWith(/^PRECONDITION_FAILED: licence-type registry is not seeded/);
      empty.assertNothingWritten();
    });
  });

  describe('RequestHolderRef', () => {
    it('records a grant to the caller in holderRefGrants only and returns nothing derived from the reference', async () => {
      const ledger = await seededLedger();
      const { ctx } = ledger;
      const stateBefore = (JSON.parse(ctx.world.dump()) as { state: unknown }).state;
      const quota = (): unknown =>
        ctx.world.privateJson(HOLDER_REF_GRANTS_COLLECTION, quotaKey(ctx, 'TaxMSP', HOUR_OF_T0));
      const countBefore = (quota() as { count: number }).count;
      const result = await requestGrant(ledger, 'TaxMSP', {
        idNumber: '110105 19491231 002x',
        purpose: 'QUERY_HOLDER',
      });
      const txId = ctx.txId;
      expect(result).to.deep.equal({ grantId: txId, purpose: 'QUERY_HOLDER' });
      const grant = ctx.world.privateJson(HOLDER_REF_GRANTS_COLLECTION, grantKey(ctx, 'TaxMSP', txId));
      expect(grant).to.deep.equal({
        grantId: txId,
        holderRef: HOLDER_REF,
        grantedToMsp: 'TaxMSP',
        requestedBy: 'x509::/CN=user1@TaxMSP::/CN=ca.TaxMSP',
        purpose: 'QUERY_HOLDER',
        at: T0,
        txId,
        // Blinds the value hash in the block: without K no one can test it against known references.
        salt: hmacSha256Hex(Buffer.from(HOLDER_REF_KEY, 'hex'), `grant:${txId}`),
      });
      expect(quota()).to.deep.equal({ count: countBefore + 1, hour: HOUR_OF_T0, mspId: 'TaxMSP' });
      const collections = ctx.stub.putPrivateData.getCalls().map((call) => call.args[0]);
      expect(new Set(collections)).to.deep.equal(new Set([HOLDER_REF_GRANTS_COLLECTION]));
      expect(ctx.stub.putState.called).to.equal(false);
      expect(ctx.stub.setPrivateDataValidationParameter.called).to.equal(false);
      expect((JSON.parse(ctx.world.dump()) as { state: unknown }).state).to.deep.equal(stateBefore);
      expect(ctx.lastEvent()).to.deep.equal({
        name: 'HolderRefRequested',
        payload: { grantedToMsp: 'TaxMSP', purpose: 'QUERY_HOLDER', txId },
      });
      for (const text of [JSON.stringify(result), JSON.stringify(ctx.lastEvent())]) {
        expect(text).to.not.include(HOLDER_REF);
        expect(text).to.not.include(ID_NUMBER);
      }
    });

    it('evaluated, answers the same nothing: no reference without a committed grant', async () => {
      const { ctx, contract } = await seededLedger();
      ctx.peerMsp = 'PublicSecurityMSP';
      const result = await ctx.evaluate(() => contract.RequestHolderRef(ctx, 'QUERY_HOLDER'), {
        mspId: 'TaxMSP',
        transient: { idNumber: ID_NUMBER },
      });
      expect(Object.keys(parse<Record<string, unknown>>(result)).sort()).to.deep.equal(['grantId', 'purpose']);
      expect(result).to.not.include(HOLDER_REF);
    });

    it("refuses on any other department's peer before reading K, and Fabric's refusal of the read alike", async () => {
      const { ctx, contract } = await seededLedger();
      ctx.peerMsp = 'TaxMSP';
      await expect(
        ctx.submit(() => contract.RequestHolderRef(ctx, 'QUERY_HOLDER'), {
          mspId: 'TaxMSP',
          transient: { idNumber: ID_NUMBER },
        }),
      ).to.be.rejectedWith(/^PRECONDITION_FAILED: holder references are computed only on PublicSecurityMSP's peer$/);
      expect(ctx.stub.getPrivateData.called).to.equal(false);
      ctx.assertNothingWritten();
      // A peer that reports itself as Public Security's but is no member of the collection: Fabric refuses the read.
      ctx.peerMsp = 'PublicSecurityMSP';
      ctx.stub.getPrivateData
        .withArgs(HOLDER_REF_KEY_COLLECTION, HOLDER_REF_KEY_KEY)
        .rejects(
          new Error(
            'private data matching public hash version is not available. Public hash version = {BlockNum: 7, TxNum: 0}, Private data version = <nil>',
          ),
        );
      await expect(
        ctx.submit(() => contract.RequestHolderRef(ctx, 'QUERY_HOLDER'), {
          mspId: 'TaxMSP',
          transient: { idNumber: ID_NUMBER },
        }),
      ).to.be.rejectedWith(/^PRECONDITION_FAILED: holder references are computed only on PublicSecurityMSP's peer$/);
      ctx.assertNothingWritten();
    });

    const refusals: [string, string, string, Record<string, string>, RegExp][] = [
      [
        'an unknown purpose',
        'TaxMSP',
        'CURIOSITY',
        { idNumber: ID_NUMBER },
        /^INVALID_ARGUMENT: purpose must be one of ISSUE_LICENCE, BIND_HOLDER_KEY, QUERY_HOLDER, REGISTER_PROPERTY$/,
      ],
      [
        'a lower-case purpose',
        'TaxMSP',
        'query_holder',
        { idNumber: ID_NUMBER },
        /^INVALID_ARGUMENT: purpose must be one of/,
      ],
      [
        'a caller that is no department',
        'Org9MSP',
        'QUERY_HOLDER',
        { idNumber: ID_NUMBER },
        /^FORBIDDEN: Org9MSP may not request holder references/,
      ],
      ['a missing ID number', 'TaxMSP', 'QUERY_HOLDER', {}, /^INVALID_ARGUMENT: transient field idNumber is required$/],
      [
        'a malformed ID number, without echoing it',
        'TaxMSP',
        'QUERY_HOLDER',
        { idNumber: 'ABC$123' },
        /^INVALID_ARGUMENT: transient field idNumber must be 4 to 64 letters and digits$/,
      ],
    ];
    for (const [name, mspId, purpose, transient, error] of refusals) {
      it(`refuses ${name} and writes nothing`, async () => {
        const { ctx, contract } = await seededLedger();
        ctx.peerMsp = 'PublicSecurityMSP';
        await expect(
          ctx.submit(() => contract.RequestHolderRef(ctx, purpose), { mspId, transient }),
        ).to.be.rejectedWith(error);
        ctx.assertNothingWritten();
      });
    }

    it('refuses before the holder-reference key is set', async () => {
      const { ctx, contract } = await seededOnly();
      await expect(
        ctx.submit(() => contract.RequestHolderRef(ctx, 'QUERY_HOLDER'), {
          mspId: 'PublicSecurityMSP',
          transient: { idNumber: ID_NUMBER },
        }),
      ).to.be.rejectedWith(/^PRECONDITION_FAILED: the holder-reference key is not set/);
      ctx.assertNothingWritten();
    });

    it("counts each department's grants per hour and refuses beyond the governance file's limit with RATE_LIMITED", async () => {
      const ledger = await seededLedger();
      const { ctx } = ledger;
      await withGrantLimit(2, async () => {
        await requestGrant(ledger, 'TaxMSP', { time: '2025-03-01T09:58:00.000Z' });
        await requestGrant(ledger, 'TaxMSP', { time: '2025-03-01T09:59:59.000Z', idNumber: OTHER_ID_NUMBER });
        await expect(requestGrant(ledger, 'TaxMSP', { time: '2025-03-01T09:59:59.999Z' })).to.be.rejectedWith(
          /^RATE_LIMITED: TaxMSP has used its 2 holder-reference grants of the hour 2025-03-01T09:00Z$/,
        );
        ctx.assertNothingWritten();
        // Another department has its own quota; the next hour starts a new count.
        await requestGrant(ledger, 'HealthMSP', { time: '2025-03-01T09:59:59.999Z' });
        await requestGrant(ledger, 'TaxMSP', { time: '2025-03-01T10:00:00.000Z' });
      });
      expect(ctx.world.privateJson(HOLDER_REF_GRANTS_COLLECTION, quotaKey(ctx, 'TaxMSP', '2025-03-01T09'))).to.include({
        count: 2,
      });
      expect(ctx.world.privateJson(HOLDER_REF_GRANTS_COLLECTION, quotaKey(ctx, 'TaxMSP', '2025-03-01T10'))).to.include({
        count: 1,
      });
    });
  });

  describe('ReadHolderRefGrant and ListHolderRefGrants', () => {
    it("gives the grantee its grant's reference on its own peer", async () => {
      const ledger = await seededLedger();
      const { grantId } = await requestGrant(ledger, 'TaxMSP', { purpose: 'QUERY_HOLDER' });
      const { ctx, contract } = ledger;
      // The answer is sealed to the caller's one-time key (like every private read); open it as the client does.
      const key = Buffer.alloc(32, 0x3c);
      const sealed = await ctx.evaluate(() => contract.ReadHolderRefGrant(ctx, grantId), {
        mspId: 'TaxMSP',
        transient: { [RESPONSE_KEY_FIELD]: key.toString('base64') },
      });
      expect(sealed).to.not.include(HOLDER_REF);
      const where = { chaincode: 'e-license', transaction: 'ReadHolderRefGrant', transactionId: ctx.txId };
      const read = parse<Record<string, unknown>>(decryptResponse(JSON.parse(sealed), key, where).toString('utf8'));
      expect(read).to.deep.equal({
        grantId,
        holderRef: HOLDER_REF,
        purpose: 'QUERY_HOLDER',
        at: T0,
        expiresAt: '2025-03-02T08:00:00.000Z',
      });
      ctx.assertNothingWritten();
    });

    it("refuses another department's grant (NOT_FOUND) and any other peer (FORBIDDEN)", async () => {
      const ledger = await seededLedger();
      const { grantId } = await requestGrant(ledger, 'TaxMSP');
      const { ctx, contract } = ledger;
      await expect(
        ctx.evaluate(() => contract.ReadHolderRefGrant(ctx, grantId), { mspId: 'HealthMSP' }),
      ).to.be.rejectedWith(new RegExp(`^NOT_FOUND: holder-reference grant ${grantId} of HealthMSP does not exist$`));
      ctx.peerMsp = 'HealthMSP';
      await expect(
        ctx.evaluate(() => contract.ReadHolderRefGrant(ctx, grantId), { mspId: 'TaxMSP' }),
      ).to.be.rejectedWith(/^FORBIDDEN: ReadHolderRefGrant runs only on the caller's own peer/);
      ctx.peerMsp = undefined;
      await expect(ctx.evaluate(() => contract.ReadHolderRefGrant(ctx, 'G-1'), { mspId: 'TaxMSP' })).to.be.rejectedWith(
        /^INVALID_ARGUMENT: grantId must be/,
      );
    });

    it("lists a department's grants of an hour for any department, oldest first, without references", async () => {
      const ledger = await seededLedger();
      const first = await requestGrant(ledger, 'TaxMSP', { time: '2025-03-05T08:30:00.000Z' });
      const second = await requestGrant(ledger, 'TaxMSP', {
        time: '2025-03-05T08:10:00.000Z',
        idNumber: OTHER_ID_NUMBER,
        purpose: 'QUERY_HOLDER',
      });
      await requestGrant(ledger, 'TaxMSP', { time: '2025-03-05T09:00:00.000Z' });
      await requestGrant(ledger, 'HealthMSP', { time: '2025-03-05T08:20:00.000Z' });
      const { ctx, contract } = ledger;
      const log = parse<Record<string, unknown>>(
        await ctx.evaluate(() => contract.ListHolderRefGrants(ctx, 'TaxMSP', '2025-03-05T08'), {
          mspId: 'CivilAffairsMSP',
        }),
      );
      const by = 'x509::/CN=user1@TaxMSP::/CN=ca.TaxMSP';
      expect(log).to.deep.equal({
        grantedToMsp: 'TaxMSP',
        hour: '2025-03-05T08',
        count: 2,
        grants: [
          { grantId: second.grantId, requestedBy: by, purpose: 'QUERY_HOLDER', at: '2025-03-05T08:10:00.000Z' },
          { grantId: first.grantId, requestedBy: by, purpose: 'ISSUE_LICENCE', at: '2025-03-05T08:30:00.000Z' },
        ],
      });
      expect(JSON.stringify(log)).to.not.include(HOLDER_REF);
      await expect(
        ctx.evaluate(() => contract.ListHolderRefGrants(ctx, 'TaxMSP', '2025-03-05 08'), { mspId: 'TaxMSP' }),
      ).to.be.rejectedWith(/^INVALID_ARGUMENT: hour must be/);
      await expect(
        ctx.evaluate(() => contract.ListHolderRefGrants(ctx, 'TaxMSP', '2025-03-05T08'), { mspId: 'Org9MSP' }),
      ).to.be.rejectedWith(/^FORBIDDEN/);
    });
  });

  describe('issuing with a grant', () => {
    const issue = async (
      ledger: Ledger,
      holderRefGrant: string,
      options: { mspId?: string; time?: string; id?: string } = {},
    ): Promise<LicenceRecord> => {
      const { ctx, contract } = ledger;
      return parse<LicenceRecord>(
        await ctx.submit(() => contract.IssueLicense(ctx, businessLicence(options.id ?? 'BL-7')), {
          mspId: options.mspId ?? 'MarketRegulationMSP',
          transient: holderTransient({ holderRefGrant }),
          ...(options.time === undefined ? {} : { time: options.time }),
        }),
      );
    };

    it("takes the holder reference from the caller's grant, reusable until it expires 24 h later", async () => {
      const ledger = await seededLedger();
      const { grantId } = await requestGrant(ledger, 'MarketRegulationMSP', { idNumber: OTHER_ID_NUMBER });
      const other = holderReference(HOLDER_REF_KEY, OTHER_ID_NUMBER);
      expect((await issue(ledger, grantId)).holderRef).to.equal(other);
      expect((await issue(ledger, grantId, { id: 'BL-8', time: '2025-03-02T08:00:00.000Z' })).holderRef).to.equal(
        other,
      );
      await expect(issue(ledger, grantId, { id: 'BL-9', time: '2025-03-02T08:00:00.001Z' })).to.be.rejectedWith(
        new RegExp(
          `^PRECONDITION_FAILED: holder-reference grant ${grantId} expired at 2025-03-02T08:00:00.000Z; request a new one$`,
        ),
      );
      ledger.ctx.assertNothingWritten();
    });

    it("refuses another department's grant, an unknown grant and a missing one, writing nothing", async () => {
      const ledger = await seededLedger();
      const { grantId } = await requestGrant(ledger, 'TaxMSP');
      await expect(issue(ledger, grantId)).to.be.rejectedWith(
        new RegExp(`^FORBIDDEN: MarketRegulationMSP holds no holder-reference grant ${grantId}$`),
      );
      ledger.ctx.assertNothingWritten();
      await expect(issue(ledger, 'ab'.repeat(32))).to.be.rejectedWith(
        /^FORBIDDEN: MarketRegulationMSP holds no holder-reference grant/,
      );
      ledger.ctx.assertNothingWritten();
      await expect(issue(ledger, '')).to.be.rejectedWith(/^INVALID_ARGUMENT: transient field holderRefGrant/);
      ledger.ctx.assertNothingWritten();
    });

    it('refuses a grant for another purpose', async () => {
      const ledger = await seededLedger();
      const { grantId } = await requestGrant(ledger, 'MarketRegulationMSP', { purpose: 'QUERY_HOLDER' });
      await expect(issue(ledger, grantId)).to.be.rejectedWith(
        /^FORBIDDEN: holder-reference grant [0-9a-f]{64} is for QUERY_HOLDER; issuing licence BL-7 needs a grant for ISSUE_LICENCE or REGISTER_PROPERTY$/,
      );
      ledger.ctx.assertNothingWritten();
    });

    it("refuses while the grant's private data has not reached this peer", async () => {
      const ledger = await seededLedger();
      const { grantId } = await requestGrant(ledger, 'MarketRegulationMSP');
      ledger.ctx.stub.getPrivateData
        .withArgs(HOLDER_REF_GRANTS_COLLECTION, grantKey(ledger.ctx, 'MarketRegulationMSP', grantId))
        .rejects(new Error('private data matching public hash version is not available. Public hash version = …'));
      await expect(issue(ledger, grantId)).to.be.rejectedWith(
        new RegExp(`^PRECONDITION_FAILED: holder-reference grant ${grantId} has not reached this peer yet; retry$`),
      );
      ledger.ctx.assertNothingWritten();
    });
  });
});
