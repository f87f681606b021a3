/**
 * What each chaincode transaction takes and gives, described once: submitted or evaluated, its arguments in
 * order (a string with its rule, or the JSON text of a protocol record), the transient fields it reads and the
 * record it returns. The contract metadata the chaincodes serve (`org.hyperledger.fabric:GetMetadata`) is
 * generated from these descriptors (`@govchain/protocol/schema`, `contractMetadata`).
 */
import type { ClassConstructor } from 'class-transformer';
import type { ClerkAccess } from './clerks';
import type { StringRule } from './rules';

/** A record class of this package. */
export type RecordClass = ClassConstructor<object>;

/** One argument of a transaction. Every argument travels as a string. */
export interface ParameterDescriptor {
  /** The contract method's parameter name. */
  readonly name: string;
  /** What it is, e.g. `licence id`. */
  readonly description: string;
  /** The string's rule (length, pattern), when the argument is a plain string. */
  readonly rule?: StringRule;
  /** The values it may take, when it is one of a few. */
  readonly oneOf?: readonly string[];
  /** What the empty string means, when it is accepted (e.g. `the transaction time`). */
  readonly empty?: string;
  /** The argument is the JSON text of this record (of an array of them, with `list`). */
  readonly record?: RecordClass;
  /** The argument is a JSON array: of `record`, or of strings obeying `rule`. */
  readonly list?: true;
}

/** What a transaction returns: always JSON text, of one record or of a list, a page or a sealed record. */
export type ResultDescriptor =
  RecordClass | { readonly list: RecordClass } | { readonly page: RecordClass } | { readonly sealed: RecordClass };

/** One transaction of a contract. */
export interface TransactionDescriptor {
  /** Submitted (ordered, committed) rather than evaluated on one peer. */
  readonly submit: boolean;
  /** Who may call it: the clerk roles (any one of them), or only a department administrator. */
  readonly clerkRoles: ClerkAccess;
  /** One or two sentences: what it does, who may call it. */
  readonly summary: string;
  /** Its arguments, in the method's order. */
  readonly parameters: readonly ParameterDescriptor[];
  /** The transient fields it reads. */
  readonly transient?: readonly string[];
  /** The record it returns. */
  readonly returns: ResultDescriptor;
}

/** A contract class of a chaincode and all its transactions. */
export interface ContractDescriptor {
  /** The contract's name (`super('…')`), e.g. `LicenseContract`. */
  readonly contract: string;
  /** The chaincode's title (the contract's `@Info`), e.g. `e-license`. */
  readonly title: string;
  /** The contract's `@Info` description. */
  readonly description: string;
  /** Every transaction, by name, in the contract's order. */
  readonly transactions: Readonly<Record<string, TransactionDescriptor>>;
}

/**
 * @param descriptor - a contract and its transactions
 * @returns the same descriptor, typed (and frozen, so no consumer changes what another reads)
 */
export function defineTransactions(descriptor: ContractDescriptor): ContractDescriptor {
  return Object.freeze(descriptor);
}

/**
 * @param contract - a contract's descriptor
 * @param name - a transaction name, as a proposal names it (untrusted)
 * @returns that transaction's descriptor, or undefined when the contract has none of that name (never a
 * member of `Object.prototype`)
 */
export function transactionOf(contract: ContractDescriptor, name: string): TransactionDescriptor | undefined {
  return Object.prototype.hasOwnProperty.call(contract.transactions, name) ? contract.transactions[name] : undefined;
}

/** The page-size argument of every list transaction. */
export const PAGE_SIZE_PARAMETER: ParameterDescriptor = {
  name: 'pageSize',
  description: 'page size, decimal 1–100',
  empty: '20',
};

/** The bookmark argument of every list transaction. */
export const BOOKMARK_PARAMETER: ParameterDescriptor = {
  name: 'bookmark',
  description: 'bookmark from the previous page',
  empty: 'the first page',
};

/** The two paging arguments, last in every list transaction. */
export const PAGING_PARAMETERS: readonly ParameterDescriptor[] = [PAGE_SIZE_PARAMETER, BOOKMARK_PARAMETER];
