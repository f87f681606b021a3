/**
 * Canonical JSON: the one serialization used for every value the chaincodes
 * write (state, private data, events) and for the bytes a holder signs.
 *
 * The algorithm is RFC 8785 (JSON Canonicalization Scheme) for the JSON data
 * model, written without dependencies so that clients can reuse it verbatim:
 *
 * - object members are sorted by key, comparing UTF-16 code units (the default
 *   JavaScript string order), at every depth; members whose value is
 *   `undefined` are left out (JSON has no `undefined`);
 * - strings, numbers, booleans and `null` are written exactly as
 *   `JSON.stringify` writes them (ECMAScript number and string serialization,
 *   which is what RFC 8785 prescribes); no whitespace anywhere;
 * - non-finite numbers, `undefined` array elements, functions, symbols,
 *   bigints, and objects that are not plain data (Map, Set, Date, binary
 *   buffers) are refused with a TypeError instead of being silently changed.
 *
 * @example
 * canonicalJson({ b: [2, { d: 1, c: 'x' }], a: true }); // '{"a":true,"b":[2,{"c":"x","d":1}]}'
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$');
}

function serialize(value: unknown, path: string): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonical JSON: ${path} is not a finite number`);
      }
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? serializeArray(value, path) : serializeObject(value, path);
    default:
      throw new TypeError(`canonical JSON: ${path} has unsupported type ${typeof value}`);
  }
}

function serializeArray(values: readonly unknown[], path: string): string {
  const parts = values.map((element, index) => {
    if (element === undefined) {
      throw new TypeError(`canonical JSON: ${path}[${index}] is undefined`);
    }
    return serialize(element, `${path}[${index}]`);
  });
  return `[${parts.join(',')}]`;
}

function serializeObject(value: object, path: string): string {
  if (value instanceof Map || value instanceof Set || value instanceof Date || ArrayBuffer.isView(value)) {
    throw new TypeError(`canonical JSON: ${path} is a ${value.constructor.name}, not plain data`);
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member !== undefined) {
      parts.push(`${JSON.stringify(key)}:${serialize(member, `${path}.${key}`)}`);
    }
  }
  return `{${parts.join(',')}}`;
}
