import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CLI = path.join(ROOT, 'network', 'dist', 'package-cli.js');

describe('npm run package: what it refuses', function () {
  this.timeout(60_000);
  let work: string;

  /** Runs the command with an empty GOVCHAIN_HOME (no network, so no TLS CAs). */
  const run = (...args: string[]): { status: number | null; stderr: string; stdout: string } => {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: work,
      env: { PATH: process.env.PATH, GOVCHAIN_HOME: path.join(work, 'home') },
      encoding: 'utf8',
    });
    return { status: r.status, stderr: r.stderr, stdout: r.stdout };
  };

  beforeEach(function () {
    work = mkdtempSync(path.join(os.tmpdir(), 'govchain-package-cli-'));
  });

  afterEach(function () {
    rmSync(work, { recursive: true, force: true });
  });

  const cases: { what: string; args: (out: string) => string[]; status: number; message: RegExp }[] = [
    {
      what: 'an unknown chaincode',
      args: (out) => ['e-licence', '--out', out],
      status: 1,
      message: /unknown chaincode 'e-licence' \(topology default has e-license, /u,
    },
    {
      what: 'an unknown topology',
      args: (out) => ['all', '--topology', 'nope', '--out', out],
      status: 1,
      message: /unknown topology 'nope'.*profiles: .*small/u,
    },
    {
      what: 'a chaincode the topology lacks',
      args: (out) => ['bid-record', '--topology', 'small', '--out', out],
      status: 1,
      message: /unknown chaincode 'bid-record' \(topology small has e-license, control\)/u,
    },
    { what: 'no chaincode', args: (out) => ['--out', out], status: 2, message: /name a chaincode or all/u },
    {
      what: 'an unknown option',
      args: (out) => ['all', '--outt', out],
      status: 2,
      message: /Unknown option '--outt'/u,
    },
    {
      what: 'manifests without TLS CAs',
      args: (out) => ['all', '--k8s', '--out', out],
      status: 1,
      message: /--k8s needs .*TLS CA.*--tls-ca-dir/u,
    },
    {
      what: 'a TLS CA directory that lacks a department',
      args: (out) => ['all', '--tls-ca-dir', path.dirname(out), '--out', out],
      status: 1,
      message: /has no public-security\.pem/u,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.what}, writing nothing`, function () {
      const out = path.join(work, 'out');
      const r = run(...c.args(out));
      expect(r.status, r.stderr).to.equal(c.status);
      expect(r.stderr).to.match(c.message);
      expect(existsSync(out), 'output directory').to.equal(false);
      expect(existsSync(path.join(work, 'home')), 'GOVCHAIN_HOME').to.equal(false);
    });
  }

  it('refuses an output path that is a file, or below one, writing nothing', function () {
    const file = path.join(work, 'file');
    writeFileSync(file, 'not a directory\n');
    for (const out of [file, path.join(file, 'below')]) {
      const r = run('control', '--out', out);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.match(/--out .*: file is not a directory/u);
    }
    expect(readdirSync(work)).to.deep.equal(['file']);
  });

  it('writes and prints the package ids, noting why ccaas packages were left out', function () {
    mkdirSync(path.join(work, 'out'));
    const r = run('control', '--topology', 'small', '--out', 'out');
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^ {2}node {3}control_[0-9a-f]{12}:[0-9a-f]{64}$/mu);
    expect(r.stdout).to.match(/ccaas packages not written: no TLS CA for public-security/u);
    expect(readdirSync(path.join(work, 'out', 'control')).sort()).to.deep.equal([
      'definition',
      'image',
      'node',
      'packages.json',
    ]);
  });
});
