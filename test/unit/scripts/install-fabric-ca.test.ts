import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'install-fabric-ca.sh');

/** Runs the script with the given environment changes; FABRIC_CA_BIN is cleared unless given. */
function install(env: NodeJS.ProcessEnv, script = SCRIPT): { status: number | null; stdout: string; stderr: string } {
  const all: Record<string, string | undefined> = { ...process.env, FABRIC_CA_BIN: undefined, ...env };
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (v !== undefined) merged[k] = v;
  const r = spawnSync('bash', [script], { env: merged, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A directory with stand-ins for the two binaries; the client reports `version`. */
function fakeBin(dir: string, version: string | undefined): string {
  mkdirSync(dir, { recursive: true });
  for (const tool of ['fabric-ca-server', 'fabric-ca-client']) {
    const file = path.join(dir, tool);
    const body = version === undefined ? 'exit 3' : `echo "${tool}:"; echo " Version: ${version}"`;
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

describe('scripts/install-fabric-ca.sh', function () {
  let tmp: string;

  beforeEach(function () {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'govchain-ca-install-'));
  });

  afterEach(function () {
    rmSync(tmp, { recursive: true, force: true });
  });

  /** One `install-fabric-ca: …` line on stderr, nothing on stdout, a non-zero exit. */
  function expectRefusal(r: { status: number | null; stdout: string; stderr: string }, words: RegExp): void {
    expect(r.status).to.not.equal(0);
    expect(r.stdout).to.equal('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^install-fabric-ca: /);
    expect(lines[0]).to.match(words);
  }

  it('refuses a FABRIC_CA_BIN that is not a directory', function () {
    expectRefusal(install({ FABRIC_CA_BIN: path.join(tmp, 'nowhere') }), /FABRIC_CA_BIN=.*is not a directory/);
  });

  it('refuses a FABRIC_CA_BIN without both binaries', function () {
    mkdirSync(path.join(tmp, 'empty'));
    expectRefusal(
      install({ FABRIC_CA_BIN: path.join(tmp, 'empty') }),
      /lacks one of: fabric-ca-server fabric-ca-client/,
    );
  });

  it('refuses binaries that do not report a version', function () {
    const bin = fakeBin(path.join(tmp, 'broken'), undefined);
    expectRefusal(install({ FABRIC_CA_BIN: bin }), /does not run or report a version/);
  });

  it('takes FABRIC_CA_BIN as it is and prints it on stdout', function () {
    const bin = fakeBin(path.join(tmp, 'good'), '1.5.15');
    const r = install({ FABRIC_CA_BIN: bin });
    expect(r.status).to.equal(0);
    expect(r.stdout).to.equal(`FABRIC_CA_BIN=${bin}\n`);
    expect(r.stderr).to.equal('');
  });

  it('notes, but takes, a FABRIC_CA_BIN of another version', function () {
    const bin = fakeBin(path.join(tmp, 'other'), '1.5.7');
    const r = install({ FABRIC_CA_BIN: bin });
    expect(r.status).to.equal(0);
    expect(r.stdout).to.equal(`FABRIC_CA_BIN=${bin}\n`);
    expect(r.stderr).to.match(/^install-fabric-ca: note: FABRIC_CA_BIN holds Fabric CA 1\.5\.7, pinned is 1\.5\.15\n$/);
  });

  it('says in one line that Go is needed when there is no cache and no Go', function () {
    // A checkout of its own (the script finds the cache beside itself), with a PATH without go.
    mkdirSync(path.join(tmp, 'repo', 'scripts'), { recursive: true });
    mkdirSync(path.join(tmp, 'repo', 'network'), { recursive: true });
    const script = path.join(tmp, 'repo', 'scripts', 'install-fabric-ca.sh');
    copyFileSync(SCRIPT, script);
    copyFileSync(path.join(ROOT, 'network', 'fabric.env'), path.join(tmp, 'repo', 'network', 'fabric.env'));
    const tools = path.join(tmp, 'tools');
    mkdirSync(tools);
    for (const t of ['bash', 'sed', 'head', 'dirname', 'mkdir', 'cat', 'tr']) {
      const which = spawnSync('bash', ['-c', `command -v ${t}`], { encoding: 'utf8' }).stdout.trim();
      if (which) writeFileSync(path.join(tools, t), `#!/bin/sh\nexec ${which} "$@"\n`, { mode: 0o755 });
    }
    expectRefusal(install({ PATH: tools }, script), /Go is needed to build Fabric CA 1\.5\.15/);
  });
});
