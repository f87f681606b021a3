import { findRepoRoot } from '@govchain/gateway-client';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type TempDir, tempDir, writeProfiles } from './fixtures';

const CLI = join(findRepoRoot(__dirname) ?? '', 'gateway-client', 'dist', 'cli.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `govchain` binary. */
function govchain(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Run> {
  const base = { ...process.env };
  delete base.GOVCHAIN_PROFILES;
  delete base.GOVCHAIN_DEPARTMENT;
  delete base.GOVCHAIN_DEBUG;
  delete base.GOVCHAIN_HOME;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...base, ...env }, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

function expectNoStackTrace(run: Run): void {
  expect(run.stderr).to.not.match(/^\s+at /m);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return typeof address === 'object' && address !== null ? address.port : 1;
}

describe('govchain CLI', function () {
  this.timeout(30_000);

  let dir: TempDir;
  let profilesDir: string;
  let port: number;
  before(async () => {
    dir = tempDir();
    port = await closedPort();
    profilesDir = writeProfiles(dir.path, [
      { department: 'tax', mspId: 'TaxMSP', name: 'Tax Bureau', endpoint: `127.0.0.1:${port}` },
      { department: 'health', mspId: 'HealthMSP', name: 'Health Commission', withoutUserKey: true },
    ]);
  });
  after(() => {
    dir.cleanup();
  });

  describe('usage errors (exit 2)', () => {
    const cases: [string, string[], RegExp][] = [
      ['no command', [], /Usage: govchain/],
      ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
      ['a missing argument', ['fingerprint'], /missing required argument 'file'/],
      ['an unknown option', ['departments', '--colour'], /unknown option '--colour'/],
      ['an invalid identity', ['--identity', 'root', 'departments'], /argument 'root' is invalid/],
      ['invoke without a function', ['invoke', 'e-license'], /missing required argument 'function'/],
    ];
    for (const [what, args, message] of cases) {
      it(`exits 2 for ${what}`, async () => {
        const run = await govchain(args);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.match(message);
        expect(run.stdout).to.equal('');
      });
    }

    it('exits 2 when no department is selected', async () => {
      const run = await govchain(['--profiles', profilesDir, 'ping']);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.contain('--as <department>').and.contain('GOVCHAIN_DEPARTMENT');
    });

    it('exits 2 for a malformed --transient before connecting', async () => {
      const run = await govchain([
        '--as',
        'tax',
        '--profiles',
        profilesDir,
        'invoke',
        'e-license',
        'F',
        '--transient',
        'x',
      ]);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.contain('expected key=value, got "x"');
    });

    it('prints usage errors as JSON with --json', async () => {
      const run = await govchain(['--json', 'frobnicate']);
      expect(run.code).to.equal(2);
      expect(JSON.parse(run.stderr)).to.deep.equal({
        error: { code: 'USAGE', message: "unknown command 'frobnicate'" },
      });
    });

    it('prints help and exits 0 for --help', async () => {
      const run = await govchain(['--help']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.contain('departments').and.contain('fingerprint').and.contain('invoke');
    });
  });

  describe('profile and identity problems (exit 3)', () => {
    it('refuses an unknown department, listing the known ones, without a stack trace', async () => {
      const run = await govchain(['--as', 'finance', '--profiles', profilesDir, 'ping']);
      expect(run.code).to.equal(3);
      expect(run.stderr).to.equal(
        'error: UNKNOWN_DEPARTMENT: unknown department "finance"; known departments: health, tax\n',
      );
      expectNoStackTrace(run);
    });

    it('takes the department from GOVCHAIN_DEPARTMENT', async () => {
      const run = await govchain(['ping'], { GOVCHAIN_DEPARTMENT: 'finance', GOVCHAIN_PROFILES: profilesDir });
      expect(run.code).to.equal(3);
      expect(run.stderr).to.contain('unknown department "finance"');
    });

    it('reports an unknown department as JSON on stderr with --json', async () => {
      const run = await govchain(['--json', '--as', 'finance', '--profiles', profilesDir, 'ping']);
      expect(run.code).to.equal(3);
      expect(run.stdout).to.equal('');
      const printed = JSON.parse(run.stderr) as { error: Record<string, unknown> };
      expect(printed.error.code).to.equal('UNKNOWN_DEPARTMENT');
      expect(printed.error.message).to.contain('known departments: health, tax');
    });

    it('says to start the network when there are no profiles', async () => {
      const run = await govchain(['--profiles', join(dir.path, 'absent'), 'departments']);
      expect(run.code).to.equal(3);
      expect(run.stderr).to.contain('PROFILES_NOT_FOUND').and.contain('npm run network:up');
      expectNoStackTrace(run);
    });

    it('names a missing key file', async () => {
      const run = await govchain(['--as', 'health', '--profiles', profilesDir, 'ping']);
      expect(run.code).to.equal(3);
      expect(run.stderr).to.match(/^error: CREDENTIAL_NOT_FOUND: private key .*user-priv_sk does not exist\n$/);
    });
  });

  describe('unreachable peer (exit 4)', () => {
    it('ping names the endpoint', async () => {
      const run = await govchain(['--as', 'tax', '--profiles', profilesDir, 'ping', '--timeout', '300']);
      expect(run.code).to.equal(4);
      expect(run.stderr).to.contain('PEER_UNREACHABLE').and.contain(`127.0.0.1:${port}`);
      expectNoStackTrace(run);
    });

    it('query reports the unreachable peer', async () => {
      const run = await govchain([
        '--as',
        'tax',
        '--profiles',
        profilesDir,
        'query',
        'e-license',
        'ReadLicence',
        'BL-1',
      ]);
      expect(run.code).to.equal(4);
      expect(run.stderr).to.contain(`127.0.0.1:${port}`);
      expectNoStackTrace(run);
    });
  });

  describe('departments', () => {
    it('lists the departments with MSP and endpoint', async () => {
      const run = await govchain(['--profiles', profilesDir, 'departments']);
      expect(run.code).to.equal(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(/^health\s+HealthMSP\s+127\.0\.0\.1:7110\s+Health Commission$/);
      expect(lines[1]).to.match(/^tax\s+TaxMSP\s+127\.0\.0\.1:\d+\s+Tax Bureau$/);
    });

    it('prints a JSON object with --json', async () => {
      const run = await govchain(['departments', '--json', '--profiles', profilesDir]);
      expect(run.code).to.equal(0);
      expect(JSON.parse(run.stdout)).to.deep.equal({
        departments: [
          { department: 'health', name: 'Health Commission', mspId: 'HealthMSP', endpoint: '127.0.0.1:7110' },
          { department: 'tax', name: 'Tax Bureau', mspId: 'TaxMSP', endpoint: `127.0.0.1:${port}` },
        ],
      });
    });
  });

  describe('fingerprint', () => {
    it('prints the SHA-256 of a file', async () => {
      const file = join(dir.path, 'abc.txt');
      writeFileSync(file, 'abc');
      const run = await govchain(['fingerprint', file]);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal(`ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  ${file}\n`);
    });

    it('prints JSON with --json', async () => {
      const file = join(dir.path, 'abc.txt');
      writeFileSync(file, 'abc');
      const run = await govchain(['--json', 'fingerprint', file]);
      expect(run.code).to.equal(0);
      expect(JSON.parse(run.stdout)).to.deep.equal({
        file,
        sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      });
    });

    it('exits 2 for a file that cannot be read', async () => {
      const run = await govchain(['fingerprint', join(dir.path, 'missing.pdf')]);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.contain('cannot read').and.contain('missing.pdf');
      expectNoStackTrace(run);
    });
  });
});
