import { IdentityError, Wallet, departmentWallet, loadProfile, readIdentity } from '@govchain/gateway-client';
import { runCli } from '@govchain/gateway-client/dist/cli/program';
import { clerkRolesOfCertificate } from '@govchain/gateway-client/dist/identities';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CERT_PEM, KEY_PEM, type TempDir, tempDir, writeProfiles } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

const CLERK = {
  credentials: { certificate: CERT_PEM, privateKey: KEY_PEM },
  mspId: 'TaxMSP',
  type: 'X.509' as const,
  version: 1 as const,
};

async function govchain(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(argv, {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    env: {},
  });
  return { code, ...out };
}

describe('clerk identities: wallet, profiles and the identity commands', () => {
  let dir: TempDir;
  let profilesDir: string;
  beforeEach(() => {
    dir = tempDir();
    profilesDir = writeProfiles(dir.path, [{ department: 'tax', mspId: 'TaxMSP' }]);
  });
  afterEach(() => {
    dir.cleanup();
  });

  describe('Wallet', () => {
    it('keeps one file per clerk in fabric-network’s format, readable by its owner only', () => {
      const wallet = new Wallet(join(dir.path, 'wallet'));
      expect(wallet.list()).to.deep.equal([]);
      wallet.put('clerk-li', CLERK);
      wallet.put('clerk-wu', { ...CLERK, mspId: 'TaxMSP' });
      expect(wallet.list()).to.deep.equal(['clerk-li', 'clerk-wu']);
      expect(wallet.get('clerk-li')).to.deep.equal(CLERK);
      expect(wallet.get('clerk-zhao')).to.equal(undefined);
      const file = join(dir.path, 'wallet', 'clerk-li.id');
      expect(statSync(file).mode & 0o777).to.equal(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).to.have.keys('credentials', 'mspId', 'type', 'version');
    });

    it('refuses a name that is not a clerk name, before touching a file', () => {
      const wallet = new Wallet(join(dir.path, 'wallet'));
      for (const bad of ['../admin', 'Clerk', 'x', 'clerk li', '']) {
        expect(() => {
          wallet.put(bad, CLERK);
        }, bad).to.throw(IdentityError, /is not a clerk name/);
        expect(() => wallet.get(bad), bad).to.throw(IdentityError, /is not a clerk name/);
      }
      expect(wallet.list()).to.deep.equal([]);
    });
  });

  describe('acting as a clerk', () => {
    it('reads a clerk of the department’s wallet, beside the profiles', async () => {
      const profile = await loadProfile('tax', { profilesDir });
      departmentWallet(profile.source, 'tax').put('clerk-li', CLERK);
      expect(departmentWallet(profile.source, 'tax').dir).to.equal(join(dir.path, 'wallets', 'tax'));
      const identity = await readIdentity(profile, { clerk: 'clerk-li' });
      expect(identity).to.deep.include({ mspId: 'TaxMSP', key: { pem: KEY_PEM } });
      expect(Buffer.from(identity.certificate).toString()).to.equal(CERT_PEM);
    });

    it('refuses a clerk not in the wallet, or of another department', async () => {
      const profile = await loadProfile('tax', { profilesDir });
      await expect(readIdentity(profile, { clerk: 'clerk-li' })).to.be.rejectedWith(
        /no clerk clerk-li in the wallet of tax .*govchain identity enrol/,
      );
      departmentWallet(profile.source, 'tax').put('clerk-li', { ...CLERK, mspId: 'HealthMSP' });
      await expect(readIdentity(profile, { clerk: 'clerk-li' })).to.be.rejectedWith(/belongs to HealthMSP, not TaxMSP/);
    });

    it('reads no roles from a certificate without Fabric attributes', () => {
      expect(clerkRolesOfCertificate(CERT_PEM)).to.deep.equal([]);
    });
  });

  describe('govchain identity: refused before any CA is called', () => {
    const base = (): string[] => ['--profiles', profilesDir];

    it('refuses a role that is not a clerk role, and a missing role', async () => {
      const bad = await govchain([...base(), '--as', 'tax', 'identity', 'register', 'clerk-li', '--role', 'cashier']);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.match(/--role <role>.*must be a clerk role/s);
      const none = await govchain([...base(), '--as', 'tax', 'identity', 'register', 'clerk-li']);
      expect(none.code).to.equal(2);
      expect(none.stderr).to.contain("required option '--role <role>'");
    });

    it('refuses a name that is not a clerk name', async () => {
      const run = await govchain([...base(), '--as', 'tax', 'identity', 'register', '../x', '--role', 'auditor']);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.contain('a clerk name such as clerk-li');
    });

    it('takes the enrolment secret from exactly one of --secret and a readable --secret-file', async () => {
      const enrol = (...args: string[]): ReturnType<typeof govchain> =>
        govchain([...base(), '--as', 'tax', 'identity', 'enrol', 'clerk-li', ...args]);
      const none = await enrol();
      expect(none.code).to.equal(2);
      expect(none.stderr).to.contain('give exactly one of --secret, --secret-file');
      const missing = await enrol('--secret-file', join(dir.path, 'no-such-secret'));
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.match(/cannot read .*no-such-secret/);
      const both = await enrol('--secret', 's', '--secret-file', join(profilesDir, 'tax.json'));
      expect(both.code).to.equal(2);
      expect(both.stderr).to.contain('cannot be used with');
    });

    it('refuses to run as a clerk: only the registrar manages identities', async () => {
      const run = await govchain([...base(), '--as', 'tax/clerk-li', 'identity', 'list']);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.contain("run as the department's registrar: pass --as tax, not a clerk");
    });

    it('says so when the department runs no Fabric CA (cryptogen identities)', async () => {
      const run = await govchain([...base(), '--as', 'tax', 'identity', 'enrol', 'clerk-li', '--secret', 's']);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.contain('tax runs no Fabric CA');
    });

    it('refuses a role outside the department’s role table, naming the table', async () => {
      const file = join(profilesDir, 'tax.json');
      const profile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const ca = join(dir.path, 'crypto', 'tax', 'tlsca.pem');
      profile.memberServices = {
        url: 'https://127.0.0.1:1',
        caName: 'ca-tax',
        tlsCACertPath: ca,
        clerkRoles: ['examiner', 'auditor'],
      };
      writeFileSync(file, JSON.stringify(profile));
      const run = await govchain([...base(), '--as', 'tax', 'identity', 'register', 'clerk-li', '--role', 'issuer']);
      expect(run.code).to.equal(3);
      expect(run.stderr).to.contain('unknown role issuer: TaxMSP gives examiner, auditor');
    });
  });
});
