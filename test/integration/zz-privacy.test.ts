/**
 * Runs last (file order): reads every block of the channel from block 0 and checks that no personal test
 * data — every ID number and name registered in test-data.ts by this run's tests, and by earlier runs against
 * the same ledger — appears in any block as plaintext.
 */
import * as chai from 'chai';
import { common } from '@hyperledger/fabric-protos';
import {
  type GovchainConnection,
  buildConsent,
  eLicenseClient,
  fingerprintBuffer,
  generateHolderKeyPair,
  listDepartments,
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

  it('finds no registered ID number, name or other personal detail in any block', function () {
    expect(searched.length, 'personal values to look for').to.be.at.least(3);
    const leaks = searched
      .filter((value) => found.has(value))
      .map((value) => `"${value}" in block(s) ${found.get(value)?.join(', ') ?? ''}`);
    expect(leaks, `personal data in plaintext on the ledger (${blocksRead} blocks read)`).to.deep.equal([]);
  });
});
