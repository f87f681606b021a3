import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { GovchainError } from '@govchain/gateway-client';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type { LedgerComparison } from '@govchain/network';
import { transactionsOf, type LedgerTransaction } from '@govchain/gateway-client';
import { longestCommitGap, startLoad, type Outcome } from '@govchain/scripts/dist/faults/load';
import {
  faultRunOf,
  problemsOf,
  renderReliability,
  summarise,
  type FaultResult,
} from '@govchain/scripts/dist/faults/report';

const MAIN = path.resolve(__dirname, '..', '..', '..', '..', 'scripts', 'dist', 'faults', 'main.js');

/** An envelope as a peer's block holds it: a channel header and, for an endorser transaction, the call. */
function envelope(
  txId: string,
  type: number,
  chaincode: string,
  args: readonly string[],
  creatorMsp = 'TaxMSP',
): Uint8Array {
  const creator = new msp.SerializedIdentity();
  creator.setMspid(creatorMsp);
  creator.setIdBytes(Buffer.from('-----BEGIN CERTIFICATE-----'));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator.serializeBinary());
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(type);
  channelHeader.setTxId(txId);
  channelHeader.setChannelId('govchannel');
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const input = new peer.ChaincodeInput();
  input.setArgsList(args.map((a) => Buffer.from(a)));
  const id = new peer.ChaincodeID();
  id.setName(chaincode);
  const spec = new peer.ChaincodeSpec();
  spec.setChaincodeId(id);
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const proposal = new peer.ChaincodeProposalPayload();
  proposal.setInput(invocation.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposal.serializeBinary());
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const env = new common.Envelope();
  env.setPayload(payload.serializeBinary());
  return env.serializeBinary();
}

function block(number: number, envelopes: readonly Uint8Array[], codes: readonly number[]): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(number);
  const data = new common.BlockData();
  data.setDataList([...envelopes]);
  const metadata = new common.BlockMetadata();
  metadata.setMetadataList([new Uint8Array(), new Uint8Array(), Uint8Array.from(codes), new Uint8Array()]);
  const b = new common.Block();
  b.setHeader(header);
  b.setData(data);
  b.setMetadata(metadata);
  return common.Block.deserializeBinary(b.serializeBinary());
}

function applied(txs: readonly { key: string; id: string }[]): Map<string, LedgerTransaction[]> {
  const map = new Map<string, LedgerTransaction[]>();
  for (const { key, id } of txs) {
    const tx: LedgerTransaction = {
      transactionId: id,
      block: 1n,
      valid: true,
      validationCode: 'VALID',
      creatorMsp: 'TaxMSP',
      chaincode: 'control',
      fn: 'Put',
      firstArgument: key,
    };
    map.set(key, [...(map.get(key) ?? []), tx]);
  }
  return map;
}

const SAME: LedgerComparison = {
  height: 12,
  same: true,
  peers: [
    { peer: 'peer0-tax', height: 12, digest: 'ab' },
    { peer: 'peer0-health', height: 12, digest: 'ab' },
  ],
};

describe('scripts: the fault suite', function () {
  describe('ledger scan', function () {
    it('reads each endorser transaction with its chaincode, function, first argument and validation code', function () {
      const txs = transactionsOf(
        block(
          7,
          [
            envelope('t1', common.HeaderType.ENDORSER_TRANSACTION, 'control', ['Put', 'FAULT-1', '{}']),
            envelope(
              't2',
              common.HeaderType.ENDORSER_TRANSACTION,
              'e-license',
              ['LicenseContract:IssueLicense', '{"id":"B"}'],
              'MarketRegulationMSP',
            ),
            envelope('c1', common.HeaderType.CONFIG, '', []),
          ],
          [0, 11, 0],
        ),
      );
      expect(txs).to.deep.equal([
        {
          transactionId: 't1',
          block: 7n,
          valid: true,
          validationCode: 'VALID',
          creatorMsp: 'TaxMSP',
          chaincode: 'control',
          fn: 'Put',
          firstArgument: 'FAULT-1',
        },
        {
          transactionId: 't2',
          block: 7n,
          valid: false,
          validationCode: 'MVCC_READ_CONFLICT',
          creatorMsp: 'MarketRegulationMSP',
          chaincode: 'e-license',
          fn: 'IssueLicense',
          firstArgument: '{"id":"B"}',
        },
      ]);
    });

    it('counts a transaction with no validation code recorded as not valid', function () {
      const [tx] = transactionsOf(
        block(1, [envelope('t1', common.HeaderType.ENDORSER_TRANSACTION, 'control', ['Put', 'K'])], []),
      );
      expect(tx?.valid).to.equal(false);
      expect(tx?.validationCode).to.equal('NOT_RECORDED');
    });
  });

  describe('summary of one fault', function () {
    const outcomes: Outcome[] = [
      { n: 0, key: 'K0', told: 'committed', transactionId: 'a', at: 100 },
      { n: 1, key: 'K1', told: 'committed', transactionId: 'b', at: 200 },
      { n: 2, key: 'K2', told: 'failed', code: 'ENDORSEMENT_FAILED', at: 1_500 },
      { n: 3, key: 'K3', told: 'unknown', code: 'OUTCOME_UNKNOWN', transactionId: 'd', at: 1_600 },
      { n: 4, key: 'K4', told: 'committed', transactionId: 'e', at: 4_000 },
      { n: 5, key: 'K5', told: 'unknown', code: 'OUTCOME_UNKNOWN', at: 4_100 },
    ];
    const onLedger = applied([
      { key: 'K0', id: 'a' },
      { key: 'K2', id: 'c' },
      { key: 'K3', id: 'd' },
      { key: 'K4', id: 'e' },
      { key: 'K4', id: 'e2' },
    ]);
    const result = summarise('peer', 'peer0-health killed', outcomes, onLedger, {
      network: 'default (Raft)',
      injectedAt: 1_000,
      repairStartedAt: 2_000,
      repairedAt: 3_000,
      ledgers: SAME,
      notes: [],
    });

    it('holds what callers were told against what the ledger applied', function () {
      expect(result).to.include({
        submitted: 6,
        committed: 3,
        failed: 1,
        unknown: 2,
        lost: 1,
        appliedTwice: 1,
        toldFailedApplied: 1,
        unknownApplied: 1,
        committedAfterRepair: 1,
        downSeconds: 1,
        recoverSeconds: 1,
      });
      expect(result.codes).to.deep.equal({ ENDORSEMENT_FAILED: 1, OUTCOME_UNKNOWN: 2 });
    });

    it('names every broken promise, and none for a clean run', function () {
      expect(problemsOf(result)).to.deep.equal(['1 lost', '1 applied twice', '1 reported failed but applied']);
      const clean = summarise('peer', 'x', outcomes.slice(0, 1), applied([{ key: 'K0', id: 'a' }]), {
        network: 'default (Raft)',
        injectedAt: 0,
        repairStartedAt: 0,
        repairedAt: 50,
        ledgers: SAME,
        notes: [],
      });
      expect(problemsOf(clean)).to.deep.equal([]);
      const differ: FaultResult = { ...clean, committedAfterRepair: 0, ledgers: { ...SAME, same: false } };
      expect(problemsOf(differ)).to.deep.equal([
        'nothing committed after the repair',
        'the peers\u2019 ledgers differ',
      ]);
      const events: FaultResult = { ...clean, events: { recorded: 3, redelivered: 1, missing: 1, twice: 0 } };
      expect(problemsOf(events)).to.deep.equal(['events: 1 missing, 0 twice']);
    });

    it('reads a recorded run, or results recorded alone with the command and day given', function () {
      const run = { command: 'npm run faults', when: '2026-12-01', results: [result] };
      expect(faultRunOf(run, { command: 'x', when: 'y' })).to.deep.equal(run);
      expect(faultRunOf([result], { command: 'x', when: 'y' })).to.deep.equal({
        command: 'x',
        when: 'y',
        results: [result],
      });
    });

    it('renders one row per fault with the command that made it', function () {
      const text = renderReliability([result], 'npm run faults', '2026-12-02');
      expect(text).to.include('Written by `npm run faults` on 2026-12-02');
      expect(text).to.include(
        '| peer | default (Raft) | peer0-health killed | 6 | 3 | 1 | 2 (1 applied) | 1 | 1 | 1 | 1 |',
      );
      expect(text).to.include('2 at 12, same state');
      expect(text).to.include('- peer (default): ENDORSEMENT_FAILED 1, OUTCOME_UNKNOWN 2');
      expect(text).to.include('**Lost**: a write its caller was told committed');
    });
  });

  describe('load', function () {
    it('measures the longest stretch without a commit inside the window', function () {
      const at = (t: number, told: Outcome['told'] = 'committed'): Outcome => ({ n: t, key: `K${t}`, told, at: t });
      expect(longestCommitGap([at(100), at(900), at(400, 'failed'), at(1_200)], 0, 1_500)).to.equal(800);
      expect(longestCommitGap([], 1_000, 3_500)).to.equal(2_500);
    });

    it('keeps each write\u2019s outcome as the caller was told it, and waits for writes in flight on stop', async function () {
      const load = startLoad('FAULT-T', 3, async (n, key) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (n % 3 === 1) {
          throw new GovchainError({ code: 'OUTCOME_UNKNOWN', message: 'no orderer', transactionId: `tx-${key}` });
        }
        if (n % 3 === 2) throw new GovchainError({ code: 'ENDORSEMENT_FAILED', message: 'down' });
        return { transactionId: `tx-${key}` };
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const outcomes = await load.stop();
      const count = outcomes.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(load.outcomes.length, 'nothing answers after stop').to.equal(count);
      expect(outcomes.map((o) => o.n)).to.deep.equal([...Array(count).keys()]);
      for (const o of outcomes) {
        expect(o.key).to.equal(`FAULT-T-${o.n}`);
        if (o.n % 3 === 0) expect(o).to.include({ told: 'committed', transactionId: `tx-${o.key}` });
        if (o.n % 3 === 1)
          expect(o).to.include({ told: 'unknown', code: 'OUTCOME_UNKNOWN', transactionId: `tx-${o.key}` });
        if (o.n % 3 === 2) expect(o).to.include({ told: 'failed', code: 'ENDORSEMENT_FAILED' });
      }
      expect(outcomes.filter((o) => o.told === 'unknown')).to.have.length.greaterThan(0);
    });
  });

  describe('npm run faults arguments', function () {
    const refused = (args: string[]): { status: number | null; stderr: string } => {
      try {
        execFileSync(process.execPath, [MAIN, '--check', ...args], { encoding: 'utf8', stdio: 'pipe' });
        return { status: 0, stderr: '' };
      } catch (err) {
        const e = err as { status: number | null; stderr: string };
        return { status: e.status, stderr: e.stderr };
      }
    };

    for (const [args, message] of [
      [
        ['--only', 'orderer-leader,flood'],
        '--only takes a comma-separated list of orderer-leader, peer, chaincode, partition, listener, disk-full; got flood',
      ],
      [['--seconds', '1'], "--seconds takes a whole number from 2, not '1'"],
      [['--outage', 'x'], "--outage takes a whole number from 1, not 'x'"],
      [['--concurrency', '0'], "--concurrency takes a whole number from 1, not '0'"],
      [['--loud'], "Unknown option '--loud'"],
    ] as const) {
      it(`refuses ${args.join(' ')} with exit 2 before touching a network`, function () {
        const { status, stderr } = refused([...args]);
        expect(status).to.equal(2);
        expect(stderr).to.include(message);
      });
    }

    it('accepts a valid selection', function () {
      expect(refused(['--only', 'peer,chaincode', '--seconds', '5', '--outage', '3']).status).to.equal(0);
    });
  });
});
