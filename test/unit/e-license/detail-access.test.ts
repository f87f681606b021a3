import {
  bindHolderKey,
  HOLDER_NAME,
  HOLDER_REF,
  ID_NUMBER,
  OTHER_ID_NUMBER,
  consentObject,
  expect,
  holderTransient,
  issueBusinessLicence,
  parse,
  seededLedger,
  signed,
  type Ledger,
} from './fixtures';
import { P256Holder } from '../../support';
import { RESPONSE_KEY_FIELD, canonicalJson } from '@govchain/chaincode-common';
import { decryptResponse } from '@govchain/gateway-client';
import { accessKey, consentKey } from '@govchain/e-license';

interface AccessRecord {
  accessId: string;
  licenceId: string;
  consentId: string;
  accessorMsp: string;
  purpose: string;
  accessedAt: string;
  txId: string;
}

interface AccessLedger extends Ledger {
  readonly holder: P256Holder;
}

/** BL-1 issued with the holder's key; consent C-1 to TaxMSP for BL-1 until 2025-04-01. */
async function consented(consent: Readonly<Record<string, unknown>> = consentObject()): Promise<AccessLedger> {
  const ledger = await seededLedger();
  const holder = P256Holder.generate();
  await bindHolderKey(ledger, holder);
  await issueBusinessLicence(ledger, 'BL-1', holderTransient({ detail: JSON.stringify({ phone: '13800000000' }) }));
  const [json, signature] = signed(holder, consent);
  await ledger.ctx.submit(() => ledger.contract.GrantConsent(ledger.ctx, json, signature), { mspId: 'TaxMSP' });
  return { ...ledger, holder };
}

async function record(
  ledger: Ledger,
  options: {
    licenceId?: string;
    consentId?: string;
    purpose?: string;
    mspId?: string;
    time?: string;
    requestId?: string;
  } = {},
): Promise<AccessRecord> {
  const { ctx, contract } = ledger;
  return parse<AccessRecord>(
    await ctx.submit(
      () =>
        contract.RecordDetailAccess(
          ctx,
          options.licenceId ?? 'BL-1',
          options.consentId ?? 'C-1',
          options.purpose ?? 'check seller identity for transfer T-9',
        ),
      {
        mspId: options.mspId ?? 'TaxMSP',
        time: options.time ?? '2025-03-10T00:00:00Z',
        ...(options.requestId === undefined ? {} : { transient: { requestId: options.requestId } }),
      },
    ),
  );
}

/** The caller's one-time response key in these tests (32 bytes, base64 as it travels in transient data). */
const RESPONSE_KEY = Buffer.alloc(32, 0x5a);

interface ReadOptions {
  licenceId?: string;
  mspId?: string;
  time?: string;
  peerMsp?: string;
  /** Transient data (default: `{ responseKey: RESPONSE_KEY }`). */
  transient?: Record<string, string>;
}

/** Evaluates ReadLicenseDetail, by default as TaxMSP on the issuer's (Market Regulation's) peer; the raw answer. */
async function readSealed(ledger: Ledger, accessId: string, options: ReadOptions = {}): Promise<string> {
  const { ctx, contract } = ledger;
  ctx.peerMsp = options.peerMsp ?? 'MarketRegulationMSP';
  try {
    return await ctx.evaluate(() => contract.ReadLicenseDetail(ctx, options.licenceId ?? 'BL-1', accessId), {
      mspId: options.mspId ?? 'TaxMSP',
      time: options.time ?? '2025-03-10T00:05:00Z',
      transient: options.transient ?? { [RESPONSE_KEY_FIELD]: RESPONSE_KEY.toString('base64') },
    });
  } finally {
    ctx.peerMsp = undefined;
  }
}

/** {@link readSealed}, opened with the key as the gateway client opens it: the plaintext answer. */
async function read(ledger: Ledger, accessId: string, options: ReadOptions = {}): Promise<string> {
  const sealed = JSON.parse(await readSealed(ledger, accessId, options)) as unknown;
  const where = { chaincode: 'e-license', transaction: 'ReadLicenseDetail', transactionId: ledger.ctx.txId };
  return decryptResponse(sealed, RESPONSE_KEY, where).toString('utf8');
}

async function expectRefused(ledger: Ledger, promise: Promise<unknown>, message: RegExp): Promise<void> {
  const before = ledger.ctx.world.dump();
  await expect(promise).to.be.rejectedWith(message);
  ledger.ctx.assertNothingWritten();
  expect(ledger.ctx.world.dump()).to.equal(before);
}

describe('e-license RecordDetailAccess', () => {
  it('records who, when, why and under which consent, publicly and without personal data', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    const txId = ledger.ctx.txId;
    expect(access).to.deep.equal({
      accessId: txId,
      licenceId: 'BL-1',
      consentId: 'C-1',
      accessorMsp: 'TaxMSP',
      purpose: 'check seller identity for transfer T-9',
      accessedAt: '2025-03-10T00:00:00.000Z',
      txId,
    });
    expect(ledger.ctx.world.json(accessKey(ledger.ctx, txId))).to.deep.equal(access);
    expect(
      ledger.ctx.world.state.has(
        ledger.ctx.stub.createCompositeKey('licence~access', ['BL-1', '2025-03-10T00:00:00.000Z', txId]),
      ),
    ).to.equal(true);
    expect(ledger.ctx.stub.putPrivateData.called).to.equal(false);
    expect(ledger.ctx.stub.getPrivateData.called).to.equal(false);
    expect(ledger.ctx.lastEvent()).to.deep.equal({
      name: 'LicenseDetailAccessed',
      payload: {
        accessId: txId,
        licenceId: 'BL-1',
        consentId: 'C-1',
        accessorMsp: 'TaxMSP',
        issuerMsp: 'MarketRegulationMSP',
        txId,
      },
    });
  });

  it('accepts a consent for all the holder’s licences of the type', async () => {
    const ledger = await consented(consentObject({ licenceId: undefined, licenceType: 'BUSINESS_LICENCE' }));
    await issueBusinessLicence(ledger, 'BL-2');
    expect((await record(ledger, { licenceId: 'BL-2' })).licenceId).to.equal('BL-2');
  });

  describe('a retried access under one requestId (issue 13, item 7)', () => {
    const REQUEST = '0b7c4f5e-2d1a-4c3b-9e8f-7a6b5c4d3e2f';

    function accessesOf(ledger: Ledger): number {
      return [...ledger.ctx.world.state.keys()].filter((key) => key.startsWith('\u0000detailAccess\u0000')).length;
    }

    it('returns the first access record and writes nothing: the holder’s log shows one read', async () => {
      const ledger = await consented();
      const first = await record(ledger, { requestId: REQUEST });
      const firstTx = ledger.ctx.txId;
      const before = ledger.ctx.world.dump();
      const again = await record(ledger, { requestId: REQUEST, time: '2025-03-10T00:00:30Z' });
      expect(again).to.deep.equal(first);
      expect(again.accessId).to.equal(firstTx);
      ledger.ctx.assertNothingWritten();
      expect(ledger.ctx.world.dump()).to.equal(before);
      expect(accessesOf(ledger)).to.equal(1);
    });

    it('refuses the same requestId with another purpose with CONFLICT naming it, and writes nothing', async () => {
      const ledger = await consented();
      await record(ledger, { requestId: REQUEST });
      await expectRefused(
        ledger,
        record(ledger, { requestId: REQUEST, purpose: 'another purpose' }),
        /^CONFLICT: request 0b7c4f5e-2d1a-4c3b-9e8f-7a6b5c4d3e2f of RecordDetailAccess was already used by TaxMSP in transaction [0-9a-f]{64} with a different purpose$/,
      );
    });

    it('records each access anew without a requestId, and each under a new requestId', async () => {
      const ledger = await consented();
      await record(ledger);
      await record(ledger);
      await record(ledger, { requestId: 'request-0001' });
      await record(ledger, { requestId: 'request-0002' });
      expect(accessesOf(ledger)).to.equal(4);
    });

    it('refuses a malformed requestId with INVALID_ARGUMENT and writes nothing', async () => {
      const ledger = await consented();
      await expectRefused(
        ledger,
        record(ledger, { requestId: 'short' }),
        /^INVALID_ARGUMENT: transient field requestId must be 8 to 64 letters, digits and \. _ : - \(e\.g\. a UUID\)$/,
      );
    });
  });

  describe('refusals (each writes nothing)', () => {
    it('refuses a department the consent is not granted to', async () => {
      const ledger = await consented();
      await expectRefused(
        ledger,
        record(ledger, { mspId: 'HealthMSP' }),
        /^FORBIDDEN: consent C-1 is not granted to HealthMSP$/,
      );
    });

    it('refuses a licence the consent does not cover', async () => {
      const ledger = await consented();
      await issueBusinessLicence(ledger, 'BL-2');
      await expectRefused(
        ledger,
        record(ledger, { licenceId: 'BL-2' }),
        /^FORBIDDEN: consent C-1 does not cover licence BL-2$/,
      );
    });

    it('refuses a type consent for a licence of another holder', async () => {
      const ledger = await consented(consentObject({ licenceId: undefined, licenceType: 'BUSINESS_LICENCE' }));
      await issueBusinessLicence(ledger, 'BL-9', holderTransient({ idNumber: OTHER_ID_NUMBER }));
      await expectRefused(
        ledger,
        record(ledger, { licenceId: 'BL-9' }),
        /^FORBIDDEN: consent C-1 does not cover licence BL-9$/,
      );
    });

    it('refuses an expired consent', async () => {
      const ledger = await consented();
      await expectRefused(
        ledger,
        record(ledger, { time: '2025-04-01T00:00:00Z' }),
        /^PRECONDITION_FAILED: consent C-1 expired at 2025-04-01T00:00:00Z$/,
      );
    });

    it('refuses a withdrawn consent', async () => {
      const ledger = await consented();
      const [json, signature] = signed(ledger.holder, {
        action: 'WITHDRAW_CONSENT',
        consentId: 'C-1',
        holderRef: HOLDER_REF,
        nonce: 'w1thdraw-01',
      });
      await ledger.ctx.submit(() => ledger.contract.WithdrawConsent(ledger.ctx, 'C-1', json, signature), {
        mspId: 'TaxMSP',
      });
      await expectRefused(ledger, record(ledger), /^PRECONDITION_FAILED: consent C-1 has been withdrawn$/);
    });

    it('refuses a consent record the holder never signed (written by two colluding departments)', async () => {
      const ledger = await consented();
      const { ctx } = ledger;
      const genuine = ctx.world.json(consentKey(ctx, 'C-1')) as Record<string, unknown>;
      const forged = { ...genuine, consentId: 'C-FORGED', granteeMsp: 'HealthMSP', txId: 'f'.repeat(64) };
      ctx.world.state.set(consentKey(ctx, 'C-FORGED'), Buffer.from(canonicalJson(forged)));
      await expectRefused(
        ledger,
        record(ledger, { consentId: 'C-FORGED', mspId: 'HealthMSP' }),
        /^FORBIDDEN: consent signature does not verify with the holder's bound key$/,
      );
    });

    it('refuses a consent signed with a key the holder has since rotated out', async () => {
      const ledger = await consented();
      await bindHolderKey(ledger, P256Holder.generate(), 2);
      await expectRefused(
        ledger,
        record(ledger),
        /^PRECONDITION_FAILED: consent C-1 was signed with a key that is no longer bound to the holder; the holder must consent again$/,
      );
    });

    it('refuses unknown licences and consents, and malformed arguments', async () => {
      const ledger = await consented();
      await expectRefused(ledger, record(ledger, { licenceId: 'NOPE' }), /^NOT_FOUND: licence NOPE does not exist$/);
      await expectRefused(ledger, record(ledger, { consentId: 'C-404' }), /^NOT_FOUND: consent C-404 does not exist$/);
      await expectRefused(ledger, record(ledger, { purpose: '' }), /^INVALID_ARGUMENT: purpose is required$/);
      await expectRefused(
        ledger,
        record(ledger, { purpose: 'x'.repeat(257) }),
        /^INVALID_ARGUMENT: purpose must have at most 256/,
      );
      await expectRefused(ledger, record(ledger, { consentId: 'C 1' }), /^INVALID_ARGUMENT: consent id/);
    });
  });
});

describe('e-license ReadLicenseDetail', () => {
  it('returns the private detail to the consented department, on the issuer’s peer, without writing', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    const detail = parse<Record<string, unknown>>(await read(ledger, access.accessId));
    expect(detail).to.deep.equal({
      licenceId: 'BL-1',
      issuerMsp: 'MarketRegulationMSP',
      holderRef: HOLDER_REF,
      idNumber: ID_NUMBER,
      name: HOLDER_NAME,
      extra: { phone: '13800000000' },
      accessId: access.accessId,
      consentId: 'C-1',
    });
    ledger.ctx.assertNothingWritten();
  });

  it('answers only ciphertext: no ID number, name or other detail in the response bytes', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    const raw = await readSealed(ledger, access.accessId);
    const sealed = JSON.parse(raw) as Record<string, unknown>;
    expect(Object.keys(sealed)).to.deep.equal(['alg', 'ciphertext', 'iv', 'tag']);
    expect(sealed.alg).to.equal('A256GCM');
    expect(raw).to.equal(canonicalJson(sealed));
    for (const personal of [ID_NUMBER, HOLDER_NAME, '13800000000', HOLDER_REF]) {
      expect(raw).to.not.include(personal);
    }
    // A block would hold this response: without the key its base64 decodes to nothing readable either.
    const ciphertext = Buffer.from(sealed.ciphertext as string, 'base64');
    expect(ciphertext.includes(Buffer.from(ID_NUMBER))).to.equal(false);
    expect(ciphertext.includes(Buffer.from(HOLDER_NAME))).to.equal(false);
    ledger.ctx.assertNothingWritten();
  });

  it('answers the same bytes on two endorsers for the same proposal, other bytes for another transaction', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    const txId = 'e'.repeat(64);
    const first = await readSealed(ledger, access.accessId);
    const endorse = async (): Promise<string> => {
      const { ctx, contract } = ledger;
      ctx.peerMsp = 'MarketRegulationMSP';
      try {
        return await ctx.evaluate(() => contract.ReadLicenseDetail(ctx, 'BL-1', access.accessId), {
          mspId: 'TaxMSP',
          time: '2025-03-10T00:05:00Z',
          txId,
          transient: { [RESPONSE_KEY_FIELD]: RESPONSE_KEY.toString('base64') },
        });
      } finally {
        ctx.peerMsp = undefined;
      }
    };
    const [a, b] = [await endorse(), await endorse()];
    expect(a).to.equal(b);
    expect(a).to.not.equal(first);
  });

  for (const [what, transient] of [
    ['without a response key', {}],
    ['with an empty response key', { [RESPONSE_KEY_FIELD]: '' }],
    ['with a 16-byte key', { [RESPONSE_KEY_FIELD]: Buffer.alloc(16, 1).toString('base64') }],
    ['with a key in hex', { [RESPONSE_KEY_FIELD]: RESPONSE_KEY.toString('hex') }],
    ['with non-canonical base64', { [RESPONSE_KEY_FIELD]: `${RESPONSE_KEY.toString('base64').slice(0, 42)}b=` }],
  ] as const) {
    it(`refuses ${what} with INVALID_ARGUMENT, returning nothing and writing nothing`, async () => {
      const ledger = await consented();
      const access = await record(ledger);
      await expectRefused(
        ledger,
        readSealed(ledger, access.accessId, { transient: { ...transient } }),
        /^INVALID_ARGUMENT: transient field responseKey (is required: ReadLicenseDetail returns its answer encrypted to a one-time key \(32 random bytes, base64\)|must be 32 random bytes in base64 \(44 characters\)|must have at most 44 characters)$/,
      );
    });
  }

  for (const peerMsp of ['TaxMSP', 'PublicSecurityMSP']) {
    it(`refuses on ${peerMsp}'s peer before reading anything else, so a submitted read never gets a second endorsement`, async () => {
      const ledger = await consented();
      const access = await record(ledger);
      await expectRefused(
        ledger,
        read(ledger, access.accessId, { peerMsp }),
        new RegExp(
          `^FORBIDDEN: reading the personal detail of licence BL-1 runs only on a peer of MarketRegulationMSP \\(this peer: ${peerMsp}\\)$`,
        ),
      );
      expect(ledger.ctx.stub.getPrivateData.called).to.equal(false);
      expect(ledger.ctx.stub.getState.calledWith(accessKey(ledger.ctx, access.accessId))).to.equal(false);
    });
  }

  it('refuses on the issuer’s peer when the detail is not there (purged) with PRECONDITION_FAILED', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    ledger.ctx.world.privateData.delete('_implicit_org_MarketRegulationMSP');
    await expectRefused(
      ledger,
      read(ledger, access.accessId),
      /^PRECONDITION_FAILED: private detail of licence BL-1 is not available on this peer; evaluate on a peer of MarketRegulationMSP$/,
    );
  });

  it('refuses an access record older than 10 minutes', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    expect(
      parse<{ idNumber: string }>(await read(ledger, access.accessId, { time: '2025-03-10T00:10:00Z' })).idNumber,
    ).to.equal(ID_NUMBER);
    await expectRefused(
      ledger,
      read(ledger, access.accessId, { time: '2025-03-10T00:10:00.001Z' }),
      /^PRECONDITION_FAILED: detail access .* is not recent \(within 10 minutes\); record a new access$/,
    );
  });

  it('refuses another department using the access record', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    await expectRefused(
      ledger,
      read(ledger, access.accessId, { mspId: 'HealthMSP' }),
      /^FORBIDDEN: detail access .* was recorded by TaxMSP, not HealthMSP$/,
    );
  });

  it('refuses an access record used for another licence', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    await issueBusinessLicence(ledger, 'BL-2');
    await expectRefused(
      ledger,
      read(ledger, access.accessId, { licenceId: 'BL-2' }),
      /^FORBIDDEN: detail access .* is not for licence BL-2$/,
    );
  });

  it('refuses when the consent has been withdrawn since the access was recorded', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    const [json, signature] = signed(ledger.holder, {
      action: 'WITHDRAW_CONSENT',
      consentId: 'C-1',
      holderRef: HOLDER_REF,
      nonce: 'w1thdraw-01',
    });
    await ledger.ctx.submit(() => ledger.contract.WithdrawConsent(ledger.ctx, 'C-1', json, signature), {
      mspId: 'TaxMSP',
      time: '2025-03-10T00:01:00Z',
    });
    await expectRefused(ledger, read(ledger, access.accessId), /^PRECONDITION_FAILED: consent C-1 has been withdrawn$/);
  });

  it('refuses when the holder rotated its key since the access was recorded', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    await bindHolderKey(ledger, P256Holder.generate(), 2);
    await expectRefused(
      ledger,
      read(ledger, access.accessId),
      /^PRECONDITION_FAILED: consent C-1 was signed with a key that is no longer bound/,
    );
  });

  it('refuses when the consent expired since the access was recorded', async () => {
    const ledger = await consented(consentObject({ expiresAt: '2025-03-10T00:03:00Z' }));
    const access = await record(ledger);
    await expectRefused(
      ledger,
      read(ledger, access.accessId),
      /^PRECONDITION_FAILED: consent C-1 expired at 2025-03-10T00:03:00Z$/,
    );
  });

  it('refuses an unknown access id', async () => {
    const ledger = await consented();
    await expectRefused(ledger, read(ledger, 'f'.repeat(64)), /^NOT_FOUND: detail access f+ does not exist$/);
    await expectRefused(ledger, read(ledger, ''), /^INVALID_ARGUMENT: access id is required$/);
  });

  it('refuses an unknown licence with NOT_FOUND', async () => {
    const ledger = await consented();
    const access = await record(ledger);
    await expectRefused(
      ledger,
      read(ledger, access.accessId, { licenceId: 'NOPE' }),
      /^NOT_FOUND: licence NOPE does not exist$/,
    );
  });
});

describe('e-license ListDetailAccesses', () => {
  async function withAccesses(): Promise<AccessLedger> {
    const ledger = await consented();
    await record(ledger, { time: '2025-03-10T00:00:00Z', purpose: 'first' });
    await record(ledger, { time: '2025-03-11T00:00:00Z', purpose: 'second' });
    await record(ledger, { time: '2025-03-12T00:00:00Z', purpose: 'third' });
    return ledger;
  }

  it('shows the issuer every access, oldest first, page by page', async () => {
    const ledger = await withAccesses();
    const { ctx, contract } = ledger;
    const first = parse<{ records: AccessRecord[]; bookmark: string }>(
      await ctx.evaluate(() => contract.ListDetailAccesses(ctx, 'BL-1', '2', ''), { mspId: 'MarketRegulationMSP' }),
    );
    const second = parse<{ records: AccessRecord[]; bookmark: string }>(
      await ctx.evaluate(() => contract.ListDetailAccesses(ctx, 'BL-1', '2', first.bookmark), {
        mspId: 'MarketRegulationMSP',
      }),
    );
    expect([...first.records, ...second.records].map((access) => [access.purpose, access.accessorMsp])).to.deep.equal([
      ['first', 'TaxMSP'],
      ['second', 'TaxMSP'],
      ['third', 'TaxMSP'],
    ]);
    expect(second.bookmark).to.equal('');
  });

  it('shows a department holding a live consent for the licence', async () => {
    const ledger = await withAccesses();
    const { ctx, contract } = ledger;
    const page = parse<{ records: AccessRecord[] }>(
      await ctx.evaluate(() => contract.ListDetailAccesses(ctx, 'BL-1', '', ''), {
        mspId: 'TaxMSP',
        time: '2025-03-20T00:00:00Z',
      }),
    );
    expect(page.records).to.have.length(3);
    await expect(
      ctx.evaluate(() => contract.ListDetailAccesses(ctx, 'BL-1', '', ''), {
        mspId: 'TaxMSP',
        time: '2025-04-02T00:00:00Z',
      }),
    ).to.be.rejectedWith(/^FORBIDDEN/);
  });

  it('refuses other departments, unknown licences and bad page sizes', async () => {
    const ledger = await withAccesses();
    const { ctx, contract } = ledger;
    await expect(
      ctx.evaluate(() => contract.ListDetailAccesses(ctx, 'BL-1', '', ''), { mspId: 'HealthMSP' }),
    ).to.be.rejectedWith(/^FORBIDDEN: HealthMSP may not list accesses to licence BL-1/);
    await expect(
      ctx.evaluate(() => contract.ListDetailAccesses(ctx, 'NOPE', '', ''), { mspId: 'MarketRegulationMSP' }),
    ).to.be.rejectedWith(/^NOT_FOUND/);
    await expect(
      ctx.evaluate(() => contract.ListDetailAccesses(ctx, 'BL-1', '101', ''), { mspId: 'MarketRegulationMSP' }),
    ).to.be.rejectedWith(/^INVALID_ARGUMENT: pageSize/);
  });
});
