/**
 * Clerks (issue 15, items 3–4 and revocation): a department's registrar registers and enrols clerks with
 * roles through the `govchain identity` commands; a clerk acts within its role and is refused FORBIDDEN,
 * naming the role, outside it; a revoked clerk is refused by every peer of the channel once its
 * department's CRL is published to the channel, while the department's other clerks carry on.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import {
  connect,
  departmentWallet,
  eLicenseClient,
  evaluate,
  fingerprintBuffer,
  IdentityError,
  loadProfile,
  Wallet,
  signerFromPem,
  submit,
  type GovchainConnection,
} from '@govchain/gateway-client';
import { DepartmentRegistrar } from '@govchain/gateway-client/dist/identities';

import {
  address,
  currentLayout,
  fetchChannelConfig,
  resolveFabric,
  revocationListOf,
  type Layout,
} from '@govchain/network';
import { pollUntil } from '@govchain/protocol';
import { connectAs, govchainCli, networkCli, networkStatus, PROFILES, ROOT, uniqueId } from './support';
import { enrolledClerk, govchainJson } from './clerk-cli';
import { newEnterpriseCode, newPerson } from './test-data';

chai.use(chaiAsPromised);
const { expect } = chai;

const DEPARTMENT = 'market-regulation';

describe('clerks: roles checked by every endorser, revocation published to the channel', function () {
  let layout: Layout;
  const connections: GovchainConnection[] = [];

  before(function () {
    layout = currentLayout(ROOT);
    // A network made with GOVCHAIN_MEMBER_SERVICES=cryptogen has no CA and no clerks.
    if (layout.memberServices !== 'ca') this.skip();
  });

  after(function () {
    for (const c of connections) c.close();
  });

  async function asClerk(clerk: string): Promise<GovchainConnection> {
    const connection = await connectAs(DEPARTMENT, { clerk });
    connections.push(connection);
    return connection;
  }

  function issueAs(connection: GovchainConnection, id: string): Promise<unknown> {
    const holder = newPerson('clerk-licensee');
    return eLicenseClient(connection).issueLicense({
      id,
      type: 'BUSINESS_LICENCE',
      fingerprint: fingerprintBuffer(Buffer.from(`business licence ${id}`)),
      metadata: {
        enterpriseName: `Clerk test enterprise ${id}`,
        unifiedSocialCreditCode: newEnterpriseCode(),
        businessScope: 'software development',
        registeredCapital: '1000000',
      },
      holder: { idNumber: holder.idNumber, name: holder.name },
    });
  }

  describe('roles', function () {
    let issuer: string;
    let auditor: string;

    before(async function () {
      [issuer, auditor] = await Promise.all([
        enrolledClerk(DEPARTMENT, 'issuer'),
        enrolledClerk(DEPARTMENT, 'auditor'),
      ]);
    });

    it('lets an issuer clerk issue a licence of its department', async function () {
      const id = uniqueId('BL');
      await expect(issueAs(await asClerk(issuer), id)).to.be.fulfilled;
      // A read-only clerk reads it.
      expect((await eLicenseClient(await asClerk(auditor)).getLicense(id)).id).to.equal(id);
    });

    it('refuses an auditor clerk a licence FORBIDDEN, naming the role it lacks, and writes nothing', async function () {
      const id = uniqueId('BL');
      const auditorConnection = await asClerk(auditor);
      /** The refusal a call met: its code and message. */
      const refusalOf = (pending: Promise<unknown>): Promise<{ code: string; message: string }> =>
        pending.then(
          () => expect.fail('the auditor wrote'),
          (err: unknown) => err as { code: string; message: string },
        );
      // The client's first step, the holder's reference, is already beyond an auditor.
      const viaClient = await refusalOf(issueAs(auditorConnection, id));
      expect(viaClient.code, viaClient.message).to.equal('FORBIDDEN');
      expect(viaClient.message).to.include(
        'RequestHolderRef: it needs role issuer or examiner or attester (it holds auditor)',
      );
      // Sent on its own, the licence meets the same check on every endorser.
      const direct = await refusalOf(
        submit(auditorConnection.getContract('e-license'), 'IssueLicense', {
          arguments: [JSON.stringify({ id, type: 'BUSINESS_LICENCE' })],
        }),
      );
      expect(direct.code, direct.message).to.equal('FORBIDDEN');
      expect(direct.message).to.include('IssueLicense: it needs role issuer (it holds auditor)');
      await expect(eLicenseClient(auditorConnection).getLicense(id)).to.be.rejected.and.eventually.have.property(
        'code',
        'NOT_FOUND',
      );
    });

    it("keeps governance to administrators: the department's system identity is refused, its Admin is not", async function () {
      const system = await connectAs(DEPARTMENT);
      const admin = await connectAs(DEPARTMENT, 'admin');
      connections.push(system, admin);
      const refused = await eLicenseClient(system)
        .seedLicenseTypes()
        .then(
          () => expect.fail('the system identity seeded'),
          (err: unknown) => err as { code: string; message: string },
        );
      expect(refused.code, refused.message).to.equal('FORBIDDEN');
      expect(refused.message).to.include('SeedLicenseTypes: it needs a department administrator');
      expect((await eLicenseClient(admin).seedLicenseTypes()).result).to.deep.equal({ seeded: false });
    });

    it('refuses at the CA, in one line and changing nothing: a name taken, a wrong secret, an unknown identity', async function () {
      const refusedWith = async (code: string, ...args: string[]): Promise<void> => {
        const run = await govchainCli('--as', DEPARTMENT, 'identity', ...args);
        expect(run.code, run.stderr).to.not.equal(0);
        expect(run.stderr).to.include(code);
        expect(run.stderr.trim().split('\n'), run.stderr).to.have.lengthOf(1);
      };
      await refusedWith('ALREADY_REGISTERED', 'register', issuer, '--role', 'issuer');
      const stranger = uniqueId('clerk-stranger');
      const registered = await govchainJson(
        DEPARTMENT,
        'identity',
        'identity',
        'register',
        stranger,
        '--role',
        'auditor',
      );
      await refusedWith('WRONG_SECRET', 'enrol', stranger, '--secret', `${String(registered.secret)}x`);
      expect(departmentWallet(path.join(PROFILES, `${DEPARTMENT}.json`), DEPARTMENT).get(stranger)).to.equal(undefined);
      await refusedWith('UNKNOWN_IDENTITY', 'revoke', uniqueId('clerk-nobody'));
      // The issuer registered first is still the issuer it was.
      await expect(issueAs(await asClerk(issuer), uniqueId('BL'))).to.be.fulfilled;
    });

    it("refuses one department's registrar at another department's CA", async function () {
      const [tax, market] = await Promise.all([
        loadProfile('tax', { profilesDir: PROFILES }),
        loadProfile(DEPARTMENT, { profilesDir: PROFILES }),
      ]);
      const services = market.memberServices!;
      const admin = tax.identities.admin!;
      const wallet = mkdtempSync(path.join(os.tmpdir(), 'govchain-wallet-'));
      try {
        const intruder = new DepartmentRegistrar({
          mspId: tax.mspId,
          ca: { url: services.url, caName: services.caName, tlsCACert: readFileSync(services.tlsCACertPath, 'utf8') },
          registrar: {
            certificate: readFileSync(admin.certPath, 'utf8'),
            privateKey: readFileSync(admin.keyPath, 'utf8'),
          },
          roleTable: services.clerkRoles,
          wallet: new Wallet(wallet),
        });
        const name = uniqueId('clerk-intruder');
        await expect(intruder.register(name, ['issuer'])).to.be.rejectedWith(IdentityError);
        const { identities } = await govchainJson(DEPARTMENT, 'identities', 'identity', 'list');
        expect((identities as { name: string }[]).map((i) => i.name)).to.not.include(name);
      } finally {
        rmSync(wallet, { recursive: true, force: true });
      }
    });

    it("refuses to register a role outside the department's role table, before asking the CA", async function () {
      // Market regulation's table has no evaluator (network/topologies/default.yaml).
      const run = await govchainCli(
        '--as',
        DEPARTMENT,
        'identity',
        'register',
        uniqueId('clerk-x'),
        '--role',
        'evaluator',
      );
      expect(run.code).to.not.equal(0);
      expect(run.stderr).to.match(/evaluator/);
    });
  });

  describe('revocation', function () {
    let leaver: string;
    let colleague: string;
    const key = uniqueId('clerk-revocation');

    before(async function () {
      [leaver, colleague] = await Promise.all([
        enrolledClerk(DEPARTMENT, 'issuer'),
        enrolledClerk(DEPARTMENT, 'issuer'),
      ]);
      const admin = await connectAs(DEPARTMENT, 'admin');
      connections.push(admin);
      await submit(admin.getContract('control'), 'Put', { arguments: [key, JSON.stringify({ kept: true })] });
    });

    /** The clerk's wallet identity, connected to one department's peer directly. */
    async function atPeer(clerk: string, department: string): Promise<GovchainConnection> {
      const org = layout.orgs.find((o) => o.department.key === department)!;
      const identity = departmentWallet(path.join(PROFILES, `${DEPARTMENT}.json`), DEPARTMENT).get(clerk)!;
      const connection = await connect({
        endpoint: address(org.machine.ip, org.peer.port),
        tlsCACert: readFileSync(org.peer.tls.ca),
        mspId: identity.mspId,
        certificate: identity.credentials.certificate,
        signer: signerFromPem(identity.credentials.privateKey),
        channel: layout.topology.channel,
        readYourWrites: false,
      });
      connections.push(connection);
      return connection;
    }

    async function readAt(clerk: string, department: string): Promise<unknown> {
      return evaluate((await atPeer(clerk, department)).getContract('control'), 'Get', { arguments: [key] });
    }

    it('is not enough at the CA alone: until the CRL is on the channel the peers still accept the clerk', async function () {
      const revoked = await govchainJson(DEPARTMENT, 'revocation', 'identity', 'revoke', leaver);
      expect(String(revoked.crl)).to.match(/^-----BEGIN X509 CRL-----/);
      expect(await readAt(leaver, DEPARTMENT)).to.deep.equal({ kept: true });
    });

    it('refuses the revoked clerk at every peer once its department published the CRL; its colleague works', async function () {
      const { stderr } = await networkCli('crl', DEPARTMENT);
      expect(stderr).to.match(/published market-regulation's CRL to govchannel/);
      // The department's MSP definition on the channel now carries one CRL; no other department's does.
      const config = await fetchChannelConfig(resolveFabric(ROOT), layout, layout.orgs[0]!);
      for (const org of layout.orgs) {
        const crls = revocationListOf(config, org.department.mspId);
        if (org.department.key === DEPARTMENT) {
          expect(crls).to.have.lengthOf(1);
          expect(crls[0]).to.match(/^-----BEGIN X509 CRL-----\n[\s\S]+-----END X509 CRL-----\n$/);
        } else {
          expect(crls, org.department.key).to.deep.equal([]);
        }
      }
      for (const org of layout.orgs) {
        const department = org.department.key;
        // Each peer applies the configuration block when it commits it.
        const refused = await pollUntil(
          async () =>
            readAt(leaver, department).then(
              () => undefined,
              (err: unknown) => err as Error,
            ),
          { timeoutMs: 30_000, intervalMs: 500 },
        );
        expect(refused, `${department}'s peer refuses the revoked clerk`).to.be.instanceOf(Error);
        expect(refused!.message, department).to.match(/access denied|revoked|creator/i);
        expect(await readAt(colleague, department), `${department}'s peer serves the colleague`).to.deep.equal({
          kept: true,
        });
      }
    });

    it('refuses the revoked clerk a submit, and a re-enrolment at the CA', async function () {
      const connection = await asClerk(leaver);
      await expect(issueAs(connection, uniqueId('BL'))).to.be.rejected;
      const run = await govchainCli('--as', DEPARTMENT, 'identity', 'reenrol', leaver);
      expect(run.code).to.not.equal(0);
      expect(run.stderr).to.match(/REVOKED|revoked/);
    });

    it('re-enrols an active clerk: a new certificate, with its roles, that the peers accept', async function () {
      const wallet = departmentWallet(path.join(PROFILES, `${DEPARTMENT}.json`), DEPARTMENT);
      const before = wallet.get(colleague)!.credentials.certificate;
      const renewed = await govchainJson(DEPARTMENT, 'identity', 'identity', 'reenrol', colleague);
      expect(renewed.roles).to.deep.equal(['issuer']);
      expect(wallet.get(colleague)!.credentials.certificate).to.not.equal(before);
      await expect(issueAs(await asClerk(colleague), uniqueId('BL'))).to.be.fulfilled;
    });

    it("counts the department's clients and revoked certificates in network:status; the list shows who is revoked", async function () {
      const ca = (await networkStatus()).cas.find(
        (c) => c.mspId === layout.orgs.find((o) => o.department.key === DEPARTMENT)!.department.mspId,
      );
      // User1 and the four clerks of this file at least; the leaver's certificate at least.
      expect(ca?.identities?.clients).to.be.at.least(5);
      expect(ca?.identities?.revokedCertificates).to.be.at.least(1);
      const { stdout } = await networkCli('status');
      expect(stdout).to.match(/CLIENTS\s+REVOKED/);
      // The registrar's list says who holds a certificate the peers accept.
      const { identities } = await govchainJson(DEPARTMENT, 'identities', 'identity', 'list');
      const statusOf = (name: string): unknown =>
        (identities as { name: string; status: string }[]).find((i) => i.name === name)?.status;
      expect(statusOf(leaver)).to.equal('revoked');
      expect(statusOf(colleague)).to.equal('active');
    });

    it('publishes a CRL revoking the same certificates only once', async function () {
      const { stderr } = await networkCli('crl', DEPARTMENT);
      expect(stderr).to.match(/already holds a CRL of market-regulation revoking the same certificates/);
    });
  });
});
