/**
 * The parts of class-validator the protocol uses, loaded from their own modules: the package's index
 * also loads every built-in validator (validator.js, libphonenumber-js — about half a second of start-up
 * for every CLI command and chaincode server), and govchain's rules are its own (`decorators.ts`).
 * The metadata storage is global, so class-validator-jsonschema (which loads the index, on demand) reads
 * what these decorators registered.
 */
import { ValidateBy as validateBy } from 'class-validator/cjs/decorator/common/ValidateBy';
import { ValidateNested as validateNested } from 'class-validator/cjs/decorator/common/ValidateNested';
import { IsOptional as isOptional } from 'class-validator/cjs/decorator/common/IsOptional';
import { Validator } from 'class-validator/cjs/validation/Validator';
import { getMetadataStorage } from 'class-validator/cjs/metadata/MetadataStorage';
import type { ValidationError, ValidatorOptions } from 'class-validator';

export const ValidateBy = validateBy;
export const ValidateNested = validateNested;
export const IsOptional = isOptional;

const validator = new Validator();

memoizeMetadataLookups();

/**
 * class-validator looks up a class's validation metadata on every call: it walks every decorated class for
 * inheritance, filters, and groups the result by member — most of the time a record's check takes. The
 * metadata depends only on the classes (their decorators run once, when a module loads), so the lookups are
 * remembered per class and options and forgotten whenever a decorator adds metadata. Nothing here depends on
 * a record's values: a check's outcome is the library's own.
 */
function memoizeMetadataLookups(): void {
  const storage = getMetadataStorage();
  type Metadata = Parameters<typeof storage.addValidationMetadata>[0];
  const lookups = new Map<unknown, Map<string, Metadata[]>>();
  let grouped = new WeakMap<Metadata[], Record<string, Metadata[]>>();
  const add = storage.addValidationMetadata.bind(storage);
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    lookups.clear();
    grouped = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}|${always}|${strictGroups}|${(groups ?? []).join(',')}`;
    let byOptions = lookups.get(target);
    if (byOptions === undefined) lookups.set(target, (byOptions = new Map<string, Metadata[]>()));
    let found = byOptions.get(key);
    if (found === undefined) byOptions.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadatas) => {
    let found = grouped.get(metadatas);
    if (found === undefined) grouped.set(metadatas, (found = group(metadatas)));
    return found;
  };
}

/**
 * @param object - an instance of a decorated class
 * @param options - validation options
 * @returns the validation errors (empty when valid)
 */
export function validateSync(object: object, options: ValidatorOptions): ValidationError[] {
  return validator.validateSync(object, options);
}

export type { ValidationArguments, ValidationError, ValidatorOptions } from 'class-validator';
