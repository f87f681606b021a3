/**
 * Member services (issue 15, items 1–2): on the default path every organization runs its own Fabric CA
 * server (identity CA and TLS CA), every certificate of the network chains to its organization's CAs, and
 * cryptogen has not run. The network then works as before: a transaction commits through the gateway and
 * another department reads it.
 */
import { execFile } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { evaluate, submit, type GovchainConnection } from '@govchain/gateway-client';
import {
  ROLE_ATTRIBUTE,
  address,
  sansOf,
  currentLayout,
  enrolmentPlan,
  resolveFabricCa,
  systemClerkRoles,
  type CaNode,
  type IdentityPlan,
  type Layout,
  writeAdministratorMsp,
} from '@govchain/network';
import { connectAs, HOME, networkStatus, ROOT, SESSION, uniqueId } from './support';

chai.use(chaiAsPromised);
const { expect } = chai;

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
/** DER of the OID 1.2.3.4.5.6.7.8.1, Fabric CA's attribute extension. */
const ATTRIBUTE_OID = Buffer.from([0x06, 0x08, 0x2a, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01]);

function cert(file: string): X509Certificate {
  return new X509Certificate(readFileSync(file));
}

/** The only certificate file of a folder. */
function only(dir: string): string {
  const files = readdirSync(dir);
  expect(files, dir).to.have.lengthOf(1);
  return path.join(dir, files[0]!);
}

/** The OU of a certificate's subject (Fabric CA puts the NodeOU type there). */
function ou(c: X509Certificate): string | undefined {
  return /^OU=(.*)$/m.exec(c.subject)?.[1];
}

/** Fabric CA's attributes of a certificate (extension 1.2.3.4.5.6.7.8.1), or undefined. */
function attributes(c: X509Certificate): Record<string, string> | undefined {
  const at = c.raw.indexOf(ATTRIBUTE_OID);
  if (at < 0) return undefined;
  const start = c.raw.indexOf('{"attrs":', at);
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start; i < c.raw.length; i++) {
    const ch = c.raw[i];
    if (ch === 0x7b) depth++;
    if (ch === 0x7d && --depth === 0) {
      return (JSON.parse(c.raw.subarray(start, i + 1).toString('utf8')) as { attrs: Record<string, string> }).attrs;
    }
  }
  return undefined;
}

/** Signed by `issuer`: named as its subject and its signature verifies with the issuer's key. */
function expectIssuedBy(c: X509Certificate, issuer: X509Certificate, what: string): void {
  expect(c.checkIssued(issuer), `${what} names ${issuer.subject.replace(/\n/g, ', ')} as issuer`).to.equal(true);
  expect(c.verify(issuer.publicKey), `${what}'s signature verifies with its CA's key`).to.equal(true);
  expect(c.ca, `${what} is no CA`).to.equal(false);
}

describe('member services: a Fabric CA per organization', function () {
  let layout: Layout;

  before(function () {
    layout = currentLayout(ROOT);
    if (layout.memberServices !== 'ca') {
      // A network made with GOVCHAIN_MEMBER_SERVICES=cryptogen has no CA to check.
      this.skip();
    }
  });

  it('runs one healthy CA server per organization, each with its identity CA and its TLS CA', async function () {
    const status = await networkStatus();
    expect(status.memberServices).to.equal('ca');
    expect(status.cas.map((c) => c.mspId)).to.deep.equal([
      ...layout.ordererOrgs.map((o) => o.spec.mspId),
      ...layout.orgs.map((o) => o.department.mspId),
    ]);
    for (const ca of status.cas) {
      expect(ca, ca.name).to.include({ running: true, healthy: true });
      expect(ca.caNames, ca.name).to.have.lengthOf(2);
      // A department's CA, asked by its Admin, counts its clients (User1 at least); the orderers' has none.
      const department = layout.orgs.some((o) => o.department.mspId === ca.mspId);
      if (department) expect(ca.identities?.clients, ca.name).to.be.at.least(1);
      else expect(ca.identities, ca.name).to.equal(null);
    }
  });

  it('has no cryptogen input or output: every organization was enrolled from its CAs', function () {
    expect(existsSync(path.join(HOME, 'config', 'crypto-config.yaml'))).to.equal(false);
    for (const ca of layout.cas) {
      // cryptogen would have left the CA's private key beside its certificate.
      expect(readdirSync(path.join(ca.orgDir, 'ca')), ca.name).to.deep.equal([`ca.${ca.domain}-cert.pem`]);
      expect(readFileSync(path.join(ca.orgDir, 'msp', 'cacerts', `ca.${ca.domain}-cert.pem`), 'utf8')).to.equal(
        readFileSync(ca.caCert, 'utf8'),
      );
      expect(readFileSync(path.join(ca.orgDir, 'tlsca', `tlsca.${ca.domain}-cert.pem`), 'utf8')).to.equal(
        readFileSync(ca.tlsCaCert, 'utf8'),
      );
      expect(readFileSync(path.join(ca.orgDir, 'msp', 'config.yaml'), 'utf8')).to.match(/Enable: true/);
    }
  });

  describe('every identity chains to its organization', function () {
    const expectedOu: Record<IdentityPlan['type'], string> = {
      peer: 'peer',
      orderer: 'orderer',
      admin: 'admin',
      client: 'client',
    };

    function checkOrganization(ca: CaNode): void {
      const root = cert(ca.caCert);
      const tlsRoot = cert(ca.tlsCaCert);
      expect(root.ca && tlsRoot.ca, `${ca.name}'s CAs`).to.equal(true);
      expect(root.fingerprint256).to.not.equal(tlsRoot.fingerprint256);
      for (const id of enrolmentPlan(layout, ca)) {
        if (id.msp) {
          const sign = cert(path.join(id.dir, 'msp', 'signcerts', `${id.id}-cert.pem`));
          expectIssuedBy(sign, root, `${id.id}'s signing certificate`);
          expect(sign.subject, id.id).to.match(new RegExp(`^CN=${id.id.replace(/\./g, '\\.')}$`, 'm'));
          expect(ou(sign), `${id.id}'s NodeOU`).to.equal(expectedOu[id.type]);
          expect(readFileSync(path.join(id.dir, 'msp', 'keystore', 'priv_sk'), 'utf8')).to.match(/PRIVATE KEY/);
          expect(cert(only(path.join(id.dir, 'msp', 'cacerts'))).fingerprint256).to.equal(root.fingerprint256);
        }
        const tls = cert(path.join(id.dir, 'tls', `${id.tls.kind}.crt`));
        expectIssuedBy(tls, tlsRoot, `${id.id}'s TLS certificate`);
        expect(cert(path.join(id.dir, 'tls', 'ca.crt')).fingerprint256).to.equal(tlsRoot.fingerprint256);
        expect(tls.keyUsage, `${id.id}'s TLS extended key usage`).to.include.members([SERVER_AUTH, CLIENT_AUTH]);
        if (id.tls.kind === 'server') {
          const sans = (tls.subjectAltName ?? '').split(', ').sort();
          // Its name, loopback, and its host's own address when it has one (hosts: namespaces).
          const names = sansOf(ca.machine).map((n) => (/^[\d.]+$/.test(n) ? `IP Address:${n}` : `DNS:${n}`));
          expect(sans, `${id.id}'s SANs`).to.deep.equal([`DNS:${id.id}`, ...names].sort());
        }
      }
    }

    it('orderers and the ordering organization admin', function () {
      for (const ca of layout.cas.filter((c) => c.orgKind === 'orderer')) checkOrganization(ca);
      for (const o of layout.orderers) {
        expectIssuedBy(cert(o.signCert), cert(path.join(o.org.msp, 'cacerts', `ca.${o.org.domain}-cert.pem`)), o.name);
      }
    });

    it("departments' peers, chaincode servers, admins and system identities", function () {
      for (const ca of layout.cas.filter((c) => c.orgKind === 'peer')) checkOrganization(ca);
    });
  });

  it("makes each department's Admin an admin and User1 a client carrying the department's roles", function () {
    for (const org of layout.orgs) {
      const admin = cert(org.admin.cert);
      const user = cert(org.user.cert);
      expect(ou(admin), org.department.key).to.equal('admin');
      expect(ou(user), org.department.key).to.equal('client');
      const attrs = attributes(user);
      expect(attrs, `${org.department.key} User1's attributes`).to.not.equal(undefined);
      expect(attrs?.[ROLE_ATTRIBUTE]).to.equal(systemClerkRoles(org.department));
      expect(attrs?.['hf.Type']).to.equal('client');
      // The registrar's powers are attributes of its registration, not of its certificate.
      expect(attributes(admin)?.[ROLE_ATTRIBUTE]).to.equal(undefined);
    }
  });

  it('keeps every enrolment secret owner-only and out of every running process', function () {
    const dir = path.join(HOME, 'secrets');
    const names = readdirSync(dir).filter((n) => n.startsWith('ca.'));
    // Each CA's bootstrap registrar, and every identity it enrolled.
    expect(names.length).to.be.greaterThan(layout.cas.length * 2);
    const secrets = names.map((n) => {
      expect(statSync(path.join(dir, n)).mode & 0o777, n).to.equal(0o600);
      return readFileSync(path.join(dir, n), 'utf8').trim();
    });
    const holders: string[] = [];
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      for (const part of ['cmdline', 'environ']) {
        let text = '';
        try {
          text = readFileSync(path.join('/proc', pid, part)).toString('latin1');
        } catch {
          continue; // Gone, or another user's.
        }
        if (secrets.some((secret) => text.includes(secret))) holders.push(`${pid}/${part}`);
      }
    }
    expect(holders).to.deep.equal([]);
  });

  describe("a department's Admin is its registrar", function () {
    let home: string;

    beforeEach(function () {
      home = mkdtempSync(path.join(os.tmpdir(), 'govchain-registrar-'));
    });

    afterEach(function () {
      rmSync(home, { recursive: true, force: true });
    });

    /** fabric-ca-client register as the department's Admin; the new identity's secret in the environment. */
    async function registerAs(department: string, type: string, attrs: string): Promise<string> {
      const org = layout.orgs.find((o) => o.department.key === department)!;
      const ca = layout.cas.find((c) => c.mspId === org.department.mspId)!;
      const { bin } = resolveFabricCa(ROOT);
      // A copy of the Admin's certificate and key, where fabric-ca-client reads them, in the scratch home.
      const msp = writeAdministratorMsp(org, home);
      const { stdout } = await promisify(execFile)(
        path.join(bin, 'fabric-ca-client'),
        [
          'register',
          '-u',
          `https://${address(ca.machine.ip, ca.port)}`,
          '--caname',
          ca.caName,
          '--tls.certfiles',
          ca.caCert,
          '--home',
          home,
          '-M',
          msp,
          '--id.name',
          uniqueId('clerk'),
          '--id.type',
          type,
          '--id.affiliation',
          '',
          '--id.attrs',
          attrs,
        ],
        { env: { PATH: process.env.PATH, FABRIC_CA_CLIENT_ID_SECRET: randomBytes(16).toString('hex') } },
      );
      return stdout;
    }

    it('registers a clerk (a client) with a govchain.role attribute', async function () {
      await registerAs('tax', 'client', `"${ROLE_ATTRIBUTE}=auditor:ecert"`);
    });

    it('may not register a peer, nor an attribute other than govchain.role', async function () {
      await expect(registerAs('tax', 'peer', `"${ROLE_ATTRIBUTE}=auditor:ecert"`)).to.be.rejectedWith(
        /not authorized|Authorization failure|cannot register/i,
      );
      await expect(registerAs('tax', 'client', 'hf.Revoker=true')).to.be.rejectedWith(
        /not authorized|Authorization failure|cannot register|attribute/i,
      );
    });
  });

  describe('the network works on these identities', function () {
    let publicSecurity: GovchainConnection;
    let tax: GovchainConnection;

    before(async function () {
      publicSecurity = await connectAs('public-security');
      tax = await connectAs('tax');
    });

    after(function () {
      publicSecurity.close();
      tax.close();
    });

    it('commits a transaction through the gateway that another department then reads', async function () {
      const key = uniqueId('member-services');
      const value = JSON.stringify({ by: 'PublicSecurityMSP', enrolled: 'ca' });
      const written = await submit(publicSecurity.getContract('control'), 'Put', { arguments: [key, value] });
      expect(written.blockNumber > 0n).to.equal(true);
      expect(SESSION.block! >= written.blockNumber).to.equal(true);
      const read = await evaluate(tax.getContract('control'), 'Get', { arguments: [key] });
      expect(read).to.deep.equal({ by: 'PublicSecurityMSP', enrolled: 'ca' });
    });
  });
});
