import {
  ALL_STEPS,
  APP,
  BUYER_A,
  BUYER_B,
  CERT_1,
  CERT_2,
  DECLARED_PRICE,
  Ledger,
  NR,
  PF,
  PS,
  RE,
  SELLER,
  TAX,
  UNIT,
  expect,
  openSale,
  parse,
  registerSale,
  registeredUnit,
  runSteps,
} from './fixtures';
import { RESPONSE_KEY_FIELD, canonicalJson } from '@govchain/chaincode-common';
import { decryptResponse } from '@govchain/gateway-client';

/** The caller's one-time response key in these tests. */
const RESPONSE_KEY = Buffer.alloc(32, 0x33);
const KEY_TRANSIENT = { [RESPONSE_KEY_FIELD]: RESPONSE_KEY.toString('base64') };

/** Evaluates GetTransferDetail as `msp` on its own peer with {@link RESPONSE_KEY}; the raw (sealed) answer. */
async function transferDetailSealed(
  ledger: Ledger,
  msp: string,
  transient: Record<string, string> = KEY_TRANSIENT,
): Promise<string> {
  return ledger.evaluate(() => ledger.contract.GetTransferDetail(ledger.ctx, APP), { mspId: msp, transient });
}

/** {@link transferDetailSealed}, opened as the gateway client opens it. */
async function transferDetail(ledger: Ledger, msp: string): Promise<string> {
  const sealed = JSON.parse(await transferDetailSealed(ledger, msp)) as unknown;
  const where = { chaincode: 'real-estate', transaction: 'GetTransferDetail', transactionId: ledger.ctx.txId };
  return decryptResponse(sealed, RESPONSE_KEY, where).toString('utf8');
}

interface Progress {
  status: string;
  steps: { step: string; title: string; departmentMsp: string; status: string }[];
  doneCount: number;
  requiredCount: number;
  waitingOn: string[];
  readyForRegistration: boolean;
  certificateId: string;
  summary: string;
}

async function progress(ledger: Ledger): Promise<Progress> {
  return parse<Progress>(await ledger.evaluate(() => ledger.contract.GetApplicationProgress(ledger.ctx, APP)));
}

async function queue(ledger: Ledger, msp: string): Promise<string[]> {
  const page = parse<{ records: { applicationId: string }[] }>(
    await ledger.evaluate(() => ledger.contract.ListApplicationsAwaiting(ledger.ctx, msp, '', '')),
  );
  return page.records.map((record) => record.applicationId);
}

async function unitsOf(ledger: Ledger, holderRef: string): Promise<string[]> {
  const page = parse<{ records: { unitNumber: string }[] }>(
    await ledger.evaluate(() => ledger.contract.ListUnitsByOwner(ledger.ctx, holderRef, '', '')),
  );
  return page.records.map((record) => record.unitNumber);
}

describe('real-estate queries', () => {
  it('GetApplicationProgress says what is done and what waits on whom, from opening to registration', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger);
    await openSale(ledger);
    let view = await progress(ledger);
    expect(view).to.deep.include({ status: 'OPEN', doneCount: 0, requiredCount: 4, readyForRegistration: false });
    expect(view.waitingOn).to.deep.equal([PS, 'CivilAffairsMSP', TAX, PF]);
    expect(view.steps.map((s) => [s.step, s.title, s.status])).to.deep.equal([
      ['IDENTITY', 'Identity verified', 'PENDING'],
      ['MARITAL_STATUS', 'Marital status attested', 'PENDING'],
      ['TAX', 'Tax assessed and cleared', 'PENDING'],
      ['PROVIDENT_FUND', 'Provident-fund loan approved', 'PENDING'],
    ]);
    expect(view.summary).to.equal(
      '0 of 4 steps done; waiting on PublicSecurityMSP, CivilAffairsMSP, TaxMSP, ProvidentFundMSP.',
    );

    await runSteps(ledger, ['identity', 'assess']);
    view = await progress(ledger);
    expect(view.steps.map((s) => s.status)).to.deep.equal(['DONE', 'PENDING', 'ASSESSED', 'PENDING']);
    expect(view.waitingOn).to.deep.equal(['CivilAffairsMSP', TAX, PF]);

    await runSteps(ledger, ['marital', 'clear', 'loan']);
    view = await progress(ledger);
    expect(view).to.deep.include({ doneCount: 4, readyForRegistration: true, waitingOn: [RE] });
    expect(view.summary).to.equal('All 4 steps are done; waiting on RealEstateMSP to register the transfer.');

    await registerSale(ledger);
    view = await progress(ledger);
    expect(view).to.deep.include({
      status: 'REGISTERED',
      waitingOn: [],
      readyForRegistration: false,
      certificateId: CERT_2,
    });
    expect(view.summary).to.match(/^Registered on .*; new certificate REC-2025-0002\.$/);
    expect(JSON.stringify(view)).to.not.include(DECLARED_PRICE);
  });

  it('ListApplicationsAwaiting is each department’s work queue', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger);
    await openSale(ledger);
    expect(await queue(ledger, PS)).to.deep.equal([APP]);
    expect(await queue(ledger, NR)).to.deep.equal([]);
    expect(await queue(ledger, RE)).to.deep.equal([]);
    await runSteps(ledger, ['identity']);
    expect(await queue(ledger, PS)).to.deep.equal([]);
    expect(await queue(ledger, TAX)).to.deep.equal([APP]);
    await runSteps(ledger, ['marital', 'assess', 'clear', 'loan']);
    expect(await queue(ledger, RE)).to.deep.equal([APP]);
    await expect(
      ledger.evaluate(() => ledger.contract.ListApplicationsAwaiting(ledger.ctx, 'not an msp', '', '')),
    ).to.be.rejectedWith(/^INVALID_ARGUMENT: departmentMsp must be/);
    await expect(
      ledger.evaluate(() => ledger.contract.ListApplicationsAwaiting(ledger.ctx, PS, '500', '')),
    ).to.be.rejectedWith(/^INVALID_ARGUMENT: pageSize/);
  });

  it('ListUnitsByOwner follows the owners; GetChainOfTitle lists every registration, oldest first', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger);
    expect(await unitsOf(ledger, SELLER.holderRef)).to.deep.equal([UNIT]);
    expect(await unitsOf(ledger, BUYER_A.holderRef)).to.deep.equal([]);
    await openSale(ledger);
    await runSteps(ledger, ALL_STEPS);
    await registerSale(ledger);
    expect(await unitsOf(ledger, SELLER.holderRef)).to.deep.equal([]);
    expect(await unitsOf(ledger, BUYER_A.holderRef)).to.deep.equal([UNIT]);
    expect(await unitsOf(ledger, BUYER_B.holderRef)).to.deep.equal([UNIT]);
    const chain = parse<{ sequence: number; kind: string; certificateId: string; owners: { holderRef: string }[] }[]>(
      await ledger.evaluate(() => ledger.contract.GetChainOfTitle(ledger.ctx, UNIT)),
    );
    expect(chain.map((entry) => [entry.sequence, entry.kind, entry.certificateId])).to.deep.equal([
      [1, 'FIRST_REGISTRATION', CERT_1],
      [2, 'SALE', CERT_2],
    ]);
    expect(chain[0]!.owners.map((owner) => owner.holderRef)).to.deep.equal([SELLER.holderRef]);
    await expect(ledger.evaluate(() => ledger.contract.GetChainOfTitle(ledger.ctx, 'U-NONE'))).to.be.rejectedWith(
      /^NOT_FOUND: unit U-NONE does not exist$/,
    );
    await expect(ledger.evaluate(() => ledger.contract.ListUnitsByOwner(ledger.ctx, 'abc', '', ''))).to.be.rejectedWith(
      /^INVALID_ARGUMENT: holderRef must be 64 lowercase hex/,
    );
  });

  it('GetApplication returns the record; GetTransferDetail shows the private detail to its members only', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger);
    const application = await openSale(ledger);
    await runSteps(ledger, ['assess']);
    const { ctx, contract } = ledger;
    expect(parse(await ledger.evaluate(() => contract.GetApplication(ctx, APP)))).to.deep.equal(application);
    await expect(ledger.evaluate(() => contract.GetApplication(ctx, 'TA-NONE'))).to.be.rejectedWith(
      /^NOT_FOUND: transfer application TA-NONE does not exist$/,
    );
    for (const msp of [RE, TAX, PF]) {
      const detail = parse<{
        transferDetail: { fields: Record<string, string> };
        taxAssessment: { fields: Record<string, string> };
        loanDetail: null;
      }>(await transferDetail(ledger, msp));
      expect(detail.transferDetail.fields.declaredPrice, msp).to.equal(DECLARED_PRICE);
      expect(detail.taxAssessment.fields.assessedAmount, msp).to.equal('98400.00');
      expect(detail.loanDetail, msp).to.equal(null);
    }
    for (const msp of [PS, NR, 'CivilAffairsMSP']) {
      await expect(transferDetailSealed(ledger, msp)).to.be.rejectedWith(
        new RegExp(`^FORBIDDEN: ${msp} may not read transfer detail`),
      );
    }
  });

  it('GetTransferDetail answers only ciphertext: no price or name in the response bytes', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger);
    await openSale(ledger);
    await runSteps(ledger, ['assess']);
    const raw = await transferDetailSealed(ledger, TAX);
    const sealed = JSON.parse(raw) as Record<string, unknown>;
    expect(Object.keys(sealed)).to.deep.equal(['alg', 'ciphertext', 'iv', 'tag']);
    expect(raw).to.equal(canonicalJson(sealed));
    for (const personal of [DECLARED_PRICE, '98400.00', SELLER.name, BUYER_A.name, BUYER_B.name, APP]) {
      expect(raw).to.not.include(personal);
    }
    expect(parse<{ applicationId: string }>(await transferDetail(ledger, TAX)).applicationId).to.equal(APP);
    ledger.ctx.assertNothingWritten();
  });

  it('GetTransferDetail refuses a missing or malformed response key with INVALID_ARGUMENT and writes nothing', async () => {
    const ledger = await Ledger.create();
    await registeredUnit(ledger);
    await openSale(ledger);
    for (const transient of [{}, { [RESPONSE_KEY_FIELD]: 'not a key' }] as Record<string, string>[]) {
      const before = ledger.ctx.world.dump();
      await expect(transferDetailSealed(ledger, RE, transient)).to.be.rejectedWith(
        /^INVALID_ARGUMENT: transient field responseKey (is required: GetTransferDetail returns its answer encrypted to a one-time key \(32 random bytes, base64\)|must be 32 random bytes in base64 \(44 characters\))$/,
      );
      ledger.ctx.assertNothingWritten();
      expect(ledger.ctx.world.dump()).to.equal(before);
    }
  });
});
