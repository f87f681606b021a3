import {
  BIDDER_A,
  BIDDER_B,
  DEADLINE,
  FP,
  GUARANTOR,
  OTHER,
  T0,
  TC1,
  TC2,
  after,
  awarded,
  configuredLedger,
  expect,
  expectRefused,
  parse,
  publish,
  type Ledger,
  ownedPolicyText,
} from './fixtures';
import { PROJECT_GUARANTEE_INDEX, guaranteeKey } from '@govchain/bid-record';
import { describePolicy } from '@govchain/chaincode-common';

interface GuaranteeRecord {
  guaranteeId: string;
  projectCentreMsp: string;
  status: string;
  statusReason: string;
  issuedByMsp: string;
  amount: number;
  rateBasisPoints: number;
}

function guaranteeJson(id: string, bidderCode: string, overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    guaranteeId: id,
    projectId: 'P-1',
    bidderCode,
    guarantorCode: GUARANTOR,
    guarantorName: 'City Financing Guarantee Co.',
    amount: 2_000_000_00,
    rateBasisPoints: 35,
    fingerprint: 'e1'.repeat(32),
    ...overrides,
  });
}

function issue(ledger: Ledger, json: string, mspId = TC2, time = after(T0, 1000)): Promise<string> {
  return ledger.ctx.submit(() => ledger.contract.IssueGuarantee(ledger.ctx, json), { mspId, time });
}

function change(ledger: Ledger, call: 'ReleaseGuarantee' | 'ClaimGuarantee', id: string, mspId = TC1): Promise<string> {
  return ledger.ctx.submit(() => ledger.contract[call](ledger.ctx, id, 'BID_CONCLUDED'), { mspId });
}

async function guaranteed(): Promise<Ledger> {
  const ledger = await configuredLedger();
  await publish(ledger);
  for (const [code, id] of [
    [BIDDER_A, 'G-A'],
    [BIDDER_B, 'G-B'],
  ] as const) {
    await issue(ledger, guaranteeJson(id, code));
  }
  return ledger;
}

describe('bid-record electronic bid guarantees', () => {
  it('IssueGuarantee records the guarantee owned by the publishing centre (with one other department), indexed by project', async () => {
    const ledger = await configuredLedger();
    await publish(ledger);
    const { ctx, contract } = ledger;
    const guarantee = parse<GuaranteeRecord>(await issue(ledger, guaranteeJson('G-A', BIDDER_A)));
    expect(guarantee).to.deep.include({
      guaranteeId: 'G-A',
      projectCentreMsp: TC1,
      issuedByMsp: TC2,
      status: 'ISSUED',
      statusReason: 'ISSUED',
      amount: 2_000_000_00,
      rateBasisPoints: 35,
    });
    expect(describePolicy(ctx.world.validationParameters.get(guaranteeKey(ctx, 'G-A'))!)).to.equal(
      ownedPolicyText(TC1),
    );
    expect(ctx.world.state.has(ctx.stub.createCompositeKey(PROJECT_GUARANTEE_INDEX, ['P-1', 'G-A']))).to.equal(true);
    expect(ctx.lastEvent()?.name).to.equal('GuaranteeIssued');
    const page = parse<{ records: GuaranteeRecord[] }>(
      await ctx.evaluate(() => contract.ListGuaranteesByProject(ctx, 'P-1', '', '')),
    );
    expect(page.records.map((g) => g.guaranteeId)).to.deep.equal(['G-A']);
    expect(parse<GuaranteeRecord>(await ctx.evaluate(() => contract.GetGuarantee(ctx, 'G-A'))).guaranteeId).to.equal(
      'G-A',
    );
    await expect(ctx.evaluate(() => contract.GetGuarantee(ctx, 'G-Z'))).to.be.rejectedWith(/^NOT_FOUND/);
  });

  const refusals: [string, string, string, string, RegExp][] = [
    [
      'a department that is not a trading centre',
      guaranteeJson('G-1', BIDDER_A),
      OTHER,
      after(T0, 1),
      /^FORBIDDEN: TaxMSP may not record bid guarantees/,
    ],
    [
      'a rate above 100 %',
      guaranteeJson('G-1', BIDDER_A, { rateBasisPoints: 10_001 }),
      TC1,
      after(T0, 1),
      /^INVALID_ARGUMENT: guarantee.rateBasisPoints must be an integer from 0 to 10000$/,
    ],
    [
      'a zero amount',
      guaranteeJson('G-1', BIDDER_A, { amount: 0 }),
      TC1,
      after(T0, 1),
      /^INVALID_ARGUMENT: guarantee.amount/,
    ],
    [
      'a malformed guarantor code',
      guaranteeJson('G-1', BIDDER_A, { guarantorCode: 'BANK' }),
      TC1,
      after(T0, 1),
      /^INVALID_ARGUMENT: guarantee.guarantorCode/,
    ],
    [
      'an unknown project',
      guaranteeJson('G-1', BIDDER_A, { projectId: 'P-9' }),
      TC1,
      after(T0, 1),
      /^NOT_FOUND: project P-9 does not exist$/,
    ],
    [
      'an issuance after the bid deadline',
      guaranteeJson('G-1', BIDDER_A),
      TC1,
      DEADLINE,
      /^PRECONDITION_FAILED: cannot issue a bid guarantee: the bid deadline .* has passed$/,
    ],
  ];
  for (const [name, json, msp, time, message] of refusals) {
    it(`IssueGuarantee refuses ${name}`, async () => {
      const ledger = await configuredLedger();
      await publish(ledger);
      await expectRefused(ledger, issue(ledger, json, msp, time), message);
    });
  }

  it('IssueGuarantee refuses an existing id', async () => {
    const ledger = await configuredLedger();
    await publish(ledger);
    await issue(ledger, guaranteeJson('G-1', BIDDER_A));
    await expectRefused(
      ledger,
      issue(ledger, guaranteeJson('G-1', BIDDER_B)),
      /^CONFLICT: guarantee G-1 already exists$/,
    );
  });

  it('non-winners are released after the award, not before; the winner only after the contract', async () => {
    const ledger = await guaranteedAndAwardedFlow();
    const { ctx, contract } = ledger;
    const released = parse<GuaranteeRecord>(await change(ledger, 'ReleaseGuarantee', 'G-B'));
    expect(released).to.deep.include({ status: 'RELEASED', statusReason: 'BID_CONCLUDED' });
    expect(ctx.lastEvent()?.name).to.equal('GuaranteeReleased');
    await expectRefused(
      ledger,
      change(ledger, 'ReleaseGuarantee', 'G-A'),
      /^PRECONDITION_FAILED: cannot release guarantee G-A: the winner's guarantee is released once the contract of project P-1 is recorded$/,
    );
    await expectRefused(
      ledger,
      change(ledger, 'ClaimGuarantee', 'G-A'),
      /^PRECONDITION_FAILED: cannot claim guarantee G-A: guarantee G-A can only be claimed when its bidder won project P-1 and defaulted$/,
    );
    await ctx.submit(() => contract.RecordContract(ctx, 'P-1', FP), { mspId: TC1 });
    expect(parse<GuaranteeRecord>(await change(ledger, 'ReleaseGuarantee', 'G-A')).status).to.equal('RELEASED');
    await expectRefused(
      ledger,
      change(ledger, 'ReleaseGuarantee', 'G-A'),
      /^PRECONDITION_FAILED: cannot release guarantee G-A: it is RELEASED$/,
    );
  });

  it("the winner's guarantee is claimed after its default, and can then not be released", async () => {
    const ledger = await guaranteedAndAwardedFlow();
    const { ctx, contract } = ledger;
    await ctx.submit(() => contract.RecordContract(ctx, 'P-1', FP), { mspId: TC1 });
    await ctx.submit(() => contract.RecordPerformance(ctx, 'P-1', 'DEFAULTED', FP), { mspId: TC1 });
    await expectRefused(
      ledger,
      change(ledger, 'ReleaseGuarantee', 'G-A'),
      /^PRECONDITION_FAILED: cannot release guarantee G-A: the winner defaulted on project P-1; its guarantee can only be claimed$/,
    );
    await expectRefused(
      ledger,
      change(ledger, 'ClaimGuarantee', 'G-A', TC2),
      /^FORBIDDEN: TradingCenter2MSP may not claim guarantee G-A/,
    );
    await expectRefused(
      ledger,
      change(ledger, 'ClaimGuarantee', 'G-B'),
      /^PRECONDITION_FAILED: cannot claim guarantee G-B/,
    );
    const claimed = parse<GuaranteeRecord>(await change(ledger, 'ClaimGuarantee', 'G-A'));
    expect(claimed.status).to.equal('CLAIMED');
    expect(ctx.lastEvent()?.name).to.equal('GuaranteeClaimed');
  });

  it('every guarantee is released once a tender failed, and none before the award', async () => {
    const ledger = await guaranteed();
    await expectRefused(
      ledger,
      change(ledger, 'ReleaseGuarantee', 'G-A'),
      /^PRECONDITION_FAILED: cannot release guarantee G-A: project P-1 is PUBLISHED; guarantees are released after the award$/,
    );
    await ledger.ctx.submit(() => ledger.contract.TerminateProject(ledger.ctx, 'P-1', 'CANCELLED'), { mspId: TC1 });
    expect(parse<GuaranteeRecord>(await change(ledger, 'ReleaseGuarantee', 'G-A')).status).to.equal('RELEASED');
    await expectRefused(ledger, change(ledger, 'ReleaseGuarantee', 'G-X'), /^NOT_FOUND: guarantee G-X does not exist$/);
  });
});

/**
 * P-1 with guarantees G-A (the winner A's, recorded by TC2) and G-B, awarded to A.
 *
 * @returns the ledger
 */
async function guaranteedAndAwardedFlow(): Promise<Ledger> {
  const ledger = await configuredLedger();
  await awarded(ledger, async () => {
    await issue(ledger, guaranteeJson('G-A', BIDDER_A), TC2, after(T0, 10));
    await issue(ledger, guaranteeJson('G-B', BIDDER_B), TC1, after(T0, 20));
  });
  return ledger;
}
