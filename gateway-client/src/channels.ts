/**
 * One gRPC channel per peer endpoint (and TLS CA) in the process, shared by every connection and contract
 * that talks to that peer, and closed when the last user releases it.
 */
import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { deadlineStatusInterceptor } from './deadlines';
import { newProfileError } from './errors';

/** Where and how to dial a peer. */
export interface PeerTarget {
  /** `host:port` to dial. */
  readonly endpoint: string;
  /** TLS server name to expect, when it differs from the endpoint's host. */
  readonly hostAlias?: string | undefined;
  /** PEM TLS CA certificate(s) that sign the peer's TLS certificate. */
  readonly tlsCACert: Uint8Array;
}

/** The minimum of a gRPC client the cache needs. */
export interface ClosableClient {
  close(): void;
}

/** A use of a shared client; release it exactly once when done. */
export interface ClientLease<C extends ClosableClient> {
  /** The shared client. */
  readonly client: C;
  /** The cache key the client is shared under. */
  readonly key: string;
  /** Gives the client back; the last release closes it. Further calls do nothing. */
  release(): void;
}

/** A reference-counted cache of clients by peer. */
export interface ClientCache<C extends ClosableClient> {
  /**
   * Takes a lease on a peer's shared client.
   *
   * @param target - the peer.
   * @returns a lease on the peer's shared client, creating the client if needed.
   */
  acquire(target: Readonly<PeerTarget>): ClientLease<C>;
  /**
   * Counts the open clients.
   *
   * @returns how many clients are open.
   */
  size(): number;
  /**
   * Counts the unreleased leases on a client.
   *
   * @param key - a cache key.
   * @returns how many leases on that key are unreleased.
   */
  references(key: string): number;
}

/**
 * Computes the cache key of a peer: endpoint, TLS server name and a hash of the TLS CA.
 *
 * @param target - the peer.
 * @returns the key.
 */
export function peerKey(target: Readonly<PeerTarget>): string {
  const ca = createHash('sha256').update(target.tlsCACert).digest('hex');
  return `${target.endpoint}|${target.hostAlias ?? ''}|${ca}`;
}

class Lease<C extends ClosableClient> implements ClientLease<C> {
  readonly #onRelease: () => void;
  #released = false;
  readonly client: C;
  readonly key: string;

  constructor(client: C, key: string, onRelease: () => void) {
    this.client = client;
    this.key = key;
    this.#onRelease = onRelease;
  }

  release(): void {
    if (!this.#released) {
      this.#released = true;
      this.#onRelease();
    }
  }
}

class RefCountedCache<C extends ClosableClient> implements ClientCache<C> {
  readonly #create: (target: Readonly<PeerTarget>) => C;
  readonly #entries = new Map<string, { client: C; refs: number }>();

  constructor(create: (target: Readonly<PeerTarget>) => C) {
    this.#create = create;
  }

  acquire(target: Readonly<PeerTarget>): ClientLease<C> {
    const key = peerKey(target);
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = { client: this.#create(target), refs: 0 };
      this.#entries.set(key, entry);
    }
    entry.refs++;
    const owned = entry;
    return new Lease(owned.client, key, () => {
      owned.refs--;
      if (owned.refs === 0 && this.#entries.get(key) === owned) {
        this.#entries.delete(key);
        owned.client.close();
      }
    });
  }

  size(): number {
    return this.#entries.size;
  }

  references(key: string): number {
    return this.#entries.get(key)?.refs ?? 0;
  }
}

/**
 * Creates a reference-counted client cache.
 *
 * @param create - makes a client for a peer that has none yet.
 * @returns the cache.
 */
export function newClientCache<C extends ClosableClient>(create: (target: Readonly<PeerTarget>) => C): ClientCache<C> {
  return new RefCountedCache(create);
}

/**
 * Opens a TLS gRPC client to a peer.
 *
 * @param target - the peer.
 * @returns a gRPC client (not yet connected; it connects on first use), whose calls report a server's reset at
 * their deadline as DEADLINE_EXCEEDED ({@link deadlineStatusInterceptor}).
 * @throws {@link ProfileError} `INVALID_CREDENTIAL` if the TLS CA certificate is unusable.
 */
export function newGrpcClient(target: Readonly<PeerTarget>): grpc.Client {
  let credentials: grpc.ChannelCredentials;
  try {
    credentials = grpc.credentials.createSsl(Buffer.from(target.tlsCACert));
  } catch (err) {
    throw newProfileError(
      'INVALID_CREDENTIAL',
      `TLS CA certificate for ${target.endpoint} is unusable: ${(err as Error).message}`,
      err,
    );
  }
  const options: grpc.ClientOptions = { interceptors: [deadlineStatusInterceptor] };
  if (target.hostAlias !== undefined && target.hostAlias !== '') {
    options['grpc.ssl_target_name_override'] = target.hostAlias;
  }
  return new grpc.Client(target.endpoint, credentials, options);
}

/** The process-wide cache of gRPC clients, one per peer. */
export const grpcClients: ClientCache<grpc.Client> = newClientCache(newGrpcClient);

/**
 * Waits until a gRPC client is connected.
 *
 * @param client - the client.
 * @param timeoutMs - how long to wait.
 * @returns a promise that resolves when connected, or rejects with the gRPC error.
 */
export function waitForClientReady(client: grpc.Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    client.waitForReady(Date.now() + timeoutMs, (err) => {
      if (err) {
        reject(err);
      } else {
        resolve();
      }
    });
  });
}
