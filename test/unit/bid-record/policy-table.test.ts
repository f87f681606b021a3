import * as path from 'node:path';
import {
  BIDDER_A,
  BIDDER_B,
  FP,
  GUARANTOR,
  OPENING,
  REGULATOR,
  T0,
  TC1,
  TC2,
  after,
  awarded,
  configuredLedger,
  expect,
  type Ledger,
} from './fixtures';
import { codeSpans, markdownTable } from '../../support';
import { SEED_DIR, projectKey } from '@govchain/bid-record';
import {
  describePolicy,
  jointOwnersPolicy,
  majorityOfOrgsPolicy,
  ownerAndOtherPolicy,
} from '@govchain/chaincode-common';

/** One row of the README's "Key-level policies" table. */
interface PolicyRow {
  readonly prefix: string;
  readonly policy: string;
}

/**
 * Reads the table of the README section "Key-level policies": the key prefix is the first code span of the
 * first column, the policy the first code span of the third (or the words "chaincode-level").
 *
 * @returns the rows
 */
function readPolicyTable(): PolicyRow[] {
  return markdownTable(path.join(SEED_DIR, '..', 'README.md'), 'Key-level policies').map((cells) => {
    const prefix = codeSpans(cells[0])[0];
    const policyCell = cells[2] ?? '';
    const policy = policyCell.startsWith('chaincode-level') ? 'chaincode-level' : codeSpans(policyCell)[0];
    if (prefix === undefined || policy === undefined) {
      throw new Error(`cannot read the policy table row: ${cells.join(' | ')}`);
    }
    return { prefix, policy };
  });
}

/** The key prefix of a state key: its composite-key object type, or the plain key. */
function prefixOf(key: string): string {
  return key.startsWith('\u0000') ? (key.split('\u0000')[1] ?? '') : key;
}

/**
 * Evaluates a README policy formula for one record.
 *
 * @param formula - e.g. `AND(centreMsp, OutOf(1, other departments))`
 * @param record - the record at the key
 * @param ledger - the ledger (for `project.…` fields and the departments)
 * @returns the policy as describePolicy renders it, or undefined for the chaincode-level policy
 */
function expectedPolicy(formula: string, record: Record<string, unknown>, ledger: Ledger): string | undefined {
  const config = ledger.ctx.world.json('config') as { departmentMsps: string[] };
  const field = (name: string): string => {
    if (name.startsWith('project.')) {
      const project = ledger.ctx.world.json(projectKey(ledger.ctx, String(record.projectId))) as Record<
        string,
        unknown
      >;
      return String(project[name.slice('project.'.length)]);
    }
    const value = record[name];
    if (typeof value !== 'string') {
      throw new Error(`the record has no field ${name}`);
    }
    return value;
  };
  if (formula === 'chaincode-level') {
    return undefined;
  }
  if (formula === 'OutOf(majority, departmentMsps)') {
    return describePolicy(majorityOfOrgsPolicy(config.departmentMsps));
  }
  const owned = /^AND\((\w+), OutOf\(1, other departments\)\)$/.exec(formula);
  if (owned !== null) {
    return describePolicy(ownerAndOtherPolicy(field(owned[1] ?? ''), config.departmentMsps));
  }
  const joint = /^AND\(([\w.]+), ([\w.]+)\)$/.exec(formula);
  if (joint !== null) {
    return describePolicy(jointOwnersPolicy(field(joint[1] ?? ''), field(joint[2] ?? ''), config.departmentMsps));
  }
  throw new Error(`the README names a policy the test cannot read: ${formula}`);
}

/**
 * Drives every kind of write on one ledger: configuration, bidder keys, a project with bids through both
 * centres (one through the publisher itself), a guarantee, closing, opening, evaluation, award (WIN
 * credit), evidence, a violation and a blacklisting.
 *
 * @returns the ledger
 */
async function everyWrite(): Promise<Ledger> {
  const ledger = await configuredLedger();
  const { ctx, contract } = ledger;
  await awarded(ledger, async () => {
    await ctx.submit(
      () =>
        contract.IssueGuarantee(
          ctx,
          JSON.stringify({
            guaranteeId: 'G-B',
            projectId: 'P-1',
            bidderCode: BIDDER_B,
            guarantorCode: GUARANTOR,
            guarantorName: 'Guarantor',
            amount: 100,
            rateBasisPoints: 20,
            fingerprint: FP,
          }),
        ),
      { mspId: TC2, time: after(T0, 5) },
    );
  });
  const later = after(OPENING, 10 * 86_400_000);
  const evidence = { step: 'OTHER', fingerprint: FP, mediaType: 'application/pdf', size: 1, storageUri: 'https://x/y' };
  await ctx.submit(() => contract.RecordEvidence(ctx, 'P-1', JSON.stringify(evidence)), {
    mspId: 'TaxMSP',
    time: later,
  });
  await ctx.submit(() => contract.RecordViolation(ctx, BIDDER_A, 'P-1', 'BID_RIGGING', FP), {
    mspId: REGULATOR,
    time: after(later, 1000),
    transient: { requestId: 'violation-0001' },
  });
  await ctx.submit(() => contract.BlacklistBidder(ctx, BIDDER_A, 'BID_RIGGING', after(later, 86_400_000), ''), {
    mspId: TC1,
    time: after(later, 2000),
  });
  return ledger;
}

describe('bid-record README: the key-level policy table', () => {
  const rows = readPolicyTable();

  it('lists each key prefix once', () => {
    const prefixes = rows.map((row) => row.prefix);
    expect(prefixes).to.have.length.greaterThan(8);
    expect(new Set(prefixes).size).to.equal(prefixes.length);
  });

  it('matches the policy the chaincode sets on every key it writes, and every row is exercised', async () => {
    const ledger = await everyWrite();
    const seen = new Set<string>();
    const policies = ledger.ctx.world.validationParameters;
    const jointBids = new Set<string>();
    for (const key of ledger.ctx.world.state.keys()) {
      const prefix = prefixOf(key);
      const row = rows.find((candidate) => candidate.prefix === prefix);
      expect(row, `README lists no policy for key prefix ${prefix}`).to.not.equal(undefined);
      const record = row!.policy === 'chaincode-level' ? {} : (ledger.ctx.world.json(key) as Record<string, unknown>);
      const expected = expectedPolicy(row!.policy, record, ledger);
      const actual = policies.get(key);
      expect(actual === undefined ? undefined : describePolicy(actual), `policy of ${prefix} key ${key}`).to.equal(
        expected,
      );
      if (expected !== undefined) {
        expect(expected, `${prefix} must not be owned by one department alone`).to.match(/^(AND|OutOf)\(/);
        expect(expected).to.not.match(/^OutOf\(1, '[^']+'\)$/);
      }
      if (prefix === 'bid' && record.submittedByMsp !== TC1) {
        jointBids.add(key);
      }
      seen.add(prefix);
    }
    expect([...seen].sort()).to.deep.equal(rows.map((row) => row.prefix).sort());
    expect(jointBids.size, 'a bid another centre submitted').to.be.greaterThan(0);
  });
});
