import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { common, peer } from '@hyperledger/fabric-protos';
import type { ChaincodeProposal } from 'fabric-shim';
import {
  HOLDER_REF,
  SEED_TYPES_JSON,
  T0,
  businessLicence,
  expect,
  holderTransient,
  parse,
  proposalInvoking,
  seedRegistry,
  seededLedger,
  type Ledger,
  type LicenceRecord,
} from './fixtures';
import { proposedChaincode } from '@govchain/chaincode-common';
import { REGISTRY_KEY, loadSeedTypes } from '@govchain/e-license';
import { canonicalJson } from '@govchain/chaincode-common';

const RE = 'RealEstateMSP';

/** A real-estate certificate licenceJson. */
function certificate(id: string, overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    id,
    type: 'REAL_ESTATE_CERTIFICATE',
    fingerprint: 'c1'.repeat(32),
    metadata: { propertyUnitNumber: 'U-1', location: 'Harbour Road 18', areaSquareMetres: '89.50', use: 'RESIDENTIAL' },
    ...overrides,
  });
}

/**
 * @param chaincode - chaincode name
 * @returns a channel header as fabric-shim hands it to a chaincode: a google-protobuf message of fabric-protos
 */
function decodedChannelHeader(chaincode: string): common.ChannelHeader {
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(chaincode);
  chaincodeId.setVersion('1.0');
  chaincodeId.setPath('ignored/path');
  const extension = new peer.ChaincodeHeaderExtension();
  extension.setChaincodeId(chaincodeId);
  const header = new common.ChannelHeader();
  header.setType(common.HeaderType.ENDORSER_TRANSACTION);
  header.setChannelId('govchannel');
  header.setTxId('ab'.repeat(32));
  header.setEpoch(0);
  header.setExtension$(extension.serializeBinary());
  return common.ChannelHeader.deserializeBinary(header.serializeBinary());
}

async function refused(ledger: Ledger, promise: Promise<unknown>, message: RegExp): Promise<void> {
  const before = ledger.ctx.world.dump();
  await expect(promise).to.be.rejectedWith(message);
  ledger.ctx.assertNothingWritten();
  expect(ledger.ctx.world.dump()).to.equal(before);
}

async function issueAs(ledger: Ledger, mspId: string, json: string, via = 'e-license'): Promise<LicenceRecord> {
  ledger.ctx.stub.getSignedProposal.returns(proposalInvoking(via));
  return parse<LicenceRecord>(
    await ledger.ctx.submit(() => ledger.contract.IssueLicense(ledger.ctx, json), {
      mspId,
      transient: holderTransient(),
    }),
  );
}

describe('e-license: which chaincode a proposal invokes (issue 13, item 14)', () => {
  it('reads the name from the ChaincodeHeaderExtension of a channel header as fabric-shim decodes it', () => {
    const ctx = {
      stub: {
        getSignedProposal: () => ({ proposal: { header: { channelHeader: decodedChannelHeader('real-estate') } } }),
      },
    };
    expect(proposedChaincode(ctx as never)).to.equal('real-estate');
  });

  it('reads the typed form too, and answers undefined for no proposal or malformed bytes', () => {
    const typed = (extension: Uint8Array): unknown => ({
      stub: {
        getSignedProposal: (): ChaincodeProposal.SignedProposal =>
          ({ proposal: { header: { channelHeader: { extension } } } }) as unknown as ChaincodeProposal.SignedProposal,
      },
    });
    expect(proposedChaincode(typed(decodedChannelHeader('e-license').getExtension_asU8()) as never)).to.equal(
      'e-license',
    );
    expect(proposedChaincode({ stub: { getSignedProposal: () => undefined } } as never)).to.equal(undefined);
    expect(proposedChaincode(typed(Uint8Array.from([0x12, 0x7f, 0x01])) as never)).to.equal(undefined);
    expect(proposedChaincode(typed(new Uint8Array()) as never)).to.equal(undefined);
  });
});

describe('e-license: certificate types only through their owning chaincode (issue 13, item 14)', () => {
  it('ships REAL_ESTATE_CERTIFICATE owned by chaincode real-estate, with the id prefix REC-', () => {
    const type = loadSeedTypes().find((candidate) => candidate.code === 'REAL_ESTATE_CERTIFICATE');
    expect(type).to.deep.include({ issuerMsp: RE, owningChaincode: 'real-estate', idPrefix: 'REC-' });
    expect(SEED_TYPES_JSON).to.include('"owningChaincode": "real-estate"');
  });

  it('refuses Real Estate issuing a certificate in e-license directly, or from an unreadable proposal', async () => {
    const ledger = await seededLedger();
    await refused(
      ledger,
      issueAs(ledger, RE, certificate('REC-1')),
      /^FORBIDDEN: cannot issue licence REC-1: licences of type REAL_ESTATE_CERTIFICATE are written only through chaincode real-estate \(this proposal invokes e-license\)$/,
    );
    ledger.ctx.stub.getSignedProposal.returns(undefined as never);
    await refused(
      ledger,
      ledger.ctx.submit(() => ledger.contract.IssueLicense(ledger.ctx, certificate('REC-1')), {
        mspId: RE,
        transient: holderTransient(),
      }),
      /\(this proposal invokes an unknown chaincode\)$/,
    );
  });

  it('accepts a certificate issued through real-estate; its status changes go the same way', async () => {
    const ledger = await seededLedger();
    const licence = await issueAs(ledger, RE, certificate('REC-1'), 'real-estate');
    expect(licence).to.deep.include({ id: 'REC-1', holderRef: HOLDER_REF, issuerMsp: RE });
    ledger.ctx.stub.getSignedProposal.returns(proposalInvoking('e-license'));
    await refused(
      ledger,
      ledger.ctx.submit(() => ledger.contract.RevokeLicense(ledger.ctx, 'REC-1', 'COURT_ORDER', ''), { mspId: RE }),
      /^FORBIDDEN: cannot revoke licence REC-1: licences of type REAL_ESTATE_CERTIFICATE are written only through chaincode real-estate/,
    );
    ledger.ctx.stub.getSignedProposal.returns(proposalInvoking('real-estate'));
    await ledger.ctx.submit(() => ledger.contract.RevokeLicense(ledger.ctx, 'REC-1', 'TRANSFERRED', ''), {
      mspId: RE,
    });
  });

  it('leaves types without an owning chaincode callable directly (and through any chaincode)', async () => {
    const ledger = await seededLedger();
    await issueAs(ledger, 'MarketRegulationMSP', businessLicence('BL-1'), 'e-license');
    await issueAs(ledger, 'MarketRegulationMSP', businessLicence('BL-2'), 'bid-record');
  });
});

describe('e-license: licence ids scoped by type (issue 13, item 14)', () => {
  it('refuses an id in the range another type reserves: no issuer takes the next certificate id', async () => {
    const ledger = await seededLedger();
    await refused(
      ledger,
      issueAs(ledger, 'MarketRegulationMSP', businessLicence('REC-2025-0002')),
      /^FORBIDDEN: licence id REC-2025-0002 is in the range REC- reserved for licence type REAL_ESTATE_CERTIFICATE$/,
    );
    await issueAs(ledger, 'MarketRegulationMSP', businessLicence('RECORD-1'));
  });

  it('refuses a certificate id outside its type’s range', async () => {
    const ledger = await seededLedger();
    await refused(
      ledger,
      issueAs(ledger, RE, certificate('CERT-1'), 'real-estate'),
      /^INVALID_ARGUMENT: licence.id must start with REC-, the id prefix of licence type REAL_ESTATE_CERTIFICATE$/,
    );
  });

  it('PutLicenseType reserves a prefix, and refuses one that overlaps another type’s or is malformed', async () => {
    const ledger = await seededLedger();
    const business = JSON.parse(
      JSON.stringify(loadSeedTypes().find((type) => type.code === 'BUSINESS_LICENCE')),
    ) as Record<string, unknown>;
    const put = (type: Record<string, unknown>): Promise<string> =>
      ledger.ctx.submit(() => ledger.contract.PutLicenseType(ledger.ctx, JSON.stringify(type)), {
        mspId: 'TaxMSP',
        time: T0,
      });
    await refused(
      ledger,
      put({ ...business, idPrefix: 'REC-BL-' }),
      /^INVALID_ARGUMENT: licence type: the id prefix REC-BL- of licence type BUSINESS_LICENCE overlaps REC- of licence type REAL_ESTATE_CERTIFICATE$/,
    );
    await refused(ledger, put({ ...business, idPrefix: 'BL' }), /^INVALID_ARGUMENT: licence type.idPrefix/);
    await refused(
      ledger,
      put({ ...business, owningChaincode: 'bad name!' }),
      /^INVALID_ARGUMENT: licence type.owningChaincode/,
    );
    await put({ ...business, idPrefix: 'BL-' });
    await refused(
      ledger,
      issueAs(ledger, 'MarketRegulationMSP', businessLicence('X-1')),
      /^INVALID_ARGUMENT: licence.id must start with BL-/,
    );
    await issueAs(ledger, 'MarketRegulationMSP', businessLicence('BL-7'));
  });

  it('names the new members when a registry seeded without them is seeded again', async () => {
    const ledger = await seededLedger();
    const { ctx } = ledger;
    const stored = ctx.world.json(REGISTRY_KEY) as { types: Record<string, unknown>[] };
    stored.types = stored.types.map((type) =>
      type.code === 'REAL_ESTATE_CERTIFICATE' ? { ...type, idPrefix: undefined, owningChaincode: undefined } : type,
    );
    ctx.world.state.set(REGISTRY_KEY, Buffer.from(canonicalJson(stored)));
    await expect(seedRegistry(ctx, ledger.contract)).to.be.rejectedWith(
      /^CONFLICT: stored licence-type registry differs from this endorser's governance: licence type REAL_ESTATE_CERTIFICATE differs in idPrefix, owningChaincode$/,
    );
  });

  it('refuses a seed whose id prefixes overlap', () => {
    const types = JSON.parse(SEED_TYPES_JSON) as Record<string, unknown>[];
    const overlapping = types.map((type) =>
      type.code === 'BUSINESS_LICENCE' ? { ...type, idPrefix: 'REC-B-' } : type,
    );
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seed-')), 'license-types.json');
    writeFileSync(file, JSON.stringify(overlapping));
    expect(() => loadSeedTypes(file)).to.throw(
      /^PRECONDITION_FAILED: the licence-type seed: the id prefix REC-B- of licence type BUSINESS_LICENCE overlaps REC- of licence type REAL_ESTATE_CERTIFICATE$/,
    );
  });
});
