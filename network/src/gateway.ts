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

/** A fabric-gateway connection to `caller`'s own peer over TLS, as its admin, closed after `use`. */
async function withGateway<T>(caller: OrgLayout, use: (gateway: Gateway) => Promise<T>): Promise<T> {
  const client = new grpc.Client(
    address(caller.machine.ip, caller.peer.port),
    grpc.credentials.createSsl(readFileSync(caller.tlsCa)),
    {
      'grpc.ssl_target_name_override': caller.peer.host,
    },
  );
  const gateway = connect({
    client,
    identity: { mspId: caller.department.mspId, credentials: readFileSync(caller.admin.cert) },
    signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(caller.admin.key))),
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
 * The {@link Submitter} of `network:up`: through the caller's own peer's gateway, as the caller's admin.
 * @returns the number of the block that holds the transaction.
 * @throws NetworkError with the endorsers' messages when the transaction is refused, or with the
 * validation code when it commits invalid.
 */
export const submitThroughGateway: Submitter = (caller, tx) =>
  withGateway(caller, async (gateway) => {
    const proposal = gateway
      .getNetwork(tx.channel)
      .getContract(tx.chaincode)
      .newProposal(tx.fn, {
        arguments: [...tx.args],
        transientData: { ...tx.transient },
        endorsingOrganizations: [...tx.endorsingOrganizations],
      });
    const submitted = await (await endorse(proposal)).submit();
    const status = await submitted.getStatus();
    if (!status.successful) {
      const code = Object.entries(StatusCode).find(([, value]) => value === status.code)?.[0] ?? String(status.code);
      throw new NetworkError(`transaction ${status.transactionId} committed invalid: ${code}`);
    }
    return status.blockNumber;
  });

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
  return withGateway(caller, async (gateway) => {
    const result = await gateway
      .getNetwork(channel)
      .getContract(chaincode)
      .evaluateTransaction(fn, ...args);
    return Buffer.from(result).toString('utf8');
  });
}
