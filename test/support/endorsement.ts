import { decodeOrgsPolicy } from '@govchain/chaincode-common';
import { TestContext } from './test-context';
import type { WorldState } from './world-state';

/** What {@link validateEndorsed} found. */
export interface EndorsedOutcome {
  /** Whether the endorsements that agree with the first satisfy the key's stored policy. */
  readonly valid: boolean;
  /** How many endorsements produced the first one's write set. */
  readonly agreeing: number;
}

/** The writes of a proposal on one endorser (state and key-level policies), as text. */
function writeSetOf(peer: TestContext): string {
  return JSON.stringify([
    peer.stub.putState.getCalls().map((call) => [call.args[0], Buffer.from(call.args[1]).toString('utf8')]),
    peer.stub.setStateValidationParameter
      .getCalls()
      .map((call) => [call.args[0], Buffer.from(call.args[1]).toString('hex')]),
  ]);
}

/**
 * Simulates one proposal endorsed by several peers, each running the chaincode in a process of its own (a
 * context of its own over the same world state, so nothing cached is shared), and validates it as Fabric
 * does for a key with a key-level policy: the endorsements whose write set equals the first one's must
 * satisfy the policy stored on the key. Commits nothing.
 *
 * @param world - the world state
 * @param key - the key whose stored policy decides
 * @param proposer - the calling department (the same client proposal goes to every peer)
 * @param peers - the endorsing peers' MSPs, the first producing the write set that is submitted
 * @param endorse - runs the proposal on one peer (e.g. with that peer's governance file)
 * @returns whether it would be valid, and how many endorsements agreed
 */
export async function validateEndorsed(
  world: WorldState,
  key: string,
  proposer: string,
  peers: readonly string[],
  endorse: (peer: TestContext, peerMsp: string) => Promise<unknown>,
): Promise<EndorsedOutcome> {
  const writeSets: string[] = [];
  for (const peerMsp of peers) {
    const peer = new TestContext({ world, mspId: proposer });
    await peer.evaluate(() => endorse(peer, peerMsp), { txId: 'ab'.repeat(32), time: '2025-06-01T00:00:00.000Z' });
    writeSets.push(writeSetOf(peer));
  }
  const stored = world.validationParameters.get(key);
  if (stored === undefined) throw new Error(`${key} has no key-level policy`);
  const policy = decodeOrgsPolicy(stored);
  const agreeing = peers.filter((_msp, index) => writeSets[index] === writeSets[0]);
  const satisfied = policy.principals.filter((principal) => agreeing.includes(principal.mspId)).length;
  return { valid: satisfied >= policy.n, agreeing: agreeing.length };
}
