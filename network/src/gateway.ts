import { pollUntil } from '@govchain/protocol';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {
  type Proposal,
  type Transaction,
  GatewayError,
  StatusCode,
  type Gateway,
  connect,
  hash,
  signers,
} from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProtos, ledger, peer } from '@hyperledger/fabric-protos';
import { NetworkError } from './errors';
import { address, type OrgLayout } from './layout';

/**
 * One transaction a department's admin submits during deployment (a bootstrap call). Submitted from
 * this process through the department's own peer's gateway, so neither its arguments nor its
 * transient data ever appear on a command line (`/proc/<pid>/cmdline`) or in a process environment.
 */
export interface AdminTransaction {
  readonly channel: string;
  readonly chaincode: string;
  readonly fn: string;
  /** Arguments: recorded in the block, so never a secret. */
  readonly args: readonly string[];
  /** Transient data: reaches the endorsers only, never the block. */
  readonly transient: Readonly<Record<string, Uint8Array>>;
  /** The organizations whose peers endorse (the caller's first). */
  readonly endorsingOrganizations: readonly string[];
}

/**
 * Submits one {@link AdminTransaction} as the admin of `caller` and waits until it commits on the
 * caller's peer; resolves to the number of the block that holds it.
 */
export type Submitter = (caller: OrgLayout, tx: AdminTransaction) => Promise<bigint>;

/** How long a gateway that does not know another department's peer yet (gossip converging) is asked again. */
const UNDISCOVERED_TIMEOUT_MS = 60_000;

const UNAVAILABLE: number = grpc.status.UNAVAILABLE;

function isEndorserUndiscovered(err: unknown): boolean {
  return (
    err instanceof GatewayError &&
    err.code === UNAVAILABLE &&
    err.message.includes('failed to find any endorsing peers')
  );
}

/**
 * The gateway's connection to another department's peer was reset under the call (seen in CI: "rpc error:
 * code = Unavailable desc = closing transport … too_many_pings"); the gateway dials it again next time.
 */
function isEndorserConnectionReset(err: unknown): boolean {
  return err instanceof GatewayError && err.details.some((d) => d.message.includes('code = Unavailable'));
}

/**
 * Endorses, asking again while the gateway does not know a peer of a required organization yet, or its
 * connection to one was reset. Nothing has been sent to the orderers: the same proposal is endorsed again.
 */
async function endorse(proposal: Proposal): Promise<Transaction> {
  let lastError: unknown;
  const endorsed = await pollUntil(
    async () => {
      try {
        return await proposal.endorse();
      } catch (err) {
        if (!(isEndorserUndiscovered(err) || isEndorserConnectionReset(err))) throw err;
        lastError = err;
        return undefined;
      }
    },
    { timeoutMs: UNDISCOVERED_TIMEOUT_MS, intervalMs: 1_000 },
  );
  if (endorsed === undefined) throw lastError;
  return endorsed;
}

/** The peers' own words for a failed call: each endorser's message, else the error's. */
function describe(err: unknown): string {
  if (err instanceof GatewayError && err.details.length > 0) {
    return err.details.map((d) => `${d.mspId}: ${d.message}`).join('; ');
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Whether an endorsed transaction writes anything: a key, a private key's hash, or key metadata (such as a
 * key-level endorsement policy) in any namespace. One that writes nothing changes nothing when committed.
 */
export function writesAnything(preparedTransaction: Uint8Array): boolean {
  const envelope = gatewayProtos.PreparedTransaction.deserializeBinary(preparedTransaction).getEnvelope();
  const payload = common.Payload.deserializeBinary(envelope?.getPayload_asU8() ?? new Uint8Array());
  return peer.Transaction.deserializeBinary(payload.getData_asU8())
    .getActionsList()
    .some((action) => {
      const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
      const response = peer.ProposalResponsePayload.deserializeBinary(
        endorsed?.getProposalResponsePayload_asU8() ?? new Uint8Array(),
      );
      const results = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getResults_asU8();
      return ledger.rwset.TxReadWriteSet.deserializeBinary(results)
        .getNsRwsetList()
        .some((ns) => {
          const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
          if (kv.getWritesList().length > 0 || kv.getMetadataWritesList().length > 0) return true;
          return ns.getCollectionHashedRwsetList().some((c) => {
            const hashed = ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(c.getHashedRwset_asU8());
            return hashed.getHashedWritesList().length > 0 || hashed.getMetadataWritesList().length > 0;
          });
        });
    });
}

/**
 * A peer's gateway and the admin identity that calls it: what {@link submitAs} needs, from a network we
 * started (an {@link OrgLayout}) or from a connection profile and an admin's MSP folder.
 */
export interface GatewayTarget {
  readonly endpoint: string;
  /** The peer's TLS name, when it differs from the endpoint's host. */
  readonly hostAlias: string | undefined;
  /** PEM of the CA that issued the peer's TLS certificate. */
  readonly tlsCaPem: Buffer;
  readonly mspId: string;
  readonly certPem: Buffer;
  readonly keyPem: Buffer;
}

function targetOf(caller: OrgLayout): GatewayTarget {
  return {
    endpoint: address(caller.machine.ip, caller.peer.port),
    hostAlias: caller.peer.host,
    tlsCaPem: readFileSync(caller.tlsCa),
    mspId: caller.department.mspId,
    certPem: readFileSync(caller.admin.cert),
    keyPem: readFileSync(caller.admin.key),
  };
}

/** A fabric-gateway connection to a peer over TLS, as an admin, closed after `use`. */
async function withGateway<T>(target: GatewayTarget, use: (gateway: Gateway) => Promise<T>): Promise<T> {
  const client = new grpc.Client(
    target.endpoint,
    grpc.credentials.createSsl(target.tlsCaPem),
    target.hostAlias === undefined ? {} : { 'grpc.ssl_target_name_override': target.hostAlias },
  );
  const gateway = connect({
    client,
    identity: { mspId: target.mspId, credentials: target.certPem },
    signer: signers.newPrivateKeySigner(createPrivateKey(target.keyPem)),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + 30_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 30_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 120_000 }),
  });
  try {
    return await use(gateway);
  } catch (err) {
    if (err instanceof NetworkError) throw err;
    throw new NetworkError(describe(err), { cause: err });
  } finally {
    gateway.close();
    client.close();
  }
}

/**
 * Submits one {@link AdminTransaction} through a peer's gateway as the target's admin and waits for its
 * commit status.
 * @returns the number of the block that holds the transaction.
 * @throws NetworkError with the endorsers' messages when the transaction is refused, or with the
 * validation code when it commits invalid.
 */
export function submitAs(target: GatewayTarget, tx: AdminTransaction): Promise<bigint> {
  return submitUnlessIdle(target, tx, false) as Promise<bigint>;
}

/**
 * {@link submitAs}, except that with `skipIdle` a transaction whose endorsement writes nothing (a seeding
 * call that finds its data there) is not sent to the orderers: nothing would change, and a transaction
 * that writes nothing can fail validation where the write would have carried its own policy.
 * @returns the block that holds the transaction, or undefined when it wrote nothing and was not sent
 */
export function submitUnlessIdle(
  target: GatewayTarget,
  tx: AdminTransaction,
  skipIdle: boolean,
): Promise<bigint | undefined> {
  return withGateway(target, async (gateway) => {
    const proposal = gateway
      .getNetwork(tx.channel)
      .getContract(tx.chaincode)
      .newProposal(tx.fn, {
        arguments: [...tx.args],
        transientData: { ...tx.transient },
        endorsingOrganizations: [...tx.endorsingOrganizations],
      });
    const endorsed = await endorse(proposal);
    if (skipIdle && !writesAnything(endorsed.getBytes())) return undefined;
    const submitted = await endorsed.submit();
    const status = await submitted.getStatus();
    if (!status.successful) {
      const code = Object.entries(StatusCode).find(([, value]) => value === status.code)?.[0] ?? String(status.code);
      throw new NetworkError(`transaction ${status.transactionId} committed invalid: ${code}`);
    }
    return status.blockNumber;
  });
}

/**
 * The {@link Submitter} of `network:up`: through the caller's own peer's gateway, as the caller's admin.
 * @returns the number of the block that holds the transaction.
 * @throws NetworkError with the endorsers' messages when the transaction is refused, or with the
 * validation code when it commits invalid.
 */
export const submitThroughGateway: Submitter = (caller, tx) => submitAs(targetOf(caller), tx);

/**
 * Evaluates a query on the caller's own peer, as its admin.
 * @returns the result as text
 * @throws NetworkError with the peer's message when it is refused
 */
export function evaluateThroughGateway(
  caller: OrgLayout,
  channel: string,
  chaincode: string,
  fn: string,
  args: readonly string[] = [],
): Promise<string> {
  return withGateway(targetOf(caller), async (gateway) => {
    const result = await gateway
      .getNetwork(channel)
      .getContract(chaincode)
      .evaluateTransaction(fn, ...args);
    return Buffer.from(result).toString('utf8');
  });
}
