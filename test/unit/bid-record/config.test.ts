import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  DEPARTMENTS,
  OTHER,
  REGULATOR,
  T0,
  TC1,
  TC2,
  configuredLedger,
  expect,
  expectRefused,
  parse,
  seedConfig,
  withGovernance,
  type Ledger,
} from './fixtures';
import { type EndorsedOutcome, TestContext, validateEndorsed } from '../../support';
import { type GovernanceRoles, defaultRolesOf } from '../../support/governance';
import { CONFIG, CONFIG_KEY, BidRecordContract, SEED_DIR, loadBiddingRules } from '@govchain/bid-record';
import { canonicalJson, decodeOrgsPolicy, describePolicy, roleDifferences } from '@govchain/chaincode-common';

function emptyLedger(): Ledger {
  const ctx = new TestContext({ mspId: 'PublicSecurityMSP', time: T0 });
  return { ctx, contract: new BidRecordContract(), licences: undefined as unknown as Ledger['licences'] };
}

/** What the default topology's roles and the shipped bidding rules give. */
const GOVERNED = {
  tradingCentreMsps: [TC2, TC1],
  regulatorMsps: [REGULATOR],
  bidderKeyAuthorityMsps: [REGULATOR],
  minRevealWindowSeconds: 600,
};

/** The default topology's roles (bid-record's and real-estate's). */
const ROLES = defaultRolesOf(DEPARTMENTS);

interface SeedResult {
  seeded: boolean;
  config: Record<string, unknown>;
}

function seedDir(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bid-record-seed-'));
  writeFileSync(path.join(dir, 'bidding-rules.json'), text);
  return dir;
}

/**
 * One UpdateConfig proposal by `proposer`, endorsed by every peer of `peers` with its own governance file
 * roles, validated against the configuration's key-level policy (nothing committed).
 */
async function validateUpdate(
  ledger: Ledger,
  proposer: string,
  peers: ReadonlyMap<string, GovernanceRoles>,
): Promise<EndorsedOutcome> {
  return validateEndorsed(ledger.ctx.world, CONFIG_KEY, proposer, [...peers.keys()], (peer, msp) =>
    withGovernance(DEPARTMENTS, () => ledger.contract.UpdateConfig(peer), peers.get(msp)),
  );
}

describe('bid-record configuration', () => {
  describe('roles from the governance file, bidding rules from the package', () => {
    it('reads the bidding rules from the package directory, beside dist/', () => {
      expect(SEED_DIR).to.match(/chaincode[/\\]bid-record[/\\]seed$/);
      expect(loadBiddingRules()).to.deep.equal({ minRevealWindowSeconds: 600 });
    });

    const broken: [string, string, RegExp][] = [
      [
        'unreadable JSON',
        '{',
        /^PRECONDITION_FAILED: this endorser's bid-record seed: bidding-rules.json is not valid JSON$/,
      ],
      [
        'a reveal window under a minute',
        '{"minRevealWindowSeconds":5}',
        /minRevealWindowSeconds must be an integer from 60 to 2592000$/,
      ],
      [
        'a role in the package (roles come from the governance file)',
        JSON.stringify({ minRevealWindowSeconds: 600, bidderKeyAuthorityMsps: [REGULATOR] }),
        /bidding-rules.json has unknown field "bidderKeyAuthorityMsps"$/,
      ],
    ];
    for (const [name, text, message] of broken) {
      it(`refuses a broken installation with PRECONDITION_FAILED (${name})`, () => {
        expect(() => loadBiddingRules(seedDir(text))).to.throw(message);
      });
    }

    it('ships no MSP id in the package seed', () => {
      expect(loadBiddingRules()).to.have.all.keys('minRevealWindowSeconds');
    });

    it('takes the departments and roles from the governance file, sorted, and the rules from the package', () => {
      const values = CONFIG.governed({
        departmentMsps: [...DEPARTMENTS].reverse(),
        roles: ROLES,
      });
      expect(values).to.deep.equal({
        departmentMsps: [...DEPARTMENTS].sort(),
        roles: [
          { role: 'bidderKeyAuthority', msps: [REGULATOR] },
          { role: 'regulator', msps: [REGULATOR] },
          { role: 'tradingCentre', msps: [TC2, TC1] },
        ],
        settings: { minRevealWindowSeconds: 600 },
      });
    });

    const missing: [string, GovernanceRoles, RegExp][] = [
      [
        'no trading centre',
        { ...ROLES, tradingCentre: [] },
        /^PRECONDITION_FAILED: this endorser's governance file must give role tradingCentre 1 to 64 department\(s\) \(it gives none\)$/,
      ],
      [
        'no bidder key authority',
        Object.fromEntries(Object.entries(ROLES).filter(([role]) => role !== 'bidderKeyAuthority')),
        /^PRECONDITION_FAILED: this endorser's governance file must give role bidderKeyAuthority 1 to 64 department\(s\) \(it gives none\)$/,
      ],
    ];
    for (const [name, roles, message] of missing) {
      it(`refuses a governance file with ${name}: PRECONDITION_FAILED naming the role, nothing written`, async () => {
        const ledger = emptyLedger();
        await expectRefused(
          ledger,
          withGovernance(DEPARTMENTS, () => ledger.ctx.submit(() => ledger.contract.SeedConfig(ledger.ctx)), roles),
          message,
        );
      });
    }

    it('needs no regulator: the role is optional', () => {
      const roles = Object.fromEntries(Object.entries(ROLES).filter(([role]) => role !== 'regulator'));
      const values = CONFIG.governed({ departmentMsps: DEPARTMENTS, roles });
      expect(values.roles.map((assignment) => assignment.role)).to.deep.equal(['bidderKeyAuthority', 'tradingCentre']);
    });

    it('names each difference: departments, roles, rules', () => {
      const stored = CONFIG.governed({
        departmentMsps: ['A', 'B', 'C'],
        roles: { tradingCentre: ['A'], bidderKeyAuthority: ['B'] },
      });
      const mine = CONFIG.governed({
        departmentMsps: ['A', 'B', 'D'],
        roles: { tradingCentre: ['A', 'D'], bidderKeyAuthority: ['B'], regulator: ['D'] },
      });
      expect(roleDifferences(stored, mine)).to.deep.equal([
        'departmentMsps lacks D and has C in addition',
        'role regulator lacks D',
        'role tradingCentre lacks D',
      ]);
      expect(roleDifferences(stored, { ...stored, settings: { minRevealWindowSeconds: 60 } })).to.deep.equal([
        'minRevealWindowSeconds is 600, not 60',
      ]);
      expect(roleDifferences(stored, stored)).to.deep.equal([]);
    });
  });

  describe('SeedConfig', () => {
    it('takes no arguments: a caller cannot choose the rules', () => {
      expect(BidRecordContract.prototype.SeedConfig.length).to.equal(1);
      expect(BidRecordContract.prototype.UpdateConfig.length).to.equal(1);
    });

    it('writes the governed configuration with a majority policy of the departments and emits an event', async () => {
      const ledger = emptyLedger();
      const { ctx } = ledger;
      const result = parse<SeedResult>(await seedConfig(ledger));
      const expected = {
        departmentMsps: [...DEPARTMENTS].sort(),
        ...GOVERNED,
        updatedAt: T0,
        updatedByMsp: 'PublicSecurityMSP',
        txId: ctx.txId,
      };
      expect(result).to.deep.equal({ seeded: true, config: expected });
      expect(ctx.world.text(CONFIG_KEY)).to.equal(canonicalJson(expected));
      const policy = decodeOrgsPolicy(ctx.world.validationParameters.get(CONFIG_KEY)!);
      expect(policy.n).to.equal(6);
      expect(policy.principals.map((p) => p.mspId)).to.deep.equal([...DEPARTMENTS].sort());
      expect(ctx.lastEvent()).to.deep.equal({
        name: 'BidRecordConfigSeeded',
        payload: {
          departmentMsps: expected.departmentMsps,
          ...GOVERNED,
          txId: ctx.txId,
        },
      });
    });

    it('writes nothing and answers seeded: false when the stored configuration agrees', async () => {
      const ledger = await configuredLedger();
      const before = ledger.ctx.world.dump();
      const result = parse<SeedResult>(await seedConfig(ledger, [...DEPARTMENTS].reverse(), OTHER));
      expect(result.seeded).to.equal(false);
      expect(result.config.updatedByMsp).to.equal('PublicSecurityMSP');
      ledger.ctx.assertNothingWritten();
      expect(ledger.ctx.world.dump()).to.equal(before);
    });

    it('refuses with CONFLICT naming the differences when the stored configuration differs', async () => {
      const ledger = await configuredLedger();
      const mine = [...DEPARTMENTS.filter((msp) => msp !== 'HealthMSP'), 'TradingCenter3MSP'];
      await expectRefused(
        ledger,
        withGovernance(mine, () => ledger.ctx.submit(() => ledger.contract.SeedConfig(ledger.ctx), { mspId: OTHER })),
        /^CONFLICT: the stored bid-record configuration differs from this endorser's governance: departmentMsps lacks TradingCenter3MSP and has HealthMSP in addition$/,
      );
    });

    it('refuses with CONFLICT naming the role when the stored trading centres differ', async () => {
      const ledger = await configuredLedger();
      await expectRefused(
        ledger,
        withGovernance(
          DEPARTMENTS,
          () => ledger.ctx.submit(() => ledger.contract.SeedConfig(ledger.ctx), { mspId: OTHER }),
          { ...ROLES, tradingCentre: [TC1] },
        ),
        /^CONFLICT: the stored bid-record configuration differs from this endorser's governance: role tradingCentre has TradingCenter2MSP in addition$/,
      );
    });

    it('refuses a caller outside the governed departments, and an endorser without a governance file', async () => {
      const ledger = emptyLedger();
      await expectRefused(
        ledger,
        withGovernance([TC1, REGULATOR, 'TaxMSP'], () =>
          ledger.ctx.submit(() => ledger.contract.SeedConfig(ledger.ctx), { mspId: 'HealthMSP' }),
        ),
        /^FORBIDDEN: HealthMSP may not seed the bid-record configuration \(not a governed department\)$/,
      );
      await expectRefused(
        ledger,
        withGovernance(undefined, () => ledger.ctx.submit(() => ledger.contract.SeedConfig(ledger.ctx))),
        /^PRECONDITION_FAILED: this endorser has no governance file/,
      );
    });
  });

  describe('UpdateConfig', () => {
    it('writes this endorser’s governed configuration when it changed, with the majority policy of the new departments', async () => {
      const { ctx, contract } = await configuredLedger();
      const departments = [...DEPARTMENTS, 'TradingCenter3MSP'];
      const roles = { ...ROLES, tradingCentre: [TC1, TC2, 'TradingCenter3MSP'] };
      const result = parse<{ updated: boolean; config: { departmentMsps: string[]; tradingCentreMsps: string[] } }>(
        await withGovernance(departments, () => ctx.submit(() => contract.UpdateConfig(ctx), { mspId: OTHER }), roles),
      );
      expect(result.updated).to.equal(true);
      expect(result.config.departmentMsps).to.deep.equal([...departments].sort());
      expect(result.config.tradingCentreMsps).to.deep.equal([TC2, 'TradingCenter3MSP', TC1]);
      expect(decodeOrgsPolicy(ctx.world.validationParameters.get(CONFIG_KEY)!).n).to.equal(6);
      expect(describePolicy(ctx.world.validationParameters.get(CONFIG_KEY)!)).to.match(/^OutOf\(6, /);
      expect(ctx.lastEvent()?.name).to.equal('BidRecordConfigUpdated');
    });

    it('writes nothing when nothing changed', async () => {
      const ledger = await configuredLedger();
      const result = parse<{ updated: boolean }>(
        await withGovernance(DEPARTMENTS, () =>
          ledger.ctx.submit(() => ledger.contract.UpdateConfig(ledger.ctx), { mspId: OTHER }),
        ),
      );
      expect(result.updated).to.equal(false);
      ledger.ctx.assertNothingWritten();
    });

    it('cannot move a role on one department’s word: its peer alone does not satisfy the key-level majority', async () => {
      const ledger = await configuredLedger();
      // TC1's operator rewrites its own governance file to be the only trading centre; every other peer
      // keeps the consortium's file, computes "nothing changed" and writes nothing.
      const rogue = { ...ROLES, tradingCentre: [TC1] };
      const peers = new Map<string, GovernanceRoles>([
        [TC1, rogue],
        ...DEPARTMENTS.filter((msp) => msp !== TC1).map((msp) => [msp, ROLES] as const),
      ]);
      expect(await validateUpdate(ledger, TC1, peers)).to.deep.equal({ valid: false, agreeing: 1 });
      // Five of ten peers agreeing is not a majority either.
      const five = new Map([...peers].map(([msp, roles], index) => [msp, index < 5 ? rogue : roles]));
      expect(await validateUpdate(ledger, TC1, five)).to.deep.equal({ valid: false, agreeing: 5 });
      // Six (a majority) holding the new file move the role.
      const six = new Map([...peers].map(([msp, roles], index) => [msp, index < 6 ? rogue : roles]));
      expect(await validateUpdate(ledger, TC1, six)).to.deep.equal({ valid: true, agreeing: 6 });
      // Nothing was committed by the simulations.
      expect(
        parse<{ tradingCentreMsps: string[] }>(await ledger.ctx.evaluate(() => ledger.contract.GetConfig(ledger.ctx)))
          .tradingCentreMsps,
      ).to.deep.equal([TC2, TC1]);
    });

    it('refuses a caller that is not a department, and works only once seeded', async () => {
      const ledger = await configuredLedger();
      await expectRefused(
        ledger,
        withGovernance(DEPARTMENTS, () =>
          ledger.ctx.submit(() => ledger.contract.UpdateConfig(ledger.ctx), { mspId: 'StrangerMSP' }),
        ),
        /^FORBIDDEN: StrangerMSP may not change the bid-record configuration \(not a department\)$/,
      );
      const empty = emptyLedger();
      await expectRefused(
        empty,
        withGovernance(DEPARTMENTS, () => empty.ctx.submit(() => empty.contract.UpdateConfig(empty.ctx))),
        /^PRECONDITION_FAILED: the bid-record configuration is not seeded; call SeedConfig first$/,
      );
    });
  });

  it('GetConfig returns the configuration; before seeding PRECONDITION_FAILED', async () => {
    const { ctx, contract } = await configuredLedger();
    expect(
      parse<{ regulatorMsps: string[] }>(await ctx.evaluate(() => contract.GetConfig(ctx))).regulatorMsps,
    ).to.deep.equal([REGULATOR]);
    const empty = emptyLedger();
    await expect(empty.ctx.evaluate(() => empty.contract.GetConfig(empty.ctx))).to.be.rejectedWith(
      /^PRECONDITION_FAILED/,
    );
  });
});
