import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CheckpointError,
  followEvents,
  submit,
  type EventSubscription,
  type GovchainConnection,
  type GovchainEvent,
} from '@govchain/gateway-client';
import { connectAs, uniqueId } from './support';
import { holderTransient, person } from './test-data';

/** The holder of every licence this test issues (one grant serves them all). */
const EVENT_HOLDER = person('Event Listener Test Holder', '110101200001010014');

const FINGERPRINT = 'a'.repeat(64);

describe('events: a department system follows e-license events with a file checkpoint', function () {
  let market: GovchainConnection;
  let tax: GovchainConnection;
  let dir: string;

  before(async function () {
    market = await connectAs('market-regulation');
    tax = await connectAs('tax');
    dir = mkdtempSync(path.join(os.tmpdir(), 'govchain-events-'));
  });

  after(function () {
    market.close();
    tax.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function issue(id: string): Promise<{ transactionId: string; blockNumber: bigint }> {
    const { transactionId, blockNumber } = await submit(market.getContract('e-license'), 'IssueLicense', {
      arguments: [
        JSON.stringify({
          id,
          type: 'BUSINESS_LICENCE',
          fingerprint: FINGERPRINT,
          metadata: {
            enterpriseName: `Events Test ${id}`,
            unifiedSocialCreditCode: '91310000MA1FL8XQ3X',
            businessScope: 'testing',
            registeredCapital: '1',
          },
        }),
      ],
      transientData: await holderTransient(market, EVENT_HOLDER),
      endorsingOrganizations: ['MarketRegulationMSP', 'PublicSecurityMSP'],
    });
    return { transactionId, blockNumber };
  }

  it('resumes after a restart mid-stream under load: every event handled once, none lost, none twice', async function () {
    this.timeout(240_000);
    const checkpointFile = path.join(dir, 'tax-e-license.json');
    const marker = await issue(uniqueId('EV-START'));
    const handled: string[] = [];
    const ours = new Set<string>();
    const listen = (): Promise<EventSubscription> =>
      followEvents({
        connection: tax,
        chaincodes: ['e-license'],
        checkpointFile,
        startBlock: marker.blockNumber + 1n,
        onEvent: async (event: GovchainEvent) => {
          handled.push(event.transactionId);
          // A department system does real work per event; keep the listener busy so the stop lands mid-stream.
          await new Promise((r) => setTimeout(r, 20));
        },
      });

    // Load: 48 licences in waves of 8 while the listener runs, is stopped, and is started again.
    const load = (async () => {
      for (let wave = 0; wave < 6; wave++) {
        const results = await Promise.all(Array.from({ length: 8 }, () => issue(uniqueId(`EV-${wave}`))));
        for (const r of results) ours.add(r.transactionId);
      }
    })();

    let first = await listen();
    const stopAt = Date.now() + 60_000;
    while (handled.filter((t) => ours.has(t)).length < 10 && Date.now() < stopAt) {
      await new Promise((r) => setTimeout(r, 50));
    }
    first.close();
    await first.done;
    const beforeRestart = handled.length;
    expect(beforeRestart, 'events handled before the stop').to.be.greaterThan(0);

    // Stopped for a while under load, then restarted from the checkpoint file alone.
    await new Promise((r) => setTimeout(r, 1500));
    first = await listen();
    await load;
    const deadline = Date.now() + 60_000;
    while ([...ours].some((t) => !handled.includes(t)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    first.close();
    await first.done;

    expect(ours.size).to.equal(48);
    const missing = [...ours].filter((t) => !handled.includes(t));
    expect(missing, 'events lost across the restart').to.deep.equal([]);
    const twice = handled.filter((t, i) => handled.indexOf(t) !== i);
    expect(twice, 'events handled twice').to.deep.equal([]);
    expect(handled.length, 'the restart resumed mid-stream').to.be.greaterThan(beforeRestart);
  });

  it('a listener stopped before its first event resumes where it first started; a torn checkpoint stops it', async function () {
    this.timeout(120_000);
    const checkpointFile = path.join(dir, 'fresh.json');
    const handled: string[] = [];
    const listen = (): Promise<EventSubscription> =>
      followEvents({
        connection: tax,
        chaincodes: ['e-license'],
        checkpointFile,
        onEvent: (event: GovchainEvent) => {
          handled.push(event.transactionId);
        },
      });

    // First start, no start block: the position (the next block Tax's peer commits) is on disk at once.
    const first = await listen();
    const recorded = JSON.parse(readFileSync(checkpointFile, 'utf8')) as { blockNumber: string };
    expect(BigInt(recorded.blockNumber) > 0n).to.equal(true);
    first.close();
    await first.done;

    // Down while two licences commit: a restart delivers both (fabric-gateway's checkpointer skipped them).
    const missed = [await issue(uniqueId('EV-DOWN')), await issue(uniqueId('EV-DOWN'))];
    const second = await listen();
    const deadline = Date.now() + 60_000;
    while (missed.some((m) => !handled.includes(m.transactionId)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    second.close();
    await second.done;
    expect(handled).to.include.members(missed.map((m) => m.transactionId));
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).to.deep.equal([]);

    // A checkpoint cut short by a crash of another tool: refused, naming the file, not silently restarted.
    writeFileSync(checkpointFile, '');
    const err: unknown = await listen().then(
      () => expect.fail('an empty checkpoint must not be read as "no checkpoint"'),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(CheckpointError);
    expect(err).to.include({ code: 'CHECKPOINT_INVALID', file: checkpointFile });
  });
});
