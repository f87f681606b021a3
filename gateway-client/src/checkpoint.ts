/**
 * A file checkpointer that survives a crash. fabric-gateway's own (`checkpointers.file`) rewrites the file in
 * place — a crash mid-write leaves it empty or torn — and reads an empty file as "no checkpoint", so a
 * listener restarted after such a crash silently starts from the newest block and skips every event
 * committed while it was down; a torn file makes it throw on every start.
 *
 * This one writes a whole new file beside the old one (same directory, so on the same file system), flushes
 * it to disk, renames it over the old one (atomic) and flushes the directory, so the file always holds either
 * the previous checkpoint or the new one. It refuses to start on a file that exists but holds no valid
 * checkpoint, naming the file. The format is fabric-gateway's: `{"blockNumber":"12","transactionId":"…"}`.
 */
import type { ChaincodeEvent, Checkpointer } from '@hyperledger/fabric-gateway';
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { GovchainError } from './errors';

/** Codes of {@link CheckpointError}s. */
export type CheckpointErrorCode = 'CHECKPOINT_INVALID' | 'CHECKPOINT_UNREADABLE' | 'CHECKPOINT_UNWRITABLE';

/** A checkpoint file cannot be used; `file` names it. Nothing was read from the stream. */
export class CheckpointError extends GovchainError {
  override readonly kind = 'checkpoint';
  declare readonly code: CheckpointErrorCode;
  /** The checkpoint file. */
  readonly file: string;

  /**
   * @param options - code, message, file and cause.
   */
  constructor(options: Readonly<{ code: CheckpointErrorCode; message: string; file: string; cause?: unknown }>) {
    super(options);
    this.name = 'CheckpointError';
    this.file = options.file;
  }
}

/** A checkpointer kept in one file. */
export interface FileCheckpointer extends Checkpointer {
  /** The file. */
  readonly file: string;
}

/** Options of {@link openFileCheckpointer}. */
export interface FileCheckpointerOptions {
  /**
   * Where to start when the file does not exist yet: written to the file at once, so that a listener that
   * stops before its first event resumes from here, not from whatever block is newest when it restarts.
   * Called only when the file is missing.
   */
  readonly initialBlock?: () => Promise<bigint | undefined> | bigint | undefined;
}

interface CheckpointState {
  readonly blockNumber: bigint;
  readonly transactionId: string | undefined;
}

function invalid(file: string, what: string, cause?: unknown): CheckpointError {
  return new CheckpointError({
    code: 'CHECKPOINT_INVALID',
    file,
    message:
      `checkpoint file ${file} ${what}: refusing to start, which could skip or repeat events. Restore it from ` +
      'a backup, or delete it to start again from the start block',
    cause,
  });
}

/**
 * Parses a checkpoint file's text.
 *
 * @param text - the file's content.
 * @param file - its path, for messages.
 * @returns the block number and the last transaction handled in it (if any).
 * @throws {@link CheckpointError} `CHECKPOINT_INVALID` for an empty, torn or otherwise malformed file.
 */
export function parseCheckpoint(text: string, file: string): CheckpointState {
  if (text.trim() === '') {
    throw invalid(file, 'is empty (a write was cut short?)');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid(file, `is not valid JSON (${(err as Error).message})`, err);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(file, 'does not hold a JSON object');
  }
  const { blockNumber, transactionId } = value as Record<string, unknown>;
  const block =
    typeof blockNumber === 'string' && /^\d{1,20}$/.test(blockNumber)
      ? BigInt(blockNumber)
      : typeof blockNumber === 'number' && Number.isSafeInteger(blockNumber) && blockNumber >= 0
        ? BigInt(blockNumber)
        : undefined;
  if (block === undefined) {
    throw invalid(file, 'holds no block number');
  }
  if (transactionId !== undefined && (typeof transactionId !== 'string' || transactionId === '')) {
    throw invalid(file, 'holds a transaction id that is not a non-empty string');
  }
  return { blockNumber: block, transactionId };
}

/**
 * Replaces a file's content atomically: a new file in the same directory, flushed, renamed over the old one,
 * then the directory flushed, so a crash leaves either the old content or the new, never a mixture.
 *
 * @param file - the file to replace.
 * @param content - its new content.
 * @returns when the new content is durable.
 * @throws the file-system error (the temporary file is removed).
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = dirname(file);
  const temporary = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  const directory = await open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

class AtomicFileCheckpointer implements FileCheckpointer {
  readonly file: string;
  #state: CheckpointState | undefined;

  constructor(file: string, state: CheckpointState | undefined) {
    this.file = file;
    this.#state = state;
  }

  getBlockNumber(): bigint | undefined {
    return this.#state?.blockNumber;
  }

  getTransactionId(): string | undefined {
    return this.#state?.transactionId;
  }

  async checkpointBlock(blockNumber: bigint): Promise<void> {
    await this.save({ blockNumber: blockNumber + 1n, transactionId: undefined });
  }

  async checkpointTransaction(blockNumber: bigint, transactionId: string): Promise<void> {
    await this.save({ blockNumber, transactionId });
  }

  async checkpointChaincodeEvent(event: ChaincodeEvent): Promise<void> {
    await this.checkpointTransaction(event.blockNumber, event.transactionId);
  }

  async save(state: CheckpointState): Promise<void> {
    const json = JSON.stringify({
      blockNumber: state.blockNumber.toString(),
      ...(state.transactionId === undefined ? {} : { transactionId: state.transactionId }),
    });
    try {
      await writeFileAtomic(this.file, json);
    } catch (err) {
      throw new CheckpointError({
        code: 'CHECKPOINT_UNWRITABLE',
        file: this.file,
        message: `cannot write checkpoint file ${this.file}: ${(err as Error).message}`,
        cause: err,
      });
    }
    this.#state = state;
  }
}

/**
 * Opens a crash-safe file checkpointer, for fabric-gateway's `checkpoint` option.
 *
 * @param file - the checkpoint file (its directory must exist).
 * @param options - the block to record when the file does not exist yet.
 * @returns the checkpointer, holding the file's checkpoint (or the initial block, or none).
 * @throws {@link CheckpointError} `CHECKPOINT_INVALID` naming the file if it exists but is empty, torn or
 * malformed; `CHECKPOINT_UNREADABLE` if it cannot be read; `CHECKPOINT_UNWRITABLE` if the initial block
 * cannot be written.
 */
export async function openFileCheckpointer(
  file: string,
  options: Readonly<FileCheckpointerOptions> = {},
): Promise<FileCheckpointer> {
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CheckpointError({
        code: 'CHECKPOINT_UNREADABLE',
        file,
        message: `cannot read checkpoint file ${file}: ${(err as Error).message}`,
        cause: err,
      });
    }
  }
  if (text !== undefined) {
    return new AtomicFileCheckpointer(file, parseCheckpoint(text, file));
  }
  const checkpointer = new AtomicFileCheckpointer(file, undefined);
  const initial = await options.initialBlock?.();
  if (initial !== undefined) {
    await checkpointer.save({ blockNumber: initial, transactionId: undefined });
  }
  return checkpointer;
}
