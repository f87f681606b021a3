/**
 * Asynchronous writes (`Prefer: respond-async`): the service answers 202 as soon as the transaction has an id,
 * with `Location: /v1/operations/<transaction id>`, and the write goes on. The operation's page says whether it
 * is still running and, when it is done, gives the response a synchronous request would have had (the result,
 * or the problem). Operations are kept in memory for a day; each is visible only to the API key that started it.
 */
import type { StoredResponse } from './idempotency';

/** A write under way or done. */
export interface Operation {
  /** The first attempt's transaction id. */
  readonly id: string;
  readonly owner: string;
  readonly startedAt: number;
  /** Every attempt's transaction id (a read conflict is retried with a new transaction). */
  readonly transactionIds: string[];
  response?: StoredResponse;
}

const KEEP_MS = 24 * 60 * 60 * 1000;

/** The operations of one service. */
export class Operations {
  readonly #operations = new Map<string, Operation>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /**
   * Runs a write in the background.
   *
   * @param owner - the API key's name
   * @param run - the write; given a callback for each attempt's transaction id, resolves with the response
   * @returns the operation once its first transaction id is known — or, when the write ends before it has one
   * (refused before a proposal was made), its response alone
   */
  start(
    owner: string,
    run: (onTransactionId: (id: string) => void) => Promise<StoredResponse>,
  ): Promise<{ readonly operation: Operation } | { readonly response: StoredResponse }> {
    this.#prune();
    return new Promise((resolve) => {
      let operation: Operation | undefined;
      const onTransactionId = (id: string): void => {
        if (operation === undefined) {
          operation = { id, owner, startedAt: this.#now(), transactionIds: [id] };
          this.#operations.set(id, operation);
          resolve({ operation });
        } else if (!operation.transactionIds.includes(id)) {
          operation.transactionIds.push(id);
        }
      };
      void run(onTransactionId).then((response) => {
        if (operation === undefined) resolve({ response });
        else operation.response = response;
      });
    });
  }

  /** @returns the operation, when it exists and belongs to the owner */
  get(owner: string, id: string): Operation | undefined {
    const operation = this.#operations.get(id);
    return operation?.owner === owner ? operation : undefined;
  }

  #prune(): void {
    const cutoff = this.#now() - KEEP_MS;
    for (const [id, operation] of this.#operations) {
      if (operation.startedAt < cutoff && operation.response !== undefined) this.#operations.delete(id);
    }
  }
}
