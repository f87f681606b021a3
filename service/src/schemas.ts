/**
 * The JSON Schemas the service validates requests with and publishes in its OpenAPI document: the routes'
 * own, the protocol records they refer to (`#/definitions/<Record>`), and the problem document.
 */
import { recordSchemas } from '@govchain/protocol/schema';

/** A JSON Schema, as the service builds and publishes them. */
export type JsonSchema = object;
import type { ResultDescriptor } from '@govchain/protocol';
import type { Route } from './routes/route';

const REF = /"#\/definitions\/([A-Za-z0-9_]+)"/g;

/** The record names a schema refers to. */
function refsOf(schema: unknown): string[] {
  return [...JSON.stringify(schema).matchAll(REF)].map((m) => m[1] ?? '');
}

/** The record a result descriptor names, and how (one, list, page, sealed). */
export function resultRecord(returns: ResultDescriptor): { readonly name: string; readonly shape: string } {
  if (typeof returns === 'function') return { name: returns.name, shape: 'one' };
  if ('list' in returns) return { name: returns.list.name, shape: 'list' };
  if ('page' in returns) return { name: returns.page.name, shape: 'page' };
  return { name: returns.sealed.name, shape: 'sealed' };
}

/**
 * Every record the routes take or return, with what those nest.
 *
 * @param routes - the service's routes
 * @returns JSON Schemas by record name; nested records as `#/definitions/<Name>`
 */
export function recordsOf(routes: readonly Route[]): Record<string, JsonSchema> {
  const roots = new Set<string>();
  for (const route of routes) {
    for (const name of refsOf(route.body ?? {})) roots.add(name);
    roots.add(resultRecord(route.returns).name);
  }
  return recordSchemas([...roots].sort());
}

/**
 * A schema with every `#/definitions/<Name>` replaced by that record's schema, for the validator of one route
 * (Fastify compiles each route's schema alone).
 *
 * @param schema - a route's schema
 * @param records - {@link recordsOf}
 * @returns the schema with no references left
 * @throws TypeError on a reference to a record that is not there
 */
export function inlineRecords(schema: JsonSchema, records: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const seen: string[] = [];
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
      const name = ref.slice('#/definitions/'.length);
      const target = records[name];
      if (target === undefined) throw new TypeError(`no record schema ${name}`);
      if (seen.includes(name)) throw new TypeError(`record ${name} refers to itself`);
      seen.push(name);
      const done = inline(target);
      seen.pop();
      return done;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v)]));
  };
  return inline(schema) as JsonSchema;
}

/** The problem document (RFC 9457) every error answers with. */
export const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'urn:govchain:problem:<code>' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'the stable code a program acts on, e.g. NOT_FOUND' },
    transactionId: { type: 'string' },
    retryAfter: { type: 'integer', description: 'seconds to wait before trying again' },
  },
};
