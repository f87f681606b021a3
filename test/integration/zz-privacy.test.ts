/**
 * Runs last (file order): reads every block of the channel from block 0 and checks that no personal test
 * data — every ID number and name registered in test-data.ts by this run's tests, and by earlier runs against
 * the same ledger — appears in any block as plaintext.
 *
 * It first submits every private read on purpose (e-license ReadLicenseDetail, real-estate GetTransferDetail),
 * through fabric-gateway directly and endorsed by one organization alone, so that each ends in a block
 * (invalid: one endorsement does not satisfy the policy) with its endorser's response — which the chaincodes
 * seal to the caller's one-time key, so the block holds only ciphertext.
 */
import { randomInt } from 'node:crypto';
import * as chai from 'chai';
import { common, peer } from '@hyperledger/fabric-protos';
import {
  type GovchainConnection,
  buildConsent,
  decryptResponse,
  eLicenseClient,
  fingerprintBuffer,
  generateHolderKeyPair,
  listDepartments,
  newResponseKey,
  realEstateClient,
  responseKeyTransient,
  signConsent,
  signHolderKeyBinding,
  submit,
} from '@govchain/gateway-client';
import { connectAs, PROFILES, uniqueId } from './support';
import { allRegisteredPersonalData, newPerson, registerPersonalData } from './test-data';

const { expect } = chai;

/** Evaluates a qscc query on the connection's own peer and returns the raw protobuf bytes. */
async function qscc(connection: GovchainConnection, fn: string, ...args: string[]): Promise<Uint8Array> {
  return connection.network
    .getContract('qscc')
    .evaluate(fn, { arguments: [connection.channel, ...args], endorsingOrganizations: [connection.mspId] });
}

async function height(connection: GovchainConnection): Promise<bigint> {
  return BigInt(common.BlockchainInfo.deserializeBinary(await qscc(connection, 'GetChainInfo')).getHeight());
}

async function waitForHeight(connection: GovchainConnection, atLeast: bigint): Promise<bigint> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const current = await height(connection);
    if (current >= atLeast) return current;
    if (Date.now() > deadline) expect.fail(`${connection.mspId}'s peer stayed at height ${current}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A private read submitted on purpose, and what became of it. */
interface SubmittedRead {
  readonly chaincode: string;
  readonly transaction: string;
  readonly transactionId: string;
  readonly key: Buffer;
  /** The endorsing organization, alone. */
  readonly endorser: string;
  /** Validation code and block, from the commit status. */
  readonly code: number;
  readonly blockNumber: bigint;
  /** Personal values the answer holds in plaintext (as the honest evaluation returned them). */
  readonly personal: readonly string[];
}

/**
 * Submits a private read as a misusing client would: through fabric-gateway itself (not the typed client),
 * endorsed by one organization's peer alone, then sent to the orderers and waited for. It has a one-time
 * response key, as the chaincode demands one to answer at all.
 */
async function submitOnPurpose(
  connection: GovchainConnection,
  read: Pick<SubmittedRead, 'chaincode' | 'transaction' | 'endorser' | 'personal'> & { readonly args: string[] },
): Promise<SubmittedRead> {
  const key = newResponseKey();
  const proposal = connection.getContract(read.chaincode).newProposal(read.transaction, {
    arguments: read.args,
    transientData: responseKeyTransient(key),
    endorsingOrganizations: [read.endorser],
  });
  const transaction = await proposal.endorse();
  const commit = await transaction.submit();
  const status = await commit.getStatus();
  return {
    ...read,
    transactionId: proposal.getTransactionId(),
    key,
    code: status.code,
    blockNumber: status.blockNumber,
  };
}

/** The endorser's response to a transaction as its block records it (the chaincode's answer bytes). */
function recordedResponse(processed: peer.ProcessedTransaction): Uint8Array {
  const payload = common.Payload.deserializeBinary(processed.getTransactionenvelope()!.getPayload_asU8());
  const action = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0]!;
  const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction()!;
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
  return peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8()).getResponse()!.getPayload_asU8();
}

describe('privacy: no personal data in plaintext in any block of the channel', function () {
  this.timeout(600_000);
  this.slow(30_000);

  let issuer: GovchainConnection;
  let reader: GovchainConnection;
  const marker = `public-marker-${uniqueId('privacy')}`;
  let markerBlock = -1n;
  let blocksRead = 0;
  let bytesRead = 0;
  /** Block numbers in which each searched value was found. */
  const found = new Map<string, bigint[]>();
  let searched: string[] = [];
  const submittedReads: SubmittedRead[] = [];

  before(async function () {
    issuer = await connectAs('market-regulation');
    reader = await connectAs('real-estate');

    // This file's own traffic, so that the check is never vacuous even when it runs alone: a licence issued
    // with personal data (ID number, name, further detail) and read back under consent.
    const holder = newPerson('privacy');
    const address = `Room ${uniqueId('addr')}, Harbour Road`;
    registerPersonalData(address);
    const wallet = generateHolderKeyPair();
    // Public Security identifies the holder (ID number in transient data only) and binds the wallet key.
    const publicSecurity = await connectAs('public-security');
    try {
      const identity = eLicenseClient(publicSecurity);
      const holderRef = (await identity.requestHolderRef(holder.idNumber, 'QUERY_HOLDER')).holderRef;
      const signed = signHolderKeyBinding(wallet.privateKeyPem, { holderRef, keyVersion: 1 });
      await identity.bindHolderKey({ idNumber: holder.idNumber, signed });
    } finally {
      publicSecurity.close();
    }
    const licences = eLicenseClient(issuer);
    const id = uniqueId('BL-PRIVACY');
    const { result: licence } = await licences.issueLicense({
      id,
      type: 'BUSINESS_LICENCE',
      fingerprint: fingerprintBuffer(`licence ${id}`),
      metadata: {
        enterpriseName: 'Harbour Trading Co., Ltd.',
        unifiedSocialCreditCode: '91310000MA1FL4CT3X',
        businessScope: 'wholesale',
        registeredCapital: '5000000',
      },
      holder: { idNumber: holder.idNumber, name: holder.name, detail: { address } },
    });
    const consent = signConsent(
      wallet.privateKeyPem,
      buildConsent({
        consentId: uniqueId('C-PRIVACY'),
        holderRef: licence.holderRef,
        granteeMsp: reader.mspId,
        licenceId: id,
        purpose: 'privacy check',
        expiresAt: new Date(Date.now() + 3_600_000),
      }),
    );
    const granted = await eLicenseClient(issuer).grantConsent(consent);
    // Any department's peer may be picked to endorse the access record: wait until all have the consent.
    for (const department of await listDepartments({ profilesDir: PROFILES })) {
      const peer = await connectAs(department);
      try {
        await waitForHeight(peer, granted.blockNumber + 1n);
      } finally {
        peer.close();
      }
    }
    const { detail } = await eLicenseClient(reader).readDetailUnderConsent({
      licenceId: id,
      consentId: consent.consent.consentId,
      purpose: 'privacy check',
    });
    expect(detail).to.include({ idNumber: holder.idNumber, name: holder.name });

    // ReadLicenseDetail submitted on purpose by the reader, endorsed by the issuer's peer alone (the only peer
    // that answers it; the caller's own peer refuses, FORBIDDEN).
    const { access } = await eLicenseClient(reader).readDetailUnderConsent({
      licenceId: id,
      consentId: consent.consent.consentId,
      purpose: 'privacy check, submitted',
    });
    submittedReads.push(
      await submitOnPurpose(reader, {
        chaincode: 'e-license',
        transaction: 'ReadLicenseDetail',
        args: [id, access.result.accessId],
        endorser: issuer.mspId,
        personal: [holder.idNumber, holder.name, address],
      }),
    );

    // GetTransferDetail submitted on purpose by Real Estate, endorsed by its own peer alone: a unit, and a sale
    // whose private detail holds a price and the parties' names.
    const seller = newPerson('privacy-seller');
    const buyer = newPerson('privacy-buyer');
    const declaredPrice = `${randomInt(1_000_000, 9_999_999)}.${randomInt(10, 100)}`;
    registerPersonalData(declaredPrice);
    const naturalResources = await connectAs('natural-resources');
    try {
      const realEstate = realEstateClient(reader);
      const sellerGrant = await realEstate.requestHolderRef(seller.idNumber);
      const buyerGrant = await realEstate.requestHolderRef(buyer.idNumber);
      const [sellerRef, buyerRef] = [sellerGrant.holderRef, buyerGrant.holderRef];
      const unitNumber = uniqueId('U-PRIVACY');
      await realEstateClient(naturalResources).confirmLandUseRight({
        unitNumber,
        kind: 'GRANTED',
        termEnd: '2088-12-31T00:00:00Z',
        evidenceFingerprint: fingerprintBuffer(`land-use right ${unitNumber}`),
      });
      const certificateId = uniqueId('REC-PRIVACY');
      await realEstate.registerUnit(
        {
          unitNumber,
          location: 'Building 3, 12 Harbour Road',
          areaSquareMetres: '88.10',
          use: 'RESIDENTIAL',
          owners: [{ holderRef: sellerRef, shareBasisPoints: 10000 }],
          certificateId,
          certificateFingerprint: fingerprintBuffer(`certificate ${certificateId}`),
          certificateHolderRef: sellerRef,
        },
        { idNumber: seller.idNumber, name: seller.name, holderRefGrant: sellerGrant.grantId },
      );
      const applicationId = uniqueId('TA-PRIVACY');
      await realEstate.openTransferApplication(
        {
          id: applicationId,
          unitNumber,
          type: 'SALE',
          sellers: [{ holderRef: sellerRef, shareBasisPoints: 10000 }],
          buyers: [{ holderRef: buyerRef, shareBasisPoints: 10000 }],
          providentFundLoan: false,
          marriedParty: false,
          applicationFingerprint: fingerprintBuffer(`application ${applicationId}`),
        },
        { declaredPrice, currency: 'CNY', sellerName: seller.name, buyerNames: buyer.name },
      );
      const honest = await realEstate.getTransferDetail(applicationId);
      expect(honest.transferDetail?.fields).to.include({ declaredPrice, sellerName: seller.name });
      submittedReads.push(
        await submitOnPurpose(reader, {
          chaincode: 'real-estate',
          transaction: 'GetTransferDetail',
          args: [applicationId],
          endorser: reader.mspId,
          personal: [declaredPrice, seller.name, buyer.name],
        }),
      );
    } finally {
      naturalResources.close();
    }

    // A public value the scan must find: proof that it reads the blocks' raw bytes up to the end.
    const written = await submit(issuer.getContract('control'), 'Put', {
      arguments: [uniqueId('privacy'), JSON.stringify({ marker })],
    });
    markerBlock = written.blockNumber;

    searched = allRegisteredPersonalData();
    const patterns = [marker, ...searched].map((value) => [value, Buffer.from(value, 'utf8')] as const);
    const total = await waitForHeight(issuer, markerBlock + 1n);
    const batch = 16n;
    for (let start = 0n; start < total; start += batch) {
      const numbers: bigint[] = [];
      for (let n = start; n < total && n < start + batch; n++) numbers.push(n);
      const blocks = await Promise.all(numbers.map((n) => qscc(issuer, 'GetBlockByNumber', n.toString())));
      blocks.forEach((bytes, i) => {
        const block = Buffer.from(bytes);
        const number = numbers[i]!;
        expect(common.Block.deserializeBinary(bytes).getHeader()?.getNumber()).to.equal(Number(number));
        blocksRead++;
        bytesRead += block.length;
        for (const [value, pattern] of patterns) {
          if (block.includes(pattern)) found.set(value, [...(found.get(value) ?? []), number]);
        }
      });
    }
  });

  after(function () {
    issuer.close();
    reader.close();
  });

  it('reads every block from block 0 to the end, finding a public value written last', function () {
    expect(blocksRead).to.be.greaterThan(Number(markerBlock));
    expect(bytesRead).to.be.greaterThan(0);
    expect(found.get(marker)).to.deep.equal([markerBlock]);
  });

  it('finds each private read submitted on purpose in a block, invalid, its answer there only as ciphertext', async function () {
    expect(submittedReads.map((r) => r.transaction)).to.deep.equal(['ReadLicenseDetail', 'GetTransferDetail']);
    for (const read of submittedReads) {
      const what = `${read.chaincode} ${read.transaction} endorsed by ${read.endorser} alone`;
      expect(read.code, `${what}: validation code`).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
      expect(read.blockNumber < BigInt(blocksRead), `${what}: its block was scanned`).to.equal(true);
      const processed = peer.ProcessedTransaction.deserializeBinary(
        await qscc(issuer, 'GetTransactionByID', read.transactionId),
      );
      expect(processed.getValidationcode(), what).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
      const block = common.Block.deserializeBinary(await qscc(issuer, 'GetBlockByTxID', read.transactionId));
      expect(BigInt(block.getHeader()!.getNumber()), `${what}: block`).to.equal(read.blockNumber);
      // The block holds the endorser's answer: sealed, opened only with the key that never left this process.
      const response = Buffer.from(recordedResponse(processed));
      const sealed = JSON.parse(response.toString('utf8')) as Record<string, unknown>;
      expect(Object.keys(sealed), what).to.deep.equal(['alg', 'ciphertext', 'iv', 'tag']);
      expect(Buffer.from(block.serializeBinary()).includes(Buffer.from(sealed.ciphertext as string))).to.equal(true);
      const opened = decryptResponse(sealed, read.key, read).toString('utf8');
      for (const value of read.personal) {
        expect(opened, `${what}: the answer holds it`).to.include(value);
        expect(response.includes(Buffer.from(value)), `${what}: ${value} in the recorded response`).to.equal(false);
        expect(found.has(value), `${what}: ${value} in a block`).to.equal(false);
      }
    }
  });

  it('finds no registered ID number, name or other personal detail in any block', function () {
    expect(searched.length, 'personal values to look for').to.be.at.least(3);
    const leaks = searched
      .filter((value) => found.has(value))
      .map((value) => `"${value}" in block(s) ${found.get(value)?.join(', ') ?? ''}`);
    expect(leaks, `personal data in plaintext on the ledger (${blocksRead} blocks read)`).to.deep.equal([]);
  });
});
