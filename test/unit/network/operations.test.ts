import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NetworkError, clean, currentLayout, nestedHomes, statusProblems } from '@govchain/network';

describe('network:clean', function () {
  let saved: string | undefined;
  let root: string;

  beforeEach(function () {
    saved = process.env.GOVCHAIN_HOME;
    root = mkdtempSync(path.join(tmpdir(), 'govchain-clean-'));
  });

  afterEach(function () {
    if (saved === undefined) Reflect.deleteProperty(process.env, 'GOVCHAIN_HOME');
    else process.env.GOVCHAIN_HOME = saved;
  });

  it("refuses to remove a home holding another network's runtime directory, and removes nothing", async function () {
    const home = path.join(root, '.govchain');
    const test = path.join(home, 'test');
    mkdirSync(path.join(test, 'run'), { recursive: true });
    writeFileSync(path.join(test, 'network.json'), '{}');
    writeFileSync(path.join(home, 'network.json'), '{}');
    Reflect.deleteProperty(process.env, 'GOVCHAIN_HOME');
    expect(nestedHomes(root, home)).to.deep.equal([test]);
    const lines: string[] = [];
    await expect(clean(root, (line) => lines.push(line))).to.be.rejectedWith(
      `${home} holds the runtime directory of another network (${test}); clean that one first (GOVCHAIN_HOME=${test} npm run network:clean) — nothing was stopped or removed`,
    );
    expect(existsSync(path.join(test, 'network.json'))).to.equal(true);
    expect(lines).to.deep.equal([]);
  });

  it('removes a home whose subdirectories are its own', async function () {
    const home = path.join(root, 'home');
    mkdirSync(path.join(home, 'logs'), { recursive: true });
    writeFileSync(path.join(home, 'network.json'), '{}');
    process.env.GOVCHAIN_HOME = home;
    expect(nestedHomes(root, home)).to.deep.equal([]);
    await clean(root, () => undefined);
    expect(existsSync(home)).to.equal(false);
  });
});

describe('network:status: what keeps the network from serving', function () {
  const node = (name: string, running: boolean, healthy: boolean): object => ({
    name,
    kind: name.startsWith('orderer') ? 'orderer' : 'peer',
    running,
    healthy,
  });
  const server = (department: string, running: boolean): object => ({
    department,
    pid: null,
    running,
    rssBytes: null,
    peakRssBytes: null,
  });

  it('names nothing when every node, CA and chaincode server is up and every chaincode committed', function () {
    expect(
      statusProblems({
        created: true,
        nodes: [node('orderer0', true, true), node('peer0.tax', true, true)] as never,
        cas: [{ name: 'ca-tax', running: true, healthy: true }] as never,
        chaincodes: [{ name: 'e-license', committed: true, servers: [server('tax', true)] }] as never,
      }),
    ).to.deep.equal([]);
  });

  it('names each stopped or unhealthy part, in the order of the status', function () {
    expect(
      statusProblems({
        created: true,
        nodes: [node('orderer0', false, false), node('peer0.tax', true, false)] as never,
        cas: [{ name: 'ca-tax', running: false, healthy: false }] as never,
        chaincodes: [
          { name: 'e-license', committed: false, servers: [server('tax', false), server('health', false)] },
        ] as never,
      }),
    ).to.deep.equal([
      'orderer orderer0 is stopped',
      'peer peer0.tax is unhealthy',
      'CA server ca-tax is stopped',
      'chaincode e-license is not committed',
      'chaincode e-license: the server of tax, health is stopped',
    ]);
  });

  it('says no network was created, and nothing else', function () {
    expect(statusProblems({ created: false, nodes: [], cas: [], chaincodes: [] })).to.deep.equal([
      'no network has been created here: run npm run network:up',
    ]);
  });
});

describe('network: the topology asked for, against the one a network was created with', function () {
  const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
  let saved: NodeJS.ProcessEnv;
  let home: string;

  beforeEach(function () {
    saved = { ...process.env };
    home = mkdtempSync(path.join(tmpdir(), 'govchain-topology-'));
    writeFileSync(
      path.join(home, 'network.json'),
      JSON.stringify({
        topology: 'small',
        channel: 'govchannel',
        basePort: 20000,
        bootstrapped: {},
        memberServices: 'cryptogen',
      }),
    );
    process.env.GOVCHAIN_HOME = home;
    Reflect.deleteProperty(process.env, 'GOVCHAIN_TOPOLOGY');
    Reflect.deleteProperty(process.env, 'GOVCHAIN_MEMBER_SERVICES');
  });

  afterEach(function () {
    process.env = saved;
  });

  it('reports a missing topology file as such, not as a different topology', function () {
    expect(() => currentLayout(ROOT, 'no-such-topology')).to.throw(
      NetworkError,
      /^unknown topology 'no-such-topology'/,
    );
  });

  it('reports an unparsable or invalid topology file as such, every problem at once', function () {
    const broken = path.join(home, 'broken.yaml');
    writeFileSync(broken, 'name: [unclosed');
    expect(() => currentLayout(ROOT, broken)).to.throw(NetworkError, /^topology .*broken\.yaml/);
    const invalid = path.join(home, 'invalid.yaml');
    writeFileSync(invalid, 'name: Bad Name\nchannel: govchannel\n');
    expect(() => currentLayout(ROOT, invalid)).to.throw(NetworkError, /^topology .*invalid\.yaml: .*name.*; /);
  });

  it('refuses another valid topology, saying how to go on and what network:clean would delete', function () {
    expect(() => currentLayout(ROOT, 'default')).to.throw(
      NetworkError,
      /was created with topology 'small', not 'default': to go on with it, ask for 'small' \(or no topology\); to start afresh, npm run network:clean first — it deletes this network's ledgers, identities and keys$/,
    );
    expect(currentLayout(ROOT, 'small').topology.name).to.equal('small');
    expect(currentLayout(ROOT).topology.name).to.equal('small');
  });
});
