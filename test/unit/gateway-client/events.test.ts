import type { ChaincodeEvent, ChaincodeEventsOptions, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import {
  CheckpointError,
  type GovchainConnection,
  type GovchainEvent,
  checkpointFileFor,
  followEvents,
} from '@govchain/gateway-client';
import { common } from '@hyperledger/fabric-protos';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { join } from 'node:path';
import * as sinon from 'sinon';
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

function fakeConnection(ledger: readonly ChaincodeEvent[], chaincodes = ['e-license'], height = 1n): FakeConnection {
  const requests: FakeConnection['requests'] = [];
  const info = new common.BlockchainInfo();
  info.setHeight(Number(height));
  const network = {
    getName: () => 'govchannel',
    // qscc GetChainInfo on the connection's own peer: the next block it will commit is `height`.
    getContract: (name: string) => ({
      evaluate: (fn: string, options: { arguments: string[]; endorsingOrganizations: string[] }) => {
        expect([name, fn, options.arguments, options.endorsingOrganizations]).to.deep.equal([
          'qscc',
          'GetChainInfo',
          ['govchannel'],
          ['TaxMSP'],
        ]);
        return Promise.resolve(info.serializeBinary());
      },
    }),
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
    mspId: 'TaxMSP',
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

describe('followEvents: checkpoints that survive a crash', () => {
  let dir: TempDir;
  let checkpointFile: string;
  beforeEach(() => {
    dir = tempDir();
    checkpointFile = join(dir.path, 'events.json');
  });
  afterEach(() => {
    sinon.restore();
    dir.cleanup();
  });

  const follow = (
    connection: GovchainConnection,
    onEvent: (e: GovchainEvent) => void = () => undefined,
  ): ReturnType<typeof followEvents> =>
    followEvents({ connection, chaincodes: ['e-license'], checkpointFile, startBlock: 0n, onEvent });

  const refusals: [string, string, RegExp][] = [
    ['an empty file (a write cut short)', '', /is empty/],
    ['a torn file', '{"blockNumber":"1","transac', /is not valid JSON/],
    ['a file without a block number', '{}', /holds no block number/],
    ['a block number that is not one', '{"blockNumber":"-3"}', /holds no block number/],
  ];
  for (const [what, content, reason] of refusals) {
    it(`refuses to start on ${what}, naming the file, and opens no stream`, async () => {
      writeFileSync(checkpointFile, content);
      const { connection, requests } = fakeConnection(LEDGER);
      const err: unknown = await follow(connection).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(CheckpointError);
      expect(err).to.include({ code: 'CHECKPOINT_INVALID', file: checkpointFile });
      expect((err as Error).message)
        .to.contain(`checkpoint file ${checkpointFile} `)
        .and.match(reason);
      expect(requests).to.deep.equal([]);
      expect(readFileSync(checkpointFile, 'utf8')).to.equal(content);
    });
  }

  it('replaces the file by rename: a crash before the rename leaves the previous checkpoint whole', async () => {
    const handled: string[] = [];
    const first = await follow(fakeConnection(LEDGER.slice(0, 2)).connection, (e) => handled.push(e.transactionId));
    await until(() => handled.length === 2);
    first.close();
    await first.done;
    const before = readFileSync(checkpointFile, 'utf8');
    expect(JSON.parse(before)).to.deep.equal({ blockNumber: '1', transactionId: 'b' });

    // The process "dies" between writing the new checkpoint and renaming it over the old one.
    sinon.stub(fsPromises, 'rename').rejects(Object.assign(new Error('EIO: crash'), { code: 'EIO' }));
    const second = await follow(fakeConnection(LEDGER).connection, (e) => handled.push(e.transactionId));
    const err: unknown = await second.done.catch((e: unknown) => e);
    expect(err).to.be.instanceOf(CheckpointError).and.include({ code: 'CHECKPOINT_UNWRITABLE', file: checkpointFile });
    expect(handled).to.deep.equal(['a', 'b', 'c']);
    expect(readFileSync(checkpointFile, 'utf8')).to.equal(before);
    expect(readdirSync(dir.path)).to.deep.equal(['events.json']);

    // After the restart, c is delivered again (it was never checkpointed) and nothing is skipped.
    sinon.restore();
    const third = await follow(fakeConnection(LEDGER).connection, (e) => handled.push(e.transactionId));
    await until(() => handled.length === 5);
    third.close();
    await third.done;
    expect(handled).to.deep.equal(['a', 'b', 'c', 'c', 'd']);
    expect(readdirSync(dir.path)).to.deep.equal(['events.json']);
  });

  it('records where a fresh listener starts before any event, so a restart resumes there and skips nothing', async () => {
    // First start, no start block: it follows from the next block the peer commits (2) and says so at once.
    const early = fakeConnection(LEDGER.slice(0, 2), ['e-license'], 2n);
    const first = await followEvents({
      connection: early.connection,
      chaincodes: ['e-license'],
      checkpointFile,
      onEvent: () => undefined,
    });
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).to.deep.equal({ blockNumber: '2' });
    first.close();
    await first.done;

    // Down while blocks 2 and 3 commit; restarted when the peer is at height 9: c and d are still delivered.
    const handled: string[] = [];
    const later = fakeConnection(LEDGER, ['e-license'], 9n);
    const second = await followEvents({
      connection: later.connection,
      chaincodes: ['e-license'],
      checkpointFile,
      onEvent: (e) => {
        handled.push(e.transactionId);
      },
    });
    await until(() => handled.length === 2);
    second.close();
    await second.done;
    expect(handled).to.deep.equal(['c', 'd']);
    expect(early.requests).to.deep.equal([{ chaincode: 'e-license', block: 2n, transactionId: undefined }]);
  });
});

describe('checkpointFileFor', () => {
  it('uses the file itself for one chaincode and inserts the chaincode name for several', () => {
    expect(checkpointFileFor('/var/lib/x/events.json', 'e-license', false)).to.equal('/var/lib/x/events.json');
    expect(checkpointFileFor('/var/lib/x/events.json', 'e-license', true)).to.equal('/var/lib/x/events.e-license.json');
    expect(checkpointFileFor('/var/lib/x/checkpoint', 'bid-record', true)).to.equal('/var/lib/x/checkpoint.bid-record');
  });
});
