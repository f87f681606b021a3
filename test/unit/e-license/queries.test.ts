import {
  FINGERPRINT,
  HOLDER_REF,
  type LicenceRecord,
  OTHER_FINGERPRINT,
  OTHER_ID_NUMBER,
  HOLDER_REF_KEY,
  expect,
  holderTransient,
  issueBusinessLicence,
  medicalLicence,
  parse,
  seededLedger,
  type Ledger,
} from './fixtures';
import { holderReference } from '@govchain/e-license';

interface Verification {
  licenceId: string;
  result: string;
  status: string;
  issuerMsp: string;
  type: string;
  checkedAt: string;
  validFrom: string;
  validUntil: string;
  statusReason: string;
  successorId: string;
}
interface Page<T> {
  records: T[];
  bookmark: string;
  fetchedCount: number;
}

async function verify(
  ledger: Ledger,
  id: string,
  fingerprint: string,
  at = '',
  mspId = 'TaxMSP',
): Promise<Verification> {
  const { ctx, contract } = ledger;
  const result = parse<Verification>(
    await ctx.evaluate(() => contract.VerifyLicense(ctx, id, fingerprint, at), { mspId }),
  );
  ctx.assertNothingWritten();
  return result;
}

async function withValidity(): Promise<Ledger> {
  const ledger = await seededLedger();
  await issueBusinessLicence(ledger, 'BL-1', holderTransient(), {
    validFrom: '2025-01-01T00:00:00Z',
    validUntil: '2026-01-01T00:00:00Z',
  });
  return ledger;
}

describe('e-license VerifyLicense', () => {
  it('answers VALID with issuer and type, to any department', async () => {
    const ledger = await withValidity();
    for (const mspId of ['TaxMSP', 'HealthMSP', 'InfoCenterMSP']) {
      const result = await verify(ledger, 'BL-1', FINGERPRINT, '2025-06-01T00:00:00Z', mspId);
      expect(result).to.deep.equal({
        licenceId: 'BL-1',
        result: 'VALID',
        status: 'ACTIVE',
        issuerMsp: 'MarketRegulationMSP',
        type: 'BUSINESS_LICENCE',
        checkedAt: '2025-06-01T00:00:00.000Z',
        validFrom: '2025-01-01T00:00:00.000Z',
        validUntil: '2026-01-01T00:00:00.000Z',
        statusReason: 'ISSUED',
        successorId: '',
      });
    }
  });

  it('judges at the transaction time when no time is given', async () => {
    const ledger = await withValidity();
    ledger.ctx.setTime('2026-01-01T00:00:00Z');
    const result = await verify(ledger, 'BL-1', FINGERPRINT);
    expect([result.result, result.checkedAt]).to.deep.equal(['EXPIRED', '2026-01-01T00:00:00.000Z']);
    ledger.ctx.setTime('2025-12-31T23:59:59.999Z');
    expect((await verify(ledger, 'BL-1', FINGERPRINT)).result).to.equal('VALID');
  });

  it('answers NOT_YET_VALID before validFrom and EXPIRED from validUntil', async () => {
    const ledger = await withValidity();
    expect((await verify(ledger, 'BL-1', FINGERPRINT, '2024-12-31T23:59:59Z')).result).to.equal('NOT_YET_VALID');
    expect((await verify(ledger, 'BL-1', FINGERPRINT, '2025-01-01T00:00:00Z')).result).to.equal('VALID');
    expect((await verify(ledger, 'BL-1', FINGERPRINT, '2026-01-01T00:00:00Z')).result).to.equal('EXPIRED');
  });

  it('answers FINGERPRINT_MISMATCH before anything else', async () => {
    const ledger = await withValidity();
    await ledger.ctx.submit(() => ledger.contract.RevokeLicense(ledger.ctx, 'BL-1', 'FRAUD', ''), {
      mspId: 'MarketRegulationMSP',
    });
    const result = await verify(ledger, 'BL-1', OTHER_FINGERPRINT);
    expect([result.result, result.status]).to.deep.equal(['FINGERPRINT_MISMATCH', 'REVOKED']);
  });

  it('answers SUSPENDED and REVOKED from their effective time on', async () => {
    const ledger = await withValidity();
    const { ctx, contract } = ledger;
    await ctx.submit(() => contract.SuspendLicense(ctx, 'BL-1', 'INSPECTION', '2025-03-15T00:00:00Z'), {
      mspId: 'MarketRegulationMSP',
      time: '2025-03-20T00:00:00Z',
    });
    expect((await verify(ledger, 'BL-1', FINGERPRINT, '2025-03-14T23:59:59Z')).result).to.equal('VALID');
    expect((await verify(ledger, 'BL-1', FINGERPRINT, '2025-03-15T00:00:00Z')).result).to.equal('SUSPENDED');
    await ctx.submit(() => contract.RevokeLicense(ctx, 'BL-1', 'FRAUD', ''), {
      mspId: 'MarketRegulationMSP',
      time: '2025-04-01T00:00:00Z',
    });
    const revoked = await verify(ledger, 'BL-1', FINGERPRINT, '2025-04-01T00:00:00Z');
    expect([revoked.result, revoked.statusReason]).to.deep.equal(['REVOKED', 'FRAUD']);
  });

  it('answers NOT_FOUND for an unknown licence', async () => {
    const ledger = await withValidity();
    const result = await verify(ledger, 'NOPE', FINGERPRINT, '2025-06-01T00:00:00Z');
    expect(result).to.deep.include({ licenceId: 'NOPE', result: 'NOT_FOUND', issuerMsp: '', type: '', status: '' });
  });

  it('refuses a malformed fingerprint, id or time with INVALID_ARGUMENT', async () => {
    const { ctx, contract } = await withValidity();
    await expect(
      ctx.evaluate(() => contract.VerifyLicense(ctx, 'BL-1', FINGERPRINT.toUpperCase(), '')),
    ).to.be.rejectedWith(/^INVALID_ARGUMENT: fingerprint must be 64 lowercase hex characters$/);
    await expect(ctx.evaluate(() => contract.VerifyLicense(ctx, '', FINGERPRINT, ''))).to.be.rejectedWith(
      /^INVALID_ARGUMENT/,
    );
    await expect(ctx.evaluate(() => contract.VerifyLicense(ctx, 'BL-1', FINGERPRINT, 'now'))).to.be.rejectedWith(
      /^INVALID_ARGUMENT: atTime/,
    );
  });
});

describe('e-license GetLicense / GetLicenseHistory', () => {
  it('GetLicense returns the public record and NOT_FOUND for unknown ids', async () => {
    const ledger = await seededLedger();
    const issued = await issueBusinessLicence(ledger);
    const { ctx, contract } = ledger;
    expect(parse(await ctx.evaluate(() => contract.GetLicense(ctx, 'BL-1'), { mspId: 'HealthMSP' }))).to.deep.equal(
      issued,
    );
    await expect(ctx.evaluate(() => contract.GetLicense(ctx, 'BL-404'))).to.be.rejectedWith(
      /^NOT_FOUND: licence BL-404 does not exist$/,
    );
  });

  it('GetLicenseHistory lists every change with submitter MSP, transaction id and time', async () => {
    const ledger = await seededLedger();
    const { ctx, contract } = ledger;
    await issueBusinessLicence(ledger);
    const issueTx = ctx.txId;
    await ctx.submit(() => contract.SuspendLicense(ctx, 'BL-1', 'INSPECTION', ''), {
      mspId: 'MarketRegulationMSP',
      time: '2025-03-05T00:00:00Z',
    });
    const suspendTx = ctx.txId;
    await ctx.submit(() => contract.ReinstateLicense(ctx, 'BL-1', 'REMEDIED', ''), { time: '2025-03-06T00:00:00Z' });
    const history = parse<
      { txId: string; timestamp: string; submitterMsp: string; isDelete: boolean; value: LicenceRecord }[]
    >(await ctx.evaluate(() => contract.GetLicenseHistory(ctx, 'BL-1'), { mspId: 'TaxMSP' }));
    expect(
      history.map((entry) => [
        entry.txId === issueTx,
        entry.txId === suspendTx,
        entry.timestamp,
        entry.submitterMsp,
        entry.isDelete,
        entry.value.status,
      ]),
    ).to.deep.equal([
      [false, false, '2025-03-06T00:00:00.000Z', 'MarketRegulationMSP', false, 'ACTIVE'],
      [false, true, '2025-03-05T00:00:00.000Z', 'MarketRegulationMSP', false, 'SUSPENDED'],
      [true, false, '2025-03-01T08:00:00.000Z', 'MarketRegulationMSP', false, 'ACTIVE'],
    ]);
    expect(history.every((entry) => entry.value.txId === entry.txId)).to.equal(true);
    await expect(ctx.evaluate(() => contract.GetLicenseHistory(ctx, 'NOPE'))).to.be.rejectedWith(/^NOT_FOUND/);
  });
});

describe('e-license licence queries', () => {
  async function manyLicences(): Promise<Ledger> {
    const ledger = await seededLedger();
    for (let index = 1; index <= 5; index += 1) {
      await issueBusinessLicence(ledger, `BL-${index}`);
    }
    await issueBusinessLicence(ledger, 'BL-9', holderTransient({ idNumber: OTHER_ID_NUMBER }));
    await ledger.ctx.submit(() => ledger.contract.IssueLicense(ledger.ctx, medicalLicence('ML-1')), {
      mspId: 'HealthMSP',
      transient: holderTransient(),
    });
    return ledger;
  }

  async function allPages(
    ledger: Ledger,
    call: 'ListLicensesByHolder' | 'ListLicensesByIssuer' | 'ListLicensesByType',
    value: string,
    pageSize: string,
  ): Promise<string[][]> {
    const { ctx, contract } = ledger;
    const pages: string[][] = [];
    let bookmark = '';
    do {
      const page = parse<Page<LicenceRecord>>(await ctx.evaluate(() => contract[call](ctx, value, pageSize, bookmark)));
      ctx.assertNothingWritten();
      expect(page.fetchedCount).to.be.at.least(page.records.length);
      pages.push(page.records.map((licence) => licence.id));
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return pages;
  }

  it('lists licences by holder reference, page by page', async () => {
    const ledger = await manyLicences();
    expect(await allPages(ledger, 'ListLicensesByHolder', HOLDER_REF, '2')).to.deep.equal([
      ['BL-1', 'BL-2'],
      ['BL-3', 'BL-4'],
      ['BL-5', 'ML-1'],
    ]);
    const other = holderReference(HOLDER_REF_KEY, OTHER_ID_NUMBER);
    expect(await allPages(ledger, 'ListLicensesByHolder', other, '')).to.deep.equal([['BL-9']]);
  });

  it('lists licences by issuer and by type', async () => {
    const ledger = await manyLicences();
    expect(await allPages(ledger, 'ListLicensesByIssuer', 'HealthMSP', '10')).to.deep.equal([['ML-1']]);
    expect((await allPages(ledger, 'ListLicensesByIssuer', 'MarketRegulationMSP', '4')).flat()).to.have.length(6);
    expect(await allPages(ledger, 'ListLicensesByType', 'BUSINESS_LICENCE', '100')).to.deep.equal([
      ['BL-1', 'BL-2', 'BL-3', 'BL-4', 'BL-5', 'BL-9'],
    ]);
    expect(await allPages(ledger, 'ListLicensesByType', 'IDENTITY_DOCUMENT', '')).to.deep.equal([[]]);
  });

  it('never lists a licence under an index entry that does not match it (entries planted by two colluders)', async () => {
    const ledger = await manyLicences();
    const { ctx } = ledger;
    const other = holderReference(HOLDER_REF_KEY, OTHER_ID_NUMBER);
    // Index entries sit under the chaincode-level policy: write ML-1 under the other holder, under
    // Tax as issuer and under the identity-document type, as two colluding departments could.
    await ctx.submit(async () => {
      await ctx.stub.putState(ctx.stub.createCompositeKey('holder~licence', [other, 'ML-1']), Buffer.from([0]));
      await ctx.stub.putState(ctx.stub.createCompositeKey('issuer~licence', ['TaxMSP', 'ML-1']), Buffer.from([0]));
      await ctx.stub.putState(
        ctx.stub.createCompositeKey('type~licence', ['IDENTITY_DOCUMENT', 'ML-1']),
        Buffer.from([0]),
      );
    });
    expect(await allPages(ledger, 'ListLicensesByHolder', other, '')).to.deep.equal([['BL-9']]);
    expect(await allPages(ledger, 'ListLicensesByIssuer', 'TaxMSP', '')).to.deep.equal([[]]);
    expect(await allPages(ledger, 'ListLicensesByType', 'IDENTITY_DOCUMENT', '')).to.deep.equal([[]]);
  });

  it('refuses page sizes above 100 and malformed keys with INVALID_ARGUMENT', async () => {
    const { ctx, contract } = await manyLicences();
    await expect(
      ctx.evaluate(() => contract.ListLicensesByType(ctx, 'BUSINESS_LICENCE', '101', '')),
    ).to.be.rejectedWith(/^INVALID_ARGUMENT: pageSize must be an integer from 1 to 100$/);
    await expect(ctx.evaluate(() => contract.ListLicensesByIssuer(ctx, 'HealthMSP', '0', ''))).to.be.rejectedWith(
      /^INVALID_ARGUMENT/,
    );
    await expect(ctx.evaluate(() => contract.ListLicensesByHolder(ctx, 'not-a-ref', '', ''))).to.be.rejectedWith(
      /^INVALID_ARGUMENT: holderRef/,
    );
    await expect(ctx.evaluate(() => contract.ListLicensesByIssuer(ctx, 'bad msp', '', ''))).to.be.rejectedWith(
      /^INVALID_ARGUMENT: issuerMsp/,
    );
    await expect(ctx.evaluate(() => contract.ListLicensesByType(ctx, 'lower', '', ''))).to.be.rejectedWith(
      /^INVALID_ARGUMENT: licence type code/,
    );
  });
});
