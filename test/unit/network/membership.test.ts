import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  admissionProblems,
  applicationOrgs,
  governanceOf,
  layoutFor,
  loadTopology,
  majorityNeeded,
  pathsFor,
  readDepartmentFile,
  rolesDifferences,
  withApplicationOrgs,
  anyMemberPolicy,
  READER_ROLES,
  WRITER_ROLES,
  type Department,
  type Layout,
  type Membership,
} from '@govchain/network';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const EDUCATION_FILE = path.join(ROOT, 'network', 'departments', 'education.yaml');

function layoutWith(membership: Membership): Layout {
  return layoutFor(loadTopology(ROOT, 'default', membership), pathsFor(ROOT, '/tmp/govchain-unit-home'));
}

describe('a consortium that changes while it runs: membership', function () {
  const education = readDepartmentFile(EDUCATION_FILE);

  describe('the department file', function () {
    it('reads the shipped Education Bureau entry as a topology department', function () {
      expect(education).to.deep.include({ key: 'education', org: 'Education', mspId: 'EducationMSP' });
      expect(education.roles).to.deep.equal(['educationAuthority']);
    });

    it('refuses an entry that breaks the department rules, naming each problem', function () {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'govchain-dept-'));
      try {
        const file = path.join(dir, 'bad.yaml');
        writeFileSync(file, 'key: Bad Key\norg: education\nmspId: Education\nname: x\n');
        expect(() => readDepartmentFile(file)).to.throw(/department file .*bad\.yaml: .*key.*org.*mspId/s);
        writeFileSync(file, '{ not: yaml: at all');
        expect(() => readDepartmentFile(file)).to.throw(/department file .*bad\.yaml: /);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the topology with departments added and removed', function () {
    const base = layoutWith({ added: [], removed: [] });
    const grown = layoutWith({ added: [education], removed: [] });

    it('adds the department after the file’s, in the next port slot, with its CA ports after the others', function () {
      expect(grown.orgs.map((o) => o.department.key)).to.deep.equal([
        ...base.orgs.map((o) => o.department.key),
        'education',
      ]);
      const last = base.orgs.at(-1)!;
      expect(grown.orgs.at(-1)!.peer.port).to.equal(last.peer.port + 10);
      const caPorts = new Set(grown.cas.map((ca) => ca.port));
      expect(caPorts.size, 'no two CAs share a port').to.equal(grown.cas.length);
    });

    it('keeps every other department’s ports when one is removed', function () {
      const shrunk = layoutWith({ added: [education], removed: ['health'] });
      expect(shrunk.orgs.map((o) => o.department.key)).not.to.include('health');
      for (const org of shrunk.orgs) {
        const before = grown.orgs.find((o) => o.department.key === org.department.key)!;
        expect(org.peer.port, org.department.key).to.equal(before.peer.port);
        expect([...org.peer.chaincodeServerPorts]).to.deep.equal([...before.peer.chaincodeServerPorts]);
        const ca = (l: Layout): number | undefined => l.cas.find((c) => c.mspId === org.department.mspId)?.port;
        expect(ca(shrunk), org.department.key).to.equal(ca(grown));
      }
    });

    it('puts the new department and its role into the governance file', function () {
      const governance = governanceOf(grown);
      expect(governance.departmentMsps).to.include('EducationMSP').and.to.have.length(11);
      expect(governance.roles.educationAuthority).to.deep.equal(['EducationMSP']);
    });

    it('refuses a removal that a policy or collection still needs, as the topology check would', function () {
      expect(() => layoutWith({ added: [], removed: ['real-estate'] })).to.throw(
        /collection transferDetail: 'members' names 'RealEstateMSP', which is no department's MSP id/,
      );
    });

    it('refuses a department whose organization or MSP id another has', function () {
      const twin: Department = { ...education, key: 'education-2' };
      expect(() => layoutWith({ added: [education, twin], removed: [] })).to.throw(
        /organization 'Education' appears twice/,
      );
    });
  });

  describe('admission', function () {
    const base = layoutWith({ added: [], removed: [] });

    it('admits the Education Bureau to the default network', function () {
      expect(admissionProblems(base, { added: [], removed: [] }, education)).to.deep.equal([]);
    });

    it('refuses a one-holder role another department holds, but lets trading centres share theirs', function () {
      const registry: Department = { ...education, roles: ['propertyRegistry', 'tradingCentre'] };
      expect(admissionProblems(base, { added: [], removed: [] }, registry)).to.deep.equal([
        'role propertyRegistry has one holder, and real-estate holds it',
      ]);
    });

    it('never gives a removed key again', function () {
      expect(admissionProblems(base, { added: [education], removed: ['education'] }, education)).to.deep.equal([
        "department 'education' was removed from this network; a removed key is not used again",
      ]);
    });
  });

  describe('the channel’s organizations', function () {
    const config = {
      channel_group: {
        groups: { Application: { groups: { AMSP: { a: 1 }, BMSP: { b: 1 }, CMSP: { c: 1 } } }, Orderer: {} },
      },
    };

    it('adds and takes out organizations of the Application group only, leaving the original as it was', function () {
      const updated = withApplicationOrgs(config, { DMSP: { d: 1 } }, ['BMSP']);
      expect(applicationOrgs(updated)).to.deep.equal(['AMSP', 'CMSP', 'DMSP']);
      expect(applicationOrgs(config)).to.deep.equal(['AMSP', 'BMSP', 'CMSP']);
      expect((updated as typeof config).channel_group.groups.Orderer).to.deep.equal({});
    });

    it('rewrites the Application Readers and Writers signature policies over the organizations it then has', function () {
      type Policies = Record<string, { mod_policy: string; policy: { type: number; value: unknown }; version: string }>;
      const signed = (policy: unknown): Policies[string] => ({
        mod_policy: 'Admins',
        policy: { type: 1, value: policy },
        version: '3',
      });
      const withPolicies = {
        channel_group: {
          groups: {
            Application: {
              groups: { AMSP: {}, BMSP: {} },
              policies: {
                Readers: signed(anyMemberPolicy(['AMSP', 'BMSP'], READER_ROLES)),
                Writers: signed(anyMemberPolicy(['AMSP', 'BMSP'], WRITER_ROLES)),
                Admins: {
                  mod_policy: 'Admins',
                  policy: { type: 3, value: { rule: 'MAJORITY', sub_policy: 'Admins' } },
                },
              },
            },
          },
        },
      };
      const policiesOf = (c: unknown): Policies =>
        (c as { channel_group: { groups: { Application: { policies: Policies } } } }).channel_group.groups.Application
          .policies;
      const updated = policiesOf(withApplicationOrgs(withPolicies, { CMSP: {} }, ['AMSP']));
      expect(updated.Readers).to.deep.equal(signed(anyMemberPolicy(['BMSP', 'CMSP'], READER_ROLES)));
      expect(updated.Writers).to.deep.equal(signed(anyMemberPolicy(['BMSP', 'CMSP'], WRITER_ROLES)));
      expect(updated.Admins).to.deep.equal(policiesOf(withPolicies).Admins);
      expect(policiesOf(withPolicies).Readers).to.deep.equal(signed(anyMemberPolicy(['AMSP', 'BMSP'], READER_ROLES)));
    });

    it('leaves implicit Readers and Writers of an older channel as they are: they follow the organizations', function () {
      const implicit = { mod_policy: 'Admins', policy: { type: 3, value: { rule: 'ANY', sub_policy: 'Readers' } } };
      const older = {
        channel_group: { groups: { Application: { groups: { AMSP: {} }, policies: { Readers: implicit } } } },
      };
      const updated = withApplicationOrgs(older, { BMSP: {} }, []) as typeof older;
      expect(updated.channel_group.groups.Application.policies.Readers).to.deep.equal(implicit);
    });

    it('encodes a signature policy as configtxlator does: one principal per role, one of them signs', function () {
      expect(anyMemberPolicy(['AMSP'], WRITER_ROLES)).to.deep.equal({
        identities: [
          { principal: { msp_identifier: 'AMSP', role: 'ADMIN' }, principal_classification: 'ROLE' },
          { principal: { msp_identifier: 'AMSP', role: 'CLIENT' }, principal_classification: 'ROLE' },
        ],
        rule: { n_out_of: { n: 1, rules: [{ signed_by: 0 }, { signed_by: 1 }] } },
        version: 0,
      });
    });

    it('needs more than half of the organizations’ admins (MAJORITY Admins)', function () {
      expect([1, 2, 3, 10, 11].map(majorityNeeded)).to.deep.equal([1, 2, 2, 6, 6]);
    });
  });

  describe('on-ledger governance', function () {
    const governance = governanceOf(layoutWith({ added: [education], removed: [] }));

    it('finds no difference where the stored configuration matches the governance file', function () {
      const stored = {
        departmentMsps: governance.departmentMsps,
        roles: [{ role: 'propertyRegistry', msps: ['RealEstateMSP'] }],
        tradingCentreMsps: ['TradingCenterMSP', 'TradingCenter2MSP'],
      };
      expect(rolesDifferences(stored, governance)).to.deep.equal([]);
    });

    it('names the departments and each role that differ, in both shapes of role configuration', function () {
      const stored = {
        departmentMsps: governance.departmentMsps.filter((m) => m !== 'EducationMSP'),
        roles: [{ role: 'propertyRegistry', msps: ['TaxMSP'] }],
        regulatorMsps: [],
      };
      expect(rolesDifferences(stored, governance)).to.deep.equal([
        'departmentMsps',
        'propertyRegistry',
        'regulatorMsps',
      ]);
    });
  });
});
