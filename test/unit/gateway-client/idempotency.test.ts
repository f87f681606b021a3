import type { Contract, ProposalOptions } from '@hyperledger/fabric-gateway';
import { type GovchainConnection, bidRecordClient, eLicenseClient } from '@govchain/gateway-client';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { type Call, fakeConnection } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

/** Idempotency keys and private-detail salts the typed clients send (issue 13, items 2 and 7). */

const text = (value: Uint8Array | string | undefined): string =>
  typeof value === 'string' ? value : new TextDecoder().decode(value);
const transient = (call: Call | undefined, field: string): string => text(call?.options.transientData?.[field]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NO_WAIT = { retry: { sleep: (): Promise<void> => Promise.resolve() } };
const FP = 'f0'.repeat(32);
const BIDDER = '91310000MA1FL4CT3X';

const LICENCE = {
  id: 'BL-1',
  type: 'BUSINESS_LICENCE',
  issuerMsp: 'MarketRegulationMSP',
  holderRef: 'ab'.repeat(32),
  fingerprint: FP,
  validFrom: '2025-03-01T08:00:00.000Z',
  validUntil: '',
  metadata: {},
  status: 'ACTIVE',
  statusReason: 'ISSUED',
  statusEffectiveAt: '2025-03-01T08:00:00.000Z',
  predecessorId: '',
  successorId: '',
  issuedAt: '2025-03-01T08:00:00.000Z',
  updatedAt: '2025-03-01T08:00:00.000Z',
  updatedByMsp: 'MarketRegulationMSP',
  txId: 'tx-1',
};
const ISSUE = {
  id: 'BL-1',
  type: 'BUSINESS_LICENCE',
  fingerprint: FP,
  metadata: {},
  holder: { holderRefGrant: 'a7'.repeat(32), idNumber: '11010519491231002X', name: 'Zhang San' },
};
const ACCESS = {
  accessId: 'tx-1',
  licenceId: 'BL-1',
  consentId: 'C-1',
  accessorMsp: 'TaxMSP',
  purpose: 'tax clearance',
  accessedAt: '2025-03-01T08:00:00.000Z',
  txId: 'tx-1',
};
const REQUEST = { licenceId: 'BL-1', consentId: 'C-1', purpose: 'tax clearance' };
const VIOLATION = {
  bidderCode: BIDDER,
  kind: 'VIOLATION',
  projectId: '',
  recordedByMsp: 'MarketRegulationMSP',
  reasonCode: 'COLLUSION',
  evidenceFingerprint: '',
  recordedAt: '2025-03-01T08:00:00.000Z',
  txId: 'tx-1',
};
const BLACKLISTING = {
  entryId: 'tx-1',
  bidderCode: BIDDER,
  imposedByMsp: 'MarketRegulationMSP',
  reasonCode: 'FRAUD',
  projectId: '',
  imposedAt: '2025-03-01T08:00:00.000Z',
  expiresAt: '2026-03-01T00:00:00.000Z',
  status: 'ACTIVE',
  liftedAt: '',
  liftReasonCode: '',
  txId: 'tx-1',
};
const EVIDENCE = {
  evidenceId: 'tx-1',
  projectId: 'P-1',
  step: 'BID_OPENING',
  fingerprint: FP,
  mediaType: 'video/mp4',
  size: 1,
  storageUri: 's3://evidence/P-1/opening.mp4',
  description: '',
  recorderMsp: 'TradingCenterMSP',
  recordedAt: '2025-03-01T08:00:00.000Z',
  txId: 'tx-1',
};

/**
 * A connection whose first submitted transaction fails validation with MVCC_READ_CONFLICT and whose
 * retry commits: the client endorses a fresh proposal (a new transaction id) for the same operation.
 */
function conflictOnce(mspId: string, response: unknown): { connection: GovchainConnection; calls: Call[] } {
  const calls: Call[] = [];
  const result = new TextEncoder().encode(JSON.stringify(response));
  const contract = {
    newProposal(name: string, options: ProposalOptions) {
      calls.push({ kind: 'submit', name, options });
      const transactionId = `tx-${String(calls.length)}`;
      const successful = calls.length > 1;
      const status = { transactionId, code: successful ? 0 : 11, successful, blockNumber: 42n };
      const commit = { getTransactionId: () => transactionId, getStatus: () => Promise.resolve(status) };
      return {
        getTransactionId: () => transactionId,
        endorse: () =>
          Promise.resolve({
            getResult: () => result,
            getTransactionId: () => transactionId,
            submit: () => Promise.resolve(commit),
          }),
      };
    },
  } as unknown as Contract;
  const connection = { mspId, department: 'test', getContract: () => contract } as unknown as GovchainConnection;
  return { connection, calls };
}

describe('typed clients: one logical operation, one idempotency key', () => {
  it('recordDetailAccess sends a fresh UUID requestId per call, only in transient data', async () => {
    const { connection, calls } = fakeConnection('TaxMSP', { RecordDetailAccess: ACCESS });
    const client = eLicenseClient(connection);
    await client.recordDetailAccess(REQUEST);
    await client.recordDetailAccess(REQUEST);
    const [first, second] = calls.map((call) => transient(call, 'requestId'));
    expect(first).to.match(UUID);
    expect(second).to.match(UUID).and.not.equal(first);
    expect(calls[0]?.options.arguments).to.deep.equal(['BL-1', 'C-1', 'tax clearance']);
  });

  it('recordDetailAccess keeps its requestId across its own read-conflict retry', async () => {
    const { connection, calls } = conflictOnce('TaxMSP', ACCESS);
    const outcome = await eLicenseClient(connection).recordDetailAccess(REQUEST, NO_WAIT);
    expect(outcome.attempts).to.equal(2);
    expect(calls).to.have.length(2);
    expect(transient(calls[1], 'requestId')).to.match(UUID).and.equal(transient(calls[0], 'requestId'));
  });

  it('sends the caller’s requestId, so a later retry of an unknown outcome is the same request', async () => {
    const { connection, calls } = fakeConnection('TaxMSP', { RecordDetailAccess: ACCESS });
    await eLicenseClient(connection).recordDetailAccess(REQUEST, { requestId: 'retry-of-7f3a' });
    expect(transient(calls[0], 'requestId')).to.equal('retry-of-7f3a');
  });

  it('refuses a malformed requestId before calling', async () => {
    const { connection, calls } = fakeConnection('TaxMSP', { RecordDetailAccess: ACCESS });
    await expect(
      eLicenseClient(connection).recordDetailAccess(REQUEST, { requestId: 'no spaces!' }),
    ).to.be.rejectedWith(TypeError, /^requestId must be 8 to 64 letters, digits and \. _ : -$/);
    expect(calls).to.have.length(0);
  });

  const bidRecordCalls: [
    string,
    (client: ReturnType<typeof bidRecordClient>, requestId?: string) => Promise<unknown>,
    unknown,
  ][] = [
    [
      'RecordViolation',
      (client, requestId) =>
        client.recordViolation({ bidderCode: BIDDER, reasonCode: 'COLLUSION' }, { ...NO_WAIT, requestId }),
      VIOLATION,
    ],
    [
      'BlacklistBidder',
      (client, requestId) =>
        client.blacklistBidder(
          { bidderCode: BIDDER, reasonCode: 'FRAUD', expiresAt: '2026-03-01T00:00:00Z' },
          { ...NO_WAIT, requestId },
        ),
      BLACKLISTING,
    ],
    [
      'RecordEvidence',
      (client, requestId) =>
        client.recordEvidence(
          'P-1',
          { step: 'BID_OPENING', fingerprint: FP, mediaType: 'video/mp4', size: 1, storageUri: EVIDENCE.storageUri },
          { ...NO_WAIT, requestId },
        ),
      EVIDENCE,
    ],
  ];
  for (const [name, call, response] of bidRecordCalls) {
    it(`bid-record ${name} sends one requestId per call, kept across its read-conflict retry`, async () => {
      const { connection, calls } = conflictOnce('MarketRegulationMSP', response);
      await call(bidRecordClient(connection));
      expect(calls.map((c) => c.name)).to.deep.equal([name, name]);
      expect(transient(calls[0], 'requestId')).to.match(UUID);
      expect(transient(calls[1], 'requestId')).to.equal(transient(calls[0], 'requestId'));
      const again = fakeConnection('MarketRegulationMSP', { [name]: response });
      await call(bidRecordClient(again.connection));
      expect(transient(again.calls[0], 'requestId')).to.match(UUID).and.not.equal(transient(calls[0], 'requestId'));
      const given = fakeConnection('MarketRegulationMSP', { [name]: response });
      await call(bidRecordClient(given.connection), 'violation-2025-0042');
      expect(transient(given.calls[0], 'requestId')).to.equal('violation-2025-0042');
    });
  }
});

describe('typed clients: a fresh random salt for every write of private detail', () => {
  it('issueLicense, renewLicense and replaceLicense each send their own 32-byte salt', async () => {
    const { connection, calls } = fakeConnection('MarketRegulationMSP', {
      IssueLicense: LICENCE,
      RenewLicense: LICENCE,
      ReplaceLicense: LICENCE,
    });
    // Partners named here: these calls' endorsers are not under test (no registry read).
    const client = eLicenseClient(connection, { endorsingPartners: ['PublicSecurityMSP'] });
    await client.issueLicense(ISSUE);
    await client.issueLicense(ISSUE);
    await client.renewLicense({ ...ISSUE, id: 'BL-2', predecessorId: 'BL-1' });
    await client.replaceLicense({ ...ISSUE, id: 'BL-3', predecessorId: 'BL-2', reasonCode: 'LOST' });
    const salts = calls.map((call) => transient(call, 'salt'));
    for (const salt of salts) {
      expect(salt).to.match(/^[0-9a-f]{64}$/);
    }
    expect(new Set(salts).size).to.equal(4);
  });

  it('issueLicense keeps its salt across its own read-conflict retry (endorsers of one proposal agree)', async () => {
    const { connection, calls } = conflictOnce('MarketRegulationMSP', LICENCE);
    await eLicenseClient(connection, { endorsingPartners: ['PublicSecurityMSP'] }).issueLicense(ISSUE, NO_WAIT);
    expect(calls).to.have.length(2);
    expect(transient(calls[1], 'salt'))
      .to.match(/^[0-9a-f]{64}$/)
      .and.equal(transient(calls[0], 'salt'));
  });
});
