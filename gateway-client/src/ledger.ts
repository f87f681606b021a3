/**
 * Reading your writes on another department's peer: a submit returns once the submitting
 * department's own peer has committed the block; other peers may still be a block behind for a
 * moment. These helpers ask a peer how far its ledger is and wait for a block. Connections do this on
 * their own before each call (see `session.ts`); these are for callers that hold several connections.
 */
import { pollUntil } from '@govchain/protocol';
import type { Network } from '@hyperledger/fabric-gateway';
import { common, msp } from '@hyperledger/fabric-protos';
import type { GovchainConnection } from './connection';
import { GovchainError } from './errors';

/**
 * Height of the channel's ledger on an organization's peer, asked through the gateway alone: qscc
 * `GetChainInfo` evaluated with `endorsingOrganizations: [mspId]`, which the gateway sends to that
 * organization's peer it ranks first (its own, for its own organization).
 *
 * @param network - the channel, from a connection.
 * @param mspId - the organization whose peer to ask.
 * @returns the number of blocks that peer has committed.
 * @throws the fabric-gateway error if the peer cannot be asked.
 */
export async function peerHeight(network: Network, mspId: string): Promise<bigint> {
  const bytes = await network.getContract('qscc').evaluate('GetChainInfo', {
    arguments: [network.getName()],
    endorsingOrganizations: [mspId],
  });
  return BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
}

/**
 * The MSP ids of the channel's application organizations — every organization whose peers may endorse —
 * read from the channel configuration through the gateway alone (cscc `GetChannelConfig`, evaluated on the
 * gateway's own organization's peer).
 *
 * @param network - the channel, from a connection.
 * @param mspId - the connection's own organization.
 * @returns the MSP ids, sorted.
 * @throws the fabric-gateway error if the configuration cannot be read.
 */
export async function channelOrganizations(network: Network, mspId: string): Promise<string[]> {
  const bytes = await network.getContract('cscc').evaluate('GetChannelConfig', {
    arguments: [network.getName()],
    endorsingOrganizations: [mspId],
  });
  const application = common.Config.deserializeBinary(bytes).getChannelGroup()?.getGroupsMap().get('Application');
  const names: string[] = [];
  application?.getGroupsMap().forEach((group) => {
    const value = group.getValuesMap().get('MSP');
    if (value !== undefined) {
      const config = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
      names.push(msp.FabricMSPConfig.deserializeBinary(config.getConfig_asU8()).getName());
    }
  });
  return names.filter((name) => name !== '').sort();
}

/**
 * Height of the channel's ledger on the connection's own peer (qscc `GetChainInfo`).
 *
 * @param connection - the department's connection.
 * @returns the number of blocks its peer has committed.
 * @throws the evaluation error if the peer cannot be asked.
 */
export async function ledgerHeight(connection: GovchainConnection): Promise<bigint> {
  return peerHeight(connection.network, connection.mspId);
}

/**
 * Waits until the peer of every connection has committed `blockNumber`.
 *
 * @param connections - the departments whose peers must have the block.
 * @param blockNumber - the block, e.g. a submit's `blockNumber`.
 * @param timeoutMs - how long to wait in all (default 20 000).
 * @returns when every peer has it.
 * @throws {@link GovchainError} with code `BLOCK_WAIT_TIMEOUT` naming the peer that lags.
 *
 * @example
 * ```ts
 * const { blockNumber } = await submit(tax.getContract('real-estate'), 'RecordTaxClearance', { arguments });
 * await waitForBlock([realEstate], blockNumber);
 * ```
 */
export async function waitForBlock(
  connections: readonly GovchainConnection[],
  blockNumber: bigint,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const connection of connections) {
    const reached = await pollUntil(async () => ((await ledgerHeight(connection)) > blockNumber ? true : undefined), {
      timeoutMs: deadline - Date.now(),
      intervalMs: 25,
    });
    if (reached === undefined) {
      throw new GovchainError({
        code: 'BLOCK_WAIT_TIMEOUT',
        message: `the peer of ${connection.mspId} (${connection.endpoint}) did not reach block ${blockNumber.toString()} within ${timeoutMs} ms`,
      });
    }
  }
}
