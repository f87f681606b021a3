/**
 * Following chaincode events with a file checkpoint, so that a department system restarted mid-stream
 * resumes right after the last event it handled.
 *
 * Semantics: for each event the handler is called and awaited, and only then is the event checkpointed.
 * After a restart, the stream resumes after the last checkpointed event: no handled event is delivered
 * again and no event is skipped. The one window that cannot be closed from here is a crash after the
 * handler finished but before the checkpoint was written; that single event is delivered again, so handlers
 * should be idempotent by `transactionId` (a Fabric transaction emits at most one event per chaincode). A
 * handler that throws stops the stream and the event is not checkpointed: it is delivered again on restart.
 *
 * Several chaincodes are followed with one stream and one checkpoint file each (see
 * {@link checkpointFileFor}); the handler is never called concurrently.
 *
 * Checkpoint files are replaced atomically (see `checkpoint.ts`), so a crash never leaves one empty or torn;
 * a file that is anyway (e.g. edited, or from another tool) stops the start with a {@link CheckpointError}
 * naming it, rather than skipping events. A listener's first start writes its start position at once, so a
 * restart before the first event resumes there, not at whatever block is newest by then.
 */
import type { ChaincodeEvent, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { extname } from 'node:path';
import { openFileCheckpointer } from './checkpoint';
import type { GovchainConnection } from './connection';
import { decodeResult } from './encoding';
import { fromFabricError } from './fabric-errors';
import { ledgerHeight } from './ledger';

/** A chaincode event as handed to the handler. */
export interface GovchainEvent {
  /** Logical chaincode name (as in the profile), e.g. `e-license`. */
  readonly chaincode: string;
  /** Event name set by the chaincode, e.g. `LicenceIssued`. */
  readonly eventName: string;
  /** Transaction that emitted it. */
  readonly transactionId: string;
  /** Block that holds the transaction. */
  readonly blockNumber: bigint;
  /** Payload decoded like a transaction result (JSON parsed to `unknown`; check its shape). */
  readonly payload: unknown;
  /** The fabric-gateway event, with the raw payload bytes. */
  readonly raw: ChaincodeEvent;
}

/** Options of {@link followEvents}. */
export interface FollowEventsOptions {
  /** The connection to listen through. */
  readonly connection: GovchainConnection;
  /** Logical chaincode names to follow, or `'all'` for every chaincode in the connection's profile. */
  readonly chaincodes: readonly string[] | 'all';
  /** Checkpoint file (one chaincode) or base name of one file per chaincode (several). */
  readonly checkpointFile: string;
  /** Handles one event; awaited before the event is checkpointed. */
  readonly onEvent: (event: GovchainEvent) => Promise<void> | void;
  /**
   * Block to start from when there is no checkpoint file yet (default: the next block the connection's peer
   * commits). It is written to the file before the stream opens.
   */
  readonly startBlock?: bigint | undefined;
  /** Stops following when aborted. */
  readonly signal?: AbortSignal | undefined;
}

/** A running subscription. */
export interface EventSubscription {
  /** Files the checkpoints are kept in, by logical chaincode name. */
  readonly checkpointFiles: Readonly<Record<string, string>>;
  /** Settles when every stream has ended: resolves after `close()` or an abort, rejects on a failure. */
  readonly done: Promise<void>;
  /** Stops following (an event being handled is finished and checkpointed first). */
  close(): void;
}

/**
 * Names the checkpoint file of one chaincode. Following one chaincode uses `checkpointFile` itself;
 * following several inserts the chaincode name before the extension (`events.json` →
 * `events.e-license.json`).
 *
 * @param checkpointFile - the file given to {@link followEvents}.
 * @param chaincode - the logical chaincode name.
 * @param several - whether more than one chaincode is followed.
 * @returns the checkpoint file path for that chaincode.
 */
export function checkpointFileFor(checkpointFile: string, chaincode: string, several: boolean): string {
  if (!several) {
    return checkpointFile;
  }
  const ext = extname(checkpointFile);
  return `${checkpointFile.slice(0, checkpointFile.length - ext.length)}.${chaincode}${ext}`;
}

function chaincodeList(options: Readonly<FollowEventsOptions>): string[] {
  const names = options.chaincodes === 'all' ? [...options.connection.chaincodes] : [...new Set(options.chaincodes)];
  if (names.length === 0) {
    throw new TypeError('followEvents: no chaincodes to follow (the profile lists none, or the list is empty)');
  }
  return names;
}

/** Runs tasks one at a time, in the order they were queued. */
function serializer(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Follows the chaincode events of one or more chaincodes, resuming from file checkpoints.
 *
 * @param options - connection, chaincodes, checkpoint file, handler, start block and abort signal.
 * @returns the running subscription; await `done` to learn when it ends.
 * @throws TypeError if there is no chaincode to follow.
 * @throws {@link CheckpointError} naming the file if a checkpoint file exists but is empty, torn or
 * malformed, or cannot be read or written.
 * @throws a {@link GovchainError} if a stream cannot be opened.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const subscription = await followEvents({
 *   connection,
 *   chaincodes: ['e-license'],
 *   checkpointFile: '/var/lib/registry/e-license.checkpoint.json',
 *   startBlock: 0n,
 *   signal: controller.signal,
 *   onEvent: async (event) => { await registry.apply(event); },
 * });
 * process.once('SIGTERM', () => controller.abort());
 * await subscription.done;
 * ```
 */
export async function followEvents(options: Readonly<FollowEventsOptions>): Promise<EventSubscription> {
  const names = chaincodeList(options);
  const files: Record<string, string> = {};
  const streams: CloseableAsyncIterable<ChaincodeEvent>[] = [];
  const state = { closing: false };
  const closeAll = (): void => {
    state.closing = true;
    for (const stream of streams) {
      stream.close();
    }
  };
  const serial = serializer();
  const loops: Promise<void>[] = [];
  try {
    for (const chaincode of names) {
      const file = checkpointFileFor(options.checkpointFile, chaincode, names.length > 1);
      files[chaincode] = file;
      const checkpointer = await openFileCheckpointer(file, {
        initialBlock: () => options.startBlock ?? ledgerHeight(options.connection),
      });
      const stream = await options.connection.network.getChaincodeEvents(options.connection.chaincodeName(chaincode), {
        checkpoint: checkpointer,
        ...(options.startBlock === undefined ? {} : { startBlock: options.startBlock }),
      });
      streams.push(stream);
      loops.push(
        (async () => {
          for await (const raw of stream) {
            if (state.closing) {
              break;
            }
            await serial(async () => {
              await options.onEvent({
                chaincode,
                eventName: raw.eventName,
                transactionId: raw.transactionId,
                blockNumber: raw.blockNumber,
                payload: decodeResult(raw.payload),
                raw,
              });
              await checkpointer.checkpointChaincodeEvent(raw);
            });
          }
        })().catch((err: unknown) => {
          if (!state.closing) {
            closeAll();
            throw fromFabricError(err, { endpoint: options.connection.endpoint }) ?? err;
          }
        }),
      );
    }
  } catch (err) {
    closeAll();
    throw fromFabricError(err, { endpoint: options.connection.endpoint }) ?? err;
  }
  const onAbort = (): void => {
    closeAll();
  };
  if (options.signal?.aborted) {
    closeAll();
  }
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const done = Promise.all(loops).then(() => undefined);
  void done
    .finally(() => {
      options.signal?.removeEventListener('abort', onAbort);
    })
    .catch(() => undefined);
  return { checkpointFiles: Object.freeze({ ...files }), done, close: closeAll };
}
