/**
 * Read your own writes across departments. A submit returns once the submitting department's own peer has
 * committed the block; another department's peer may still be a block behind (gossip lag), and a dependent
 * transaction it endorses then reads stale state and is refused (`PRECONDITION_FAILED`).
 *
 * A {@link Session} remembers the highest block its connections have seen commit. Before a connection
 * endorses or evaluates, it waits — bounded — until the peer of every organization that may run the
 * proposal has committed that block: the organizations the call names (`endorsingOrganizations`); for an
 * evaluation that names none, its own (the gateway evaluates on its own organization's peer); for a submit
 * that names none, every organization of the channel whose peer answers (the gateway endorses first on its
 * own organization's peer, then picks the others itself; the channel's organizations are read once from its
 * configuration, cscc `GetChannelConfig`). A peer's height is asked through the gateway alone: qscc
 * `GetChainInfo` evaluated with
 * `endorsingOrganizations: [thatOrg]`, which the gateway sends to that organization's peer ranked first by
 * ledger height — the peer its endorsement plan also ranks first. Heights already seen are remembered and
 * concurrent asks for one organization are shared, so a busy connection asks each organization about once
 * per new block.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pollUntil } from '@govchain/protocol';
import type { Contract } from '@hyperledger/fabric-gateway';
import { ConsistencyError } from './errors';
import { fromEvaluateError, isMembershipGap, isTransientGatewayError } from './fabric-errors';

/**
 * The position of a chain of dependent transactions: the highest block a transaction of the session was
 * seen to commit in. Share one between connections (of the same process: pass it to `connect`; of another
 * process: pass its {@link Session.token}) so that each waits for the other's writes.
 */
export interface Session {
  /** Highest block seen committed, or undefined before the first. */
  readonly block: bigint | undefined;
  /**
   * Raises the session to a committed block (lower blocks change nothing).
   *
   * @param block - a block that holds a committed transaction, e.g. a submit's `blockNumber`.
   */
  observe(block: bigint): void;
  /**
   * The session as text for another process: the block number in decimal, or `''` before the first.
   *
   * @returns the token, for {@link newSession}.
   */
  token(): string;
}

/** How long and how often a connection waits for endorsing peers to reach its session's block. */
export interface ReadYourWritesOptions {
  /** Longest wait before a call, in milliseconds (default 10 000). */
  readonly timeoutMs: number;
  /** First pause between asks, in milliseconds; doubled up to 500 (default 25). */
  readonly pollMs: number;
}

/** Default read-your-writes wait. */
export const DEFAULT_READ_YOUR_WRITES: Readonly<ReadYourWritesOptions> = Object.freeze({
  timeoutMs: 10_000,
  pollMs: 25,
});

const MAX_POLL_MS = 500;

/** One call's wait: the block, when to give up, and whether it is over (an organization failed it). */
interface Wait {
  readonly block: bigint;
  readonly deadline: number;
  over: boolean;
}

class SessionImpl implements Session {
  #block: bigint | undefined;

  constructor(block: bigint | undefined) {
    this.#block = block;
  }

  get block(): bigint | undefined {
    return this.#block;
  }

  observe(block: bigint): void {
    if (block < 0n) {
      throw new RangeError(`a block number is not negative, got ${block.toString()}`);
    }
    if (this.#block === undefined || block > this.#block) {
      this.#block = block;
    }
  }

  token(): string {
    return this.#block === undefined ? '' : this.#block.toString();
  }
}

/**
 * Creates a session, empty or continuing from another's position.
 *
 * @param from - a {@link Session.token} (decimal block number, or `''`) or a block number.
 * @returns the session.
 * @throws TypeError if the token is not a block number.
 *
 * @example
 * ```ts
 * const session = newSession();
 * const tax = await connectDepartment({ department: 'tax', session });
 * const realEstate = await connectDepartment({ department: 'real-estate', session });
 * await realEstateClient(tax).recordTaxClearance(...);   // commits in block n
 * await realEstateClient(realEstate).registerTransfer(...); // endorsed only by peers that have block n
 * ```
 */
export function newSession(from: string | bigint = ''): Session {
  if (typeof from === 'bigint') {
    const session = new SessionImpl(undefined);
    session.observe(from);
    return session;
  }
  if (from === '') {
    return new SessionImpl(undefined);
  }
  if (!/^\d{1,20}$/.test(from)) {
    throw new TypeError(`a session token is a block number, got "${from}"`);
  }
  return new SessionImpl(BigInt(from));
}

/** Asks the height of an organization's peer (the number of blocks it has committed). */
export type PeerHeightProbe = (mspId: string) => Promise<bigint>;

/**
 * Which peers a call must find up to date: the organizations it names, or — when it names none — its own
 * (`'own'`, an evaluation) or any the gateway may choose to endorse (`'any-endorser'`, a submit).
 */
export type PeerSelection = readonly string[] | 'own' | 'any-endorser';

/** What a connection gives its read-your-writes guard. */
export interface ReadYourWritesGuardOptions extends Partial<ReadYourWritesOptions> {
  /** The session (shared or the connection's own). */
  readonly session: Session;
  /** The connection's own organization. */
  readonly mspId: string;
  /** Asks a peer's height. */
  readonly probe: PeerHeightProbe;
  /**
   * Lists the channel's organizations, for submits that name no endorsers (asked once; on failure only the
   * connection's own organization is waited for). Default: none known, so only the own organization.
   */
  readonly organizations?: () => Promise<readonly string[]>;
  /** Whether to wait at all (false: only remember commits). */
  readonly enabled?: boolean;
  /** Waits the given milliseconds (default a timer); injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Current time in milliseconds (default `Date.now`); injectable for tests. */
  readonly now?: () => number;
}

/** A connection's read-your-writes state: its session and what it knows of peers' heights. */
export interface ReadYourWritesGuard {
  /** The session. */
  readonly session: Session;
  /** The connection's own organization. */
  readonly mspId: string;
  /**
   * Waits until the peers of the organizations that may run a proposal have committed the session's block
   * (and `afterBlock`, if given).
   *
   * @param organizations - the organizations named for the call; `'own'` (default, also for an empty list):
   * the connection's own; `'any-endorser'`: its own, and every other organization of the channel whose peer
   * can be asked (one that cannot is not one the gateway can choose either).
   * @param afterBlock - a further block the peers must have, e.g. from another process.
   * @returns when they have it (at once if the session is empty).
   * @throws {@link ConsistencyError} naming the organization whose peer lags, when `timeoutMs` runs out.
   * @throws the probe's error as a {@link GovchainError} when a peer cannot be asked (at once, unless the
   * failure may pass — gRPC UNAVAILABLE or DEADLINE_EXCEEDED, or a peer the gateway's membership does not list
   * yet — which is asked again until the timeout).
   */
  awaitPeers(organizations?: PeerSelection, afterBlock?: bigint): Promise<void>;
  /**
   * Records a block in which a transaction of this connection was seen to commit (by the connection's own
   * peer, which therefore has it).
   *
   * @param block - the block.
   */
  committed(block: bigint): void;
}

class Guard implements ReadYourWritesGuard {
  readonly session: Session;
  readonly mspId: string;
  readonly #probe: PeerHeightProbe;
  readonly #listOrganizations: (() => Promise<readonly string[]>) | undefined;
  #organizations: Promise<readonly string[]> | undefined;
  readonly #enabled: boolean;
  readonly #options: ReadYourWritesOptions;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  /** The lowest height each organization's peer is known to have. */
  readonly #heights = new Map<string, bigint>();
  readonly #asking = new Map<string, Promise<bigint>>();

  constructor(options: Readonly<ReadYourWritesGuardOptions>) {
    this.session = options.session;
    this.mspId = options.mspId;
    this.#probe = options.probe;
    this.#listOrganizations = options.organizations;
    this.#enabled = options.enabled ?? true;
    this.#options = {
      timeoutMs: options.timeoutMs ?? DEFAULT_READ_YOUR_WRITES.timeoutMs,
      pollMs: options.pollMs ?? DEFAULT_READ_YOUR_WRITES.pollMs,
    };
    this.#sleep = options.sleep ?? sleep;
    this.#now = options.now ?? Date.now;
  }

  committed(block: bigint): void {
    this.session.observe(block);
    this.#raise(this.mspId, block + 1n);
  }

  async awaitPeers(organizations: PeerSelection = 'own', afterBlock?: bigint): Promise<void> {
    const sessionBlock = this.session.block;
    const block =
      afterBlock === undefined || (sessionBlock !== undefined && sessionBlock > afterBlock) ? sessionBlock : afterBlock;
    if (!this.#enabled || block === undefined) {
      return;
    }
    const wait: Wait = { block, deadline: this.#now() + this.#options.timeoutMs, over: false };
    const waits =
      organizations === 'any-endorser'
        ? [
            this.#awaitPeer(this.mspId, wait, false),
            ...(await this.#channelOrganizations())
              .filter((mspId) => mspId !== this.mspId)
              .map((mspId) => this.#awaitPeer(mspId, wait, true)),
          ]
        : (organizations === 'own' || organizations.length === 0 ? [this.mspId] : [...new Set(organizations)]).map(
            (mspId) => this.#awaitPeer(mspId, wait, false),
          );
    try {
      await Promise.all(waits);
    } finally {
      wait.over = true; // one failed: the others stop asking
    }
  }

  #channelOrganizations(): Promise<readonly string[]> {
    this.#organizations ??= (this.#listOrganizations?.() ?? Promise.resolve([])).catch(() => {
      this.#organizations = undefined; // ask again next time; meanwhile only the own organization
      return [];
    });
    return this.#organizations;
  }

  /** @param optional - the organization may not be asked (not one the gateway can choose): skip it then. */
  async #awaitPeer(mspId: string, wait: Wait, optional: boolean): Promise<void> {
    const { block, deadline } = wait;
    const reached = (): boolean => (this.#heights.get(mspId) ?? 0n) > block;
    let lastError: unknown;
    const done = await pollUntil(
      async () => {
        if (reached() || wait.over) return true;
        try {
          this.#raise(mspId, await this.#ask(mspId));
          lastError = undefined;
        } catch (err) {
          if (optional) return true;
          if (!isTransientGatewayError(err) && !isMembershipGap(err)) throw fromEvaluateError(err) ?? err;
          lastError = err;
        }
        return reached() ? true : undefined;
      },
      {
        timeoutMs: deadline - this.#now(),
        intervalMs: this.#options.pollMs,
        maxIntervalMs: MAX_POLL_MS,
        now: this.#now,
        sleep: this.#sleep,
      },
    );
    if (done === undefined) throw this.#timeout(mspId, block, lastError);
  }

  #ask(mspId: string): Promise<bigint> {
    let asking = this.#asking.get(mspId);
    if (asking === undefined) {
      asking = this.#probe(mspId).finally(() => {
        this.#asking.delete(mspId);
      });
      this.#asking.set(mspId, asking);
    }
    return asking;
  }

  #raise(mspId: string, height: bigint): void {
    if (height > (this.#heights.get(mspId) ?? 0n)) {
      this.#heights.set(mspId, height);
    }
  }

  #timeout(mspId: string, block: bigint, cause: unknown): Error {
    const height = this.#heights.get(mspId);
    if (height === undefined && cause !== undefined) {
      // Never answered: report why (an unreachable peer, no peer of that organization), not a lag.
      return fromEvaluateError(cause) ?? (cause as Error);
    }
    const seen = height === undefined ? 'has not answered' : `has ${height.toString()} blocks`;
    return new ConsistencyError({
      mspId,
      blockNumber: block,
      height,
      message:
        `the peer of ${mspId} has not committed block ${block.toString()} within ${this.#options.timeoutMs} ms ` +
        `(it ${seen}); nothing was endorsed — try again, or endorse with organizations that are up to date`,
      cause,
    });
  }
}

/**
 * Creates a connection's read-your-writes guard.
 *
 * @param options - session, own organization, height probe, timeout and poll interval.
 * @returns the guard.
 */
export function newReadYourWritesGuard(options: Readonly<ReadYourWritesGuardOptions>): ReadYourWritesGuard {
  return new Guard(options);
}

const guards = new WeakMap<Contract, ReadYourWritesGuard>();

/**
 * Attaches a connection's guard to one of its contracts, so that {@link submit} and {@link evaluate} on that
 * contract read their session's writes. Used by connections.
 *
 * @param contract - a contract of the connection.
 * @param guard - the connection's guard.
 * @returns the contract itself.
 */
export function registerReadYourWrites(contract: Contract, guard: ReadYourWritesGuard): Contract {
  guards.set(contract, guard);
  return contract;
}

/**
 * Finds the guard of a contract's connection.
 *
 * @param contract - a contract.
 * @returns the guard, or undefined for a contract that did not come from a connection.
 */
export function readYourWritesOf(contract: Contract): ReadYourWritesGuard | undefined {
  return guards.get(contract);
}
