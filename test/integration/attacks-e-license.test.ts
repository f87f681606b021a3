import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChaincodeError,
  type ELicenseClient,
  EndorsementError,
  type GovchainConnection,
  type GovchainError,
  type HolderKeyPair,
  type License,
  LicenseType,
  buildConsent,
  eLicenseClient,
  evaluate,
  fingerprintBuffer,
  generateHolderKeyPair,
  newResponseKey,
  responseKeyTransient,
  signConsent,
  signHolderKeyBinding,
  submit,
  waitForBlock,
} from '@govchain/gateway-client';
import { SEED_TYPES_FILE } from '@govchain/e-license';
import { pathsFor } from '@govchain/network';
import { type RogueDepartment, invalidAtValidation, refusal, startRogue, submitAt } from './rogue';
import { HOME, ROOT, connectAs, uniqueId } from './support';
import { type TestPerson, newPerson } from './test-data';

chai.use(chaiAsPromised);
const { expect } = chai;

/**
 * Issue 11 on the real network, for the e-license chaincode. Health runs a
 * modified chaincode server on its own peer (the genuine contracts with the
 * clock check off, plus raw writes) and tries to relabel its own licence as an
 * identity document, bind holder keys, and re-seed the registry; clients forge
 * the proposal time; a private read is submitted for commit. Every attempt
 * must fail at validation (ENDORSEMENT_POLICY_FAILURE) or be refused by an
 * honest endorser, leave the ledger as it was (read back through honest
 * departments), and leave the honest path working.
 */

const CHAINCODE = 'e-license';
const HEALTH = 'HealthMSP';
const PS = 'PublicSecurityMSP';
const TAX = 'TaxMSP';

const MEDICAL_METADATA = {
  practiceCategory: 'clinical',
  practiceScope: 'internal medicine',
  practiceInstitution: 'City Hospital',
};

async function refusedWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<GovchainError> {
  const err = await refusal(promise);
  expect(err.code, err.message).to.equal(code);
  if (message !== undefined) expect(err.message).to.match(message);
  return err;
}

describe('attacks on e-license: a rogue Health, forged time, hijacked holder keys, committed private reads', function () {
  this.timeout(600_000);
  this.slow(60_000);

  const connections: GovchainConnection[] = [];
  let rogue: RogueDepartment;
  let taxConnection: GovchainConnection;
  let health: ELicenseClient;
  let publicSecurity: ELicenseClient;
  let tax: ELicenseClient;
  /** Civil Affairs: an honest department that only reads. */
  let civil: ELicenseClient;
  let holder: TestPerson;
  let holderRef: string;
  let wallet: HolderKeyPair;
  let licence: Readonly<License>;

  /** Waits until every connected department's peer has the block. */
  async function settled<T extends { readonly blockNumber: bigint }>(pending: Promise<T>): Promise<T> {
    const outcome = await pending;
    await waitForBlock(connections, outcome.blockNumber);
    return outcome;
  }

  async function issueMedicalLicence(person: TestPerson): Promise<License> {
    const id = uniqueId('ML');
    const { result } = await settled(
      health.issueLicense({
        id,
        type: 'MEDICAL_PRACTICE_LICENCE',
        fingerprint: fingerprintBuffer(`%PDF-1.7\nMedical practice licence ${id}\n%%EOF\n`),
        metadata: MEDICAL_METADATA,
        holder: { idNumber: person.idNumber, name: person.name },
      }),
    );
    return result;
  }

  async function consentFor(key: HolderKeyPair, expiresAt: Date): Promise<string> {
    const consentId = uniqueId('C');
    const signed = signConsent(
      key.privateKeyPem,
      buildConsent({
        consentId,
        holderRef,
        granteeMsp: TAX,
        licenceId: licence.id,
        purpose: 'tax clearance of a practice transfer',
        expiresAt,
      }),
    );
    await settled(tax.grantConsent(signed));
    return consentId;
  }

  before(async function () {
    const [h, p, t, c] = await Promise.all([
      connectAs('health'),
      connectAs('public-security'),
      connectAs('tax'),
      connectAs('civil-affairs'),
    ]);
    connections.push(h, p, t, c);
    taxConnection = t;
    health = eLicenseClient(h);
    publicSecurity = eLicenseClient(p);
    tax = eLicenseClient(t);
    civil = eLicenseClient(c);

    // The honest path first: Public Security binds the holder's key, Health issues a medical licence.
    holder = newPerson('practitioner');
    wallet = generateHolderKeyPair();
    holderRef = (await publicSecurity.requestHolderRef(holder.idNumber, 'QUERY_HOLDER')).holderRef;
    const signed = signHolderKeyBinding(wallet.privateKeyPem, { holderRef, keyVersion: 1 });
    await settled(publicSecurity.bindHolderKey({ idNumber: holder.idNumber, signed }));
    licence = await issueMedicalLicence(holder);

    rogue = await startRogue('health', CHAINCODE);
    connections.push(rogue.connection);
  });

  after(async function () {
    await rogue.restore();
    for (const connection of connections) connection.close();
  });

  describe('(a) the issuer alone cannot relabel its own licence', function () {
    it('a rewrite of type and issuer by Health alone fails validation; the licence still verifies as it was', async function () {
      const forged = {
        ...licence,
        type: 'IDENTITY_DOCUMENT',
        issuerMsp: PS,
        metadata: { issuingAuthority: 'City Public Security Bureau', documentKind: 'RESIDENT_ID_CARD' },
        updatedByMsp: PS,
      };
      const key = ['licence', licence.id];
      // Rewrite; rewrite and narrow the policy to Health; delete. Before issue 11 the key's policy was
      // 1-of-[HealthMSP] and the first of these committed.
      for (const write of [
        { key, value: forged },
        { key, value: forged, policy: [HEALTH] },
        { key, value: null },
      ]) {
        invalidAtValidation(await rogue.forge([write]));
      }
      // An honest department will not co-endorse what only the modified code writes.
      expect(await rogue.forge([{ key, value: forged }], [HEALTH, TAX])).to.be.instanceOf(EndorsementError);

      expect(await civil.getLicense(licence.id)).to.deep.equal(licence);
      const verification = await civil.verifyLicense({ licenceId: licence.id, fingerprint: licence.fingerprint });
      expect(verification).to.include({
        result: 'VALID',
        type: 'MEDICAL_PRACTICE_LICENCE',
        issuerMsp: HEALTH,
      });
      expect((await civil.getLicenseHistory(licence.id)).map((entry) => entry.txId)).to.deep.equal([licence.txId]);
    });

    it('Health may still change its licence the genuine way (with a second department)', async function () {
      const { result } = await settled(health.suspendLicense({ licenceId: licence.id, reasonCode: 'INSPECTION' }));
      expect(result.status).to.equal('SUSPENDED');
      const back = await settled(health.reinstateLicense({ licenceId: licence.id, reasonCode: 'PASSED' }));
      licence = back.result;
      expect((await civil.getLicense(licence.id)).status).to.equal('ACTIVE');
    });
  });

  describe('(b) the client does not choose the time', function () {
    const fiveMinutesAgo = (): number => Date.now() - 300_000;
    let expiredConsentId: string;

    before(async function () {
      // A consent that expires in 15 s, so that it is expired when the forged accesses are tried.
      expiredConsentId = await consentFor(wallet, new Date(Date.now() + 15_000));
      const consent = await civil.getConsent(expiredConsentId);
      await sleep(Math.max(0, Date.parse(consent.expiresAt) - Date.now() + 2_000));
    });

    it('an access under an expired consent is refused at the current time (the honest answer)', async function () {
      await refusedWith(
        tax.recordDetailAccess({ licenceId: licence.id, consentId: expiredConsentId, purpose: 'late read' }),
        'PRECONDITION_FAILED',
        /expired/,
      );
    });

    it('back-dated five minutes, honest endorsers refuse it: PRECONDITION_FAILED, proposal timestamp', async function () {
      const attempt = (endorsingOrganizations: string[]): Promise<unknown> =>
        submitAt(
          taxConnection,
          CHAINCODE,
          'RecordDetailAccess',
          { arguments: [licence.id, expiredConsentId, 'back-dated read'], endorsingOrganizations },
          fiveMinutesAgo(),
        );
      // Tax's and Public Security's honest servers refuse; with Health's rogue server (clock check off) as the
      // second endorser, Tax's own honest server still refuses.
      for (const endorsers of [
        [TAX, PS],
        [TAX, HEALTH],
      ]) {
        await refusedWith(
          attempt(endorsers),
          'PRECONDITION_FAILED',
          /proposal timestamp .* from this endorser's clock/,
        );
      }
      // Endorsed by the rogue server alone, it fails validation: a new access record needs two departments.
      invalidAtValidation(await refusal(attempt([HEALTH])));
      const log = await health.listDetailAccesses(licence.id);
      expect(log.records.map((access) => access.consentId)).to.not.include(expiredConsentId);
    });

    it('a suspension back-dated five minutes is refused by honest endorsers, and Health alone cannot commit one', async function () {
      const backdated = fiveMinutesAgo();
      await refusedWith(
        submitAt(
          rogue.connection,
          CHAINCODE,
          'SuspendLicense',
          { arguments: [licence.id, 'BACKDATED', ''], endorsingOrganizations: [PS, TAX] },
          backdated,
        ),
        'PRECONDITION_FAILED',
        /proposal timestamp/,
      );
      // Health's own server writes the back-dated suspension; its peer alone cannot make it valid.
      const suspended = {
        ...licence,
        status: 'SUSPENDED',
        statusReason: 'BACKDATED',
        statusEffectiveAt: new Date(backdated).toISOString(),
      };
      invalidAtValidation(await rogue.forge([{ key: ['licence', licence.id], value: suspended }]));
      expect(await civil.getLicense(licence.id)).to.deep.equal(licence);
    });

    it('an hour back is refused by the peers themselves (Fabric keeps a 15-minute window)', async function () {
      const err = await refusal(
        submitAt(
          taxConnection,
          CHAINCODE,
          'RecordDetailAccess',
          { arguments: [licence.id, expiredConsentId, 'an hour ago'], endorsingOrganizations: [TAX, PS] },
          Date.now() - 3_600_000,
        ),
      );
      expect(err).to.be.instanceOf(EndorsementError);
      expect(err.message).to.match(/timestamp/);
    });
  });

  describe('(c) only Public Security binds holder keys, and only with the holder’s proof', function () {
    it('Health calling BindHolderKey is refused (FORBIDDEN) and binds nothing', async function () {
      const stranger = newPerson('unbound');
      const ref = (await civil.requestHolderRef(stranger.idNumber, 'QUERY_HOLDER')).holderRef;
      const signed = signHolderKeyBinding(generateHolderKeyPair().privateKeyPem, { holderRef: ref, keyVersion: 1 });
      await refusedWith(
        health.bindHolderKey({ idNumber: stranger.idNumber, signed }, { endorsingOrganizations: [HEALTH, PS] }),
        'FORBIDDEN',
        /may not bind holder keys \(only PublicSecurityMSP may\)/,
      );
      await refusedWith(civil.getHolderKey(ref), 'NOT_FOUND');
    });

    it('Health’s rogue server cannot write a holder key, for an unbound holder or over a bound one', async function () {
      const attacker = generateHolderKeyPair();
      const stranger = newPerson('hijacked');
      const strangerRef = (await civil.requestHolderRef(stranger.idNumber, 'QUERY_HOLDER')).holderRef;
      const record = (ref: string): Record<string, unknown> => ({
        holderRef: ref,
        publicKey: attacker.publicKeyHex,
        fingerprint: attacker.fingerprint,
        keyVersion: 1,
        proof: 'ab'.repeat(70),
        previousFingerprint: '',
        boundByMsp: HEALTH,
        boundAt: new Date().toISOString(),
        txId: 'f'.repeat(64),
      });
      // A holder without a key: a new key needs any two departments (chaincode-level policy).
      invalidAtValidation(await rogue.forge([{ key: ['holderKey', strangerRef], value: record(strangerRef) }]));
      await refusedWith(civil.getHolderKey(strangerRef), 'NOT_FOUND');
      // The bound holder: the key needs Public Security and another department.
      const key = ['holderKey', holderRef];
      for (const write of [
        { key, value: record(holderRef) },
        { key, value: record(holderRef), policy: [HEALTH] },
        { key, value: null },
      ]) {
        invalidAtValidation(await rogue.forge([write]));
      }
      expect(await civil.getHolderKey(holderRef)).to.include({ fingerprint: wallet.fingerprint, keyVersion: 1 });
    });

    it('a binding without the holder’s proof of possession is refused, even from Public Security', async function () {
      const stranger = newPerson('no-proof');
      const ref = (await civil.requestHolderRef(stranger.idNumber, 'QUERY_HOLDER')).holderRef;
      const claimed = generateHolderKeyPair();
      const byOther = signHolderKeyBinding(generateHolderKeyPair().privateKeyPem, { holderRef: ref, keyVersion: 1 });
      const binding = { ...byOther.binding, publicKey: claimed.publicKeyHex };
      await refusedWith(
        publicSecurity.bindHolderKey({
          idNumber: stranger.idNumber,
          signed: { binding, signature: byOther.signature },
        }),
        'FORBIDDEN',
        /no proof of possession/,
      );
      await refusedWith(civil.getHolderKey(ref), 'NOT_FOUND');
    });

    it('after a rotation, the old binding replayed is refused: the key never rolls back', async function () {
      const first = signHolderKeyBinding(wallet.privateKeyPem, { holderRef, keyVersion: 1 });
      const next = generateHolderKeyPair();
      const rotation = signHolderKeyBinding(next.privateKeyPem, { holderRef, keyVersion: 2 });
      await settled(publicSecurity.rotateHolderKey({ idNumber: holder.idNumber, signed: rotation }));
      await refusedWith(
        publicSecurity.bindHolderKey({ idNumber: holder.idNumber, signed: first }),
        'CONFLICT',
        /already bound/,
      );
      await refusedWith(
        publicSecurity.rotateHolderKey({ idNumber: holder.idNumber, signed: first }),
        'CONFLICT',
        /keyVersion is 1, but the next key version of this holder is 3/,
      );
      await refusedWith(
        publicSecurity.rotateHolderKey({ idNumber: holder.idNumber, signed: rotation }),
        'CONFLICT',
        /keyVersion is 2, but the next key version of this holder is 3/,
      );
      expect(await civil.getHolderKey(holderRef)).to.include({
        fingerprint: next.fingerprint,
        keyVersion: 2,
        previousFingerprint: wallet.fingerprint,
      });
      // The old key no longer signs consents; the new one does.
      const stale = signConsent(
        wallet.privateKeyPem,
        buildConsent({
          consentId: uniqueId('C-OLD'),
          holderRef,
          granteeMsp: TAX,
          licenceId: licence.id,
          purpose: 'old key',
          expiresAt: new Date(Date.now() + 3_600_000),
        }),
      );
      await refusedWith(tax.grantConsent(stale), 'FORBIDDEN');
      wallet = next;
    });
  });

  describe('(d) the first comer does not own the rules', function () {
    it('seeding again writes nothing; a rogue rewrite of the governance fails validation', async function () {
      // Governance transactions are for department administrators.
      const [psAdmin, healthAdmin] = await Promise.all([
        connectAs('public-security', 'admin'),
        connectAs('health', 'admin'),
      ]);
      connections.push(psAdmin, healthAdmin);
      const before = await civil.listLicenseTypes();
      const { result } = await settled(eLicenseClient(psAdmin).seedLicenseTypes());
      expect(result).to.deep.equal({ seeded: false });
      const registry = {
        ...before,
        governanceMsps: [HEALTH, TAX],
        types: before.types.map((type) =>
          type.code === 'IDENTITY_DOCUMENT' ? Object.assign(new LicenseType(), type, { issuerMsp: HEALTH }) : type,
        ),
        updatedByMsp: HEALTH,
      };
      for (const write of [
        { key: 'registry', value: registry },
        { key: 'registry', value: registry, policy: [HEALTH] },
      ]) {
        invalidAtValidation(await rogue.forge([write]));
      }
      expect(await civil.listLicenseTypes()).to.deep.equal(before);
      // Governance changes need a majority: Health with one other department is not enough.
      await refusedWith(
        eLicenseClient(healthAdmin).setGovernanceMsps([HEALTH, TAX], { endorsingOrganizations: [HEALTH, TAX] }),
        'ENDORSEMENT_POLICY_FAILURE',
      );
      expect(await civil.listLicenseTypes()).to.deep.equal(before);
    });

    it("each seeded type's issuer is its role's department in the governance file; a role of two is refused", async function () {
      const psAdmin = await connectAs('public-security', 'admin');
      connections.push(psAdmin);
      const file = pathsFor(ROOT, HOME).governanceFile;
      const genuine = readFileSync(file, 'utf8');
      const governance = JSON.parse(genuine) as { roles: Record<string, string[]> };
      const seed = JSON.parse(readFileSync(SEED_TYPES_FILE, 'utf8')) as { code: string; issuerRole: string }[];
      const { types } = await civil.listLicenseTypes();
      for (const { code, issuerRole } of seed) {
        expect(types.find((type) => type.code === code)?.issuerMsp, code).to.equal(governance.roles[issuerRole]?.[0]);
      }
      // Every endorser reads the same file here: one giving the business registry to two departments
      // cannot seed, whatever the stored registry holds.
      try {
        writeFileSync(
          file,
          JSON.stringify({ ...governance, roles: { ...governance.roles, businessRegistry: [HEALTH, TAX] } }),
        );
        await refusedWith(
          eLicenseClient(psAdmin).seedLicenseTypes(),
          'PRECONDITION_FAILED',
          /gives the issuer role businessRegistry to HealthMSP, TaxMSP; a licence type has one issuer/,
        );
      } finally {
        writeFileSync(file, genuine);
      }
      expect((await eLicenseClient(psAdmin).seedLicenseTypes()).result).to.deep.equal({ seeded: false });
    });
  });

  describe('(e) a private read cannot be committed into a block', function () {
    let consentId: string;
    let accessId: string;

    before(async function () {
      consentId = await consentFor(wallet, new Date(Date.now() + 3_600_000));
      const access = await settled(tax.recordDetailAccess({ licenceId: licence.id, consentId, purpose: 'audit' }));
      accessId = access.result.accessId;
    });

    it('ReadLicenseDetail submitted with two endorsers is refused by the non-issuer (FORBIDDEN); nothing commits', async function () {
      const before = await health.listDetailAccesses(licence.id);
      for (const endorsers of [
        [HEALTH, TAX],
        [HEALTH, PS],
      ]) {
        const err = await refusal(
          submit(taxConnection.getContract(CHAINCODE), 'ReadLicenseDetail', {
            arguments: [licence.id, accessId],
            // With a response key the issuer's peer endorses (its answer sealed); the other peer must refuse.
            transientData: responseKeyTransient(newResponseKey()),
            endorsingOrganizations: endorsers,
            retry: { maxRetries: 0 },
          }),
        );
        expect(err, err.message).to.be.instanceOf(ChaincodeError);
        expect(err.code, err.message).to.equal('FORBIDDEN');
        expect(err.message).to.match(/personal detail of licence .* runs only on a peer of HealthMSP/);
      }
      expect(await health.listDetailAccesses(licence.id)).to.deep.equal(before);
    });

    it('the honest read, evaluated on the issuer’s peer, still returns the detail', async function () {
      const detail = await tax.readLicenseDetail({ licenceId: licence.id, accessId, issuerMsp: HEALTH });
      expect(detail).to.include({ idNumber: holder.idNumber, name: holder.name, consentId, accessId });
    });
  });

  describe('(f) holder references only through logged grants from Public Security’s peer', function () {
    it('a department’s RequestHolderRef is endorsed by Public Security alone and logged for every department', async function () {
      const person = newPerson('looked-up');
      const grant = await tax.requestHolderRef(person.idNumber, 'QUERY_HOLDER');
      expect(grant.holderRef).to.match(/^[0-9a-f]{64}$/);
      expect(grant.purpose).to.equal('QUERY_HOLDER');
      await waitForBlock(connections, grant.blockNumber);
      const hour = grant.at.slice(0, 13);
      const log = await civil.listHolderRefGrants(TAX, hour);
      const entry = log.grants.find((g) => g.grantId === grant.grantId);
      expect(entry, 'the lookup is in the log every department holds').to.include({ purpose: 'QUERY_HOLDER' });
      expect(entry?.requestedBy).to.match(/^x509::.*tax/i);
      expect(JSON.stringify(log)).to.not.include(grant.holderRef);
      // The grant is Tax's: another department cannot read its reference.
      await refusedWith(civil.readHolderRefGrant(grant.grantId), 'NOT_FOUND');
    });

    it('no other department’s peer computes a reference: RequestHolderRef endorsed at Tax’s peer is refused', async function () {
      await refusedWith(
        tax.requestHolderRef(newPerson('elsewhere').idNumber, 'QUERY_HOLDER', { endorsingOrganizations: [TAX] }),
        'PRECONDITION_FAILED',
        /holder references are computed only on PublicSecurityMSP's peer/,
      );
    });

    it('ComputeHolderRef is gone', async function () {
      const err = await refusal(
        evaluate(taxConnection.getContract(CHAINCODE), 'ComputeHolderRef', {
          transientData: { idNumber: newPerson('gone').idNumber },
        }),
      );
      expect(err.message).to.match(/ComputeHolderRef/);
      expect(err.message).to.match(/does not exist/);
    });

    it('the key K is not on any other department’s peer: reading it there fails in Fabric', async function () {
      const err = await refusal(
        evaluate(rogue.connection.getContract(CHAINCODE), 'rogue:ReadPrivate', {
          arguments: ['holderRefKey', 'holderRefKey'],
          endorsingOrganizations: [HEALTH],
        }),
      );
      expect(err.message).to.match(/private data matching public hash version is not available/);
    });

    it('a rogue department cannot forge a grant for itself, nor issue with a reference it has no grant for', async function () {
      const person = newPerson('forged-grant');
      const ref = (await civil.requestHolderRef(person.idNumber, 'QUERY_HOLDER')).holderRef;
      const forgedId = 'e'.repeat(64);
      const forged = {
        grantId: forgedId,
        holderRef: ref,
        grantedToMsp: HEALTH,
        requestedBy: 'x509::CN=rogue',
        purpose: 'ISSUE_LICENCE',
        at: new Date().toISOString(),
        txId: forgedId,
        salt: 'a'.repeat(64),
      };
      // The grant collection's own endorsement policy is Public Security's peer alone.
      invalidAtValidation(
        await rogue.forge([{ collection: 'holderRefGrants', key: ['grant', HEALTH, forgedId], value: forged }]),
      );
      const issue = (holderRefGrant: string): Promise<unknown> =>
        health.issueLicense(
          {
            id: uniqueId('ML'),
            type: 'MEDICAL_PRACTICE_LICENCE',
            fingerprint: fingerprintBuffer(`%PDF-1.7\nforged ${holderRefGrant}\n%%EOF\n`),
            metadata: MEDICAL_METADATA,
            holder: { holderRefGrant, idNumber: person.idNumber, name: person.name },
          },
          { endorsingOrganizations: [HEALTH, PS] },
        );
      // The forged grant never committed; Tax's grant is Tax's: every honest endorser refuses.
      await refusedWith(issue(forgedId), 'FORBIDDEN', /HealthMSP holds no holder-reference grant/);
      const taxGrant = await tax.requestHolderRef(person.idNumber, 'ISSUE_LICENCE');
      await refusedWith(issue(taxGrant.grantId), 'FORBIDDEN', /HealthMSP holds no holder-reference grant/);
      const page = await civil.listLicensesByHolder(ref);
      expect(page.records).to.deep.equal([]);
    });
  });

  describe('the honest path after the attacks', function () {
    it('issues, verifies and changes licences; Public Security binds keys', async function () {
      const person = newPerson('after');
      const key = generateHolderKeyPair();
      const ref = (await publicSecurity.requestHolderRef(person.idNumber, 'QUERY_HOLDER')).holderRef;
      await settled(
        publicSecurity.bindHolderKey({
          idNumber: person.idNumber,
          signed: signHolderKeyBinding(key.privateKeyPem, { holderRef: ref, keyVersion: 1 }),
        }),
      );
      const issued = await issueMedicalLicence(person);
      expect(await civil.verifyLicense({ licenceId: issued.id, fingerprint: issued.fingerprint })).to.include({
        result: 'VALID',
        issuerMsp: HEALTH,
      });
      await settled(health.revokeLicense({ licenceId: issued.id, reasonCode: 'TEST_DONE' }));
      expect((await civil.getLicense(issued.id)).status).to.equal('REVOKED');
      expect((await civil.getHolderKey(ref)).boundByMsp).to.equal(PS);
    });
  });
});
