/**
 * What every typed chaincode client shares: submitting and evaluating one transaction, per-call options,
 * results with their attempts, the endorsers of a call, and checking what the chaincode returned against
 * the protocol record it promises. A chaincode's client extends {@link ChaincodeClient} and keeps only its
 * own methods: each names the transaction, its arguments, the {@link ResultType} and whose endorsement
 * it needs.
 *
 * Endorsement is chosen in one place per client, {@link EndorserStrategy}: service discovery knows the
 * chaincode-level policy but not the key-level and collection policies the chaincodes set, so the client
 * names the organizations for transactions that need them, from on-ledger roles (never hard-coded MSP
 * ids). A caller can replace the strategy (client option `endorsers`) or name the endorsers of one call
 * (`endorsingOrganizations`).
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import { type ClassConstructor, isRecord, parseRecord, parseRecords } from '@govchain/protocol';
import { majorityOf } from '@govchain/protocol/roles';
import type { GovchainConnection } from '../connection';
import { type SubmitOptions, evaluate, evaluateSealed, submit } from '../transactions';
import { type Parser, type ResultPage, type TypedSubmitOptions, type TypedSubmitResult, invalidResult } from './shape';

/** A parser of one record of a protocol class (INVALID_RESULT naming the member that breaks its rule). */
export function recordOf<T extends object>(type: ClassConstructor<T>): Parser<T> {
  return (value, context) => parseRecord(type, value, '$', (detail) => invalidResult(context, detail));
}

/** A parser of a list of records of one class. */
export function listOf<T extends object>(type: ClassConstructor<T>): Parser<T[]> {
  return (value, context) => parseRecords(type, value, '$', (detail) => invalidResult(context, detail));
}

/** A parser of a page of records of one class, as every govchain chaincode returns paginated queries. */
export function pageOf<T extends object>(type: ClassConstructor<T>): Parser<ResultPage<T>> {
  return (value, context) => {
    const fail = (detail: string): Error => invalidResult(context, detail);
    if (!isRecord(value)) throw fail('$ is not an object');
    const { records, bookmark, fetchedCount } = value;
    if (typeof bookmark !== 'string' && bookmark !== undefined) throw fail('$.bookmark is not a string');
    if (typeof fetchedCount !== 'number' || !Number.isSafeInteger(fetchedCount)) {
      throw fail('$.fetchedCount is not an integer');
    }
    return { records: parseRecords(type, records, '$.records', fail), bookmark: bookmark ?? '', fetchedCount };
  };
}

/** One call of a transaction, as a client method describes it. */
export interface Call<T> {
  /** Arguments, encoded as the chaincodes expect (strings as they are, anything else as canonical JSON). */
  readonly arguments?: readonly unknown[];
  /** Private inputs (never on the ledger). */
  readonly transientData?: Readonly<Record<string, unknown>>;
  /** How to check the result: {@link recordOf}, {@link listOf}, {@link pageOf} or a parser of its own. */
  readonly result: Parser<T>;
  /** Whose endorsement the call needs, as the client's {@link EndorserStrategy} is asked for it. */
  readonly owner?: EndorsementNeed;
}

/**
 * Whose endorsement a transaction needs, in the chaincode's own terms: a kind the client's strategy
 * understands (e.g. `project`, `majority`) and the record or department it is about.
 */
export interface EndorsementNeed {
  readonly kind: string;
  /** The record id or department the kind is about. */
  readonly id?: string;
  /** Further ids a kind needs (e.g. a bid's bidder code). */
  readonly ids?: readonly string[];
}

/** Chooses the organizations that must endorse a transaction (undefined: let service discovery choose). */
export interface EndorserStrategy {
  endorsers(transaction: string, need: EndorsementNeed | undefined): Promise<readonly string[] | undefined>;
}

/** Options every typed client takes. */
export interface ChaincodeClientOptions {
  /** Name the chaincode is deployed under (default: its own name). */
  readonly chaincode?: string;
  /** Retry and commit-status settings for every submit of this client. */
  readonly submitDefaults?: Readonly<Pick<SubmitOptions, 'retry' | 'commitStatus'>>;
  /** Replaces the client's endorser choice. */
  readonly endorsers?: EndorserStrategy;
}

/**
 * The endorsers of a change to a key owned by one department: the owner and one partner — the caller when
 * it is not the owner, else the first candidate that is not the owner.
 *
 * @param ownerMsp - the owning department.
 * @param callerMsp - the caller.
 * @param candidates - partner candidates in order of preference (from on-ledger roles).
 * @returns `[ownerMsp, partner]`.
 * @throws TypeError when no partner other than the owner is available.
 */
export function pairEndorsingOrganizations(
  ownerMsp: string,
  callerMsp: string,
  candidates: readonly string[],
): string[] {
  const partner = [callerMsp, ...candidates].find((msp) => msp !== ownerMsp);
  if (partner === undefined) {
    throw new TypeError(`no endorsing partner other than ${ownerMsp} is available`);
  }
  return [ownerMsp, partner];
}

export { majorityOf };

/** The base of the typed chaincode clients. */
export abstract class ChaincodeClient {
  protected readonly connection: GovchainConnection;
  /** The chaincode's own name (labels sealed responses and names it in INVALID_RESULT errors). */
  protected readonly chaincodeName: string;
  readonly #deployedAs: string;
  readonly #defaults: Readonly<Pick<SubmitOptions, 'retry' | 'commitStatus'>>;
  readonly #strategy: EndorserStrategy | undefined;

  protected constructor(connection: GovchainConnection, chaincodeName: string, options: ChaincodeClientOptions) {
    this.connection = connection;
    this.chaincodeName = chaincodeName;
    this.#deployedAs = options.chaincode ?? chaincodeName;
    this.#defaults = options.submitDefaults ?? {};
    this.#strategy = options.endorsers;
  }

  /** MSP id of the connection's identity (the caller). */
  get mspId(): string {
    return this.connection.mspId;
  }

  /** The client's own endorser choice, used unless the caller gave a strategy or the call its endorsers. */
  protected abstract defaultEndorsers(
    transaction: string,
    need: EndorsementNeed | undefined,
  ): Promise<readonly string[] | undefined>;

  protected get contract(): Contract {
    return this.connection.getContract(this.#deployedAs);
  }

  /**
   * The endorsers of one call: the call's own, else the caller's strategy, else the client's.
   *
   * @param transaction - transaction name
   * @param need - whose endorsement it needs
   * @param options - per-call options
   * @returns MSP ids, or undefined for service discovery's choice
   */
  protected async endorsersOf(
    transaction: string,
    need: EndorsementNeed | undefined,
    options: TypedSubmitOptions | undefined,
  ): Promise<readonly string[] | undefined> {
    if (options?.endorsingOrganizations !== undefined) return options.endorsingOrganizations;
    if (this.#strategy !== undefined) return this.#strategy.endorsers(transaction, need);
    return this.defaultEndorsers(transaction, need);
  }

  /**
   * Submits one transaction and checks its result.
   *
   * @param transaction - transaction name
   * @param call - arguments, transient data, result type, endorsement need
   * @param options - per-call endorsers, retry and commit-status settings
   * @returns the checked result, transaction id, block and attempts
   */
  protected async submitCall<T>(
    transaction: string,
    call: Call<T>,
    options?: TypedSubmitOptions,
  ): Promise<TypedSubmitResult<T>> {
    const endorsingOrganizations = await this.endorsersOf(transaction, call.owner, options);
    const outcome = await submit(this.contract, transaction, {
      ...this.#defaults,
      ...(options?.retry === undefined ? {} : { retry: options.retry }),
      ...(options?.commitStatus === undefined ? {} : { commitStatus: options.commitStatus }),
      ...(options?.onTransactionId === undefined ? {} : { onTransactionId: options.onTransactionId }),
      arguments: call.arguments ?? [],
      ...(call.transientData === undefined ? {} : { transientData: call.transientData }),
      ...(endorsingOrganizations === undefined ? {} : { endorsingOrganizations }),
    });
    const context = { chaincode: this.chaincodeName, transaction, transactionId: outcome.transactionId };
    return {
      result: call.result(outcome.result, context),
      transactionId: outcome.transactionId,
      blockNumber: outcome.blockNumber,
      attempts: outcome.attempts,
    };
  }

  /**
   * Evaluates one transaction (a query on the caller's own peer unless it names others) and checks its result.
   *
   * @param transaction - transaction name
   * @param call - arguments, transient data, result type
   * @param endorsingOrganizations - peers to ask, when not the caller's own
   * @returns the checked result
   */
  protected async evaluateCall<T>(
    transaction: string,
    call: Call<T>,
    endorsingOrganizations?: readonly string[],
  ): Promise<T> {
    const result = await evaluate(this.contract, transaction, {
      arguments: call.arguments ?? [],
      ...(call.transientData === undefined ? {} : { transientData: call.transientData }),
      ...(endorsingOrganizations === undefined ? {} : { endorsingOrganizations }),
    });
    return call.result(result, { chaincode: this.chaincodeName, transaction });
  }

  /**
   * Evaluates a private read whose answer the chaincode seals to a one-time key, and checks its result.
   *
   * @param transaction - transaction name
   * @param call - arguments, transient data, result type
   * @param endorsingOrganizations - peers to ask (default: the caller's own)
   * @returns the checked result
   */
  protected async evaluateSealedCall<T>(
    transaction: string,
    call: Call<T>,
    endorsingOrganizations: readonly string[] = [this.mspId],
  ): Promise<T> {
    const result = await evaluateSealed(this.contract, transaction, {
      arguments: call.arguments ?? [],
      ...(call.transientData === undefined ? {} : { transientData: call.transientData }),
      endorsingOrganizations,
      sealedBy: this.chaincodeName,
    });
    return call.result(result, { chaincode: this.chaincodeName, transaction });
  }
}

/**
 * The factory of a typed client (`eLicenseClient(connection, options?)` and its siblings): the client works
 * over the department's connection and does not own it — close the connection yourself.
 *
 * @param Client - the client class.
 * @returns a function that makes a client of that class.
 */
export function clientFactory<C, O extends object>(
  Client: new (connection: GovchainConnection, options: Readonly<O>) => C,
): (connection: GovchainConnection, options?: Readonly<O>) => C {
  return (connection, options = {} as Readonly<O>) => new Client(connection, options);
}
