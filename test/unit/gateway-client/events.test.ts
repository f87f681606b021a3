import type { ChaincodeEvent, ChaincodeEventsOptions, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { type GovchainConnection, type GovchainEvent, checkpointFileFor, followEvents } from '@govchain/gateway-client';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TempDir, tempDir } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function event(chaincodeName: string, blockNumber: bigint, transactionId: string): ChaincodeEvent {
  return {
    chaincodeName,
    blockNumber,
    transactionId,
    eventName: 'LicenceIssued',
    payload: utf8(JSON.stringify({ id: transactionId })),
  };
}

/**
 * A stream over a fixed ledger of events that behaves like the gateway's: it starts at the checkpoint's
 * block (or startBlock), skips events up to the checkpointed transaction, then waits for more until closed.
 */
function stream(
  ledger: readonly ChaincodeEvent[],
  options: ChaincodeEventsOptions,
): CloseableAsyncIterable<ChaincodeEvent> {
  const start = options.checkpoint?.getBlockNumber() ?? options.startBlock ?? BigInt(Number.MAX_SAFE_INTEGER);
  const after = options.checkpoint?.getTransactionId();
  let pending = ledger.filter((e) => e.blockNumber >= start);
  if (after !== undefined) {
    const index = pending.findIndex((e) => e.transactionId === after);
    pending = pending.slice(index + 1);
  }
  let wake: (() => void) | undefined;
  let closed = false;
  const iterable: CloseableAsyncIterable<ChaincodeEvent> = {
    close() {
      closed = true;
      wake?.();
    },
    [Symbol.dispose]() {
      iterable.close();
    },
    async *[Symbol.asyncIterator]() {
      for (const e of pending) {
        if (closed) {
          return;
        }
        yield e;
      }
      while (!closed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      throw Object.assign(new Error('1 CANCELLED: Cancelled on client'), { code: 1 });
    },
  };
  return iterable;
}

interface FakeConnection {
  readonly connection: GovchainConnection;
  readonly requests: { chaincode: string; block?: bigint; transactionId?: string }[];
}

function fakeConnection(ledger: readonly ChaincodeEvent[], chaincodes = ['e-license']): FakeConnection {
  const requests: FakeConnection['requests'] = [];
  const network = {
    getChaincodeEvents: (chaincode: string, options: ChaincodeEventsOptions = {}) => {
      requests.push({
        chaincode,
        block: options.checkpoint?.getBlockNumber() ?? options.startBlock,
        transactionId: options.checkpoint?.getTransactionId(),
      });
      return Promise.resolve(
        stream(
          ledger.filter((e) => e.chaincodeName === chaincode),
          options,
        ),
      );
    },
  };
  const connection = {
    network,
    chaincodes,
    endpoint: '127.0.0.1:7110',
    chaincodeName: (c: string) => c,
  } as unknown as GovchainConnection;
  return { connection, requests };
}

/** Resolves once `predicate` holds (polling), or fails after a second. */
async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(predicate()).to.equal(true);
}

const LEDGER = [
  event('e-license', 1n, 'a'),
  event('e-license', 1n, 'b'),
  event('e-license', 2n, 'c'),
  event('e-license', 3n, 'd'),
];

describe('followEvents', () => {
  let dir: TempDir;
  let checkpointFile: string;
  beforeEach(() => {
    dir = tempDir();
    checkpointFile = join(dir.path, 'events.json');
  });
  afterEach(() => {
    dir.cleanup();
  });

  it('resumes after a restart right after the last handled event: none lost, none twice', async () => {
    const handled: string[] = [];
    const failure = new Error('registry offline');

    // First run: handles a and b, then the handler fails on c (as if the process died while handling it).
    const first = fakeConnection(LEDGER);
    const run1 = await followEvents({
      connection: first.connection,
      chaincodes: ['e-license'],
      checkpointFile,
      startBlock: 0n,
      onEvent: (e) => {
        if (e.transactionId === 'c') {
          throw failure;
        }
        // The event being handled is not checkpointed yet.
        expect(readFileSync(checkpointFile, 'utf8')).to.not.contain(`"${e.transactionId}"`);
        handled.push(e.transactionId);
      },
    });
    await expect(run1.done).to.be.rejectedWith(failure);
    expect(handled).to.deep.equal(['a', 'b']);
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).to.deep.equal({ blockNumber: '1', transactionId: 'b' });

    // Second run: resumes from the checkpoint (block 1 after b), so c and d are handled once each.
    const second = fakeConnection(LEDGER);
    const run2 = await followEvents({
      connection: second.connection,
      chaincodes: ['e-license'],
      checkpointFile,
      startBlock: 0n,
      onEvent: (e) => {
        handled.push(e.transactionId);
      },
    });
    await until(() => handled.length === 4);
    run2.close();
    await run2.done;
    expect(handled).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(second.requests).to.deep.equal([{ chaincode: 'e-license', block: 1n, transactionId: 'b' }]);
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).to.deep.equal({ blockNumber: '3', transactionId: 'd' });
  });

  it('hands the handler decoded events', async () => {
    const received: GovchainEvent[] = [];
    const { connection } = fakeConnection(LEDGER.slice(0, 1));
    const subscription = await followEvents({
      connection,
      chaincodes: ['e-license'],
      checkpointFile,
      startBlock: 0n,
      onEvent: (e) => {
        received.push(e);
      },
    });
    await until(() => received.length === 1);
    subscription.close();
    await subscription.done;
    expect(received[0]).to.include({ chaincode: 'e-license', eventName: 'LicenceIssued', transactionId: 'a' });
    expect(received[0]?.blockNumber).to.equal(1n);
    expect(received[0]?.payload).to.deep.equal({ id: 'a' });
  });

  it("follows all the profile's chaincodes with one checkpoint file each, never handling two events at once", async () => {
    const ledger = [
      event('e-license', 1n, 'l1'),
      event('real-estate', 1n, 'r1'),
      event('e-license', 2n, 'l2'),
      event('real-estate', 3n, 'r2'),
    ];
    const { connection, requests } = fakeConnection(ledger, ['e-license', 'real-estate']);
    let active = 0;
    let maxActive = 0;
    const handled: string[] = [];
    const subscription = await followEvents({
      connection,
      chaincodes: 'all',
      checkpointFile,
      startBlock: 0n,
      onEvent: async (e) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 2));
        handled.push(e.transactionId);
        active--;
      },
    });
    await until(() => handled.length === 4);
    subscription.close();
    await subscription.done;
    expect(maxActive).to.equal(1);
    expect([...handled].sort()).to.deep.equal(['l1', 'l2', 'r1', 'r2']);
    expect(requests.map((r) => r.chaincode)).to.deep.equal(['e-license', 'real-estate']);
    expect(subscription.checkpointFiles).to.deep.equal({
      'e-license': join(dir.path, 'events.e-license.json'),
      'real-estate': join(dir.path, 'events.real-estate.json'),
    });
    expect(JSON.parse(readFileSync(join(dir.path, 'events.real-estate.json'), 'utf8'))).to.deep.equal({
      blockNumber: '3',
      transactionId: 'r2',
    });
    expect(existsSync(checkpointFile)).to.equal(false);
  });

  it('stops cleanly when the signal is aborted', async () => {
    const controller = new AbortController();
    const handled: string[] = [];
    const { connection } = fakeConnection(LEDGER);
    const subscription = await followEvents({
      connection,
      chaincodes: ['e-license'],
      checkpointFile,
      startBlock: 0n,
      signal: controller.signal,
      onEvent: (e) => {
        handled.push(e.transactionId);
      },
    });
    await until(() => handled.length === 4);
    controller.abort();
    await subscription.done;
    expect(handled).to.deep.equal(['a', 'b', 'c', 'd']);
  });

  it('refuses an empty chaincode list', async () => {
    const { connection } = fakeConnection(LEDGER, []);
    await expect(
      followEvents({ connection, chaincodes: 'all', checkpointFile, onEvent: () => undefined }),
    ).to.be.rejectedWith(TypeError, /no chaincodes/);
  });
});

describe('checkpointFileFor', () => {
  it('uses the file itself for one chaincode and inserts the chaincode name for several', () => {
    expect(checkpointFileFor('/var/lib/x/events.json', 'e-license', false)).to.equal('/var/lib/x/events.json');
    expect(checkpointFileFor('/var/lib/x/events.json', 'e-license', true)).to.equal('/var/lib/x/events.e-license.json');
    expect(checkpointFileFor('/var/lib/x/checkpoint', 'bid-record', true)).to.equal('/var/lib/x/checkpoint.bid-record');
  });
});
