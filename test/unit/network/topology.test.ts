import { expect } from 'chai';
import * as path from 'node:path';
import { clerkRolesOf, listProfiles, loadTopology, parseTopology } from '@govchain/network';
import { CLERK_ROLES } from '@govchain/protocol';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const MINIMAL = `
name: t
channel: govchannel
domain: gov.local
orderer: { org: InfoCenter, mspId: InfoCenterMSP, name: Information Centre, nodes: 1 }
departments:
  - { key: tax, org: Tax, mspId: TaxMSP, name: Tax Bureau }
  - { key: health, org: Health, mspId: HealthMSP, name: Health Commission }
chaincodes:
  - { name: control, path: chaincode/control, endorsement: { outOf: 2 } }
`;

const BFT = `
name: t
channel: govchannel
domain: gov.local
consensus: bft
orderer: {
  organizations: [
    { org: InfoCenter, mspId: InfoCenterMSP, name: Information Centre, nodes: 3 },
    { org: TaxOrderer, mspId: TaxOrdererMSP, name: Tax Bureau (ordering), department: tax },
  ] }
departments:
  - { key: tax, org: Tax, mspId: TaxMSP, name: Tax Bureau }
  - { key: health, org: Health, mspId: HealthMSP, name: Health Commission }
`;

describe('topology', function () {
  it('loads the default profile: nine departments, three Raft orderers, the shared chaincodes', function () {
    const t = loadTopology(ROOT, 'default');
    expect(t.departments.map((d) => d.mspId)).to.deep.equal([
      'PublicSecurityMSP',
      'CivilAffairsMSP',
      'MarketRegulationMSP',
      'RealEstateMSP',
      'NaturalResourcesMSP',
      'TaxMSP',
      'ProvidentFundMSP',
      'HealthMSP',
      'TradingCenterMSP',
      'TradingCenter2MSP',
    ]);
    expect(t.consensus).to.equal('raft');
    expect(JSON.parse(JSON.stringify(t.orderer.organizations))).to.deep.equal([
      { org: 'InfoCenter', mspId: 'InfoCenterMSP', name: 'Information Centre', nodes: 3 },
    ]);
    expect(t.channel).to.equal('govchannel');
    expect(t.chaincodes.map((c) => c.name)).to.include.members(['e-license', 'control']);
  });

  it('loads the small profile with fewer departments and one orderer', function () {
    const t = loadTopology(ROOT, 'small');
    expect(t.departments.length).to.be.lessThan(9);
    expect(t.orderer.organizations.map((o) => o.nodes)).to.deep.equal([1]);
  });

  it('loads the bft profile: the default departments, four SmartBFT orderers of four organizations', function () {
    const bft = loadTopology(ROOT, 'bft');
    const raft = loadTopology(ROOT, 'default');
    expect(bft.consensus).to.equal('bft');
    expect(bft.departments).to.deep.equal(raft.departments);
    expect(bft.chaincodes).to.deep.equal(raft.chaincodes);
    const orgs = bft.orderer.organizations;
    expect(orgs.map((o) => o.nodes)).to.deep.equal([1, 1, 1, 1]);
    expect(new Set(orgs.map((o) => o.mspId)).size).to.equal(4);
    // The Information Centre and three departments, each through its own ordering organization.
    expect(orgs.map((o) => o.department)).to.deep.equal([
      undefined,
      'public-security',
      'market-regulation',
      'real-estate',
    ]);
    expect(orgs.map((o) => o.mspId)).to.deep.equal([
      'InfoCenterMSP',
      'PublicSecurityOrdererMSP',
      'MarketRegulationOrdererMSP',
      'RealEstateOrdererMSP',
    ]);
  });

  it('lists the shipped profiles', function () {
    expect(listProfiles(ROOT)).to.include.members(['bft', 'default', 'small']);
  });

  it('refuses an unknown profile, naming the known ones', function () {
    expect(() => loadTopology(ROOT, 'nope')).to.throw(/unknown topology 'nope'.*bft.*default.*small/);
  });

  it('parses defaults for optional settings', function () {
    const t = parseTopology(MINIMAL, 't.yaml');
    expect(t.basePort).to.equal(7000);
    expect(t.consensus).to.equal('raft');
    expect(t.orderer.batchTimeout).to.equal('250ms');
    expect(t.chaincodes[0]?.endorsement).to.deep.equal({ outOf: 2 });
    expect(t.chaincodes[0]?.collections).to.deep.equal([]);
  });

  it('parses orderer organizations run by departments, one orderer each unless told', function () {
    const t = parseTopology(BFT, 't.yaml');
    expect(t.consensus).to.equal('bft');
    expect(JSON.parse(JSON.stringify(t.orderer.organizations))).to.deep.equal([
      { org: 'InfoCenter', mspId: 'InfoCenterMSP', name: 'Information Centre', nodes: 3 },
      { org: 'TaxOrderer', mspId: 'TaxOrdererMSP', name: 'Tax Bureau (ordering)', nodes: 1, department: 'tax' },
    ]);
  });

  const broken: [string, string, RegExp][] = [
    ['invalid YAML', 'name: [', /not valid YAML/],
    [
      'no departments',
      MINIMAL.replace(/departments:[\s\S]*?chaincodes:/, 'departments: []\nchaincodes:'),
      /departments must have from 1 to 60 elements/,
    ],
    ['a duplicate department key', MINIMAL.replace('key: health', 'key: tax'), /department key 'tax' appears twice/],
    ['a duplicate MSP id', MINIMAL.replace('mspId: HealthMSP', 'mspId: TaxMSP'), /MSP id 'TaxMSP' appears twice/],
    [
      'an MSP id without the MSP suffix',
      MINIMAL.replace('mspId: TaxMSP', 'mspId: Tax'),
      /departments\[0\]\.mspId must be an MSP id ending in MSP/,
    ],
    [
      'more endorsers than departments',
      MINIMAL.replace('outOf: 2', 'outOf: 3'),
      /chaincode control: 'endorsement\.outOf' must be a whole number from 1 to 2/,
    ],
    [
      'a bad duration',
      MINIMAL.replace('nodes: 1 }', 'nodes: 1, batchTimeout: soon }'),
      /orderer\.batchTimeout must be a duration such as 250ms or 2s/,
    ],
    ['too many orderers', MINIMAL.replace('nodes: 1', 'nodes: 10'), /orderer\.nodes must be an integer from 1 to 9/],
    ['an unknown consensus', `consensus: pbft\n${MINIMAL}`, /consensus must be one of raft, bft/],
    [
      'bft with fewer than four orderers',
      `consensus: bft\n${MINIMAL.replace('nodes: 1', 'nodes: 3')}`,
      /consensus bft needs at least 4 orderers \(3f \+ 1 to tolerate f = 1 faulty one\), got 3/,
    ],
    [
      'an orderer organization run by an unknown department',
      BFT.replace('department: tax', 'department: police'),
      /orderer organization TaxOrderer: 'department' names unknown department 'police'/,
    ],
    [
      'an orderer organization that reuses a department MSP id',
      BFT.replace('mspId: TaxOrdererMSP', 'mspId: TaxMSP'),
      /MSP id 'TaxMSP' appears twice/,
    ],
    [
      'organizations beside an inline orderer organization',
      BFT.replace('orderer: {', 'orderer: { org: InfoCenter,'),
      /give either 'organizations' or an inline 'org', not both/,
    ],
    [
      'a secret in a bootstrap argument, which every block would record',
      MINIMAL.replace(
        'endorsement: { outOf: 2 } }',
        "endorsement: { outOf: 2 }, bootstrap: [{ function: SetKey, args: ['@secret:k'] }] }",
      ),
      /bootstrap call SetKey: 'args' may not hold a @secret: \(use 'transient'\)/,
    ],
    [
      'a collection endorsed by an MSP that is no department',
      MINIMAL.replace(
        'endorsement: { outOf: 2 } }',
        'endorsement: { outOf: 2 }, collections: [{ name: k, members: [TaxMSP], endorsedBy: [PublicSecurityMSP] }] }',
      ),
      /collection k: 'endorsedBy' names 'PublicSecurityMSP', which is no department's MSP id/,
    ],
    [
      'a collection member that is no department',
      MINIMAL.replace(
        'endorsement: { outOf: 2 } }',
        'endorsement: { outOf: 2 }, collections: [{ name: k, members: [OrgXMSP] }] }',
      ),
      /collection k: 'members' names 'OrgXMSP'/,
    ],
    [
      'a pushOnEndorsement that is not a boolean',
      MINIMAL.replace(
        'endorsement: { outOf: 2 } }',
        "endorsement: { outOf: 2 }, collections: [{ name: k, pushOnEndorsement: 'no' }] }",
      ),
      /pushOnEndorsement/,
    ],
    [
      'an empty endorsedBy',
      MINIMAL.replace(
        'endorsement: { outOf: 2 } }',
        'endorsement: { outOf: 2 }, collections: [{ name: k, endorsedBy: [] }] }',
      ),
      /collections\[0\]\.endorsedBy must be a non-empty list of MSP ids/,
    ],
    [
      'a bootstrap call endorsed by an unknown department',
      MINIMAL.replace(
        'endorsement: { outOf: 2 } }',
        'endorsement: { outOf: 2 }, bootstrap: [{ function: SetKey, endorsers: [police] }] }',
      ),
      /bootstrap call SetKey names unknown department 'police' in 'endorsers'/,
    ],
    [
      'a holder-reference grant limit of zero',
      `governance: { holderRefGrantsPerHour: 0 }\n${MINIMAL}`,
      /governance\.holderRefGrantsPerHour must be an integer from 1 to 1000000/,
    ],
    [
      'a clerk role that does not exist',
      MINIMAL.replace('name: Tax Bureau }', 'name: Tax Bureau, clerkRoles: [examiner, cashier] }'),
      /departments\[0\]\.clerkRoles item 1 must be a clerk role: issuer, examiner, attester, tenderOfficer, evaluator, supervisor, auditor/,
    ],
    [
      'an empty clerk role table',
      MINIMAL.replace('name: Tax Bureau }', 'name: Tax Bureau, clerkRoles: [] }'),
      /departments\[0\]\.clerkRoles/,
    ],
    [
      'an unknown governance setting',
      `governance: { grantsPerDay: 5 }\n${MINIMAL}`,
      /governance has unknown field "grantsPerDay"/,
    ],
    [
      'more orderers than the port layout has room for',
      BFT.replace('nodes: 3', 'nodes: 9'),
      /at most 9 orderers fit the port layout, got 10/,
    ],
  ];
  it('names every problem of a section at once, then every problem across sections', function () {
    const text = MINIMAL.replace('mspId: TaxMSP', 'mspId: Tax').replace('nodes: 1', 'nodes: 10');
    expect(() => parseTopology(text, 'bad.yaml')).to.throw(
      'topology bad.yaml: orderer.nodes must be an integer from 1 to 9; departments[0].mspId must be an MSP id ending in MSP, e.g. TaxMSP',
    );
    const across = MINIMAL.replace('key: health', 'key: tax').replace('outOf: 2', 'outOf: 3');
    expect(() => parseTopology(across, 'bad.yaml')).to.throw(
      "topology bad.yaml: department key 'tax' appears twice; chaincode control: 'endorsement.outOf' must be a whole number from 1 to 2",
    );
  });

  for (const [what, text, message] of broken) {
    it(`refuses ${what} with one line naming the file and field`, function () {
      expect(() => parseTopology(text, 'bad.yaml'))
        .to.throw(/^topology bad\.yaml: /)
        .with.property('message')
        .that.matches(message)
        .and.does.not.include('\n');
    });
  }

  it('gives a department its role table, or every clerk role when the topology sets none', () => {
    const topology = parseTopology(
      MINIMAL.replace('name: Tax Bureau }', 'name: Tax Bureau, clerkRoles: [auditor, examiner] }'),
      't.yaml',
    );
    expect(topology.departments.map(clerkRolesOf)).to.deep.equal([['examiner', 'auditor'], CLERK_ROLES]);
    const city = loadTopology(ROOT, 'default');
    expect(clerkRolesOf(city.departments.find((d) => d.key === 'tax')!)).to.deep.equal([
      'examiner',
      'attester',
      'supervisor',
      'auditor',
    ]);
  });
});
