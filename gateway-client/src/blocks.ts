/**
 * The ledger's own account of what was applied: every transaction of a range of blocks, read back through
 * the gateway (qscc `GetBlockByNumber` on one department's peer), with its submitter's organization and its
 * validation code from the block's metadata. Only a transaction marked VALID changed the world state. The
 * fault suite checks with it that nothing was lost or applied twice; the REST service's ledger view shows it.
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type { GovchainConnection } from './connection';
import { validationCodeName } from './fabric-errors';

/** One endorser transaction as its block records it. */
export interface LedgerTransaction {
  readonly transactionId: string;
  readonly block: bigint;
  readonly valid: boolean;
  /** Fabric's validation code name (`VALID`, `MVCC_READ_CONFLICT`, `ENDORSEMENT_POLICY_FAILURE`, …). */
  readonly validationCode: string;
  /** MSP id of the identity that submitted it. */
  readonly creatorMsp: string;
  readonly chaincode: string;
  readonly fn: string;
  /** The transaction's first argument after the function name (a key, or a JSON input). */
  readonly firstArgument: string;
}

/** The validation code Fabric stores per transaction: 0 is VALID. */
const VALID = 0;

/** One envelope of a block, when it is an endorser transaction; its validation code from the block's filter. */
function endorserTransaction(bytes: Uint8Array, block: bigint, code: number): LedgerTransaction | undefined {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
  const header = common.ChannelHeader.deserializeBinary(
    payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
  );
  if (header.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return undefined;
  const signature = common.SignatureHeader.deserializeBinary(
    payload.getHeader()?.getSignatureHeader_asU8() ?? new Uint8Array(),
  );
  const action = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0];
  if (action === undefined) return undefined;
  const proposal = peer.ChaincodeProposalPayload.deserializeBinary(
    peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getChaincodeProposalPayload_asU8(),
  );
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(proposal.getInput_asU8()).getChaincodeSpec();
  const args = spec?.getInput()?.getArgsList_asU8() ?? [];
  const text = (i: number): string => Buffer.from(args[i] ?? new Uint8Array()).toString('utf8');
  return {
    transactionId: header.getTxId(),
    block,
    valid: code === VALID,
    validationCode: code < 0 ? 'NOT_RECORDED' : validationCodeName(code),
    creatorMsp: msp.SerializedIdentity.deserializeBinary(signature.getCreator_asU8()).getMspid(),
    chaincode: spec?.getChaincodeId()?.getName() ?? '',
    fn: text(0).split(':').pop() ?? '',
    firstArgument: text(1),
  };
}

/** The endorser transactions of one block (configuration transactions are left out). */
export function transactionsOf(block: common.Block): LedgerTransaction[] {
  const number = BigInt(block.getHeader()?.getNumber() ?? 0);
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  const found: LedgerTransaction[] = [];
  block
    .getData()
    ?.getDataList_asU8()
    .forEach((bytes, index) => {
      const tx = endorserTransaction(bytes, number, filter?.[index] ?? -1);
      if (tx !== undefined) found.push(tx);
    });
  return found;
}

/**
 * Every endorser transaction in blocks `from` (inclusive) to `to` (exclusive) on the connection's peer.
 *
 * @param connection - whose peer to read
 * @param from - first block
 * @param to - the height to stop at
 */
export async function scanTransactions(
  connection: GovchainConnection,
  from: bigint,
  to: bigint,
): Promise<LedgerTransaction[]> {
  const qscc = connection.network.getContract('qscc');
  const found: LedgerTransaction[] = [];
  const batch = 16n;
  for (let start = from; start < to; start += batch) {
    const numbers: bigint[] = [];
    for (let n = start; n < to && n < start + batch; n++) numbers.push(n);
    const blocks = await Promise.all(
      numbers.map((n) =>
        qscc.evaluate('GetBlockByNumber', {
          arguments: [connection.channel, n.toString()],
          endorsingOrganizations: [connection.mspId],
        }),
      ),
    );
    for (const bytes of blocks) found.push(...transactionsOf(common.Block.deserializeBinary(bytes)));
  }
  return found;
}
