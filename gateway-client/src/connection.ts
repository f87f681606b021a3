/**
 * Connecting as a department: a fabric-gateway Gateway over the shared gRPC channel to the department's
 * peer, with a deadline on each kind of call.
 */
import type * as grpc from '@grpc/grpc-js';
import {
  type Contract,
  type Gateway,
  type Network,
  connect as connectGateway,
  hash,
} from '@hyperledger/fabric-gateway';
import { type ClientLease, grpcClients, waitForClientReady } from './channels';
import { type CommitStatusLookupOptions, type TransactionOutcome, lookUpCommitStatus } from './commit-status';
import { newConnectionError } from './errors';
import { channelOrganizations, peerHeight } from './ledger';
import { type IdentityChoice, type Profile, loadProfile, readIdentity } from './profiles';
import {
  type PeerSelection,
  type ReadYourWritesGuard,
  type ReadYourWritesOptions,
  type Session,
  newReadYourWritesGuard,
  newSession,
  registerReadYourWrites,
} from './session';
import { type Signer, readCredentialFile, signerFromKeyFile, signerFromPem } from './signing';
import { registerContractContext } from './transactions';

/** Deadline of each kind of gateway call, in milliseconds. */
export interface Deadlines {
  /** Evaluating a query (default 5 000). */
  readonly evaluateMs: number;
  /** Collecting endorsements (default 15 000). */
  readonly endorseMs: number;
  /** Sending to the ordering service (default 5 000). */
  readonly submitMs: number;
  /** Waiting for the commit status (default 60 000). */
  readonly commitStatusMs: number;
}

/** Default deadlines. */
export const DEFAULT_DEADLINES: Readonly<Deadlines> = Object.freeze({
  evaluateMs: 5_000,
  endorseMs: 15_000,
  submitMs: 5_000,
  commitStatusMs: 60_000,
});

/** Default time {@link GovchainConnection.waitForReady} waits. */
export const DEFAULT_READY_TIMEOUT_MS = 5_000;

/** Options common to every way of connecting. */
export interface CommonConnectOptions {
  /** Signs with the caller's key; default: a signer from the profile identity's key file. */
  readonly signer?: Signer | undefined;
  /** Connect without a signer, to sign every step with {@link submitOffline} / {@link evaluateOffline}. */
  readonly offlineSigning?: boolean | undefined;
  /** Overrides of {@link DEFAULT_DEADLINES}. */
  readonly deadlines?: Readonly<Partial<Deadlines>> | undefined;
  /**
   * The read-your-writes session to join (default: a new one of this connection's own). Connections that
   * share one wait for each other's commits before they endorse or evaluate.
   */
  readonly session?: Session | undefined;
  /**
   * Overrides of {@link DEFAULT_READ_YOUR_WRITES}, or `false` not to wait before calls (commits are still
   * recorded in the session).
   */
  readonly readYourWrites?: Readonly<Partial<ReadYourWritesOptions>> | false | undefined;
}

/** Connect with a loaded profile. */
export interface ProfileConnectOptions extends CommonConnectOptions {
  /** The department's profile, from {@link loadProfile}. */
  readonly profile: Profile;
  /** Which identity to act as (default `user`): the profile's `admin` or `user`, or `{ clerk }` of the wallet. */
  readonly identity?: IdentityChoice | undefined;
}

/** Connect with explicit peer and identity (e.g. on a real host with its own configuration). */
export interface ExplicitConnectOptions extends CommonConnectOptions {
  /** `host:port` of the gateway peer. */
  readonly endpoint: string;
  /** TLS server name of the peer, when it differs from the endpoint host. */
  readonly hostAlias?: string | undefined;
  /** PEM TLS CA certificate of the peer's organization. */
  readonly tlsCACert: Uint8Array | string;
  /** MSP id of the identity. */
  readonly mspId: string;
  /** PEM X.509 certificate of the identity. */
  readonly certificate: Uint8Array | string;
  /** Channel (default `govchannel`). */
  readonly channel?: string | undefined;
  /** Department key, if known. */
  readonly department?: string | undefined;
  /** Deployed chaincode name by logical name (default: the logical name). */
  readonly chaincodes?: Readonly<Record<string, string>> | undefined;
}

/** Options of {@link connect}. */
export type ConnectOptions = ProfileConnectOptions | ExplicitConnectOptions;

/** Options of {@link connectDepartment}. */
export interface ConnectDepartmentOptions extends CommonConnectOptions {
  /** Department key, e.g. `public-security`. */
  readonly department: string;
  /** Which identity to act as (default `user`): the profile's `admin` or `user`, or `{ clerk }` of the wallet. */
  readonly identity?: IdentityChoice | undefined;
  /** Directory of profiles; default `$GOVCHAIN_PROFILES` or `<repo>/.govchain/profiles`. */
  readonly profilesDir?: string | undefined;
}

/** A department's connection to the channel through its own peer. */
export interface GovchainConnection {
  /** Department key, when connected from a profile. */
  readonly department: string | undefined;
  /** MSP id of the identity. */
  readonly mspId: string;
  /** Gateway peer endpoint. */
  readonly endpoint: string;
  /** Channel name. */
  readonly channel: string;
  /** Logical chaincode names known to the connection (from the profile). */
  readonly chaincodes: readonly string[];
  /** The fabric-gateway Gateway (for offline signing and anything not wrapped here). */
  readonly gateway: Gateway;
  /** The fabric-gateway Network of the channel. */
  readonly network: Network;
  /**
   * The read-your-writes session: every transaction this connection sees commit raises it, and before each
   * endorsement or evaluation the connection waits until the peers that will run it have that block.
   */
  readonly session: Session;
  /**
   * Maps a logical chaincode name to the deployed one.
   *
   * @param chaincode - logical chaincode name, e.g. `e-license`.
   * @returns the deployed chaincode name (from the profile; else the logical name).
   */
  chaincodeName(chaincode: string): string;
  /**
   * Gets the contract of a chaincode (one per name, reused).
   *
   * @param chaincode - logical chaincode name, e.g. `e-license`.
   * @returns the fabric-gateway Contract for it, for use with {@link submit} and {@link evaluate}.
   */
  getContract(chaincode: string): Contract;
  /**
   * Checks that the peer is reachable (connections otherwise connect lazily, on first call).
   *
   * @param timeoutMs - how long to wait (default 5 000).
   * @returns when connected.
   * @throws {@link ConnectionError} naming the endpoint if it cannot be reached in time.
   */
  waitForReady(timeoutMs?: number): Promise<void>;
  /**
   * Waits until the peers of these organizations have committed the session's block (what every call on
   * this connection does first, for the organizations it may run on).
   *
   * @param organizations - MSP ids; `'own'` (default): the connection's own; `'any-endorser'`: every
   * organization of the channel whose peer answers.
   * @returns when they have it.
   * @throws {@link ConsistencyError} naming the organization whose peer lags, after the read-your-writes
   * timeout.
   */
  waitForSession(organizations?: PeerSelection): Promise<void>;
  /**
   * Looks up a transaction by id — typically one an {@link OutcomeUnknownError} named — and says whether it
   * committed (the session then includes its block), was invalidated, or is not committed yet. Only reads.
   *
   * @param transactionId - the transaction id.
   * @param options - how long the peer may wait for it (default 5 000 ms), and a signer on a connection
   * made with `offlineSigning: true`.
   * @returns the outcome: `COMMITTED` with its block, `INVALID` with the validation code, or `UNKNOWN`.
   * @throws TypeError if the transaction id is malformed.
   * @throws {@link CommitStatusError} when the peer cannot be asked.
   *
   * @example
   * ```ts
   * try {
   *   await submit(contract, 'RecordViolation', { arguments });
   * } catch (err) {
   *   if (err instanceof OutcomeUnknownError) {
   *     const { outcome } = await connection.commitStatus(err.transactionId); // later, e.g. from a queue
   *   }
   * }
   * ```
   */
  commitStatus(transactionId: string, options?: Readonly<CommitStatusLookupOptions>): Promise<TransactionOutcome>;
  /** Closes the gateway and releases the shared gRPC channel (closed when its last user releases it). */
  close(): void;
}

interface ResolvedTarget {
  readonly endpoint: string;
  readonly hostAlias: string | undefined;
  readonly tlsCACert: Uint8Array;
  readonly mspId: string;
  readonly certificate: Uint8Array;
  readonly channel: string;
  readonly department: string | undefined;
  readonly chaincodes: Readonly<Record<string, string>>;
  readonly key: { readonly path: string } | { readonly pem: string } | undefined;
}

const utf8 = new TextEncoder();

function bytes(value: Uint8Array | string): Uint8Array {
  return typeof value === 'string' ? utf8.encode(value) : value;
}

async function resolveTarget(options: Readonly<ConnectOptions>): Promise<ResolvedTarget> {
  if ('profile' in options) {
    const { profile } = options;
    const identity = await readIdentity(profile, options.identity ?? 'user');
    const tlsCACert = await readCredentialFile(
      profile.peer.tlsCACertPath,
      `TLS CA certificate of ${profile.department}`,
    );
    return {
      endpoint: profile.peer.endpoint,
      hostAlias: profile.peer.hostAlias,
      tlsCACert,
      mspId: identity.mspId,
      certificate: identity.certificate,
      channel: profile.channel,
      department: profile.department,
      chaincodes: profile.chaincodes,
      key: identity.key,
    };
  }
  return {
    endpoint: options.endpoint,
    hostAlias: options.hostAlias,
    tlsCACert: bytes(options.tlsCACert),
    mspId: options.mspId,
    certificate: bytes(options.certificate),
    channel: options.channel ?? 'govchannel',
    department: options.department,
    chaincodes: options.chaincodes ?? {},
    key: undefined,
  };
}

async function resolveSigner(
  options: Readonly<CommonConnectOptions>,
  key: ResolvedTarget['key'],
): Promise<Signer | undefined> {
  if (options.offlineSigning === true) {
    return undefined;
  }
  if (options.signer !== undefined) {
    return options.signer;
  }
  if (key === undefined) {
    throw new TypeError('connect: pass a signer, or offlineSigning: true, when connecting without a profile');
  }
  return 'pem' in key ? signerFromPem(key.pem) : signerFromKeyFile(key.path);
}

function deadline(ms: number): () => grpc.CallOptions {
  return () => ({ deadline: Date.now() + ms });
}

class Connection implements GovchainConnection {
  readonly #target: ResolvedTarget;
  readonly #lease: ClientLease<grpc.Client>;
  readonly #gateway: Gateway;
  readonly #network: Network;
  readonly #guard: ReadYourWritesGuard;
  readonly #contracts = new Map<string, Contract>();
  #closed = false;

  constructor(
    target: ResolvedTarget,
    lease: ClientLease<grpc.Client>,
    gateway: Gateway,
    options: Readonly<CommonConnectOptions>,
  ) {
    this.#target = target;
    this.#lease = lease;
    this.#gateway = gateway;
    this.#network = gateway.getNetwork(target.channel);
    const network = this.#network;
    this.#guard = newReadYourWritesGuard({
      ...(options.readYourWrites === false ? { enabled: false } : options.readYourWrites),
      session: options.session ?? newSession(),
      mspId: target.mspId,
      probe: (mspId) => peerHeight(network, mspId),
      organizations: () => channelOrganizations(network, target.mspId),
    });
  }

  get session(): Session {
    return this.#guard.session;
  }

  get department(): string | undefined {
    return this.#target.department;
  }

  get mspId(): string {
    return this.#target.mspId;
  }

  get endpoint(): string {
    return this.#target.endpoint;
  }

  get channel(): string {
    return this.#target.channel;
  }

  get chaincodes(): readonly string[] {
    return Object.keys(this.#target.chaincodes).sort();
  }

  get gateway(): Gateway {
    return this.#gateway;
  }

  get network(): Network {
    return this.#network;
  }

  chaincodeName(chaincode: string): string {
    return this.#target.chaincodes[chaincode] ?? chaincode;
  }

  getContract(chaincode: string): Contract {
    const name = this.chaincodeName(chaincode);
    let contract = this.#contracts.get(name);
    if (contract === undefined) {
      contract = registerContractContext(this.#network.getContract(name), { endpoint: this.#target.endpoint });
      registerReadYourWrites(contract, this.#guard);
      this.#contracts.set(name, contract);
    }
    return contract;
  }

  async waitForReady(timeoutMs: number = DEFAULT_READY_TIMEOUT_MS): Promise<void> {
    try {
      await waitForClientReady(this.#lease.client, timeoutMs);
    } catch (err) {
      throw newConnectionError(
        this.#target.endpoint,
        `no connection within ${timeoutMs} ms (${(err as Error).message})`,
        err,
      );
    }
  }

  waitForSession(organizations?: PeerSelection): Promise<void> {
    return this.#guard.awaitPeers(organizations);
  }

  async commitStatus(
    transactionId: string,
    options: Readonly<CommitStatusLookupOptions> = {},
  ): Promise<TransactionOutcome> {
    const outcome = await lookUpCommitStatus(
      this.#gateway,
      { mspId: this.#target.mspId, credentials: this.#target.certificate },
      this.#target.channel,
      transactionId,
      options,
    );
    if (outcome.outcome !== 'UNKNOWN') {
      this.#guard.committed(outcome.blockNumber);
    }
    return outcome;
  }

  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    try {
      this.#gateway.close();
    } finally {
      this.#lease.release();
    }
  }
}

/**
 * Connects to the channel through a peer, from a loaded profile or from explicit settings. The peer is
 * dialled lazily; call {@link GovchainConnection.waitForReady} to check that it is reachable.
 *
 * @param options - a profile (and identity role), or explicit endpoint, TLS CA, MSP id and certificate;
 * plus an optional signer and deadlines.
 * @returns the connection; close it in a `finally`.
 * @throws {@link ProfileError} `CREDENTIAL_NOT_FOUND` if a certificate or key file is missing.
 * @throws {@link ProfileError} `INVALID_CREDENTIAL` if the key or TLS CA certificate is unusable.
 * @throws {@link ProfileError} `INVALID_PROFILE` if the profile lacks the requested identity.
 * @throws TypeError if neither a signer nor offline signing is set for an explicit connection.
 *
 * @example
 * ```ts
 * const connection = await connect({ profile: await loadProfile('tax'), identity: 'admin' });
 * try {
 *   await connection.waitForReady();
 * } finally {
 *   connection.close();
 * }
 * ```
 */
export async function connect(options: Readonly<ConnectOptions>): Promise<GovchainConnection> {
  const target = await resolveTarget(options);
  const signer = await resolveSigner(options, target.key);
  const deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
  const lease = grpcClients.acquire(target);
  try {
    const gateway = connectGateway({
      client: lease.client,
      identity: { mspId: target.mspId, credentials: target.certificate },
      ...(signer === undefined ? {} : { signer }),
      hash: hash.sha256,
      evaluateOptions: deadline(deadlines.evaluateMs),
      endorseOptions: deadline(deadlines.endorseMs),
      submitOptions: deadline(deadlines.submitMs),
      commitStatusOptions: deadline(deadlines.commitStatusMs),
    });
    return new Connection(target, lease, gateway, options);
  } catch (err) {
    lease.release();
    throw err;
  }
}

/**
 * Connects as a department identity, from the department's profile.
 *
 * @param options - department key, identity role (default `user`), profiles directory, optional signer and
 * deadlines.
 * @returns the connection; close it in a `finally`.
 * @throws {@link ProfileError} `PROFILES_NOT_FOUND` if there are no profiles (run `npm run network:up`).
 * @throws {@link ProfileError} `UNKNOWN_DEPARTMENT` listing the known departments.
 * @throws {@link ProfileError} `CREDENTIAL_NOT_FOUND` if a certificate or key file is missing.
 * @throws {@link ProfileError} `INVALID_PROFILE` or `INVALID_CREDENTIAL` for malformed files.
 *
 * @example
 * ```ts
 * const connection = await connectDepartment({ department: 'market-regulation' });
 * try {
 *   const licence = await evaluate(connection.getContract('e-license'), 'ReadLicence', { arguments: ['BL-1'] });
 * } finally {
 *   connection.close();
 * }
 * ```
 */
export async function connectDepartment(options: Readonly<ConnectDepartmentOptions>): Promise<GovchainConnection> {
  const profile = await loadProfile(options.department, { profilesDir: options.profilesDir });
  return connect({
    profile,
    identity: options.identity,
    signer: options.signer,
    offlineSigning: options.offlineSigning,
    deadlines: options.deadlines,
    session: options.session,
    readYourWrites: options.readYourWrites,
  });
}
