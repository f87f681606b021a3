import { expect } from 'chai';
import * as path from 'node:path';
import { listProfiles, loadTopology, parseTopology } from '@govchain/network';

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
    expect(t.orderer).to.include({ mspId: 'InfoCenterMSP', nodes: 3 });
    expect(t.channel).to.equal('govchannel');
    expect(t.chaincodes.map((c) => c.name)).to.include.members(['e-license', 'control']);
  });

  it('loads the small profile with fewer departments and one orderer', function () {
    const t = loadTopology(ROOT, 'small');
    expect(t.departments.length).to.be.lessThan(9);
    expect(t.orderer.nodes).to.equal(1);
  });

  it('lists the shipped profiles', function () {
    expect(listProfiles(ROOT)).to.include.members(['default', 'small']);
  });

  it('refuses an unknown profile, naming the known ones', function () {
    expect(() => loadTopology(ROOT, 'nope')).to.throw(/unknown topology 'nope'.*default.*small/);
  });

  it('parses defaults for optional settings', function () {
    const t = parseTopology(MINIMAL, 't.yaml');
    expect(t.basePort).to.equal(7000);
    expect(t.orderer.batchTimeout).to.equal('250ms');
    expect(t.chaincodes[0]?.endorsement).to.deep.equal({ outOf: 2 });
    expect(t.chaincodes[0]?.collections).to.deep.equal([]);
  });

  const broken: [string, string, RegExp][] = [
    ['invalid YAML', 'name: [', /not valid YAML/],
    [
      'no departments',
      MINIMAL.replace(/departments:[\s\S]*?chaincodes:/, 'departments: []\nchaincodes:'),
      /'departments' must be a non-empty list/,
    ],
    ['a duplicate department key', MINIMAL.replace('key: health', 'key: tax'), /department key 'tax' appears twice/],
    ['a duplicate MSP id', MINIMAL.replace('mspId: HealthMSP', 'mspId: TaxMSP'), /MSP id 'TaxMSP' appears twice/],
    [
      'an MSP id without the MSP suffix',
      MINIMAL.replace('mspId: TaxMSP', 'mspId: Tax'),
      /'mspId' value 'Tax' does not match/,
    ],
    [
      'more endorsers than departments',
      MINIMAL.replace('outOf: 2', 'outOf: 3'),
      /'outOf' must be a whole number from 1 to 2/,
    ],
    ['a bad duration', MINIMAL.replace('nodes: 1 }', 'nodes: 1, batchTimeout: soon }'), /'batchTimeout' value 'soon'/],
    ['too many orderers', MINIMAL.replace('nodes: 1', 'nodes: 10'), /'nodes' must be a whole number from 1 to 9/],
  ];
  for (const [what, text, message] of broken) {
    it(`refuses ${what} with one line naming the file and field`, function () {
      expect(() => parseTopology(text, 'bad.yaml'))
        .to.throw(/^topology bad\.yaml: /)
        .with.property('message')
        .that.matches(message)
        .and.does.not.include('\n');
    });
  }
});
