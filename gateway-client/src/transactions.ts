/**
 * Submitting and evaluating transactions: argument encoding, result decoding, typed errors, retry of read
 * conflicts with a freshly endorsed proposal, and re-asking (never resubmitting) when the commit status times
 * out. Also the offline-signing flow for callers that hold their own key.
 */
import type { Contract, Gateway, ProposalOptions, Signer, Status } from '@hyperledger/fabric-gateway';
import { type CommitStatusOptions, waitForCommit } from './commit-status';
import { decodeResult, encodeArguments, encodeTransient } from './encoding';
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

/** What to send with a transaction. */
export interface TransactionOptions {
  /** Arguments in order; strings and bytes as they are, anything else as canonical JSON. */
  readonly arguments?: readonly unknown[];
  /** Private inputs that never reach the ledger (e.g. citizen identifiers); encoded like arguments. */
  readonly transientData?: Readonly<Record<string, unknown>>;
  /** MSP ids of the organizations that must endorse (needed with transient data or key-level policies). */
  readonly endorsingOrganizations?: readonly string[];
}

/** Options of {@link submit}. */
export interface SubmitOptions extends TransactionOptions {
  /** Overrides of the retry policy (by default 3 retries of MVCC/phantom read conflicts). */
  readonly retry?: Readonly<Partial<RetryOptions>>;
  /** How often to ask for the commit status when asking times out. */
  readonly commitStatus?: Readonly<CommitStatusOptions>;
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

function sendToOrderers<T>(
  run: () => Promise<T>,
  context: Readonly<ErrorContext>,
  retry: SubmitOptions['retry'],
): Promise<T> {
  return step(() => untilAvailable(run, isOrdererUnavailable, retry), context);
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
 * nothing else is retried. A commit-status timeout is resolved by asking for the status again.
 *
 * @param contract - the contract, from {@link GovchainConnection.getContract}.
 * @param transactionName - the chaincode transaction (function) name.
 * @param options - arguments, transient data, endorsing organizations, retry and commit-status settings.
 * @returns the decoded result with the transaction id, block number and number of attempts.
 * @throws {@link ChaincodeError} when the chaincode refuses (with its stable code).
 * @throws {@link EndorsementError} when endorsement fails otherwise.
 * @throws {@link SubmitError} when the ordering service does not accept the transaction.
 * @throws {@link CommitError} when the transaction is invalid (after retries, for read conflicts).
 * @throws {@link CommitStatusTimeoutError} when the commit status stays unknown.
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
  return withRetry(async (attempt) => {
    const proposal = contract.newProposal(transactionName, proposalOptions);
    const context = { ...base, transactionId: proposal.getTransactionId() };
    const transaction = await endorse(() => proposal.endorse(), context, options.retry);
    const commit = await sendToOrderers(() => transaction.submit(), context, options.retry);
    const status = await waitForCommit(commit, options.commitStatus);
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
 * Submits a transaction signed by the caller's own key (offline signing): builds the proposal, has the
 * caller sign its digest, endorses, has the caller sign the transaction, submits, has the caller sign the
 * commit-status request, then waits for the commit. Retries and errors as {@link submit}.
 *
 * @param options - gateway and contract (of a connection made with `offlineSigning: true`), transaction name,
 * the signing function, and the transaction options.
 * @returns the decoded result with the transaction id, block number and number of attempts.
 * @throws {@link ChaincodeError} when the chaincode refuses.
 * @throws {@link EndorsementError}, {@link SubmitError}, {@link CommitError}, {@link CommitStatusTimeoutError}
 * as {@link submit}.
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
  return withRetry(async (attempt) => {
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
    const status = await waitForCommit(commit, options.commitStatus);
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
  const unsignedProposal = contract.newProposal(options.transactionName, toProposalOptions(options));
  const context = { ...(contractContexts.get(contract) ?? {}), transactionId: unsignedProposal.getTransactionId() };
  const proposal = gateway.newSignedProposal(unsignedProposal.getBytes(), await sign(unsignedProposal.getDigest()));
  try {
    return decodeResult(await proposal.evaluate());
  } catch (err) {
    throw fromEvaluateError(err, context) ?? err;
  }
}
