/**
 * The contract metadata a chaincode serves from `org.hyperledger.fabric:GetMetadata`, generated from the
 * transaction descriptors (fabric-shim reads it from the chaincode's `META-INF/metadata.json` and checks it
 * against fabric-contract-api's `contract-schema.json`).
 *
 * fabric-shim validates every argument of every call with ajv against `{ properties: { prop: <the parameter's
 * schema> }, components: { schemas: <all of components.schemas> } }`, serializing that schema for ajv's cache
 * key, and stringifies the called transaction's whole entry for a debug message built even with debug off.
 * So every parameter's `schema` stays `{ type: 'string' }` (a record parameter adds only its class name as
 * `title`), `components.schemas` stays empty, and the records' JSON Schemas sit in the document's root
 * `definitions`, which only GetMetadata reads: `#/definitions/<Name>` resolves in the document itself.
 */
import { LIMITS } from '../limits';
import type { StringRule } from '../rules';
import type {
  ContractDescriptor,
  ParameterDescriptor,
  RecordClass,
  ResultDescriptor,
  TransactionDescriptor,
} from '../transactions';
import { type SchemaObject, recordSchemas } from './index';

/** fabric-contract-api's `$schema` for contract metadata. */
const CONTRACT_SCHEMA = 'https://hyperledger.github.io/fabric-chaincode-node/main/api/contract-schema.json';

/** The name of fabric-shim's own contract, which every chaincode serves and its metadata must list. */
const SYSTEM_CONTRACT = 'org.hyperledger.fabric';

interface StringSchema {
  readonly type: 'string';
  readonly title?: string;
  readonly description?: string;
}

interface ParameterMetadata {
  readonly name: string;
  readonly description: string;
  readonly schema: StringSchema;
}

interface TransactionMetadata {
  readonly name: string;
  /** As fabric-contract-api's `@Transaction` writes it. */
  readonly tag: readonly string[];
  readonly description: string;
  readonly parameters: readonly ParameterMetadata[];
  readonly transient?: readonly string[];
  readonly returns: { readonly type: string; readonly title?: string; readonly description: string };
}

interface Info {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** A chaincode's contract metadata (fabric-contract-api's contract-schema.json, plus root `definitions`). */
export interface ContractMetadata {
  readonly $schema: string;
  readonly info: Info;
  readonly contracts: Readonly<
    Record<
      string,
      { readonly name: string; readonly info?: Info; readonly transactions: readonly TransactionMetadata[] }
    >
  >;
  readonly components: { readonly schemas: Readonly<Record<string, never>> };
  readonly definitions: Readonly<Record<string, SchemaObject>>;
}

function ruleText(rule: StringRule): string {
  const lengths = `${rule.minLength ?? 1}–${rule.maxLength ?? LIMITS.string} characters`;
  if (rule.patternHint !== undefined) return rule.patternHint;
  return rule.pattern === undefined ? lengths : `${lengths} matching /${rule.pattern.source}/`;
}

function recordRef(type: RecordClass): string {
  return `#/definitions/${type.name}`;
}

function parameterText(parameter: ParameterDescriptor): string {
  const { record, rule, oneOf, empty } = parameter;
  const parts = [parameter.description];
  if (record !== undefined) {
    parts.push(`${parameter.list === true ? 'JSON array of' : 'JSON of'} ${record.name} (${recordRef(record)})`);
  } else if (oneOf !== undefined) {
    parts.push(`one of ${oneOf.join(', ')}`);
  } else if (rule !== undefined) {
    parts.push(parameter.list === true ? `JSON array of strings, each ${ruleText(rule)}` : ruleText(rule));
  }
  if (empty !== undefined) parts.push(`empty: ${empty}`);
  return parts.join('; ');
}

function parameterMetadata(parameter: ParameterDescriptor): ParameterMetadata {
  const schema: StringSchema =
    parameter.record === undefined ? { type: 'string' } : { type: 'string', title: parameter.record.name };
  return { name: parameter.name, description: parameterText(parameter), schema };
}

type ResultShape = 'record' | 'list' | 'page' | 'sealed';

/** The record class of a result and how it is wrapped. */
function resultParts(returns: ResultDescriptor): { readonly type: RecordClass; readonly shape: ResultShape } {
  if ('list' in returns) return { type: returns.list, shape: 'list' };
  if ('page' in returns) return { type: returns.page, shape: 'page' };
  if ('sealed' in returns) return { type: returns.sealed, shape: 'sealed' };
  return { type: returns, shape: 'record' };
}

function resultMetadata(returns: ResultDescriptor): TransactionMetadata['returns'] {
  const { type, shape } = resultParts(returns);
  const of = `${type.name} (${recordRef(type)})`;
  switch (shape) {
    case 'record':
      return { type: 'string', title: type.name, description: `JSON of ${of}` };
    case 'list':
      return { type: 'string', title: `${type.name}[]`, description: `JSON array of ${of}` };
    case 'page':
      return {
        type: 'string',
        title: `Page<${type.name}>`,
        description: `JSON of { records, bookmark, fetchedCount }, records an array of ${of}; an empty bookmark ends the list`,
      };
    case 'sealed':
      return {
        type: 'string',
        title: `Sealed<${type.name}>`,
        description: `JSON of { alg, ciphertext, iv, tag }: the JSON of ${of} encrypted to transient responseKey`,
      };
  }
}

function transactionMetadata(name: string, transaction: TransactionDescriptor): TransactionMetadata {
  return {
    name,
    tag: transaction.submit ? ['SUBMIT', 'submitTx'] : ['EVALUATE'],
    description: transaction.summary,
    parameters: transaction.parameters.map(parameterMetadata),
    ...(transaction.transient === undefined ? {} : { transient: [...transaction.transient] }),
    returns: resultMetadata(transaction.returns),
  };
}

/** Every record class the transactions take or return, by name. */
function recordNames(contracts: readonly ContractDescriptor[]): string[] {
  const names = new Set<string>();
  for (const transaction of contracts.flatMap((contract) => Object.values(contract.transactions))) {
    for (const parameter of transaction.parameters)
      if (parameter.record !== undefined) names.add(parameter.record.name);
    names.add(resultParts(transaction.returns).type.name);
  }
  return [...names].sort();
}

/**
 * @param options - the chaincode's version (its package's) and its contracts, the default first
 * @returns the chaincode's contract metadata, for its `META-INF/metadata.json`
 * @throws TypeError when there is no contract, or a descriptor names a class that is no protocol record
 */
export function contractMetadata(options: {
  readonly version: string;
  readonly contracts: readonly ContractDescriptor[];
}): ContractMetadata {
  const { version, contracts } = options;
  const first = contracts[0];
  if (first === undefined) throw new TypeError('a chaincode has at least one contract');
  const entries = contracts.map((contract) => [
    contract.contract,
    {
      name: contract.contract,
      info: { title: contract.title, version, description: contract.description },
      transactions: Object.entries(contract.transactions).map(([name, transaction]) =>
        transactionMetadata(name, transaction),
      ),
    },
  ]);
  const system = {
    name: SYSTEM_CONTRACT,
    transactions: [
      {
        name: 'GetMetadata',
        tag: ['EVALUATE'],
        description: "This document: the chaincode's contracts, their transactions and the records they exchange.",
        parameters: [],
        returns: { type: 'object', description: 'the contract metadata' },
      },
    ],
  };
  return {
    $schema: CONTRACT_SCHEMA,
    info: { title: first.title, version, description: first.description },
    contracts: Object.fromEntries([...entries, [SYSTEM_CONTRACT, system]]) as ContractMetadata['contracts'],
    components: { schemas: {} },
    definitions: recordSchemas(recordNames(contracts)),
  };
}
