import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { layoutFor, parseTopology, pathsFor, planChaincode, type Layout } from '@govchain/network';

const TOPOLOGY = (outOf: number): string => `
name: t
channel: govchannel
domain: gov.local
orderer: { org: InfoCenter, mspId: InfoCenterMSP, name: Information Centre, nodes: 1 }
departments:
  - { key: tax, org: Tax, mspId: TaxMSP, name: Tax Bureau }
  - { key: health, org: Health, mspId: HealthMSP, name: Health Commission }
chaincodes:
  - { name: demo, path: chaincode/demo, endorsement: { outOf: ${outOf} } }
`;

describe('chaincode deployment plan', function () {
  let root: string;
  const layout = (outOf = 2): Layout =>
    layoutFor(parseTopology(TOPOLOGY(outOf), 't.yaml'), pathsFor(root, path.join(root, 'home')));
  const version = (outOf = 2): string => planChaincode(layout(outOf), layout(outOf).topology.chaincodes[0]!).version;

  beforeEach(function () {
    root = mkdtempSync(path.join(os.tmpdir(), 'govchain-plan-'));
    mkdirSync(path.join(root, 'chaincode', 'demo', 'dist'), { recursive: true });
    writeFileSync(
      path.join(root, 'chaincode', 'demo', 'package.json'),
      '{"name":"demo","version":"1.2.3","main":"dist/index.js"}',
    );
    writeFileSync(path.join(root, 'chaincode', 'demo', 'dist', 'index.js'), 'module.exports = 1;\n');
  });

  afterEach(function () {
    rmSync(root, { recursive: true, force: true });
  });

  it('derives the same version and label from the same code', function () {
    const plan = planChaincode(layout(), layout().topology.chaincodes[0]!);
    expect(plan.version).to.match(/^1\.2\.3-[0-9a-f]{12}\.[0-9a-f]{8}$/);
    expect(plan.label).to.equal(`demo_${plan.version.slice('1.2.3-'.length, -'.12345678'.length)}`);
    expect(version()).to.equal(plan.version);
  });

  it('derives a new version when the built code changes, so network:up commits a new sequence', function () {
    const before = version();
    writeFileSync(path.join(root, 'chaincode', 'demo', 'dist', 'index.js'), 'module.exports = 2;\n');
    expect(version()).to.not.equal(before);
  });

  it('derives a new version when the contract metadata (META-INF) changes, which the server reads at start', function () {
    const metaInf = path.join(root, 'chaincode', 'demo', 'META-INF');
    const before = version();
    mkdirSync(metaInf);
    writeFileSync(path.join(metaInf, 'metadata.json'), '{"info":{"title":"demo","version":"1.2.3"}}\n');
    const withFile = version();
    writeFileSync(path.join(metaInf, 'metadata.json'), '{"info":{"title":"demo","version":"1.2.4"}}\n');
    expect(withFile).to.not.equal(before);
    expect(version()).to.not.equal(withFile);
  });

  it('derives a new version but the same package label when the endorsement policy changes', function () {
    expect(version(1)).to.not.equal(version(2));
    const label = (outOf: number): string => planChaincode(layout(outOf), layout(outOf).topology.chaincodes[0]!).label;
    expect(label(1)).to.equal(label(2));
  });

  it('refuses a chaincode that has not been built', function () {
    rmSync(path.join(root, 'chaincode', 'demo', 'dist'), { recursive: true });
    expect(() => planChaincode(layout(), layout().topology.chaincodes[0]!)).to.throw(
      /dist\/index\.js is missing; run npm run build/,
    );
  });
});
