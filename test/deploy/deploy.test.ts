import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { connectDepartment, eLicenseClient, fingerprintBuffer, newSession } from '@govchain/gateway-client';
import {
  currentLayout,
  type ChaincodeDeployStatus,
  type Layout,
  type NetworkStatus,
  packageFor,
  planChaincode,
  ProcessTable,
  startHost,
  type Served,
  writeGovernanceFile,
} from '@govchain/network';
import { newEnterpriseCode, newPerson } from '../integration/test-data';

/**
 * Issue 20's acceptance: a network brought up without our deployment step (`network:up --no-chaincodes`),
 * then every chaincode deployed by `npm run chaincode -- deploy` from the profiles and the departments'
 * admin MSP folders only, and a licence issued and verified through the gateway client. The network is this
 * test's own: GOVCHAIN_HOME and GOVCHAIN_BASE_PORT must name a directory and ports of no other network
 * (scripts/test-all.sh gives it .govchain/test-deploy and 22000); it is cleaned afterwards.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TOPOLOGY = path.join(ROOT, 'test', 'deploy', 'topology.yaml');
const HOME = process.env.GOVCHAIN_HOME;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function node(script: string, args: readonly string[], timeout = 600_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'network', 'dist', script), ...args],
      { cwd: ROOT, env: process.env, timeout, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
      },
    );
  });
}

function network(...args: string[]): Promise<Run> {
  return node('cli.js', args);
}

function chaincode(...args: string[]): Promise<Run> {
  return node('chaincode-cli.js', args);
}

describe('chaincode deploy onto a network we did not deploy to (issue 20)', function () {
  this.timeout(600_000);
  this.slow(60_000);

  let layout: Layout;
  let packages = '';
  const profiles = (): string => path.join(HOME ?? '', 'profiles', 'ccp');
  const admin = (key: string): string => {
    const org = layout.orgs.find((o) => o.department.key === key);
    if (!org) throw new Error(`no department ${key}`);
    return `${key}=${org.admin.msp}`;
  };
  const admins = (...keys: string[]): string[] => keys.flatMap((k) => ['--admin', admin(k)]);
  const common = (): string[] => ['--topology', TOPOLOGY, '--profiles', profiles(), '--packages', packages];

  before(async function () {
    if (HOME === undefined || path.resolve(HOME) === path.join(ROOT, '.govchain')) {
      throw new Error('set GOVCHAIN_HOME (and GOVCHAIN_BASE_PORT) to a network of this test alone');
    }
    await network('clean');
    const up = await network('up', '--topology', TOPOLOGY, '--no-chaincodes');
    expect(up.code, up.stderr).to.equal(0);
    // Named, not taken from GOVCHAIN_TOPOLOGY: npm test exports the main network's ('default').
    layout = currentLayout(ROOT, TOPOLOGY);
    packages = mkdtempSync(path.join(tmpdir(), 'govchain-deploy-packages-'));
  });

  after(async function () {
    if (packages !== '') rmSync(packages, { recursive: true, force: true });
    const clean = await network('clean');
    expect(clean.code, clean.stderr).to.equal(0);
  });

  it('network:up --no-chaincodes leaves peers on the channel and no chaincode', async function () {
    const status = await network('status', '--json');
    const parsed = JSON.parse(status.stdout) as NetworkStatus;
    expect(parsed.nodes.every((n) => n.running)).to.equal(true);
    expect(parsed.chaincodes.map((c) => [c.name, c.committed])).to.deep.equal(
      layout.topology.chaincodes.map((c) => [c.name, false]),
    );
    expect(parsed.chaincodes.flatMap((c) => c.servers.filter((s) => s.running))).to.deep.equal([]);
  });

  it('refuses a wrong input before doing anything, with exit code 2', async function () {
    const cases: [string[], RegExp][] = [
      [['deploy', 'all', ...common(), '--admin', 'nosuch=/tmp'], /unknown department 'nosuch'/],
      [['deploy', 'all', ...common(), '--admin', 'tax=/tmp'], /unknown department 'tax'/],
      [['deploy', 'no-such-chaincode', ...common(), ...admins('public-security')], /unknown chaincode no-such/],
      [['deploy', 'all', ...common(), '--admin', 'public-security=/nonexistent'], /is not a directory/],
      [['deploy', 'all', ...common(), ...admins('public-security')], /no package of e-license for public-security/],
      [['deploy', 'all', ...common(), '--profiles', '/nonexistent', ...admins('public-security')], /--profiles/],
      [['deploy', 'all', '--topology', TOPOLOGY, '--profiles', profiles(), ...admins('public-security')], /--packages/],
    ];
    for (const [args, message] of cases) {
      const run = await chaincode(...args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).to.equal(2);
      expect(run.stderr)
        .to.match(message)
        .and.to.match(/nothing done/);
    }
  });

  it('stages each department ccaas package and starts its chaincode host, as the departments would', async function () {
    // The packages' connection.json names where each department's server listens (here on this machine);
    // each department's host (one process serving its chaincodes) is started from the network's own
    // machinery, recorded in its PID files.
    writeGovernanceFile(layout);
    const table = new ProcessTable(layout.paths.run);
    const plans = layout.topology.chaincodes.map((spec) => planChaincode(layout, spec));
    for (const org of layout.orgs) {
      const served: Served[] = [];
      for (const plan of plans) {
        const pkg = await packageFor(layout, plan, org);
        const dir = path.join(packages, plan.spec.name, 'ccaas');
        mkdirSync(dir, { recursive: true });
        copyFileSync(pkg.file, path.join(dir, `${org.department.key}.tgz`));
        served.push({ plan, packageId: pkg.id });
      }
      expect(await startHost(layout, table, org, served), `${org.department.key}'s host started`).to.equal(true);
    }
  });

  it('refuses to upgrade a chaincode that is not committed yet, before doing anything', async function () {
    const run = await chaincode(
      'upgrade',
      'control',
      ...common(),
      ...admins(...layout.orgs.map((o) => o.department.key)),
    );
    expect(run.code, run.stderr).to.equal(2);
    expect(run.stderr).to.match(/control is not committed on the channel: deploy it first \(nothing done\)/);
    // Nothing approved: the next test finds three approvals, its own, and not a fourth.
  });

  it('deploys with three of four admins: installs and approves, and names the department that has not approved', async function () {
    const run = await chaincode(
      'deploy',
      'control',
      ...common(),
      ...admins('public-security', 'market-regulation', 'real-estate'),
    );
    expect(run.code, run.stderr).to.equal(3);
    expect(run.stdout).to.match(/control \S+: sequence 1 not committed; not approved by: trading-center/);
    const status = await chaincode('status', 'control', ...common(), ...admins('public-security'), '--json');
    expect(status.code, status.stderr).to.equal(3);
    const [control] = JSON.parse(status.stdout) as ChaincodeDeployStatus[];
    expect(control?.committed).to.equal(null);
    expect(control?.approvals).to.deep.equal({
      'public-security': true,
      'market-regulation': true,
      'real-estate': true,
      'trading-center': false,
    });
    expect(control?.installed['public-security']).to.have.length(1);
  });

  it('deploys all four chaincodes with every admin, and a second run finds everything done', async function () {
    const all = admins(...layout.orgs.map((o) => o.department.key));
    const first = await chaincode('deploy', 'all', ...common(), ...all);
    expect(first.code, first.stderr).to.equal(0);
    for (const c of layout.topology.chaincodes)
      expect(first.stdout).to.match(new RegExp(`^${c.name} \\S+: committed \\(sequence 1\\)`, 'm'));
    const again = await chaincode('deploy', 'all', ...common(), ...all);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).not.to.match(/installed on (?!no peer)/);
    expect(again.stderr).to.match(/control \S+ sequence 1: approved now by none/);
    expect(again.stderr).not.to.match(/committed \S+ as sequence/);
    for (const seed of ['SeedLicenseTypes', 'SetHolderRefKey', 'SeedRoles', 'SeedConfig']) {
      expect(again.stderr).to.include(`${seed} writes nothing: done before`);
    }
    const status = await chaincode('status', 'all', ...common(), ...all, '--json');
    expect(status.code, status.stderr).to.equal(0);
    for (const s of JSON.parse(status.stdout) as ChaincodeDeployStatus[]) {
      expect(s.committed, s.chaincode).to.deep.equal({ sequence: 1, version: s.version });
      expect(Object.values(s.approvals).every(Boolean), s.chaincode).to.equal(true);
    }
  });

  it('upgrades control to a new endorsement policy: approved by each department, committed as sequence 2', async function () {
    // The consortium changes control's policy (two of four endorsers to three): the same package, a new
    // definition version, so the next sequence.
    const original = readFileSync(TOPOLOGY, 'utf8');
    const changed = original.replace(
      /(- name: control\n\s+path: chaincode\/control\n\s+endorsement:\n\s+outOf:) 2/,
      '$1 3',
    );
    expect(changed, 'the test topology still has control at outOf: 2').to.not.equal(original);
    const upgraded = path.join(packages, 'topology-upgraded.yaml');
    writeFileSync(upgraded, changed);
    const all = admins(...layout.orgs.map((o) => o.department.key));
    const args = ['--topology', upgraded, '--profiles', profiles(), '--packages', packages, ...all];
    const run = await chaincode('upgrade', 'control', ...args);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^control \S+: committed \(sequence 2\)/m);
    expect(run.stderr).not.to.match(/installed on (?!no peer)/);
    const status = await chaincode('status', 'control', ...args, '--json');
    expect(status.code, status.stderr).to.equal(0);
    const [control] = JSON.parse(status.stdout) as ChaincodeDeployStatus[];
    expect(control?.committed).to.deep.equal({ sequence: 2, version: control?.version });
    // Under the old topology the committed definition is no longer this one.
    const before = await chaincode('status', 'control', ...common(), ...all, '--json');
    expect(before.code).to.equal(3);
    const again = await chaincode('upgrade', 'control', ...args);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).to.match(/no change/);
  });

  it('issues a business licence that another department verifies through the gateway client', async function () {
    const session = newSession();
    const connect = (department: string): ReturnType<typeof connectDepartment> =>
      connectDepartment({ department, identity: 'user', profilesDir: path.join(HOME ?? '', 'profiles'), session });
    const market = await connect('market-regulation');
    const estate = await connect('real-estate');
    try {
      const holder = newPerson('deploy');
      const id = `BL-deploy-${Date.now().toString(36)}`;
      const doc = Buffer.from(`Business licence ${id}\n`);
      await eLicenseClient(market).issueLicense({
        id,
        type: 'BUSINESS_LICENCE',
        fingerprint: fingerprintBuffer(doc),
        metadata: {
          enterpriseName: 'Deploy Test Co., Ltd.',
          unifiedSocialCreditCode: newEnterpriseCode(),
          businessScope: 'testing deployments',
          registeredCapital: '100000',
        },
        holder: { idNumber: holder.idNumber, name: holder.name },
      });
      const verdict = await eLicenseClient(estate).verifyLicense({
        licenceId: id,
        fingerprint: fingerprintBuffer(doc),
      });
      expect(verdict.result).to.equal('VALID');
    } finally {
      market.close();
      estate.close();
    }
  });
});
