/**
 * Submitting and evaluating transactions: argument encoding, result decoding, typed errors, retry of read
 * conflicts with a freshly endorsed proposal, and re-asking (never resubmitting) when the commit status times
 * out — after which the outcome is unknown, never a failure. Before each call, the contract's connection
 * waits until the peers that will run it have its session's writes (`session.ts`). Also the offline-signing
 * flow for callers that hold their own key.
 */
import type { Commit, Contract, Gateway, ProposalOptions, Signer, Status } from '@hyperledger/fabric-gateway';
import { type CommitStatusOptions, waitForCommit } from './commit-status';
import { decodeResult, encodeArguments, encodeTransient } from './encoding';
import { CommitError, OutcomeUnknownError, newOutcomeUnknownError } from './errors';
import { type ErrorContext, fromEvaluateError, fromFabricError } from './fabric-errors';
import {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  isEndorserUndiscovered,
  isOrdererUnavailable,
  ORDERER_BACKOFF,
  ORDERER_UNAVAILABLE_RETRIES,
  type RetryOptions,
  withRetry,
} from './retry';
import { decryptResponse, functionName, newResponseKey, responseKeyTransient } from './sealed-response';
import { type PeerSelection, type ReadYourWritesGuard, readYourWritesOf } from './session';

/** What to send with a transaction. */
export interface TransactionOptions {
  /** Arguments in order; strings and bytes as they are, anything else as canonical JSON. */
  readonly arguments?: readonly unknown[];
  /** Private inputs that never reach the ledger (e.g. citizen identifiers); encoded like arguments. */
  readonly transientData?: Readonly<Record<string, unknown>>;
  /** MSP ids of the organizations that must endorse (needed with transient data or key-level policies). */
  readonly endorsingOrganizations?: readonly string[];
  /**
   * A block the peers that run this call must have committed first, beyond the connection's session (e.g. a
   * `blockNumber` or session token from another process). Only for contracts from a connection.
   */
  readonly afterBlock?: bigint;
}

/** Options of {@link evaluateSealed}. */
export interface SealedEvaluateOptions extends TransactionOptions {
  /**
   * The chaincode's name as the sealed response is labelled with it (e.g. `e-license`), whatever name it is
   * deployed under.
   */
  readonly sealedBy: string;
}

/** Options of {@link submit}. */
export interface SubmitOptions extends TransactionOptions {
  /** Overrides of the retry policy (by default 3 retries of MVCC/phantom read conflicts). */
  readonly retry?: Readonly<Partial<RetryOptions>>;
  /** How often to ask for the commit status when asking times out. */
  readonly commitStatus?: Readonly<CommitStatusOptions>;
  /**
   * Called with each attempt's transaction id as soon as its proposal exists, before it is endorsed: where
   * a caller can already say which transaction to ask about (e.g. a REST service's 202 with a status URL).
   */
  readonly onTransactionId?: (transactionId: string, attempt: number) => void;
}

/** The outcome of a committed transaction. */
export interface SubmitResult {
  /** The chaincode's result, decoded (JSON parsed to `unknown`, else text; undefined if empty). */
  readonly result: unknown;
  /** Id of the committed transaction. */
  readonly transactionId: string;
  /** Block that holds it. */
  readonly blockNumber: bigint;
  /** Attempts made (1 if no read conflict had to be retried). */
  readonly attempts: number;
}

/** Options of {@link submitOffline} and {@link evaluateOffline}. */
export interface OfflineTransactionOptions extends SubmitOptions {
  /** The gateway of a connection made with `offlineSigning: true`. */
  readonly gateway: Gateway;
  /** The contract to call, from the same connection. */
  readonly contract: Contract;
  /** The chaincode transaction (function) name. */
  readonly transactionName: string;
  /** Signs a digest with the caller's own key (e.g. a wallet or an HSM); returns the signature. */
  readonly sign: Signer;
}

const contractContexts = new WeakMap<Contract, ErrorContext>();

/**
 * Records where a contract's calls go so that errors can name the endpoint. Used by connections.
 *
 * @param contract - a contract obtained from a connection.
 * @param context - the endpoint of the connection's gateway peer.
 * @returns the contract itself.
 */
export function registerContractContext(contract: Contract, context: Readonly<ErrorContext>): Contract {
  contractContexts.set(contract, context);
  return contract;
}

/**
 * Builds fabric-gateway proposal options from {@link TransactionOptions}.
 *
 * @param options - arguments, transient data and endorsing organizations.
 * @returns options for `Contract.newProposal()` / `Contract.evaluate()`.
 * @throws TypeError if an argument or transient value cannot be encoded.
 */
export function toProposalOptions(options: Readonly<TransactionOptions>): ProposalOptions {
  const result: ProposalOptions = { arguments: encodeArguments(options.arguments ?? []) };
  if (options.transientData !== undefined) {
    result.transientData = encodeTransient(options.transientData);
  }
  if (options.endorsingOrganizations !== undefined && options.endorsingOrganizations.length > 0) {
    result.endorsingOrganizations = [...options.endorsingOrganizations];
  }
  return result;
}

function rethrow(err: unknown, context: Readonly<ErrorContext>): never {
  throw fromFabricError(err, context) ?? err;
}

async function step<T>(run: () => Promise<T>, context: Readonly<ErrorContext>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    return rethrow(err, context);
  }
}

/**
 * Runs one step again, unchanged, while it fails for a passing reason of the network (`transient`):
 * the ordering service electing a leader (the same transaction, same id, is sent again — it can commit
 * at most once), or the gateway not yet knowing a required organization's peer (nothing was endorsed).
 * Never endorses anew, never submits a new transaction.
 */
async function untilAvailable<T>(
  send: () => Promise<T>,
  transient: (err: unknown) => boolean,
  retry: Readonly<Partial<RetryOptions>> | undefined,
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_OPTIONS, ...retry, ...ORDERER_BACKOFF };
  for (let retries = 0; ; retries++) {
    try {
      return await send();
    } catch (err) {
      if (!transient(err) || retries >= ORDERER_UNAVAILABLE_RETRIES) throw err;
      await policy.sleep(backoffDelay(retries + 1, policy));
    }
  }
}

function endorse<T>(run: () => Promise<T>, context: Readonly<ErrorContext>, retry: SubmitOptions['retry']): Promise<T> {
  return step(() => untilAvailable(run, isEndorserUndiscovered, retry), context);
}

/**
 * Sends the endorsed transaction to the ordering service, again while no orderer accepts it. When that
 * never succeeds the transaction may still have reached an orderer: its outcome is unknown.
 */
async function sendToOrderers<T>(
  run: () => Promise<T>,
  context: Readonly<ErrorContext> & { readonly transactionId: string },
  retry: SubmitOptions['retry'],
): Promise<T> {
  try {
    return await untilAvailable(run, isOrdererUnavailable, retry);
  } catch (err) {
    if (isOrdererUnavailable(err)) {
      throw newOutcomeUnknownError(context.transactionId, 'ORDERER_UNAVAILABLE', err);
    }
    return rethrow(err, context);
  }
}

/**
 * Waits for the commit of an accepted transaction. Only a status says what became of it: an invalid one is a
 * {@link CommitError} (nothing written); any failure to learn the status leaves the outcome unknown.
 */
async function awaitCommit(
  commit: Pick<Commit, 'getStatus' | 'getTransactionId'>,
  options: SubmitOptions['commitStatus'],
  guard: ReadYourWritesGuard | undefined,
): Promise<Status> {
  try {
    const status = await waitForCommit(commit, options);
    guard?.committed(status.blockNumber);
    return status;
  } catch (err) {
    if (err instanceof CommitError) {
      // The block is on the gateway's peer: a retry's endorsers must have it, and read the winning write.
      if (err.blockNumber !== undefined) guard?.committed(err.blockNumber);
      throw err;
    }
    if (err instanceof OutcomeUnknownError) throw err;
    throw newOutcomeUnknownError(commit.getTransactionId(), 'COMMIT_STATUS_FAILED', err);
  }
}

/** The peers an evaluation may run on: the connection's own, unless it names others only. */
function evaluatingPeers(guard: ReadYourWritesGuard, named: readonly string[] | undefined): PeerSelection {
  // The gateway evaluates on its own organization's peer whenever that organization may run the call.
  return named === undefined || named.length === 0 || named.includes(guard.mspId) ? 'own' : named;
}

/** The peers a submit may be endorsed by: those named, else any the gateway may choose. */
function endorsingPeers(named: readonly string[] | undefined): PeerSelection {
  return named === undefined || named.length === 0 ? 'any-endorser' : named;
}

function committed(bytes: Uint8Array, status: Status, attempts: number): SubmitResult {
  return {
    result: decodeResult(bytes),
    transactionId: status.transactionId,
    blockNumber: status.blockNumber,
    attempts,
  };
}

/**
 * Submits a transaction and waits for it to commit. A commit that fails with `MVCC_READ_CONFLICT` or
 * `PHANTOM_READ_CONFLICT` is retried with a freshly endorsed proposal (new transaction id) after a backoff;
 * nothing else is retried. A commit-status timeout is resolved by asking for the status again; when the
 * ordering service or the status stays out of reach, the outcome is unknown and the same transaction id is
 * reported, never replaced by a new one. On a contract from a connection, it first waits until the
 * endorsing organizations' peers (those named, else every organization's that answers) have the session's
 * block.
 *
 * @param contract - the contract, from {@link GovchainConnection.getContract}.
 * @param transactionName - the chaincode transaction (function) name.
 * @param options - arguments, transient data, endorsing organizations, retry and commit-status settings.
 * @returns the decoded result with the transaction id, block number and number of attempts.
 * @throws {@link ChaincodeError} when the chaincode refuses (with its stable code).
 * @throws {@link EndorsementError} when endorsement fails otherwise.
 * @throws {@link SubmitError} when the ordering service refuses the transaction (it will not commit).
 * @throws {@link CommitError} when the transaction is invalid (after retries, for read conflicts).
 * @throws {@link OutcomeUnknownError} (code `OUTCOME_UNKNOWN`, with `transactionId`) when no orderer
 * acknowledged it or its commit status stays out of reach: it may still commit — resolve it with
 * {@link GovchainConnection.commitStatus}.
 * @throws {@link ConsistencyError} when an endorsing peer does not reach the session's block in time.
 * @throws {@link ConnectionError} when the peer cannot be reached.
 * @throws TypeError if an argument or transient value cannot be encoded.
 *
 * @example
 * ```ts
 * const { result, transactionId } = await submit(connection.getContract('e-license'), 'Suspend', {
 *   arguments: ['BL-1', 'court order 2024-17'],
 * });
 * ```
 */
export async function submit(
  contract: Contract,
  transactionName: string,
  options: Readonly<SubmitOptions> = {},
): Promise<SubmitResult> {
  const proposalOptions = toProposalOptions(options);
  const base = contractContexts.get(contract) ?? {};
  const guard = readYourWritesOf(contract);
  return withRetry(async (attempt) => {
    await guard?.awaitPeers(endorsingPeers(options.endorsingOrganizations), options.afterBlock);
    const proposal = contract.newProposal(transactionName, proposalOptions);
    const context = { ...base, transactionId: proposal.getTransactionId() };
    options.onTransactionId?.(context.transactionId, attempt);
    const transaction = await endorse(() => proposal.endorse(), context, options.retry);
    const commit = await sendToOrderers(() => transaction.submit(), context, options.retry);
    const status = await awaitCommit(commit, options.commitStatus, guard);
    return committed(transaction.getResult(), status, attempt);
  }, options.retry);
}

/**
 * Evaluates a transaction (a query) on a peer without submitting it.
 *
 * @param contract - the contract, from {@link GovchainConnection.getContract}.
 * @param transactionName - the chaincode transaction (function) name.
 * @param options - arguments, transient data and target organizations.
 * @returns the decoded result (JSON parsed to `unknown`, else text; undefined if empty); check its shape.
 * @throws {@link ChaincodeError} when the chaincode refuses (with its stable code).
 * @throws {@link EndorsementError} (code `EVALUATE_FAILED`) when the evaluation fails otherwise.
 * @throws {@link ConnectionError} when the peer cannot be reached.
 * @throws TypeError if an argument or transient value cannot be encoded.
 *
 * @example
 * ```ts
 * const licence = await evaluate(connection.getContract('e-license'), 'ReadLicence', { arguments: ['BL-1'] });
 * ```
 */
export async function evaluate(
  contract: Contract,
  transactionName: string,
  options: Readonly<TransactionOptions> = {},
): Promise<unknown> {
  const proposalOptions = toProposalOptions(options);
  const context = contractContexts.get(contract) ?? {};
  const guard = readYourWritesOf(contract);
  await guard?.awaitPeers(evaluatingPeers(guard, options.endorsingOrganizations), options.afterBlock);
  try {
    return decodeResult(
      await untilAvailable(
        () => contract.evaluate(transactionName, proposalOptions),
        isEndorserUndiscovered,
        undefined,
      ),
    );
  } catch (err) {
    throw fromEvaluateError(err, context) ?? err;
  }
}

/**
 * Evaluates a read of private data whose chaincode answers sealed to a one-time key: sends a fresh key
 * (32 random bytes) in transient data (`responseKey`), then opens the answer with it and the proposal's
 * transaction id (`sealed-response.ts`). The chaincode does so that the read, even if submitted instead of
 * evaluated, can only put ciphertext into a block; the key never leaves this call.
 *
 * @param contract - the contract, from {@link GovchainConnection.getContract}.
 * @param transactionName - the chaincode transaction (function) name.
 * @param options - arguments, transient data, target organizations, and the chaincode name of the label.
 * @returns the decoded plaintext result (JSON parsed to `unknown`, else text); check its shape.
 * @throws {@link ChaincodeError}, {@link EndorsementError}, {@link ConnectionError} as {@link evaluate}.
 * @throws {@link GovchainError} (code `INVALID_RESULT`) when the answer is not sealed to this call's key.
 * @throws TypeError if an argument or transient value cannot be encoded.
 *
 * @example
 * ```ts
 * const detail = await evaluateSealed(connection.getContract('real-estate'), 'GetTransferDetail', {
 *   arguments: ['TA-7'],
 *   endorsingOrganizations: [connection.mspId],
 *   sealedBy: 'real-estate',
 * });
 * ```
 */
export async function evaluateSealed(
  contract: Contract,
  transactionName: string,
  options: Readonly<SealedEvaluateOptions>,
): Promise<unknown> {
  const key = newResponseKey();
  try {
    const proposalOptions = toProposalOptions({
      ...options,
      transientData: { ...options.transientData, ...responseKeyTransient(key) },
    });
    const context = contractContexts.get(contract) ?? {};
    const guard = readYourWritesOf(contract);
    await guard?.awaitPeers(evaluatingPeers(guard, options.endorsingOrganizations), options.afterBlock);
    const proposal = contract.newProposal(transactionName, proposalOptions);
    const transactionId = proposal.getTransactionId();
    let sealed: unknown;
    try {
      sealed = decodeResult(await untilAvailable(() => proposal.evaluate(), isEndorserUndiscovered, undefined));
    } catch (err) {
      throw fromEvaluateError(err, { ...context, transactionId }) ?? err;
    }
    const where = { chaincode: options.sealedBy, transaction: functionName(transactionName), transactionId };
    return decodeResult(decryptResponse(sealed, key, where));
  } finally {
    key.fill(0);
  }
}

/**
 * Submits a transaction signed by the caller's own key (offline signing): builds the proposal, has the
 * caller sign its digest, endorses, has the caller sign the transaction, submits, has the caller sign the
 * commit-status request, then waits for the commit. Retries and errors as {@link submit}.
 *
 * @param options - gateway and contract (of a connection made with `offlineSigning: true`), transaction name,
 * the signing function, and the transaction options.
 * @returns the decoded result with the transaction id, block number and number of attempts.
 * @throws {@link ChaincodeError} when the chaincode refuses.
 * @throws {@link EndorsementError}, {@link SubmitError}, {@link CommitError}, {@link OutcomeUnknownError},
 * {@link ConsistencyError} as {@link submit}.
 * @throws the signing function's error if it fails.
 *
 * @example
 * ```ts
 * const connection = await connectDepartment({ department: 'tax', offlineSigning: true });
 * const { transactionId } = await submitOffline({
 *   gateway: connection.gateway,
 *   contract: connection.getContract('real-estate'),
 *   transactionName: 'ClearTax',
 *   arguments: ['APP-7'],
 *   sign: (digest) => hsm.sign(digest),
 * });
 * ```
 */
export async function submitOffline(options: Readonly<OfflineTransactionOptions>): Promise<SubmitResult> {
  const { gateway, contract, sign } = options;
  const proposalOptions = toProposalOptions(options);
  const base = contractContexts.get(contract) ?? {};
  const guard = readYourWritesOf(contract);
  return withRetry(async (attempt) => {
    await guard?.awaitPeers(endorsingPeers(options.endorsingOrganizations), options.afterBlock);
    const unsignedProposal = contract.newProposal(options.transactionName, proposalOptions);
    const context = { ...base, transactionId: unsignedProposal.getTransactionId() };
    const proposal = gateway.newSignedProposal(unsignedProposal.getBytes(), await sign(unsignedProposal.getDigest()));
    const unsignedTransaction = await endorse(() => proposal.endorse(), context, options.retry);
    const transaction = gateway.newSignedTransaction(
      unsignedTransaction.getBytes(),
      await sign(unsignedTransaction.getDigest()),
    );
    const unsignedCommit = await sendToOrderers(() => transaction.submit(), context, options.retry);
    const commit = gateway.newSignedCommit(unsignedCommit.getBytes(), await sign(unsignedCommit.getDigest()));
    const status = await awaitCommit(commit, options.commitStatus, guard);
    return committed(transaction.getResult(), status, attempt);
  }, options.retry);
}

/**
 * Evaluates a transaction whose proposal is signed by the caller's own key (offline signing).
 *
 * @param options - gateway, contract, transaction name, signing function and transaction options.
 * @returns the decoded result, as {@link evaluate}.
 * @throws {@link ChaincodeError}, {@link EndorsementError}, {@link ConnectionError} as {@link evaluate}.
 */
export async function evaluateOffline(
  options: Readonly<Omit<OfflineTransactionOptions, 'retry' | 'commitStatus'>>,
): Promise<unknown> {
  const { gateway, contract, sign } = options;
  const guard = readYourWritesOf(contract);
  await guard?.awaitPeers(evaluatingPeers(guard, options.endorsingOrganizations), options.afterBlock);
  const unsignedProposal = contract.newProposal(options.transactionName, toProposalOptions(options));
  const context = { ...(contractContexts.get(contract) ?? {}), transactionId: unsignedProposal.getTransactionId() };
  const proposal = gateway.newSignedProposal(unsignedProposal.getBytes(), await sign(unsignedProposal.getDigest()));
  try {
    return decodeResult(await proposal.evaluate());
  } catch (err) {
    throw fromEvaluateError(err, context) ?? err;
  }
}
