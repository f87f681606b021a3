import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  ChaincodeError,
  type ELicenseClient,
  type GovchainConnection,
  type HolderKeyPair,
  type License,
  buildConsent,
  buildWithdrawal,
  eLicenseClient,
  fingerprintBuffer,
  generateHolderKeyPair,
  signConsent,
  signHolderKeyBinding,
  signWithdrawal,
} from '@govchain/gateway-client';
import { connectAs, PROFILES, ROOT, SESSION, suiteDirectory, uniqueId } from './support';
import { type TestPerson, newPerson } from './test-data';

chai.use(chaiAsPromised);
const { expect } = chai;

const BUSINESS_METADATA = {
  enterpriseName: 'Harbour Trading Co., Ltd.',
  unifiedSocialCreditCode: '91310000MA1FL4CT3X',
  businessScope: 'wholesale of electronic components',
  registeredCapital: '5000000',
};

/** A licence document as the issuer holds it; the ledger only ever sees its SHA-256. */
function document(id: string): Buffer {
  return Buffer.from(`%PDF-1.7\nBusiness licence ${id}\nissued by Market Regulation\n%%EOF\n`);
}

/** Expects a promise to be refused by the chaincode with a code, and returns the error. */
async function refused(promise: Promise<unknown>, code: string): Promise<ChaincodeError> {
  const err: unknown = await promise.then(
    () => expect.fail(`expected a ${code} refusal`),
    (e: unknown) => e,
  );
  expect(err, String(err)).to.be.instanceOf(ChaincodeError);
  expect((err as ChaincodeError).code, (err as Error).message).to.equal(code);
  return err as ChaincodeError;
}

describe('e-license on the real network', function () {
  this.timeout(180_000);
  this.slow(10_000);

  let connections: GovchainConnection[] = [];
  /** Issuer of business licences. */
  let market: ELicenseClient;
  /** Real Estate: verifies licences, is granted consents, may not issue business licences. */
  let realEstate: ELicenseClient;
  /** Public Security: relays consents, holds no consent itself. */
  let other: ELicenseClient;

  before(async function () {
    const [m, t, c] = await Promise.all([
      connectAs('market-regulation'),
      connectAs('real-estate'),
      connectAs('public-security'),
    ]);
    connections = [m, t, c];
    market = eLicenseClient(m);
    realEstate = eLicenseClient(t);
    other = eLicenseClient(c);
  });

  after(function () {
    for (const connection of connections) connection.close();
  });

  /**
   * A committed transaction. Every connection here shares the run's read-your-writes session (support.ts), so
   * the next call of any department waits until the peers that run it have this block: no wait is needed here.
   */
  async function settled<T extends { readonly blockNumber: bigint }>(pending: Promise<T>): Promise<T> {
    const outcome = await pending;
    expect(SESSION.block! >= outcome.blockNumber, 'the session holds the commit').to.equal(true);
    return outcome;
  }

  /** Public Security identifies the holder and binds the wallet key the holder signed the binding with. */
  async function bindKey(holder: TestPerson, wallet: HolderKeyPair, keyVersion = 1): Promise<void> {
    const holderRef = (await other.requestHolderRef(holder.idNumber, 'QUERY_HOLDER')).holderRef;
    const signed = signHolderKeyBinding(wallet.privateKeyPem, { holderRef, keyVersion });
    await settled(
      keyVersion === 1
        ? other.bindHolderKey({ idNumber: holder.idNumber, signed })
        : other.rotateHolderKey({ idNumber: holder.idNumber, signed }),
    );
  }

  async function issue(id: string, holder: TestPerson): Promise<License> {
    const { result } = await settled(
      market.issueLicense({
        id,
        type: 'BUSINESS_LICENCE',
        fingerprint: fingerprintBuffer(document(id)),
        metadata: BUSINESS_METADATA,
        holder: { idNumber: holder.idNumber, name: holder.name },
      }),
    );
    return result;
  }

  describe('licence lifecycle', function () {
    const holder = newPerson('licensee');
    const id = uniqueId('BL');
    const transactions: string[] = [];
    const genuine = document(id);
    const tampered = Buffer.from(genuine.toString().replace('Business', 'Busyness'));

    async function verify(doc: Buffer, by: ELicenseClient = realEstate): Promise<string> {
      return (await by.verifyLicense({ licenceId: id, fingerprint: fingerprintBuffer(doc) })).result;
    }

    it('issues a licence whose record carries a holder reference, never the ID number or name', async function () {
      const outcome = await settled(
        market.issueLicense({
          id,
          type: 'BUSINESS_LICENCE',
          fingerprint: fingerprintBuffer(genuine),
          metadata: BUSINESS_METADATA,
          holder: { idNumber: holder.idNumber, name: holder.name },
        }),
      );
      transactions.push(outcome.transactionId);
      const licence = outcome.result;
      expect(licence).to.include({
        id,
        type: 'BUSINESS_LICENCE',
        issuerMsp: 'MarketRegulationMSP',
        status: 'ACTIVE',
        statusReason: 'ISSUED',
        fingerprint: fingerprintBuffer(genuine),
        updatedByMsp: 'MarketRegulationMSP',
        txId: outcome.transactionId,
      });
      expect(licence.holderRef).to.match(/^[0-9a-f]{64}$/);
      expect((await realEstate.requestHolderRef(holder.idNumber, 'QUERY_HOLDER')).holderRef).to.equal(
        licence.holderRef,
      );
      const text = JSON.stringify(await realEstate.getLicense(id));
      expect(text).to.not.include(holder.idNumber).and.not.include(holder.name);
    });

    it('verifies the genuine document as VALID and a tampered one as FINGERPRINT_MISMATCH, from another department', async function () {
      expect(await verify(genuine)).to.equal('VALID');
      expect(await verify(tampered)).to.equal('FINGERPRINT_MISMATCH');
      const unknown = await realEstate.verifyLicense({
        licenceId: uniqueId('NOPE'),
        fingerprint: fingerprintBuffer(genuine),
      });
      expect(unknown).to.include({ result: 'NOT_FOUND', status: '', issuerMsp: '' });
    });

    it('refuses a status change by a department that is not the issuer', async function () {
      await refused(realEstate.suspendLicense({ licenceId: id, reasonCode: 'AUDIT' }), 'FORBIDDEN');
      expect((await realEstate.getLicense(id)).status).to.equal('ACTIVE');
    });

    it('suspends: the licence verifies as SUSPENDED', async function () {
      const { result, transactionId } = await settled(
        market.suspendLicense({ licenceId: id, reasonCode: 'COURT_ORDER' }),
      );
      transactions.push(transactionId);
      expect(result).to.include({ status: 'SUSPENDED', statusReason: 'COURT_ORDER' });
      expect(await verify(genuine)).to.equal('SUSPENDED');
      expect(await verify(tampered)).to.equal('FINGERPRINT_MISMATCH');
    });

    it('reinstates: the licence is VALID again', async function () {
      const { result, transactionId } = await settled(
        market.reinstateLicense({ licenceId: id, reasonCode: 'ORDER_LIFTED' }),
      );
      transactions.push(transactionId);
      expect(result).to.include({ status: 'ACTIVE', statusReason: 'ORDER_LIFTED' });
      expect(await verify(genuine)).to.equal('VALID');
    });

    it('revokes: the licence verifies as REVOKED, and revocation is final', async function () {
      const { result, transactionId } = await settled(market.revokeLicense({ licenceId: id, reasonCode: 'FRAUD' }));
      transactions.push(transactionId);
      expect(result).to.include({ status: 'REVOKED', statusReason: 'FRAUD' });
      const verification = await realEstate.verifyLicense({ licenceId: id, fingerprint: fingerprintBuffer(genuine) });
      expect(verification).to.include({ result: 'REVOKED', status: 'REVOKED', issuerMsp: 'MarketRegulationMSP' });
      await refused(market.reinstateLicense({ licenceId: id, reasonCode: 'APPEAL' }), 'PRECONDITION_FAILED');
      await refused(market.suspendLicense({ licenceId: id, reasonCode: 'AUDIT' }), 'PRECONDITION_FAILED');
      expect((await realEstate.getLicense(id)).status).to.equal('REVOKED');
    });

    it('keeps the history of every change, newest first, with submitter MSP, transaction id and time', async function () {
      const history = await realEstate.getLicenseHistory(id);
      expect(history.map((entry) => entry.txId)).to.deep.equal([...transactions].reverse());
      expect(history.map((entry) => entry.value?.status)).to.deep.equal(['REVOKED', 'ACTIVE', 'SUSPENDED', 'ACTIVE']);
      expect(history.map((entry) => entry.value?.statusReason)).to.deep.equal([
        'FRAUD',
        'ORDER_LIFTED',
        'COURT_ORDER',
        'ISSUED',
      ]);
      for (const entry of history) {
        expect(entry.submitterMsp).to.equal('MarketRegulationMSP');
        expect(entry.isDelete).to.equal(false);
        expect(entry.timestamp).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(entry.value?.txId).to.equal(entry.txId);
      }
      const times = history.map((entry) => Date.parse(entry.timestamp));
      expect([...times].sort((a, b) => b - a)).to.deep.equal(times);
    });
  });

  describe('issuance by a department that may not issue the type', function () {
    const holder = newPerson('refused');
    const id = uniqueId('BL-FORBIDDEN');

    it('is refused with FORBIDDEN and writes nothing: no licence, no holder key', async function () {
      await refused(
        realEstate.issueLicense({
          id,
          type: 'BUSINESS_LICENCE',
          fingerprint: fingerprintBuffer(document(id)),
          metadata: BUSINESS_METADATA,
          holder: { idNumber: holder.idNumber, name: holder.name },
        }),
        'FORBIDDEN',
      );
      await refused(market.getLicense(id), 'NOT_FOUND');
      const verification = await market.verifyLicense({ licenceId: id, fingerprint: fingerprintBuffer(document(id)) });
      expect(verification.result).to.equal('NOT_FOUND');
      await refused(
        market.getHolderKey((await market.requestHolderRef(holder.idNumber, 'QUERY_HOLDER')).holderRef),
        'NOT_FOUND',
      );
    });

    it('lists no licence for that holder (an empty page)', async function () {
      // An empty page once failed: the shim leaves the pagination metadata of an empty result undefined.
      const page = await market.listLicensesByHolder(
        (await market.requestHolderRef(holder.idNumber, 'QUERY_HOLDER')).holderRef,
      );
      expect(page).to.deep.equal({ records: [], bookmark: '', fetchedCount: 0 });
    });
  });

  describe('holder consent and consented reads of personal detail', function () {
    const holder = newPerson('consenting');
    const wallet = generateHolderKeyPair();
    const id = uniqueId('BL-CONSENT');
    let licence: License;
    let consentId: string;

    before(async function () {
      await bindKey(holder, wallet);
      licence = await issue(id, holder);
    });

    it("binds the holder key through Public Security, with the holder's proof of possession", async function () {
      const key = await realEstate.getHolderKey(licence.holderRef);
      expect(key).to.include({
        holderRef: licence.holderRef,
        publicKey: wallet.publicKeyHex,
        fingerprint: wallet.fingerprint,
        keyVersion: 1,
        previousFingerprint: '',
        boundByMsp: 'PublicSecurityMSP',
      });
    });

    it('refuses a consent that is not signed by the bound holder key', async function () {
      const forged = signConsent(
        generateHolderKeyPair().privateKeyPem,
        buildConsent({
          consentId: uniqueId('C-FORGED'),
          holderRef: licence.holderRef,
          granteeMsp: 'RealEstateMSP',
          licenceId: id,
          purpose: 'mortgage registration',
          expiresAt: new Date(Date.now() + 86_400_000),
        }),
      );
      await refused(realEstate.grantConsent(forged), 'FORBIDDEN');
      await refused(realEstate.getConsent(forged.consent.consentId), 'NOT_FOUND');
    });

    it('records a consent signed by the holder and lists it for the grantee only', async function () {
      consentId = uniqueId('C');
      const signed = signConsent(
        wallet.privateKeyPem,
        buildConsent({
          consentId,
          holderRef: licence.holderRef,
          granteeMsp: 'RealEstateMSP',
          licenceId: id,
          purpose: 'mortgage registration of transfer T-9',
          expiresAt: new Date(Date.now() + 86_400_000),
        }),
      );
      const { result } = await settled(other.grantConsent(signed)); // any department may relay it
      expect(result).to.include({
        consentId,
        holderRef: licence.holderRef,
        granteeMsp: 'RealEstateMSP',
        licenceId: id,
        status: 'ACTIVE',
        holderKeyFingerprint: wallet.fingerprint,
        updatedByMsp: 'PublicSecurityMSP',
      });
      await refused(other.grantConsent(signed), 'CONFLICT'); // no replay
      const ids: string[] = [];
      let bookmark = '';
      do {
        const page = await realEstate.listConsentsForDepartment({ pageSize: 100, bookmark });
        ids.push(...page.records.map((c) => c.consentId));
        bookmark = page.bookmark;
      } while (bookmark !== '');
      expect(ids).to.include(consentId);
      await refused(other.listConsentsForDepartment({ mspId: 'RealEstateMSP' }), 'FORBIDDEN');
    });

    it('lets the consented department read the private detail, logged for the holder', async function () {
      const { access, detail } = await realEstate.readDetailUnderConsent({
        licenceId: id,
        consentId,
        purpose: 'mortgage registration of transfer T-9',
      });
      expect(detail).to.deep.include({
        licenceId: id,
        issuerMsp: 'MarketRegulationMSP',
        holderRef: licence.holderRef,
        idNumber: holder.idNumber,
        name: holder.name,
        consentId,
        accessId: access.result.accessId,
      });
      expect(access.result).to.include({ licenceId: id, consentId, accessorMsp: 'RealEstateMSP' });
      const log = await market.listDetailAccesses(id);
      expect(log.records.map((a) => a.accessId)).to.include(access.result.accessId);
      // The access id of a department without the consent is of no use to it.
      await refused(
        other.readLicenseDetail({ licenceId: id, accessId: access.result.accessId, issuerMsp: 'MarketRegulationMSP' }),
        'FORBIDDEN',
      );
    });

    it('refuses a department without a consent', async function () {
      await refused(other.recordDetailAccess({ licenceId: id, consentId, purpose: 'curiosity' }), 'FORBIDDEN');
      await refused(other.listDetailAccesses(id), 'FORBIDDEN');
    });

    it('refuses the read once the holder has withdrawn the consent', async function () {
      const earlier = await settled(
        realEstate.recordDetailAccess({ licenceId: id, consentId, purpose: 'second look' }),
      );
      const signed = signWithdrawal(wallet.privateKeyPem, buildWithdrawal({ consentId, holderRef: licence.holderRef }));
      const { result } = await settled(realEstate.withdrawConsent(signed));
      expect(result).to.include({ consentId, status: 'WITHDRAWN' });
      await refused(
        realEstate.readDetailUnderConsent({ licenceId: id, consentId, purpose: 'after withdrawal' }),
        'PRECONDITION_FAILED',
      );
      // An access recorded before the withdrawal no longer opens the detail either.
      await refused(
        realEstate.readLicenseDetail({
          licenceId: id,
          accessId: earlier.result.accessId,
          issuerMsp: 'MarketRegulationMSP',
        }),
        'PRECONDITION_FAILED',
      );
      await refused(realEstate.withdrawConsent(signed), 'PRECONDITION_FAILED');
    });
  });

  describe('pagination', function () {
    it('lists five licences of one holder two at a time, each exactly once, following bookmarks', async function () {
      const holder = newPerson('paged');
      const run = uniqueId('BL-PAGE');
      const ids = Array.from({ length: 5 }, (_, i) => `${run}-${i}`);
      const issued = await Promise.all(ids.map((id) => issue(id, holder)));
      const holderRef = issued[0]!.holderRef;
      expect(new Set(issued.map((l) => l.holderRef)).size).to.equal(1);

      const seen: string[] = [];
      const sizes: number[] = [];
      let bookmark = '';
      for (let pages = 0; ; pages++) {
        expect(pages, 'too many pages').to.be.below(10);
        const page = await realEstate.listLicensesByHolder(holderRef, { pageSize: 2, bookmark });
        sizes.push(page.records.length);
        seen.push(...page.records.map((l) => l.id));
        for (const licence of page.records) expect(licence.holderRef).to.equal(holderRef);
        if (page.bookmark === '' || page.records.length === 0) break;
        bookmark = page.bookmark;
      }
      expect([...seen].sort()).to.deep.equal([...ids].sort());
      expect(sizes.every((n) => n <= 2)).to.equal(true);
      expect(sizes.filter((n) => n > 0)).to.have.length(3);
    });

    it('lists by issuer and by type with the page size respected', async function () {
      const byIssuer = await realEstate.listLicensesByIssuer('MarketRegulationMSP', { pageSize: 3 });
      expect(byIssuer.records.length).to.be.within(1, 3);
      for (const licence of byIssuer.records) expect(licence.issuerMsp).to.equal('MarketRegulationMSP');
      const byType = await realEstate.listLicensesByType('BUSINESS_LICENCE', { pageSize: 3 });
      expect(byType.records.length).to.be.within(1, 3);
      for (const licence of byType.records) expect(licence.type).to.equal('BUSINESS_LICENCE');
      await refused(realEstate.listLicensesByType('BUSINESS_LICENCE', { pageSize: 1000 }), 'INVALID_ARGUMENT');
    });
  });

  describe('renewal and replacement', function () {
    const holder = newPerson('renewing');
    const oldId = uniqueId('BL-OLD');
    const newId = uniqueId('BL-NEW');
    const lostId = uniqueId('BL-REISSUED');

    it('renews: the new licence links its predecessor, which becomes SUPERSEDED', async function () {
      await issue(oldId, holder);
      const { result } = await settled(
        market.renewLicense({
          predecessorId: oldId,
          id: newId,
          type: 'BUSINESS_LICENCE',
          fingerprint: fingerprintBuffer(document(newId)),
          metadata: BUSINESS_METADATA,
          holder: { idNumber: holder.idNumber, name: holder.name },
        }),
      );
      expect(result).to.include({ id: newId, predecessorId: oldId, status: 'ACTIVE' });
      expect(await realEstate.getLicense(oldId)).to.include({
        status: 'SUPERSEDED',
        statusReason: 'RENEWED',
        successorId: newId,
      });
      const old = await realEstate.verifyLicense({ licenceId: oldId, fingerprint: fingerprintBuffer(document(oldId)) });
      expect(old).to.include({ result: 'SUPERSEDED', successorId: newId });
      const current = await realEstate.verifyLicense({
        licenceId: newId,
        fingerprint: fingerprintBuffer(document(newId)),
      });
      expect(current.result).to.equal('VALID');
    });

    it('refuses to renew a superseded licence or for another holder', async function () {
      const stranger = newPerson('stranger');
      const draft = {
        id: uniqueId('BL-X'),
        type: 'BUSINESS_LICENCE',
        fingerprint: fingerprintBuffer(document('x')),
        metadata: BUSINESS_METADATA,
      };
      await refused(
        market.renewLicense({
          ...draft,
          predecessorId: oldId,
          holder: { idNumber: holder.idNumber, name: holder.name },
        }),
        'PRECONDITION_FAILED',
      );
      await refused(
        market.renewLicense({
          ...draft,
          predecessorId: newId,
          holder: { idNumber: stranger.idNumber, name: stranger.name },
        }),
        'INVALID_ARGUMENT',
      );
      await refused(market.getLicense(draft.id), 'NOT_FOUND');
    });

    it('replaces with a reason recorded on the predecessor', async function () {
      const { result } = await settled(
        market.replaceLicense({
          predecessorId: newId,
          reasonCode: 'LOST',
          id: lostId,
          type: 'BUSINESS_LICENCE',
          fingerprint: fingerprintBuffer(document(lostId)),
          metadata: BUSINESS_METADATA,
          holder: { idNumber: holder.idNumber, name: holder.name },
        }),
      );
      expect(result).to.include({ id: lostId, predecessorId: newId });
      expect(await realEstate.getLicense(newId)).to.include({
        status: 'SUPERSEDED',
        statusReason: 'LOST',
        successorId: lostId,
      });
      const history = await realEstate.getLicenseHistory(newId);
      expect(history.map((e) => e.value?.status)).to.deep.equal(['SUPERSEDED', 'ACTIVE']);
    });
  });

  describe('licence-type registry', function () {
    it('lists the seeded types and their issuers', async function () {
      const registry = await realEstate.listLicenseTypes();
      expect(registry.governanceMsps).to.include.members(['MarketRegulationMSP', 'RealEstateMSP', 'PublicSecurityMSP']);
      expect(await realEstate.getLicenseType('BUSINESS_LICENCE')).to.include({ issuerMsp: 'MarketRegulationMSP' });
      await refused(realEstate.getLicenseType('NO_SUCH_TYPE'), 'NOT_FOUND');
    });

    it('changes a type only with a majority of the departments endorsing', async function () {
      // One fixed code, re-put with a new name each run, so that reruns do not grow the registry.
      const code = 'INTEGRATION_TEST_TYPE';
      // Governance transactions are for department administrators.
      const admin = await connectAs('real-estate', 'admin');
      const registry = eLicenseClient(admin);
      try {
        const type = {
          code,
          name: `Integration-test type ${uniqueId('run')}`,
          issuerMsp: 'RealEstateMSP',
          requiredMetadata: ['registryOffice'],
          defaultValidityDays: 30,
        };
        await expect(
          registry.putLicenseType(type, { endorsingOrganizations: ['RealEstateMSP'] }),
        ).to.be.rejected.and.eventually.have.property('code', 'ENDORSEMENT_POLICY_FAILURE');
        const before = await realEstate.listLicenseTypes();
        expect(before.types.map((t) => t.name)).to.not.include(type.name);
        const { result } = await settled(registry.putLicenseType(type));
        expect(result).to.deep.include({ code, name: type.name, issuerMsp: 'RealEstateMSP', optionalMetadata: [] });
        expect(await market.getLicenseType(code)).to.include({ name: type.name, issuerMsp: 'RealEstateMSP' });
      } finally {
        admin.close();
      }
    });
  });

  describe('the govchain CLI', function () {
    const cli = path.join(ROOT, 'gateway-client', 'dist', 'cli.js');
    const dir = suiteDirectory('govchain-el-');

    function govchain(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          [cli, '--profiles', PROFILES, ...args],
          { timeout: 60_000 },
          (err, stdout, stderr) => {
            resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
          },
        );
      });
    }

    it('issues, verifies (exit 0 VALID, exit 7 otherwise) and reports a refusal with exit 5', async function () {
      const holder = newPerson('cli');
      const id = uniqueId('BL-CLI');
      const doc = path.join(dir(), 'licence.pdf');
      const forged = path.join(dir(), 'forged.pdf');
      writeFileSync(doc, document(id));
      writeFileSync(forged, Buffer.concat([document(id), Buffer.from(' ')]));
      const args = ['licence', 'issue', '--id', id, '--type', 'BUSINESS_LICENCE', '--document', doc];
      const more = [
        '--metadata',
        JSON.stringify(BUSINESS_METADATA),
        '--holder-id',
        holder.idNumber,
        '--holder-name',
        holder.name,
      ];
      const issued = await govchain('--as', 'market-regulation', '--json', ...args, ...more);
      expect(issued.code, issued.stderr).to.equal(0);
      const committed = JSON.parse(issued.stdout) as { licence: { id: string }; blockNumber: string };
      expect(committed.licence.id).to.equal(id);
      // Another process reads it: --after-block makes Real Estate's peer have that block first.
      const after = ['--after-block', committed.blockNumber];

      const valid = await govchain('--as', 'real-estate', ...after, 'licence', 'verify', id, '--document', doc);
      expect(valid.code, valid.stderr).to.equal(0);
      expect(valid.stdout).to.match(/^VALID: /);
      const mismatch = await govchain(
        '--as',
        'real-estate',
        ...after,
        '--json',
        'licence',
        'verify',
        id,
        '--document',
        forged,
      );
      expect(mismatch.code).to.equal(7);
      expect(JSON.parse(mismatch.stdout)).to.have.nested.property('verification.result', 'FINGERPRINT_MISMATCH');

      const forbidden = await govchain(
        '--as',
        'real-estate',
        'licence',
        'issue',
        '--id',
        uniqueId('BL-CLI'),
        ...args.slice(4),
        ...more,
      );
      expect(forbidden.code).to.equal(5);
      expect(forbidden.stderr).to.match(/^error: FORBIDDEN: /);
      expect(forbidden.stderr).to.not.include(holder.idNumber);
    });
  });
});
