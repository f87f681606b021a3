import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { TOPOLOGY_SCHEMA_FILE, listProfiles, parseTopology, topologySchema } from '@govchain/network';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('the published topology schema', function () {
  const published = JSON.parse(readFileSync(path.join(ROOT, TOPOLOGY_SCHEMA_FILE), 'utf8')) as Record<string, unknown>;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(published);

  it('is the schema the topology classes generate (run npm run schema:topology after changing them)', function () {
    expect(published).to.deep.equal(topologySchema());
  });

  it('accepts every shipped topology, which network:up accepts too', function () {
    const profiles = listProfiles(ROOT);
    expect(profiles).to.include.members(['default', 'small', 'bft']);
    for (const profile of profiles) {
      const text = readFileSync(path.join(ROOT, 'network', 'topologies', `${profile}.yaml`), 'utf8');
      expect(validate(parse(text)), `${profile}: ${JSON.stringify(validate.errors)}`).to.equal(true);
      expect(() => parseTopology(text, `${profile}.yaml`)).not.to.throw();
    }
  });

  it('refuses, as network:up does, a topology with an unknown setting, a bad enum and a missing member', function () {
    const text = readFileSync(path.join(ROOT, 'network', 'topologies', 'small.yaml'), 'utf8');
    const broken = parse(text) as Record<string, unknown>;
    broken.consensus = 'pbft';
    broken.colour = 'blue';
    delete broken.channel;
    expect(validate(broken)).to.equal(false);
    const where = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
    expect(where).to.include.members(['/consensus must be equal to one of the allowed values']);
    expect(where.some((w) => w.includes("must have required property 'channel'"))).to.equal(true);
    expect(where.some((w) => w.includes('must NOT have additional properties'))).to.equal(true);
    expect(() => parseTopology(JSON.stringify(broken), 'broken.yaml'))
      .to.throw()
      .with.property('message')
      .that.contains('consensus must be one of raft, bft')
      .and.contains('channel is required')
      .and.contains('the document has unknown field "colour"');
  });
});
