import '../../support';
import { canonicalJson, findRepoRoot, generateHolderKeyPair } from '@govchain/gateway-client';
import { verifyP256Signature } from '@govchain/chaincode-common';
import { signedBytes } from '@govchain/e-license';
import type { CommandDefinition } from '@govchain/gateway-client/dist/cli/command';
import { ExitCode } from '@govchain/gateway-client/dist/cli/exit-codes';
import { runCli } from '@govchain/gateway-client/dist/cli/program';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type TempDir, tempDir, writeProfiles } from './fixtures';

const CLI = join(findRepoRoot(__dirname) ?? '', 'gateway-client', 'dist', 'cli.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `govchain` binary with a clean environment. */
function govchain(args: readonly string[]): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GOVCHAIN_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
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

const FINGERPRINT = 'c3'.repeat(32);
const HOLDER_REF = 'ab'.repeat(32);

describe('govchain e-license commands', function () {
  this.timeout(30_000);

  let dir: TempDir;
  let base: string[];
  before(async () => {
    dir = tempDir();
    // A department whose peer is not listening: a command that got past its usage checks would fail with
    // exit 4 (unreachable), so exit 2 proves the check happened before connecting.
    const profilesDir = writeProfiles(dir.path, [
      { department: 'tax', mspId: 'TaxMSP', name: 'Tax Bureau', endpoint: `127.0.0.1:${await closedPort()}` },
    ]);
    base = ['--profiles', profilesDir, '--as', 'tax'];
  });
  after(() => {
    dir.cleanup();
  });

  describe('usage errors (exit 2, before connecting)', () => {
    const issue = ['licence', 'issue', '--id', 'BL-1', '--type', 'BUSINESS_LICENCE'];
    const holder = ['--holder-id', '110105194912310021', '--holder-name', 'Test Person'];
    const cases: [string, string[], RegExp][] = [
      ['a licence command without subcommand', ['licence'], /Usage: govchain licence/],
      ['an unknown licence subcommand', ['licence', 'frobnicate'], /unknown command 'frobnicate'/],
      [
        'issue without --id',
        ['licence', 'issue', '--type', 'BUSINESS_LICENCE', ...holder, '--fingerprint', FINGERPRINT],
        /required option '--id <id>' not specified/,
      ],
      [
        'issue without the holder ID number',
        [...issue, '--fingerprint', FINGERPRINT, '--holder-name', 'N'],
        /--holder-id/,
      ],
      [
        'issue without the holder name',
        [...issue, '--fingerprint', FINGERPRINT, '--holder-id', '1234'],
        /--holder-name/,
      ],
      [
        'issue with neither document nor fingerprint',
        [...issue, ...holder],
        /exactly one of --document, --fingerprint/,
      ],
      [
        'issue with both document and fingerprint',
        [...issue, ...holder, '--fingerprint', FINGERPRINT, '--document', '/etc/hostname'],
        /option '--document <file>' cannot be used with option '--fingerprint <hex>'/,
      ],
      [
        'issue with an unreadable document',
        [...issue, ...holder, '--document', '/nonexistent/doc.pdf'],
        /cannot read document/,
      ],
      [
        'issue with metadata that is not JSON',
        [...issue, ...holder, '--fingerprint', FINGERPRINT, '--metadata', '{x'],
        /option '--metadata <json>' argument '\{x' is invalid\. it is not valid JSON/,
      ],
      [
        'issue with metadata that is not an object of strings',
        [...issue, ...holder, '--fingerprint', FINGERPRINT, '--metadata', '{"a":1}'],
        /JSON object of strings/,
      ],
      [
        'verify without a licence id',
        ['licence', 'verify', '--fingerprint', FINGERPRINT],
        /missing required argument 'id'/,
      ],
      ['verify without a document', ['licence', 'verify', 'BL-1'], /exactly one of --document, --fingerprint/],
      ['suspend without a reason', ['licence', 'suspend', 'BL-1'], /required option '--reason <CODE>' not specified/],
      ['revoke without a reason', ['licence', 'revoke', 'BL-1'], /required option '--reason <CODE>' not specified/],
      [
        'replace without a reason',
        ['licence', 'replace', 'BL-1', '--id', 'BL-2', ...holder, '--fingerprint', FINGERPRINT],
        /--reason/,
      ],
      ['renew without the new id', ['licence', 'renew', 'BL-1', ...holder, '--fingerprint', FINGERPRINT], /--id/],
      ['list without a selector', ['licence', 'list'], /exactly one of --holder-ref, --holder-id, --issuer, --type/],
      [
        'list with two selectors',
        ['licence', 'list', '--issuer', 'TaxMSP', '--type', 'BUSINESS_LICENCE'],
        /option '--issuer <mspId>' cannot be used with option '--type <code>'/,
      ],
      ['list with a bad page size', ['licence', 'list', '--issuer', 'TaxMSP', '--page-size', 'ten'], /--page-size/],
      [
        'put-type with an unreadable file',
        ['licence', 'put-type', '/nonexistent/type.json'],
        /argument 'file'\. cannot read \/nonexistent\/type\.json/,
      ],
      ['holder ref without an ID number', ['holder', 'ref'], /--holder-id/],
      [
        'issue with a holder key (Public Security binds keys)',
        [...issue, ...holder, '--fingerprint', FINGERPRINT, '--holder-key', '/tmp/k.pem'],
        /unknown option '--holder-key'/,
      ],
      [
        'holder bind without an ID number',
        ['holder', 'bind', '--holder-key', '/etc/hostname'],
        /required option '--holder-id <idNumber>'/,
      ],
      [
        'holder bind with neither key nor signed binding',
        ['holder', 'bind', '--holder-id', '1234'],
        /give exactly one of --signed, --holder-key/,
      ],
      [
        'holder bind with an unreadable key file',
        ['holder', 'bind', '--holder-id', '1234', '--holder-key', '/nonexistent/k.pem'],
        /option '--holder-key <file>' argument '\/nonexistent\/k.pem' is invalid\. cannot read/,
      ],
      [
        'holder rotate with an unreadable signed file',
        ['holder', 'rotate', '--holder-id', '1234', '--signed', '/nonexistent/b.json'],
        /option '--signed <file>' argument .* is invalid\. cannot read/,
      ],
      [
        'sign-binding without a holder reference',
        ['holder', 'sign-binding', '--holder-key', '/etc/hostname'],
        /--holder-ref/,
      ],
      ['keygen without a file', ['holder', 'keygen'], /--private-key/],
      ['consent grant without the holder key', ['consent', 'grant', '--holder-ref', HOLDER_REF], /--holder-key/],
      [
        'consent grant with an unreadable signed file',
        ['consent', 'grant', '--signed', '/nonexistent/s.json'],
        /option '--signed <file>' argument .* is invalid\. cannot read/,
      ],
      ['consent withdraw without a consent id', ['consent', 'withdraw'], /missing required argument 'consentId'/],
      ['detail read without a consent', ['detail', 'read', 'BL-1', '--purpose', 'p'], /--consent/],
      ['detail read without a purpose', ['detail', 'read', 'BL-1', '--consent', 'C-1'], /--purpose/],
    ];
    for (const [what, args, message] of cases) {
      it(`exits 2 for ${what}`, async () => {
        const run = await govchain([...base, ...args]);
        expect(run.stderr).to.match(message);
        expect(run.code, run.stderr).to.equal(2);
        expect(run.stdout).to.equal('');
        expect(run.stderr).to.not.match(/^\s+at /m);
      });
    }

    it('prints a usage error as JSON with --json', async () => {
      const run = await govchain([...base, '--json', 'licence', 'suspend', 'BL-1']);
      expect(run.code).to.equal(2);
      expect(JSON.parse(run.stderr)).to.deep.equal({
        error: { code: 'USAGE', message: "required option '--reason <CODE>' not specified" },
      });
    });

    it('lists the licence subcommands in the help', async () => {
      const run = await govchain(['licence', '--help']);
      expect(run.code).to.equal(0);
      for (const sub of [
        'issue',
        'verify',
        'suspend',
        'reinstate',
        'revoke',
        'renew',
        'replace',
        'show',
        'history',
        'list',
        'types',
      ]) {
        expect(run.stdout).to.match(new RegExp(`^  ${sub}\\b`, 'm'));
      }
      expect(run.stdout.replace(/\s+/g, ' ')).to.match(/exits 7 when the result is not VALID/);
    });
  });

  describe('holder commands that need no network', () => {
    const wallet = generateHolderKeyPair();
    let signerFile: string;
    before(() => {
      signerFile = join(dir.path, 'signer.pem');
      writeFileSync(signerFile, wallet.privateKeyPem, { mode: 0o600 });
    });

    it('keygen writes a private key readable only by its owner and refuses to overwrite it', async () => {
      const file = join(dir.path, 'holder.pem');
      const run = await govchain(['--json', 'holder', 'keygen', '--private-key', file]);
      expect(run.code, run.stderr).to.equal(0);
      const out = JSON.parse(run.stdout) as { publicKeyFile: string; fingerprint: string };
      expect(out.publicKeyFile).to.equal(`${file}.pub`);
      expect(out.fingerprint).to.match(/^[0-9a-f]{64}$/);
      expect(statSync(file).mode & 0o777).to.equal(0o600);
      expect(readFileSync(file, 'utf8')).to.match(/^-----BEGIN PRIVATE KEY-----/);
      expect(readFileSync(`${file}.pub`, 'utf8')).to.match(/^-----BEGIN PUBLIC KEY-----/);
      const again = await govchain(['holder', 'keygen', '--private-key', file]);
      expect(again.code).to.equal(2);
      expect(again.stderr).to.match(/cannot write the key files/);
    });

    it('sign-consent prints a consent and signature that the chaincode verifies', async () => {
      const run = await govchain([
        '--json',
        'holder',
        'sign-consent',
        '--holder-key',
        signerFile,
        '--holder-ref',
        HOLDER_REF,
        '--grantee',
        'TaxMSP',
        '--licence',
        'BL-1',
        '--purpose',
        'tax clearance',
        '--expires',
        '+2d',
      ]);
      expect(run.code, run.stderr).to.equal(0);
      const signed = JSON.parse(run.stdout) as { consent: Record<string, string>; signature: string };
      expect(signed.consent).to.include({ action: 'GRANT_CONSENT', holderRef: HOLDER_REF, licenceId: 'BL-1' });
      expect(signed.consent.consentId).to.match(/^C-/);
      expect(Date.parse(signed.consent.expiresAt ?? '') - Date.now()).to.be.within(47 * 3_600_000, 49 * 3_600_000);
      expect(verifyP256Signature(wallet.publicKeyHex, signedBytes(signed.consent), signed.signature)).to.equal(true);
      expect(canonicalJson(signed.consent)).to.include('"action":"GRANT_CONSENT"');
    });

    it('sign-binding prints a binding signed by the key being bound, which the chaincode verifies', async () => {
      const run = await govchain([
        '--json',
        'holder',
        'sign-binding',
        '--holder-key',
        signerFile,
        '--holder-ref',
        HOLDER_REF,
        '--key-version',
        '2',
      ]);
      expect(run.code, run.stderr).to.equal(0);
      const signed = JSON.parse(run.stdout) as { binding: Record<string, unknown>; signature: string };
      expect(signed.binding).to.deep.equal({
        action: 'BIND_HOLDER_KEY',
        holderRef: HOLDER_REF,
        publicKey: wallet.publicKeyHex,
        keyVersion: 2,
      });
      expect(verifyP256Signature(wallet.publicKeyHex, signedBytes(signed.binding), signed.signature)).to.equal(true);
    });

    it('sign-binding refuses a version that is not a positive integer', async () => {
      const run = await govchain([
        'holder',
        'sign-binding',
        '--holder-key',
        signerFile,
        '--holder-ref',
        HOLDER_REF,
        '--key-version',
        '0',
      ]);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/--key-version .* it must be a whole number from 1 to 9999999/);
    });

    it('sign-consent refuses both scopes', async () => {
      const run = await govchain([
        'holder',
        'sign-consent',
        '--holder-key',
        signerFile,
        '--holder-ref',
        HOLDER_REF,
        '--grantee',
        'TaxMSP',
        '--licence',
        'BL-1',
        '--licence-type',
        'BUSINESS_LICENCE',
        '--purpose',
        'p',
        '--expires',
        '+1d',
      ]);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/option '--licence <id>' cannot be used with option '--licence-type <code>'/);
    });
  });
});

describe('govchain CLI: grouped commands and negative answers', () => {
  const table: CommandDefinition[] = [
    {
      name: 'thing check',
      description: 'answers no for "bad"',
      arguments: [{ name: 'what', description: 'what to check' }],
      run: (context) => {
        const bad = context.args.what === 'bad';
        return Promise.resolve({
          data: { ok: !bad },
          text: [bad ? 'NO' : 'YES'],
          ...(bad ? { exitCode: ExitCode.NEGATIVE } : {}),
        });
      },
    },
    { name: 'thing other', description: 'another', run: () => Promise.resolve({ data: {}, text: ['other'] }) },
  ];

  async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      argv,
      {
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
        env: {},
      },
      table,
    );
    return { code, stdout, stderr };
  }

  it('routes a two-word command name to a subcommand of a group', async () => {
    expect(await run(['thing', 'other'])).to.deep.equal({ code: 0, stdout: 'other\n', stderr: '' });
  });

  it("prints the result and exits with the command's negative exit code", async () => {
    expect(await run(['thing', 'check', 'good'])).to.include({ code: 0, stdout: 'YES\n' });
    expect(await run(['thing', 'check', 'bad'])).to.include({ code: ExitCode.NEGATIVE, stdout: 'NO\n' });
    expect(await run(['--json', 'thing', 'check', 'bad'])).to.include({ code: 7, stdout: '{"ok":false}\n' });
  });

  it('lists the subcommands of a group in the top-level help', async () => {
    const help = await run(['--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^ {2}thing\s+check, other$/m);
  });

  it('exits 2 for a group without a subcommand', async () => {
    const result = await run(['thing']);
    expect(result.code).to.equal(ExitCode.USAGE);
    expect(result.stderr).to.match(/Usage: govchain thing/);
  });
});
