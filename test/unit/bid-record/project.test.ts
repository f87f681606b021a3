import {
  BUDGET,
  DEADLINE,
  DOC,
  DOC2,
  OPENING,
  OTHER,
  REGULATOR,
  T0,
  TC1,
  TC2,
  TENDERER,
  after,
  closeBidding,
  configuredLedger,
  expect,
  expectRefused,
  ownedPolicyText,
  parse,
  projectJson,
  publish,
  type ProjectRecord,
} from './fixtures';
import { TestContext } from '../../support';
import { BidRecordContract, CENTRE_INDEX, projectKey } from '@govchain/bid-record';
import { canonicalJson, describePolicy } from '@govchain/chaincode-common';

describe('bid-record tender projects', () => {
  describe('PublishProject', () => {
    it('writes the project, the centre index and a key-level policy: the publishing centre and one other department', async () => {
      const ledger = await configuredLedger();
      const project = await publish(ledger, 'P-1', {}, TC2);
      const { ctx } = ledger;
      expect(project).to.deep.include({
        projectId: 'P-1',
        centreMsp: TC2,
        status: 'PUBLISHED',
        statusReason: 'PUBLISHED',
        documentFingerprint: DOC,
        originalFingerprint: DOC,
        bidDeadline: DEADLINE,
        openingTime: OPENING,
        validBidCount: 0,
        updatedByMsp: TC2,
        txId: ctx.txId,
      });
      expect(project).to.deep.include({ budget: BUDGET, tendererCode: TENDERER, minValidBids: 2, publishedAt: T0 });
      const key = projectKey(ctx, 'P-1');
      expect(ctx.world.text(key)).to.equal(canonicalJson(project));
      expect(ctx.world.state.has(ctx.stub.createCompositeKey(CENTRE_INDEX, [TC2, 'P-1']))).to.equal(true);
      expect(describePolicy(ctx.world.validationParameters.get(key)!)).to.equal(ownedPolicyText(TC2));
      expect(ctx.lastEvent()).to.deep.equal({
        name: 'ProjectPublished',
        payload: {
          projectId: 'P-1',
          centreMsp: TC2,
          status: 'PUBLISHED',
          documentFingerprint: DOC,
          bidDeadline: DEADLINE,
          openingTime: OPENING,
          txId: ctx.txId,
        },
      });
    });

    const refusals: [string, string, string, RegExp][] = [
      [
        'a department that is not a trading centre',
        REGULATOR,
        projectJson(),
        /^FORBIDDEN: MarketRegulationMSP may not publish tender projects \(not a trading centre\)$/,
      ],
      ['malformed JSON', TC1, '{', /^INVALID_ARGUMENT: project is not valid JSON$/],
      [
        'an unknown field',
        TC1,
        projectJson('P-1', { secret: 1 }),
        /^INVALID_ARGUMENT: project has unknown field "secret"$/,
      ],
      [
        'a tenderer code with a wrong check character',
        TC1,
        projectJson('P-1', { tendererCode: `${TENDERER.slice(0, 17)}${TENDERER.endsWith('0') ? '1' : '0'}` }),
        /^INVALID_ARGUMENT: project.tendererCode has a wrong check character/,
      ],
      [
        'a tenderer code of the wrong shape',
        TC1,
        projectJson('P-1', { tendererCode: 'ABC' }),
        /^INVALID_ARGUMENT: project.tendererCode must be an 18-character/,
      ],
      [
        'a budget that is not a positive integer',
        TC1,
        projectJson('P-1', { budget: 10.5 }),
        /^INVALID_ARGUMENT: project.budget must be an integer/,
      ],
      [
        'an unknown evaluation method',
        TC1,
        projectJson('P-1', { evaluationMethod: 'LOTTERY' }),
        /^INVALID_ARGUMENT: project.evaluationMethod must be one of LOWEST_PRICE, COMPREHENSIVE_SCORE$/,
      ],
      [
        'a malformed fingerprint',
        TC1,
        projectJson('P-1', { documentFingerprint: DOC.toUpperCase() }),
        /^INVALID_ARGUMENT: project.documentFingerprint must be 64 lowercase hex/,
      ],
      [
        'a deadline not after the transaction time',
        TC1,
        projectJson('P-1', { bidDeadline: T0 }),
        /^INVALID_ARGUMENT: bidDeadline must be after the transaction time$/,
      ],
      [
        'an opening before the deadline',
        TC1,
        projectJson('P-1', { openingTime: after(DEADLINE, -1) }),
        /^INVALID_ARGUMENT: openingTime must not be before bidDeadline$/,
      ],
      [
        'minValidBids of 0',
        TC1,
        projectJson('P-1', { minValidBids: 0 }),
        /^INVALID_ARGUMENT: project.minValidBids must be an integer from 1 to 100$/,
      ],
    ];
    for (const [name, msp, json, message] of refusals) {
      it(`refuses ${name}`, async () => {
        const ledger = await configuredLedger();
        await expectRefused(
          ledger,
          ledger.ctx.submit(() => ledger.contract.PublishProject(ledger.ctx, json), { mspId: msp, time: T0 }),
          message,
        );
      });
    }

    it('refuses an existing project id with CONFLICT, and any call before SeedConfig', async () => {
      const ledger = await configuredLedger();
      await publish(ledger);
      await expectRefused(
        ledger,
        ledger.ctx.submit(() => ledger.contract.PublishProject(ledger.ctx, projectJson()), { mspId: TC2 }),
        /^CONFLICT: project P-1 already exists$/,
      );
      const ctx = new TestContext({ mspId: TC1, time: T0 });
      await expect(ctx.submit(() => new BidRecordContract().PublishProject(ctx, projectJson()))).to.be.rejectedWith(
        /^PRECONDITION_FAILED: the bid-record configuration is not seeded; call SeedConfig first$/,
      );
      ctx.assertNothingWritten();
    });
  });

  describe('AmendProject', () => {
    it('records the new fingerprint with its reason and a later schedule, keeping the original', async () => {
      const ledger = await configuredLedger();
      await publish(ledger);
      const { ctx, contract } = ledger;
      const newDeadline = after(DEADLINE, 86_400_000);
      const newOpening = after(OPENING, 86_400_000);
      const project = parse<ProjectRecord>(
        await ctx.submit(
          () => contract.AmendProject(ctx, 'P-1', DOC2, 'clarified section 3.2', newDeadline, newOpening),
          {
            mspId: TC1,
            time: after(T0, 86_400_000),
          },
        ),
      );
      expect(project).to.deep.include({
        documentFingerprint: DOC2,
        originalFingerprint: DOC,
        bidDeadline: newDeadline,
        openingTime: newOpening,
      });
      expect(project.amendments).to.have.length(1);
      expect(project.amendments[0]).to.deep.include({
        fingerprint: DOC2,
        reason: 'clarified section 3.2',
        bidDeadline: newDeadline,
        openingTime: newOpening,
      });
      expect(ctx.lastEvent()?.name).to.equal('ProjectAmended');
      const again = parse<ProjectRecord>(
        await ctx.submit(() => contract.AmendProject(ctx, 'P-1', DOC, 'reverted annex B', '', ''), { mspId: TC1 }),
      );
      expect(again.amendments.map((a) => a.fingerprint)).to.deep.equal([DOC2, DOC]);
      expect(again.bidDeadline).to.equal(newDeadline);
    });

    const cases: [string, string, [string, string, string, string], string, RegExp][] = [
      [
        'another trading centre',
        TC2,
        [DOC2, 'x', '', ''],
        after(T0, 1),
        /^FORBIDDEN: TradingCenter2MSP may not amend project P-1 \(only the publishing centre TradingCenterMSP may\)$/,
      ],
      [
        'an amendment at the deadline (transaction time decides)',
        TC1,
        [DOC2, 'x', '', ''],
        DEADLINE,
        /^PRECONDITION_FAILED: cannot amend project P-1: its bid deadline 2025-03-10T09:00:00.000Z has passed$/,
      ],
      [
        'an earlier deadline',
        TC1,
        [DOC2, 'x', after(DEADLINE, -60_000), ''],
        after(T0, 1),
        /^INVALID_ARGUMENT: bidDeadline must not be earlier than the current deadline/,
      ],
      [
        'an unchanged fingerprint (no silent edit)',
        TC1,
        [DOC, 'x', '', ''],
        after(T0, 1),
        /^INVALID_ARGUMENT: fingerprint must differ from the current tender document$/,
      ],
      ['an empty reason', TC1, [DOC2, '', '', ''], after(T0, 1), /^INVALID_ARGUMENT: reason is required$/],
      [
        'a deadline after the kept opening time',
        TC1,
        [DOC2, 'x', after(OPENING, 1), ''],
        after(T0, 1),
        /^INVALID_ARGUMENT: openingTime must not be before bidDeadline$/,
      ],
    ];
    for (const [name, msp, [fingerprint, reason, deadline, opening], time, message] of cases) {
      it(`refuses ${name}`, async () => {
        const ledger = await configuredLedger();
        await publish(ledger);
        await expectRefused(
          ledger,
          ledger.ctx.submit(
            () => ledger.contract.AmendProject(ledger.ctx, 'P-1', fingerprint, reason, deadline, opening),
            { mspId: msp, time },
          ),
          message,
        );
      });
    }
  });

  it('refuses an amendment once bidding is closed, whatever time the proposal claims (no amendment after reveals)', async () => {
    const ledger = await configuredLedger();
    await publish(ledger);
    await closeBidding(ledger);
    await expectRefused(
      ledger,
      ledger.ctx.submit(
        () => ledger.contract.AmendProject(ledger.ctx, 'P-1', DOC2, 'late change', after(DEADLINE, 86_400_000), ''),
        { mspId: TC1, time: after(DEADLINE, -1_000) },
      ),
      /^PRECONDITION_FAILED: cannot amend the tender documents \(bidding must not be closed\): project P-1 is BIDDING_CLOSED, not PUBLISHED$/,
    );
  });

  describe('TerminateProject', () => {
    it('terminates with a reason; a terminated project is final', async () => {
      const ledger = await configuredLedger();
      await publish(ledger);
      const { ctx, contract } = ledger;
      const project = parse<ProjectRecord>(
        await ctx.submit(() => contract.TerminateProject(ctx, 'P-1', 'TENDERER_WITHDREW'), { mspId: TC1 }),
      );
      expect(project).to.deep.include({ status: 'TERMINATED', statusReason: 'TENDERER_WITHDREW' });
      expect(ctx.lastEvent()?.name).to.equal('ProjectTerminated');
      await expectRefused(
        ledger,
        ctx.submit(() => contract.TerminateProject(ctx, 'P-1', 'AGAIN'), { mspId: TC1 }),
        /^PRECONDITION_FAILED: cannot terminate the project: project P-1 is TERMINATED \(final\)$/,
      );
    });

    it('refuses another department, a malformed reason and an unknown project', async () => {
      const ledger = await configuredLedger();
      await publish(ledger);
      const { ctx, contract } = ledger;
      await expectRefused(
        ledger,
        ctx.submit(() => contract.TerminateProject(ctx, 'P-1', 'X_Y'), { mspId: OTHER }),
        /^FORBIDDEN/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.TerminateProject(ctx, 'P-1', 'lower'), { mspId: TC1 }),
        /^INVALID_ARGUMENT/,
      );
      await expectRefused(
        ledger,
        ctx.submit(() => contract.TerminateProject(ctx, 'P-9', 'X_Y'), { mspId: TC1 }),
        /^NOT_FOUND: project P-9 does not exist$/,
      );
    });
  });

  describe('queries', () => {
    it('GetProject and ListProjectsByCentre', async () => {
      const ledger = await configuredLedger();
      await publish(ledger, 'P-1');
      await publish(ledger, 'P-2');
      await publish(ledger, 'P-3', {}, TC2);
      const { ctx, contract } = ledger;
      expect(parse<ProjectRecord>(await ctx.evaluate(() => contract.GetProject(ctx, 'P-3'))).centreMsp).to.equal(TC2);
      await expect(ctx.evaluate(() => contract.GetProject(ctx, 'P-9'))).to.be.rejectedWith(/^NOT_FOUND/);
      await expect(ctx.evaluate(() => contract.GetProject(ctx, 'bad id'))).to.be.rejectedWith(/^INVALID_ARGUMENT/);
      const first = parse<{ records: ProjectRecord[]; bookmark: string }>(
        await ctx.evaluate(() => contract.ListProjectsByCentre(ctx, TC1, '1', '')),
      );
      expect(first.records.map((p) => p.projectId)).to.deep.equal(['P-1']);
      const second = parse<{ records: ProjectRecord[]; bookmark: string }>(
        await ctx.evaluate(() => contract.ListProjectsByCentre(ctx, TC1, '1', first.bookmark)),
      );
      expect(second.records.map((p) => p.projectId)).to.deep.equal(['P-2']);
      await expect(ctx.evaluate(() => contract.ListProjectsByCentre(ctx, TC1, '0', ''))).to.be.rejectedWith(
        /^INVALID_ARGUMENT: pageSize/,
      );
    });
  });
});
