/**
 * JSON Schema (draft 2020-12 compatible) for every protocol record, from the same decorators that check
 * them — for the REST service's OpenAPI document and the chaincodes' contract metadata. Loaded on demand
 * (`@govchain/protocol/schema`): the chaincodes never pay for it on the transaction path.
 */
// class-transformer keeps its @Type metadata in this storage; the schema generator needs it for nesting.
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { ListBounds, TextOptions } from '../decorators';
import { LIMITS } from '../limits';
import type { StringRule } from '../rules';
import type { ParameterDescriptor } from '../transactions';
import '../bid-record';
import '../e-license';
import '../real-estate';

/** A JSON Schema object. */
export type SchemaObject = ReturnType<typeof validationMetadatasToSchemas>[string];

function textSchema(rule: StringRule, options: TextOptions = {}): SchemaObject {
  const schema: SchemaObject = {
    type: 'string',
    minLength: rule.minLength ?? 1,
    maxLength: rule.maxLength ?? LIMITS.string,
  };
  if (rule.pattern !== undefined) schema.pattern = rule.pattern.source;
  if (rule.patternHint !== undefined) schema.description = rule.patternHint;
  return options.empty === true ? { anyOf: [schema, { type: 'string', enum: [''] }] } : schema;
}

const CONVERTERS: Record<string, (meta: ValidationMetadata) => SchemaObject> = {
  govchainText: (meta) => textSchema(meta.constraints[0] as StringRule, meta.constraints[1] as TextOptions),
  govchainTime: (meta) => ({
    ...textSchema(
      { maxLength: 24, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/ },
      meta.constraints[0] as TextOptions,
    ),
    format: 'date-time',
  }),
  govchainInt: (meta) => ({
    type: 'integer',
    minimum: meta.constraints[0] as number,
    maximum: meta.constraints[1] as number,
  }),
  govchainNumber: (meta) => ({
    type: 'number',
    minimum: meta.constraints[0] as number,
    maximum: meta.constraints[1] as number,
  }),
  govchainUscc: (meta) => textSchema(meta.constraints[0] as StringRule),
  govchainRule: (meta) => meta.constraints[0] as SchemaObject,
  govchainBoolean: () => ({ type: 'boolean' }),
  govchainOneOf: (meta) => ({ type: 'string', enum: [...(meta.constraints[0] as readonly string[])] }),
  govchainObject: () => ({ type: 'object' }),
  // real-estate's owner lists: the shape is NestedList's; what the schema cannot say is described.
  govchainOwnerShares: () => ({ description: 'distinct holders whose shares sum to 10000 basis points' }),
  govchainList: (meta) => {
    const bounds = meta.constraints[0] as ListBounds;
    return {
      type: 'array',
      minItems: bounds.min ?? 0,
      maxItems: bounds.max ?? 100,
      ...(bounds.unique === true ? { uniqueItems: true } : {}),
    };
  },
  govchainTextMap: (meta) => ({
    type: 'object',
    maxProperties: meta.constraints[2] as number,
    propertyNames: textSchema(meta.constraints[0] as StringRule),
    additionalProperties: textSchema(meta.constraints[1] as StringRule),
  }),
};

/**
 * @returns a JSON Schema per record class, by class name; nested records by `$ref` to `#/definitions/<Name>`
 */
export function protocolSchemas(): Record<string, SchemaObject> {
  return validationMetadatasToSchemas({
    // Our class-transformer (0.5) is newer than the generator's (0.4, via fabric-contract-api); the storage API it reads is the same.
    classTransformerMetadataStorage: defaultMetadataStorage as never,
    additionalConverters: CONVERTERS,
  });
}

/** Every decorated class by name (the metadata storage is keyed by constructor). */
function decoratedClasses(): Map<string, new () => object> {
  // The storage keeps its metadata private; this is the map the schema generator reads too.
  const storage = getMetadataStorage() as unknown as {
    readonly validationMetadatas: Map<new () => object, unknown>;
  };
  return new Map([...storage.validationMetadatas.keys()].map((type) => [type.name, type]));
}

/** Members with a default (a property initializer) are not required, and the schema says the default. */
function withDefaults(name: string, schema: SchemaObject): SchemaObject {
  const type = decoratedClasses().get(name);
  if (type === undefined || !('properties' in schema) || schema.properties === undefined) return schema;
  const defaults = new type() as Record<string, unknown>;
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([key, member]) =>
      defaults[key] === undefined ? [key, member] : [key, { ...member, default: defaults[key] }],
    ),
  );
  const required = (schema.required ?? []).filter((key) => defaults[key] === undefined);
  return { ...schema, properties, required };
}

/**
 * The schemas of some record classes and of every class they nest, each closed (`additionalProperties: false`,
 * as the records are parsed) and stating its members' defaults; nested records by `$ref` to
 * `#/definitions/<Name>`.
 *
 * @param roots - record class names (as {@link protocolSchemas} keys them)
 * @returns the schemas by class name, in the order found: each root, then what it nests not listed yet
 * @throws TypeError when a root names no protocol class
 */
export function recordSchemas(roots: readonly string[]): Record<string, SchemaObject> {
  const all = protocolSchemas();
  const needed = new Map<string, SchemaObject>();
  const visit = (name: string): void => {
    const schema = all[name];
    if (schema === undefined || needed.has(name)) return;
    needed.set(name, schema);
    for (const match of JSON.stringify(schema).matchAll(/"#\/definitions\/([A-Za-z0-9_]+)"/g)) visit(match[1] ?? '');
  };
  for (const root of roots) {
    if (all[root] === undefined) throw new TypeError(`no protocol class named ${root}`);
    visit(root);
  }
  return Object.fromEntries(
    [...needed.entries()].map(([name, schema]) => [
      name,
      withDefaults(name, { ...schema, additionalProperties: false }),
    ]),
  );
}

/**
 * One self-contained JSON Schema (draft 2020-12) for a document class and every class it nests, for
 * publishing beside the files it describes.
 *
 * @param root - the document class's name (as {@link protocolSchemas} keys it)
 * @param meta - `$id`, `title` and `description` of the schema
 * @returns the schema
 */
export function documentSchema(
  root: string,
  meta: { readonly $id: string; readonly title: string; readonly description: string },
): Record<string, unknown> {
  const { [root]: rootSchema, ...defs } = recordSchemas([root]);
  if (rootSchema === undefined) throw new TypeError(`no protocol class named ${root}`);
  const text = JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...meta,
    ...rootSchema,
    $defs: defs,
  }).replaceAll('"#/definitions/', '"#/$defs/');
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * The JSON Schema of one transaction parameter as a caller sends it (a REST service's path, query or body
 * member): its rule, its choices, or a list of either; a record parameter is a `$ref` to
 * `#/definitions/<Record>`. An optional parameter (one that may be empty) also accepts the empty string.
 *
 * @param parameter - the parameter's descriptor
 * @returns its schema, with the descriptor's description
 */
export function parameterSchema(parameter: ParameterDescriptor): SchemaObject {
  let item: SchemaObject;
  if (parameter.record !== undefined) item = { $ref: `#/definitions/${parameter.record.name}` } as SchemaObject;
  else if (parameter.oneOf !== undefined) item = { type: 'string', enum: [...parameter.oneOf] };
  else if (parameter.rule !== undefined) item = textSchema(parameter.rule);
  else item = { type: 'string', maxLength: LIMITS.string };
  const schema: SchemaObject = parameter.list === true ? { type: 'array', items: item, maxItems: 100 } : item;
  const description =
    parameter.empty === undefined ? parameter.description : `${parameter.description} (default: ${parameter.empty})`;
  return { ...schema, description };
}

export { type ContractMetadata, contractMetadata } from './metadata';
