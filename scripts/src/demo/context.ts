/**
 * What every chapter of the scenario shares: department connections and documents.
 */
import {
  connectDepartment,
  fingerprintBuffer,
  loadProfile,
  waitForBlock,
  type GovchainConnection,
} from '@govchain/gateway-client';

/** Connections by department key, opened on first use and closed at the end. */
export class Departments {
  readonly #open = new Map<string, Promise<{ connection: GovchainConnection; name: string }>>();

  async get(department: string): Promise<{ connection: GovchainConnection; name: string }> {
    let entry = this.#open.get(department);
    if (!entry) {
      entry = (async () => {
        const profile = await loadProfile(department);
        const connection = await connectDepartment({ department });
        await connection.waitForReady(10_000);
        return { connection, name: profile.name };
      })();
      this.#open.set(department, entry);
    }
    return entry;
  }

  /** Waits until the peer of every department opened so far has committed `blockNumber`. */
  async sync(blockNumber: bigint): Promise<void> {
    const connections = await Promise.all([...this.#open.values()]);
    await waitForBlock(
      connections.map((c) => c.connection),
      blockNumber,
    );
  }

  async closeAll(): Promise<void> {
    for (const entry of this.#open.values()) {
      try {
        (await entry).connection.close();
      } catch {
        // A connection that failed to open has nothing to close.
      }
    }
  }
}

/** A document as its issuer keeps it: only its fingerprint goes to the ledger. */
export function document(text: string): { bytes: Buffer; fingerprint: string } {
  const bytes = Buffer.from(text, 'utf8');
  return { bytes, fingerprint: fingerprintBuffer(bytes) };
}

/** A suffix that keeps this run's record ids apart from earlier runs on the same ledger. */
export const RUN = Date.now().toString(36).toUpperCase();
