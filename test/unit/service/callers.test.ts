import {
  CertificateCallers,
  addCertificateCaller,
  loadServiceTls,
  readCertificates,
  removeCertificateCaller,
} from '@govchain/service';
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type TestCa, type TestCertificate, testCa, testCertificate } from './certificates';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'service', 'dist', 'cli.js');

describe('service: certificate callers and TLS files', () => {
  let dir: string;
  let file: string;
  let ca: TestCa;
  let other: TestCa;
  let client: TestCertificate;
  let server: TestCertificate;
  const cas = (): ReturnType<typeof readCertificates> => readCertificates(ca.certFile, 'ca');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'govchain-callers-'));
    file = join(dir, 'tax', 'callers.json');
    ca = testCa(dir, 'tlsca.tax.test');
    other = testCa(dir, 'tlsca.health.test');
    client = testCertificate(dir, ca, 'archive', 'client');
    server = testCertificate(dir, ca, 'service', 'server');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds a certificate by the SHA-256 of its DER, keeps no certificate, and finds it again', () => {
    const entry = addCertificateCaller(file, 'tax', 'archive', client.certFile, 'clerk:alice', cas());
    const der = execFileSync('openssl', ['x509', '-in', client.certFile, '-outform', 'DER']);
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: der, encoding: 'utf8' }).split(' ')[0];
    expect(entry.sha256).to.equal(openssl);
    expect(entry).to.include({ name: 'archive', identity: 'clerk:alice' });
    expect(entry.subject).to.match(/CN=archive/);
    expect(readFileSync(file, 'utf8')).to.not.include('BEGIN CERTIFICATE');
    const callers = CertificateCallers.read(file, 'tax');
    expect(callers.size).to.equal(1);
    expect(callers.find(entry.sha256)?.name).to.equal('archive');
    expect(callers.find('0'.repeat(64))).to.equal(undefined);
  });

  it('unbinds a caller by name, and a running set of callers takes the file again', () => {
    const entry = addCertificateCaller(file, 'tax', 'archive', client.certFile, 'clerk:alice', cas());
    const running = CertificateCallers.read(file, 'tax');
    expect(removeCertificateCaller(file, 'tax', 'archive').sha256).to.equal(entry.sha256);
    expect(() => removeCertificateCaller(file, 'tax', 'archive')).to.throw(/no caller named archive/);
    expect(running.find(entry.sha256)?.name).to.equal('archive');
    running.replaceWith(CertificateCallers.read(file, 'tax'));
    expect(running.find(entry.sha256)).to.equal(undefined);
    expect(running.entries).to.deep.equal([]);
    // Bound again under another name, after it was unbound.
    addCertificateCaller(file, 'tax', 'archive-2', client.certFile, 'user', cas());
    running.replaceWith(CertificateCallers.read(file, 'tax'));
    expect(running.find(entry.sha256)?.name).to.equal('archive-2');
  });

  it('refuses a bad name or identity, a name or certificate bound already', () => {
    addCertificateCaller(file, 'tax', 'archive', client.certFile, 'user', cas());
    const another = testCertificate(dir, ca, 'another', 'client');
    expect(() => addCertificateCaller(file, 'tax', 'archive', another.certFile, 'user', cas())).to.throw(
      /exists already/,
    );
    expect(() => addCertificateCaller(file, 'tax', 'copy', client.certFile, 'user', cas())).to.throw(
      /bound already, to archive/,
    );
    expect(() => addCertificateCaller(file, 'tax', 'Archive 2', another.certFile, 'user', cas())).to.throw(
      /caller name/,
    );
    expect(() => addCertificateCaller(file, 'tax', 'ops', another.certFile, 'root', cas())).to.throw(
      /user, admin or clerk/,
    );
  });

  it('refuses a missing file, no PEM, two certificates, a CA, an expired one and one no client CA signed', () => {
    const bundle = join(dir, 'bundle.pem');
    writeFileSync(bundle, readFileSync(client.certFile, 'utf8') + readFileSync(server.certFile, 'utf8'));
    const text = join(dir, 'text.pem');
    writeFileSync(text, 'not a certificate\n');
    const garbled = join(dir, 'garbled.pem');
    writeFileSync(garbled, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    const expired = testCertificate(dir, ca, 'expired', 'client', {
      from: new Date(Date.now() - 10 * 86_400_000),
      to: new Date(Date.now() - 86_400_000),
    });
    const foreign = testCertificate(dir, other, 'foreign', 'client');
    // The same subject and issuer name as a certificate of the trusted CA, but signed by another key.
    mkdirSync(join(dir, 'impostor'));
    const impostorCa = testCa(join(dir, 'impostor'), 'tlsca.tax.test');
    const impostor = testCertificate(dir, impostorCa, 'impostor', 'client');
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.pem'), /no such file/],
      [text, /no PEM certificate/],
      [garbled, /not a certificate/],
      [bundle, /one certificate, not 2/],
      [ca.certFile, /a CA certificate/],
      [expired.certFile, /expired on/],
      [foreign.certFile, /not a client CA of the service/],
      [impostor.certFile, /not a client CA of the service/],
    ];
    for (const [cert, message] of cases) {
      expect(() => addCertificateCaller(file, 'tax', 'archive', cert, 'user', cas()), cert).to.throw(message);
    }
    expect(CertificateCallers.read(file, 'tax').size, 'nothing was bound').to.equal(0);
  });

  it('reports every problem of a bad callers file at once', () => {
    const entry = addCertificateCaller(file, 'tax', 'archive', client.certFile, 'user', cas());
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { callers: Record<string, unknown>[] };
    doc.callers.push({ ...entry, identity: 'root', notAfter: 'soon' });
    doc.callers.push({ name: 'Bad Name', sha256: 'xyz', identity: 'user', createdAt: '' });
    writeFileSync(file, JSON.stringify({ ...doc, department: 'health' }));
    expect(() => CertificateCallers.read(file, 'tax'))
      .to.throw(/department must be "tax"/)
      .with.property('message')
      .that.matches(/name is given twice/)
      .and.matches(/sha256 is bound twice/)
      .and.matches(/identity must be/)
      .and.matches(/notAfter must be/)
      .and.matches(/name must be 1–64/)
      .and.matches(/sha256 must be 64/)
      .and.matches(/subject and .issuer/)
      .and.matches(/createdAt must be/);
    writeFileSync(file, '{');
    expect(() => CertificateCallers.read(file, 'tax')).to.throw(/not JSON/);
  });

  it('checks the server certificate, its key and the client CAs before the service starts', () => {
    const good = { cert: server.certFile, key: server.keyFile, clientCas: [ca.certFile] };
    expect(loadServiceTls(good).clientCas).to.have.length(1);
    expect(() => loadServiceTls({ ...good, key: client.keyFile })).to.throw(/is not the key of --tls-cert/);
    expect(() => loadServiceTls({ ...good, key: join(dir, 'none.key') })).to.throw(/--tls-key .* no such file/);
    const notKey = join(dir, 'not.key');
    copyFileSync(server.certFile, notKey);
    expect(() => loadServiceTls({ ...good, key: notKey })).to.throw(/not a private key/);
    expect(() => loadServiceTls({ ...good, clientCas: [client.certFile] })).to.throw(/is not a CA certificate/);
    expect(() => loadServiceTls({ ...good, clientCas: [] })).to.throw(/at least one client CA/);
    expect(() => loadServiceTls(good, new Date(Date.now() + 2 * 365 * 86_400_000))).to.throw(
      /--tls-cert .* expired on/,
    );
  });

  describe('npm run service: command line', () => {
    const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
      const res = spawnSync(process.execPath, [CLI, ...args], {
        encoding: 'utf8',
        env: { ...process.env, GOVCHAIN_HOME: join(tmpdir(), 'govchain-no-network') },
      });
      return { status: res.status, stdout: res.stdout, stderr: res.stderr };
    };

    it('explains --tls and callers add in --help, and exits 0', () => {
      const help = run('--help');
      expect(help.status).to.equal(0);
      expect(help.stdout).to.match(/callers add --department KEY --name NAME --cert FILE/);
      expect(help.stdout).to.match(/--tls /);
      expect(help.stdout).to.match(/--client-ca FILE/);
    });

    const refused: [string[], RegExp][] = [
      [
        ['--department', 'tax', '--tls-cert', 'a.crt', '--tls-key', 'a.key'],
        /not an option of the service without --tls/,
      ],
      [['--department', 'tax', '--client-ca', 'ca.pem'], /--client-ca: not an option of the service without --tls/],
      [['--department', 'tax', '--tls', '--tls-cert', 'a.crt'], /--tls-cert and --tls-key go together/],
      [['--department', 'tax', '--cert', 'a.crt'], /--cert: not an option of the service/],
      [['callers', 'add', '--department', 'tax', '--name', 'archive'], /callers add needs --cert FILE/],
      [['callers', 'add', '--department', 'tax', '--cert', 'a.crt'], /callers add needs --name/],
      [['callers', 'add', '--tls', '--name', 'a', '--cert', 'a.crt'], /--tls: not an option of callers add/],
      [['keys', 'add', '--name', 'a', '--cert', 'a.crt'], /--cert: not an option of keys add/],
      [['callers', 'remove', '--department', 'tax'], /callers remove needs --name/],
      [['keys', 'remove', '--department', 'tax'], /keys remove needs --name/],
      [['keys', 'list', '--department', 'tax', '--name', 'a'], /--name: not an option of keys list/],
      [['callers', 'revoke', '--name', 'a'], /unknown command callers revoke/],
      [['--department', 'tax', '--tls=yes'], /--tls/],
      [['--department', 'tax', '--client-certificate', 'x'], /Unknown option '--client-certificate'/],
    ];
    for (const [args, message] of refused) {
      it(`refuses ${args.join(' ')} with exit 2`, () => {
        const res = run(...args);
        expect(res.stderr).to.match(message);
        expect(res.status).to.equal(2);
      });
    }
  });
});
