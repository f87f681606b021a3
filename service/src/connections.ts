/**
 * One gateway connection per identity the service acts as (a key's `user`, `admin` or clerk), made on first
 * use and kept: a connection is a gRPC channel and a signer, so requests of the same identity share it.
 */
import {
  type GovchainConnection,
  type IdentityChoice,
  bidRecordClient,
  connectDepartment,
  eLicenseClient,
  realEstateClient,
} from '@govchain/gateway-client';
import type { Clients } from './routes/route';

/** Connections and typed clients by identity. */
export class ConnectionPool {
  readonly #department: string;
  readonly #profilesDir: string | undefined;
  readonly #clients = new Map<string, Promise<Clients>>();

  /**
   * @param department - the department the service runs for
   * @param profilesDir - where its connection profiles are (default: the gateway client's)
   */
  constructor(department: string, profilesDir?: string) {
    this.#department = department;
    this.#profilesDir = profilesDir;
  }

  /**
   * @param identity - whom to act as
   * @returns that identity's clients (a failed connection is tried again on the next request)
   */
  clientsFor(identity: IdentityChoice): Promise<Clients> {
    const key = typeof identity === 'string' ? identity : `clerk:${identity.clerk}`;
    let clients = this.#clients.get(key);
    if (clients === undefined) {
      clients = this.#connect(identity);
      this.#clients.set(key, clients);
      clients.catch(() => this.#clients.delete(key));
    }
    return clients;
  }

  async #connect(identity: IdentityChoice): Promise<Clients> {
    const connection: GovchainConnection = await connectDepartment({
      department: this.#department,
      identity,
      ...(this.#profilesDir === undefined ? {} : { profilesDir: this.#profilesDir }),
    });
    return {
      connection,
      eLicense: eLicenseClient(connection),
      realEstate: realEstateClient(connection),
      bidRecord: bidRecordClient(connection),
    };
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    const all = [...this.#clients.values()];
    this.#clients.clear();
    for (const clients of await Promise.allSettled(all)) {
      if (clients.status === 'fulfilled') clients.value.connection.close();
    }
  }
}
