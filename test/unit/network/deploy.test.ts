import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { common, gateway, ledger, peer } from '@hyperledger/fabric-protos';
import {
  commonConnectionProfile,
  DeployInputError,
  deploy,
  deployStatus,
  type DeployOptions,
  layoutFor,
  loadTopology,
  pathsFor,
  writesAnything,
} from '@govchain/network';

chai.use(chaiAsPromised);
const { expect } = chai;

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** A prepared transaction (as fabric-gateway's `Transaction.getBytes()` gives it) with this read/write set. */
function prepared(kv: ledger.rwset.kvrwset.KVRWSet, hashed?: ledger.rwset.kvrwset.HashedRWSet): Uint8Array {
  const ns = new ledger.rwset.NsReadWriteSet();
  ns.setNamespace('e-license');
  ns.setRwset(kv.serializeBinary());
  if (hashed !== undefined) {
    const collection = new ledger.rwset.CollectionHashedReadWriteSet();
    collection.setCollectionName('holderRefKey');
    collection.setHashedRwset(hashed.serializeBinary());
    ns.setCollectionHashedRwsetList([collection]);
  }
  const rwset = new ledger.rwset.TxReadWriteSet();
  rwset.setNsRwsetList([ns]);
  const action = new peer.ChaincodeAction();
  action.setResults(rwset.serializeBinary());
  const response = new peer.ProposalResponsePayload();
  response.setExtension$(action.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(response.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsed);
  const txAction = new peer.TransactionAction();
  txAction.setPayload(actionPayload.serializeBinary());
  const tx = new peer.Transaction();
  tx.setActionsList([txAction]);
  const payload = new common.Payload();
  payload.setData(tx.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  const preparedTx = new gateway.PreparedTransaction();
  preparedTx.setEnvelope(envelope);
  return preparedTx.serializeBinary();
}

describe('chaincode deploy', function () {
  describe('writesAnything', function () {
    it('returns false for reads only, true for a public write, a private write or key metadata', function () {
      const read = new ledger.rwset.kvrwset.KVRead();
      read.setKey('LICENSE_TYPE~BUSINESS_LICENCE');
      const readsOnly = new ledger.rwset.kvrwset.KVRWSet();
      readsOnly.setReadsList([read]);
      expect(writesAnything(prepared(readsOnly))).to.equal(false);

      const write = new ledger.rwset.kvrwset.KVWrite();
      write.setKey('k');
      const writes = new ledger.rwset.kvrwset.KVRWSet();
      writes.setWritesList([write]);
      expect(writesAnything(prepared(writes))).to.equal(true);

      const hashedWrite = new ledger.rwset.kvrwset.KVWriteHash();
      hashedWrite.setKeyHash(new Uint8Array([1]));
      const hashed = new ledger.rwset.kvrwset.HashedRWSet();
      hashed.setHashedWritesList([hashedWrite]);
      expect(writesAnything(prepared(readsOnly, hashed))).to.equal(true);

      const metadata = new ledger.rwset.kvrwset.KVMetadataWrite();
      metadata.setKey('k');
      const policies = new ledger.rwset.kvrwset.KVRWSet();
      policies.setMetadataWritesList([metadata]);
      expect(writesAnything(prepared(policies))).to.equal(true);
    });
  });

  describe('inputs', function () {
    let dir = '';
    let profiles = '';
    let packages = '';
    let admin = '';
    before(function () {
      dir = mkdtempSync(path.join(tmpdir(), 'govchain-deploy-unit-'));
      profiles = path.join(dir, 'ccp');
      packages = path.join(dir, 'packages');
      admin = path.join(dir, 'admin');
      mkdirSync(profiles);
      mkdirSync(packages);
      for (const sub of ['signcerts', 'keystore']) mkdirSync(path.join(admin, sub), { recursive: true });
      writeFileSync(path.join(admin, 'signcerts', 'cert.pem'), 'CERT');
      writeFileSync(path.join(admin, 'keystore', 'key_sk'), 'KEY');
      const layout = layoutFor(loadTopology(ROOT, 'small'), pathsFor(ROOT, path.join(dir, 'home')));
      for (const org of layout.orgs) {
        const ccp = commonConnectionProfile(layout, org, () => 'PEM');
        writeFileSync(path.join(profiles, `${org.department.key}.json`), JSON.stringify(ccp));
      }
      writeFileSync(path.join(dir, 'not-ours.json'), '{}');
    });
    after(function () {
      rmSync(dir, { recursive: true, force: true });
    });

    const base = (): DeployOptions => ({
      root: ROOT,
      topology: 'small',
      chaincodes: 'all',
      profiles,
      admins: [`public-security=${admin}`],
      packages,
    });

    const refusals: [string, () => Partial<DeployOptions>, RegExp][] = [
      ['an unknown chaincode', () => ({ chaincodes: ['real-estate'] }), /unknown chaincode real-estate/],
      ['an unknown department', () => ({ admins: [`tax=${admin}`] }), /unknown department 'tax'/],
      [
        'an admin given twice',
        () => ({ admins: [`public-security=${admin}`, `public-security=${admin}`] }),
        /names public-security twice/,
      ],
      ['no admin', () => ({ admins: [] }), /at least one department admin/],
      ['an admin without =', () => ({ admins: [admin] }), /DEPARTMENT=MSPDIR/],
      ['an admin folder without a key', () => ({ admins: [`public-security=${dir}`] }), /signcerts must hold/],
      ['a profiles directory that does not exist', () => ({ profiles: path.join(dir, 'none') }), /--profiles/],
      ['a missing profile', () => ({ profiles: dir }), /no profile for public-security/],
      ['no packages directory', () => ({ packages: undefined }), /--packages/],
      ['a missing package', () => ({}), /no package of e-license for public-security/],
      ['an orderer without its TLS CA', () => ({ orderer: '127.0.0.1:7050' }), /--orderer-tls-ca/],
      ['an orderer that is no address', () => ({ orderer: 'orderer' }), /HOST:PORT/],
      [
        'a bootstrap caller not present',
        () => ({ admins: [`market-regulation=${admin}`] }),
        /SeedLicenseTypes is made by public-security: give its --admin/,
      ],
    ];
    for (const [what, change, message] of refusals) {
      it(`refuses ${what} before doing anything`, async function () {
        const options = { ...base(), ...change() };
        await expect(deploy(options, () => undefined)).to.be.rejectedWith(DeployInputError, message);
      });
    }

    it('status needs no packages but refuses an unknown department the same way', async function () {
      await expect(deployStatus({ ...base(), packages: undefined, admins: [`tax=${admin}`] })).to.be.rejectedWith(
        DeployInputError,
        /unknown department 'tax'/,
      );
    });
  });
});
