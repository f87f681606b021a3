import '../support/env';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Bid,
  type BidRecordClient,
  type BidderKeyPair,
  ChaincodeError,
  EndorsementError,
  type GovchainConnection,
  type GovchainError,
  type SealedBid,
  bidActionPayload,
  bidRecordClient,
  bidderSigner,
  fingerprintBuffer,
  generateBidderKeyPair,
  sealBid,
  signBidderKeyBinding,
  signBidderPayload,
  type PlainOf,
  submit,
  waitForBlock,
} from '@govchain/gateway-client';
import { pathsFor } from '@govchain/network';
import { type RogueDepartment, invalidAtValidation, refusal, startRogue, submitAt } from './rogue';
import { HOME, ROOT, connectAs, uniqueId } from './support';
import { holderTransient, newEnterpriseCode, newPerson } from './test-data';

chai.use(chaiAsPromised);
const { expect } = chai;

/** A record as plain JSON, to forge a changed copy of it. */
const plain = <T extends object>(record: T): PlainOf<T> => record as PlainOf<T>;

/**
 * Issue 11 on the real network, for the bid-record chaincode: the publishing
 * trading centre running a modified chaincode server on its own peer, a centre
 * bidding in a bidder's name, a bid replaced after the close or with a forged
 * time, an opening before the reveal window ends, and a configuration that
 * differs from an endorser's governance. Each attack must fail at validation
 * (ENDORSEMENT_POLICY_FAILURE) or be refused by an honest endorser, write
 * nothing, and leave the honest path working.
 */

const CHAINCODE = 'bid-record';
const TC1 = 'TradingCenterMSP';
const TC2 = 'TradingCenter2MSP';
const MR = 'MarketRegulationMSP';

/**
 * Expects the honest endorser's clock check to have refused a forged proposal time (the rogue's own peer, with
 * its check off, may answer something else: every peer's message is in the details).
 */
function refusedByClock(err: GovchainError, honestMsp: string): void {
  expect(err, err.message).to.be.instanceOf(ChaincodeError);
  expect(err.code, err.message).to.equal('PRECONDITION_FAILED');
  const honest = err.details.filter((detail) => detail.mspId === honestMsp).map((detail) => detail.message);
  expect(honest.join('\n'), `${honestMsp}'s answer`).to.match(/proposal timestamp .* from this endorser's clock/);
}

/** Expects an honest endorser's refusal with a stable code. */
function refusedWith(err: GovchainError, code: string, message: RegExp): void {
  expect(err, err.message).to.be.instanceOf(ChaincodeError);
  expect(err.code, err.message).to.equal(code);
  expect(err.message).to.match(message);
}

describe('attacks on bid-record: a rogue trading centre, squatting, late bids, early openings, first seeders', function () {
  this.timeout(600_000);
  this.slow(60_000);

  const run = uniqueId('att');
  const projectId = `TP-${run}`;
  const doc = (what: string): string => fingerprintBuffer(`${run} ${what}`);
  const bidders = { a: newEnterpriseCode(), b: newEnterpriseCode(), x: newEnterpriseCode() };
  const licences = { a: `BL-${run}-a`, b: `BL-${run}-b`, x: `BL-${run}-x` };
  const wallets: Record<keyof typeof bidders, BidderKeyPair> = {
    a: generateBidderKeyPair(),
    b: generateBidderKeyPair(),
    x: generateBidderKeyPair(),
  };
  const connections: GovchainConnection[] = [];
  let centre1: GovchainConnection;
  let centre2: GovchainConnection;
  let tc1: BidRecordClient;
  let tc2: BidRecordClient;
  /** The second centre's administrator: governance transactions are for administrators only. */
  let tc2Admin: BidRecordClient;
  let witness: BidRecordClient;
  let rogue: RogueDepartment;
  let sealed: { a: SealedBid; b: SealedBid };
  let deadline: Date;
  let opening: Date;

  async function synced<T extends { blockNumber: bigint }>(outcome: Promise<T>): Promise<T> {
    const done = await outcome;
    await waitForBlock(connections, done.blockNumber);
    return done;
  }

  before(async function () {
    for (const department of ['trading-center', 'trading-center-2', 'market-regulation', 'tax'] as const) {
      connections.push(await connectAs(department));
    }
    const [c1, c2, marketRegulation, tax] = connections as [
      GovchainConnection,
      GovchainConnection,
      GovchainConnection,
      GovchainConnection,
    ];
    centre1 = c1;
    centre2 = c2;
    tc1 = bidRecordClient(centre1);
    tc2 = bidRecordClient(centre2);
    const admin2 = await connectAs('trading-center-2', 'admin');
    connections.push(admin2);
    tc2Admin = bidRecordClient(admin2);
    witness = bidRecordClient(tax);
    const regulator = bidRecordClient(marketRegulation);
    // Business licences (e-license) and bound keys for every bidder.
    for (const key of ['a', 'b', 'x'] as const) {
      const representative = newPerson('legal representative');
      const issued = await submit(marketRegulation.getContract('e-license'), 'IssueLicense', {
        arguments: [
          {
            id: licences[key],
            type: 'BUSINESS_LICENCE',
            fingerprint: doc(`business licence ${key}`),
            metadata: {
              enterpriseName: `Bidder ${key.toUpperCase()} (${run})`,
              unifiedSocialCreditCode: bidders[key],
              businessScope: 'construction',
              registeredCapital: '50000000',
            },
          },
        ],
        transientData: await holderTransient(marketRegulation, representative),
        endorsingOrganizations: [MR, 'PublicSecurityMSP'],
      });
      await waitForBlock(connections, issued.blockNumber);
      await synced(
        regulator.bindBidderKey(
          signBidderKeyBinding(wallets[key].privateKeyPem, {
            uscc: bidders[key],
            publicKey: wallets[key].publicKeyHex,
            keyVersion: 1,
          }),
        ),
      );
    }
    // The publishing centre's peer runs a modified server from here on.
    rogue = await startRogue('trading-center', CHAINCODE);
  });

  after(async function () {
    // The set-up may have failed before the rogue started.
    await (rogue as RogueDepartment | undefined)?.restore();
    for (const connection of connections) connection.close();
  });

  it('honest path: TC1 publishes, bidders sign, A bids through TC2 and B through TC1', async function () {
    deadline = new Date(Date.now() + 60_000);
    opening = new Date(deadline.getTime() + 1_000);
    await synced(
      tc1.publishProject({
        projectId,
        title: `Bridge maintenance (${run})`,
        tendererCode: newEnterpriseCode(),
        tendererName: 'District Transport Bureau',
        category: 'CONSTRUCTION',
        budget: 5_000_000_00,
        documentFingerprint: doc('tender document'),
        bidDeadline: deadline,
        openingTime: opening,
        evaluationMethod: 'LOWEST_PRICE',
        minValidBids: 2,
      }),
    );
    sealed = {
      a: sealBid({ projectId, bidderCode: bidders.a, price: 4_100_000_00, bidDocumentFingerprint: doc('bid a') }),
      b: sealBid({ projectId, bidderCode: bidders.b, price: 4_300_000_00, bidDocumentFingerprint: doc('bid b') }),
    };
    const a = await synced(
      tc2.commitBid({
        projectId,
        bidderCode: bidders.a,
        licenceId: licences.a,
        commitment: sealed.a.commitment,
        signer: bidderSigner(wallets.a.privateKeyPem),
      }),
    );
    expect(a.result).to.include({ submittedByMsp: TC2, sequence: 1, keyVersion: 1 });
    await synced(
      tc1.commitBid({
        projectId,
        bidderCode: bidders.b,
        licenceId: licences.b,
        commitment: sealed.b.commitment,
        signer: bidderSigner(wallets.b.privateKeyPem),
      }),
    );
  });

  it("(c) a centre cannot bid in a bidder's name: without the bidder's signature honest endorsers refuse; a raw write is invalid", async function () {
    const squat = sealBid({ projectId, bidderCode: bidders.x, price: 1, bidDocumentFingerprint: doc('junk') });
    // Through the genuine chaincode, signed by a key that is not the bidder's.
    const forged = await refusal(
      tc1.commitBid({
        projectId,
        bidderCode: bidders.x,
        licenceId: licences.x,
        commitment: squat.commitment,
        signer: bidderSigner(generateBidderKeyPair().privateKeyPem),
        sequence: 1,
        keyVersion: 1,
      }),
    );
    refusedWith(forged, 'FORBIDDEN', /COMMIT_BID of bidder \S+ on project \S+ is not signed by the bidder's key/);
    // A signature the bidder made for another centre cannot be relayed by this one.
    const signedForTc2 = signBidderPayload(
      wallets.x.privateKeyPem,
      bidActionPayload({
        action: 'COMMIT_BID',
        projectId,
        bidderCode: bidders.x,
        submittingCentreMsp: TC2,
        sequence: 1,
        keyVersion: 1,
        commitment: squat.commitment,
        guaranteeId: '',
        licenceId: licences.x,
      }),
    );
    const relayed = await refusal(
      tc1.commitBid({
        projectId,
        bidderCode: bidders.x,
        licenceId: licences.x,
        commitment: squat.commitment,
        signer: () => signedForTc2,
        sequence: 1,
        keyVersion: 1,
      }),
    );
    refusedWith(relayed, 'FORBIDDEN', /is not signed by the bidder's key/);
    // The modified server writes the bid directly (with or without a key policy of its own): invalid.
    const bid = {
      projectId,
      bidderCode: bidders.x,
      licenceId: licences.x,
      submittedByMsp: TC1,
      commitment: squat.commitment,
      status: 'COMMITTED',
    };
    for (const policy of [undefined, [TC1]]) {
      invalidAtValidation(
        await rogue.forge([
          { key: ['bid', projectId, bidders.x], value: bid, ...(policy === undefined ? {} : { policy }) },
        ]),
      );
    }
    await expect(witness.getBid(projectId, bidders.x))
      .to.be.rejectedWith(ChaincodeError)
      .and.eventually.have.property('code', 'NOT_FOUND');
  });

  it('(a) the publishing centre cannot rewrite a bid another centre submitted, its own bid, or its project', async function () {
    const a = await witness.getBid(projectId, bidders.a);
    const b = await witness.getBid(projectId, bidders.b);
    const project = await witness.getProject(projectId);
    const other = sealBid({ projectId, bidderCode: bidders.a, price: 9, bidDocumentFingerprint: doc('forged a') });
    for (const policy of [undefined, [TC1]]) {
      invalidAtValidation(
        await rogue.forge([
          {
            key: ['bid', projectId, bidders.a],
            value: { ...plain(a), commitment: other.commitment },
            ...(policy === undefined ? {} : { policy }),
          },
        ]),
      );
    }
    invalidAtValidation(await rogue.forge([{ key: ['bid', projectId, bidders.a], value: null }]));
    invalidAtValidation(
      await rogue.forge([{ key: ['bid', projectId, bidders.b], value: { ...plain(b), commitment: other.commitment } }]),
    );
    invalidAtValidation(
      await rogue.forge([
        {
          key: ['project', projectId],
          value: { ...plain(project), bidDeadline: new Date(Date.now() + 86_400_000).toISOString() },
        },
      ]),
    );
    // No honest department co-endorses: its genuine server has no rogue contract.
    const colluder = await rogue.forge([{ key: ['bid', projectId, bidders.a], value: null }], [TC1, 'TaxMSP']);
    expect(colluder, colluder.message).to.be.instanceOf(EndorsementError);
    expect(await witness.getBid(projectId, bidders.a)).to.deep.equal(a);
    expect(await witness.getBid(projectId, bidders.b)).to.deep.equal(b);
    expect(await witness.getProject(projectId)).to.deep.equal(project);
  });

  it('(b) a centre cannot delete its own evidence or violation record, nor lift its blacklisting alone', async function () {
    const { result: evidence } = await synced(
      tc1.recordEvidence(projectId, {
        step: 'PUBLICATION',
        fingerprint: doc('publication notice'),
        mediaType: 'application/pdf',
        size: 1234,
        storageUri: `s3://tc1/${run}/notice.pdf`,
      }),
    );
    const { result: violation } = await synced(
      tc1.recordViolation({ bidderCode: bidders.x, reasonCode: 'FALSE_DOCUMENTS', projectId }),
    );
    const { result: blacklisting } = await synced(
      tc1.blacklistBidder({
        bidderCode: bidders.x,
        reasonCode: 'FALSE_DOCUMENTS',
        expiresAt: new Date(Date.now() + 30 * 86_400_000),
      }),
    );
    invalidAtValidation(
      await rogue.forge([{ key: ['evidence', projectId, evidence.recordedAt, evidence.txId], value: null }]),
    );
    invalidAtValidation(
      await rogue.forge([
        { key: ['credit', bidders.x, violation.recordedAt, violation.txId, 'VIOLATION'], value: null },
      ]),
    );
    invalidAtValidation(
      await rogue.forge([
        { key: ['blacklist', bidders.x, blacklisting.entryId], value: { ...plain(blacklisting), status: 'LIFTED' } },
      ]),
    );
    const evidenceList = await witness.listEvidence(projectId);
    expect(evidenceList.records).to.deep.include(evidence);
    const profile = await witness.getBidderProfile(bidders.x);
    expect(profile).to.include({ violations: 1, blacklisted: true });
  });

  it('closes the bidding after the deadline; the rival B is revealed (its price is public)', async function () {
    const wait = deadline.getTime() + 500 - Date.now();
    if (wait > 0) await sleep(wait);
    const { result: closed } = await synced(tc1.closeBidding(projectId));
    expect(closed.status).to.equal('BIDDING_CLOSED');
    const { result: b } = await synced(tc1.revealBid(sealed.b.reveal));
    expect(b).to.include({ status: 'VALID', price: 4_300_000_00 });
  });

  it('(d) A cannot replace its bid after the close, nor with a proposal back-dated to 1 s before the deadline', async function () {
    const before = await witness.getBid(projectId, bidders.a);
    const cheaper = sealBid({
      projectId,
      bidderCode: bidders.a,
      price: 4_299_999_99,
      bidDocumentFingerprint: doc('a2'),
    });
    const signer = bidderSigner(wallets.a.privateKeyPem);
    refusedWith(
      await refusal(tc2.replaceBid({ projectId, bidderCode: bidders.a, commitment: cheaper.commitment, signer })),
      'PRECONDITION_FAILED',
      /cannot replace a bid: bidding for project \S+ was closed at/,
    );
    // Forged time: far enough back that every honest endorser's clock check sees it.
    const wait = deadline.getTime() + 35_000 - Date.now();
    if (wait > 0) await sleep(wait);
    const signature = signBidderPayload(
      wallets.a.privateKeyPem,
      bidActionPayload({
        action: 'REPLACE_BID',
        projectId,
        bidderCode: bidders.a,
        submittingCentreMsp: TC2,
        sequence: 2,
        keyVersion: 1,
        commitment: cheaper.commitment,
        guaranteeId: '',
      }),
    );
    const backDated = await refusal(
      submitAt(
        centre2,
        CHAINCODE,
        'ReplaceBid',
        {
          arguments: [projectId, bidders.a, cheaper.commitment, '', signature],
          endorsingOrganizations: [TC2, TC1],
        },
        deadline.getTime() - 1_000,
      ),
    );
    refusedByClock(backDated, TC2);
    // The publisher's modified server (no clock check) writes the replacement itself: invalid.
    invalidAtValidation(
      await rogue.forge([
        {
          key: ['bid', projectId, bidders.a],
          value: { ...plain(before), commitment: cheaper.commitment, sequence: 2 },
        },
      ]),
    );
    expect(await witness.getBid(projectId, bidders.a)).to.deep.equal(before);
  });

  it('(e) the publisher cannot open before the reveal window ends while A awaits its reveal, nor forge the time', async function () {
    const project = await witness.getProject(projectId);
    refusedWith(
      await refusal(tc1.openBids(projectId, [])),
      'PRECONDITION_FAILED',
      /before its reveal window ends at .*: 1 bid\(s\) await their reveal/,
    );
    const forged = await refusal(
      submitAt(
        centre1,
        CHAINCODE,
        'OpenBids',
        { arguments: [projectId, '[]'], endorsingOrganizations: [TC1, TC2] },
        Date.parse(project.revealWindowEndsAt) + 1_000,
      ),
    );
    refusedByClock(forged, TC2);
    invalidAtValidation(
      await rogue.forge([
        { key: ['project', projectId], value: { ...plain(project), status: 'OPENED', statusReason: 'OPENED' } },
      ]),
    );
    expect(await witness.getProject(projectId)).to.deep.equal(project);
    expect((await witness.getBid(projectId, bidders.a)).status).to.equal('COMMITTED');
  });

  it('(f) the roles come from the governance file, the rules from the package: a differing seed is CONFLICT, a forged one invalid', async function () {
    const { config } = (await tc2Admin.seedConfig()).result;
    expect((await tc2Admin.seedConfig()).result.seeded).to.equal(false);
    // An endorser whose governance differs from what is stored (as a first seeder's would) says so.
    const file = pathsFor(ROOT, HOME).governanceFile;
    const genuine = readFileSync(file, 'utf8');
    try {
      const governance = JSON.parse(genuine) as { departmentMsps: string[]; roles: Record<string, string[]> };
      const departments = [...config.departmentMsps, 'AuditOfficeMSP'].filter((msp) => msp !== 'HealthMSP');
      // Health leaves with its role (e-license's healthAuthority): a role names departments of the file only.
      const rolesWithoutHealth = Object.entries(governance.roles)
        .map(([role, msps]) => [role, msps.filter((msp) => msp !== 'HealthMSP')] as const)
        .filter(([, msps]) => msps.length > 0);
      writeFileSync(
        file,
        JSON.stringify({ ...governance, departmentMsps: departments, roles: Object.fromEntries(rolesWithoutHealth) }),
      );
      refusedWith(
        await refusal(tc2Admin.seedConfig()),
        'CONFLICT',
        /the stored bid-record configuration differs from this endorser's governance: departmentMsps lacks AuditOfficeMSP and has HealthMSP in addition/,
      );
      // The roles come from the same file: one that moves a role is named, one without a key authority refused.
      writeFileSync(file, JSON.stringify({ ...governance, roles: { ...governance.roles, tradingCentre: [TC1] } }));
      refusedWith(
        await refusal(tc2Admin.seedConfig()),
        'CONFLICT',
        /the stored bid-record configuration differs from this endorser's governance: role tradingCentre has TradingCenter2MSP in addition/,
      );
      const withoutAuthority = Object.entries(governance.roles).filter(([role]) => role !== 'bidderKeyAuthority');
      writeFileSync(file, JSON.stringify({ ...governance, roles: Object.fromEntries(withoutAuthority) }));
      refusedWith(
        await refusal(tc2Admin.seedConfig()),
        'PRECONDITION_FAILED',
        /governance file must give role bidderKeyAuthority 1 to 64 department\(s\) \(it gives none\)/,
      );
    } finally {
      writeFileSync(file, genuine);
    }
    // The modified server makes TC1 the only department and centre: invalid (a majority must endorse).
    invalidAtValidation(
      await rogue.forge([
        { key: 'config', value: { ...plain(config), departmentMsps: [TC1, TC2], tradingCentreMsps: [TC1] } },
      ]),
    );
    expect(await witness.getConfig()).to.deep.equal(config);
  });

  it('the honest path still works: A is revealed and the publisher opens (every bid revealed)', async function () {
    const { result: a } = await synced(tc2.revealBid(sealed.a.reveal));
    expect(a).to.include({ status: 'VALID', price: 4_100_000_00 });
    const wait = opening.getTime() + 500 - Date.now();
    if (wait > 0) await sleep(wait);
    const { result: opened } = await synced(tc1.openBids(projectId, []));
    expect(opened.project).to.include({ status: 'OPENED', validBidCount: 2, disqualifiedBidCount: 0 });
    const bids: Bid[] = (await witness.listBids(projectId)).records.slice();
    expect(bids.map((bid) => bid.status)).to.deep.equal(['VALID', 'VALID']);
  });

  it("(g) two departments together cannot remove another's request record, so its retry never applies twice", async function () {
    // TC2 records a violation under an idempotency key. Its request record decides whether a retry
    // applies again: it carries TC2's own key-level policy, so TC1 and Tax together — both running
    // modified chaincode, enough for the chaincode-level policy (any two departments) — cannot delete it.
    const requestId = `violation-${run}`;
    const violation = { bidderCode: bidders.x, reasonCode: 'COLLUSION', projectId };
    const { result: first } = await synced(tc2.recordViolation(violation, { requestId }));
    const colluder = await startRogue('tax', CHAINCODE);
    try {
      invalidAtValidation(
        await rogue.forge([{ key: ['request', TC2, 'RecordViolation', requestId], value: null }], [TC1, 'TaxMSP']),
      );
    } finally {
      await colluder.restore();
    }
    const { result: retried } = await synced(tc2.recordViolation(violation, { requestId }));
    expect(retried).to.deep.equal(first);
    expect(await witness.getBidderProfile(bidders.x)).to.include({ violations: 2 });
  });
});
