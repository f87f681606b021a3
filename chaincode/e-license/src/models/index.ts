/**
 * The e-license records, defined once in `@govchain/protocol/e-license` (class-validator decorators, checked
 * by `storedRecord`/`argumentRecord`). They carry no fabric-contract-api @Object/@Property decorators on
 * purpose: every transaction takes and returns strings, and fabric-shim validates each argument against a
 * schema that embeds every declared @Object type, serializing it twice per argument (see BENCHMARKS.md).
 */
export * from '@govchain/protocol/e-license';
