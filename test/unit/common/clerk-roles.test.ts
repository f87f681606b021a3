import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GOVERNANCE_FILE_ENV, type GovchainContract, callerClerk } from '@govchain/chaincode-common';
import { BidRecordContract } from '@govchain/bid-record';
import { LicenseContract } from '@govchain/e-license';
import {
  ADMIN_ONLY,
  CLERK_ROLES,
  type ClerkAccess,
  type ClerkRole,
  type ContractDescriptor,
  parseClerkRoles,
} from '@govchain/protocol';
import { BID_RECORD_TRANSACTIONS } from '@govchain/protocol/bid-record';
import { E_LICENSE_TRANSACTIONS } from '@govchain/protocol/e-license';
import { REAL_ESTATE_TRANSACTIONS } from '@govchain/protocol/real-estate';
import { RealEstateContract } from '@govchain/real-estate';
import { common, peer } from '@hyperledger/fabric-protos';
import { TestContext, codeSpans, markdownTable } from '../../support';
import { CLERK_CERT, CLERK_NAMED_ADMIN_CERT, type ClerkCaller, actAs } from '../../support/clerks';
import { expect } from './setup';

const ROOT = path.resolve(__dirname, '../../../..');

/** The three chaincodes whose transactions check clerk roles, with their READMEs. */
const CHAINCODES: readonly {
  readonly contract: GovchainContract;
  readonly descriptor: ContractDescriptor;
  readonly readme: string;
}[] = [
  { contract: new LicenseContract(), descriptor: E_LICENSE_TRANSACTIONS, readme: 'chaincode/e-license/README.md' },
  {
    contract: new RealEstateContract(),
    descriptor: REAL_ESTATE_TRANSACTIONS,
    readme: 'chaincode/real-estate/README.md',
  },
  { contract: new BidRecordContract(), descriptor: BID_RECORD_TRANSACTIONS, readme: 'chaincode/bid-record/README.md' },
];

/** Every kind of caller the matrix tries: no role, each role alone, and an administrator. */
const CALLERS: readonly { readonly name: string; readonly caller: ClerkCaller; readonly role?: ClerkRole }[] = [
  { name: 'an identity without a role', caller: {} },
  ...CLERK_ROLES.map((role) => ({ name: `a clerk holding ${role}`, caller: { roles: role }, role })),
  { name: 'a department administrator', caller: { admin: true } },
];

function allowed(access: ClerkAccess, who: (typeof CALLERS)[number]): boolean {
  if (who.caller.admin === true) return true;
  return access !== ADMIN_ONLY && who.role !== undefined && access.includes(who.role);
}

/** A signed proposal, as fabric-shim decodes it, invoking `fn` of chaincode `name`. */
function proposalFor(name: string, fn: string): unknown {
  const extension = new peer.ChaincodeHeaderExtension();
  const id = new peer.ChaincodeID();
  id.setName(name);
  extension.setChaincodeId(id);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setExtension$(extension.serializeBinary());
  const input = new peer.ChaincodeInput();
  input.setArgsList([new TextEncoder().encode(fn)]);
  const spec = new peer.ChaincodeSpec();
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocation.serializeBinary());
  return { signature: new Uint8Array(), proposal: { header: { channelHeader }, payload } };
}

/** A context for calling `fn` now, as the caller, optionally inside another chaincode's transaction. */
function contextFor(fn: string, caller: ClerkCaller, proposal?: unknown): TestContext {
  const ctx = new TestContext({ mspId: 'TaxMSP', time: new Date().toISOString() });
  actAs(ctx, caller);
  ctx.stub.getFunctionAndParameters.returns({ fcn: fn, params: [] });
  if (proposal !== undefined) ctx.stub.getSignedProposal.returns(proposal as never);
  return ctx;
}

describe('clerk roles (ABAC)', () => {
  const saved = process.env[GOVERNANCE_FILE_ENV];
  const dir = mkdtempSync(path.join(tmpdir(), 'govchain-clerks-'));
  const governance = (enforce: boolean): string => {
    const file = path.join(dir, `governance-${String(enforce)}.json`);
    writeFileSync(file, JSON.stringify({ departmentMsps: ['HealthMSP', 'TaxMSP'], enforceClerkRoles: enforce }));
    return file;
  };
  const enforced = governance(true);
  const off = governance(false);
  beforeEach(() => {
    process.env[GOVERNANCE_FILE_ENV] = enforced;
  });
  after(() => {
    if (saved === undefined) Reflect.deleteProperty(process.env, GOVERNANCE_FILE_ENV);
    else process.env[GOVERNANCE_FILE_ENV] = saved;
  });

  describe('reading a caller', () => {
    it('reads the roles of the attribute, ignoring blanks and names that are not roles', () => {
      expect(parseClerkRoles('auditor, issuer,,bogus')).to.deep.equal({
        roles: ['issuer', 'auditor'],
        unknown: ['bogus'],
      });
      expect(parseClerkRoles(null)).to.deep.equal({ roles: [], unknown: [] });
    });

    it('takes only an organizational unit `admin` of the subject as an administrator', () => {
      const ctx = new TestContext();
      actAs(ctx, { admin: true });
      expect(callerClerk(ctx)).to.deep.equal({ roles: [], admin: true });
      actAs(ctx, { roles: 'issuer', cert: CLERK_CERT });
      expect(callerClerk(ctx)).to.deep.equal({ roles: ['issuer'], admin: false });
      actAs(ctx, { cert: CLERK_NAMED_ADMIN_CERT });
      expect(callerClerk(ctx).admin).to.equal(false);
      actAs(ctx, { cert: 'not a certificate' });
      expect(callerClerk(ctx).admin).to.equal(false);
    });
  });

  for (const { contract, descriptor, readme } of CHAINCODES) {
    describe(`${descriptor.title}: every transaction × every role`, () => {
      for (const [name, transaction] of Object.entries(descriptor.transactions)) {
        it(`${name}: ${transaction.clerkRoles === ADMIN_ONLY ? 'administrators only' : transaction.clerkRoles.join(', ')}`, async () => {
          for (const who of CALLERS) {
            const ctx = contextFor(`${descriptor.contract}:${name}`, who.caller);
            const run = contract.beforeTransaction(ctx);
            if (allowed(transaction.clerkRoles, who)) {
              await expect(run, who.name).to.be.fulfilled;
            } else {
              const missing =
                transaction.clerkRoles === ADMIN_ONLY
                  ? 'a department administrator'
                  : `role ${transaction.clerkRoles.join(' or ')}`;
              await expect(run, who.name).to.be.rejectedWith(
                `FORBIDDEN: TaxMSP identity may not call ${name}: it needs ${missing} (it holds ${who.role ?? 'no govchain.role'})`,
              );
            }
          }
        });
      }

      it('lets queries to any clerk, auditors included, and submissions never to an auditor alone', () => {
        for (const [name, transaction] of Object.entries(descriptor.transactions)) {
          if (transaction.submit) {
            expect(transaction.clerkRoles, name).to.not.include('auditor');
          } else {
            expect(transaction.clerkRoles, name).to.deep.equal(CLERK_ROLES);
          }
        }
      });

      it(`is the table "Clerk roles" of ${readme}`, () => {
        const rows = markdownTable(path.join(ROOT, readme), 'Clerk roles');
        const table: Record<string, string | undefined> = Object.fromEntries(
          rows.map(([name, roles]) => [codeSpans(name)[0] ?? '', roles]),
        );
        const expected = Object.fromEntries(
          Object.entries(descriptor.transactions).map(([name, t]) => [
            name,
            t.clerkRoles === ADMIN_ONLY
              ? 'department administrator'
              : t.submit
                ? t.clerkRoles.map((role) => `\`${role}\``).join(', ')
                : 'any clerk role',
          ]),
        );
        expect(table).to.deep.equal(expected);
      });
    });
  }

  it('checks nothing where the governance file does not enforce clerk roles (cryptogen identities)', async () => {
    process.env[GOVERNANCE_FILE_ENV] = off;
    const ctx = contextFor('LicenseContract:IssueLicense', {});
    await expect(new LicenseContract().beforeTransaction(ctx)).to.be.fulfilled;
  });

  it('refuses a function no descriptor lists to every clerk and administrator', async () => {
    for (const caller of [{ roles: CLERK_ROLES.join(',') }, { admin: true }]) {
      const ctx = contextFor('LicenseContract:NoSuchTransaction', caller);
      await expect(new LicenseContract().beforeTransaction(ctx)).to.be.rejectedWith(
        /^FORBIDDEN: TaxMSP identity may not call NoSuchTransaction: it needs a transaction no role may call/,
      );
    }
  });

  describe('inside another chaincode’s transaction', () => {
    const examiner: ClerkCaller = { roles: 'examiner' };

    it("lets real-estate's RegisterUnit issue the certificate through e-license with the examiner's role", async () => {
      const ctx = contextFor('IssueLicense', examiner, proposalFor('real-estate', 'RealEstateContract:RegisterUnit'));
      await expect(new LicenseContract().beforeTransaction(ctx)).to.be.fulfilled;
    });

    it("holds the caller's transaction to its own roles: an auditor's RegisterUnit issues nothing", async () => {
      const ctx = contextFor('IssueLicense', { roles: 'auditor' }, proposalFor('real-estate', 'RegisterUnit'));
      await expect(new LicenseContract().beforeTransaction(ctx)).to.be.rejectedWith(
        'FORBIDDEN: TaxMSP identity may not call real-estate RegisterUnit: it needs role examiner (it holds auditor)',
      );
    });

    it("falls back to e-license's own roles for a chaincode that is not a known caller, or an unknown function", async () => {
      for (const proposal of [proposalFor('rogue', 'RegisterUnit'), proposalFor('real-estate', 'NoSuchThing')]) {
        const ctx = contextFor('IssueLicense', examiner, proposal);
        await expect(new LicenseContract().beforeTransaction(ctx)).to.be.rejectedWith(
          /^FORBIDDEN: TaxMSP identity may not call IssueLicense: it needs role issuer/,
        );
      }
    });
  });
});
