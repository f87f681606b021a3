/**
 * The clerk-role matrix on the real network (issue 15, item 4): one clerk of each role, enrolled at its
 * department's CA, evaluates every transaction of each chaincode. A role the transaction allows gets past the
 * role check (whatever its empty arguments then meet); every other role is refused FORBIDDEN, naming the roles
 * the transaction needs. Only evaluated: nothing is written, whatever happens.
 */
import { expect } from 'chai';
import { evaluate, type GovchainConnection } from '@govchain/gateway-client';
import { currentLayout } from '@govchain/network';
import { ADMIN_ONLY, CLERK_ROLES, type ClerkRole, type ContractDescriptor } from '@govchain/protocol';
import { BID_RECORD_TRANSACTIONS } from '@govchain/protocol/bid-record';
import { E_LICENSE_TRANSACTIONS } from '@govchain/protocol/e-license';
import { REAL_ESTATE_TRANSACTIONS } from '@govchain/protocol/real-estate';
import { enrolledClerk } from './clerk-cli';
import { connectAs, ROOT } from './support';

/** A department whose role table holds the role (network/topologies/default.yaml). */
const HOLDER: Readonly<Record<ClerkRole, string>> = {
  issuer: 'public-security',
  examiner: 'public-security',
  attester: 'public-security',
  auditor: 'public-security',
  tenderOfficer: 'trading-center',
  evaluator: 'trading-center',
  supervisor: 'trading-center',
};

const CHAINCODES: readonly ContractDescriptor[] = [
  E_LICENSE_TRANSACTIONS,
  REAL_ESTATE_TRANSACTIONS,
  BID_RECORD_TRANSACTIONS,
];

describe('clerk roles on the real network: every transaction × every role', function () {
  this.timeout(600_000);
  const clerks = new Map<ClerkRole, GovchainConnection>();

  before(async function () {
    // A network made with GOVCHAIN_MEMBER_SERVICES=cryptogen has no CA and no clerks.
    if (currentLayout(ROOT).memberServices !== 'ca') this.skip();
    const names = await Promise.all(CLERK_ROLES.map((role) => enrolledClerk(HOLDER[role], role)));
    for (const [index, role] of CLERK_ROLES.entries()) {
      clerks.set(role, await connectAs(HOLDER[role], { clerk: names[index]! }));
    }
  });

  after(function () {
    for (const connection of clerks.values()) connection.close();
  });

  for (const chaincode of CHAINCODES) {
    it(`${chaincode.title}: each role passes the role check exactly where the role table allows`, async function () {
      const wrong: string[] = [];
      for (const [name, transaction] of Object.entries(chaincode.transactions)) {
        for (const role of CLERK_ROLES) {
          const allowed = transaction.clerkRoles !== ADMIN_ONLY && transaction.clerkRoles.includes(role);
          const contract = clerks.get(role)!.getContract(chaincode.title);
          const err = await evaluate(contract, name, { arguments: transaction.parameters.map(() => '') }).then(
            () => undefined,
            (e: unknown) => e as { code?: string; message?: string },
          );
          const refused = err?.code === 'FORBIDDEN' && (err.message ?? '').includes(`may not call ${name}: it needs `);
          if (allowed === refused) {
            wrong.push(`${name} as ${role}: ${allowed ? 'refused' : 'let through'} (${err?.code}: ${err?.message})`);
          }
        }
      }
      expect(wrong).to.deep.equal([]);
    });
  }
});
