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
import type { ValidationError, ValidatorOptions } from 'class-validator';

export const ValidateBy = validateBy;
export const ValidateNested = validateNested;
export const IsOptional = isOptional;

const validator = new Validator();

/**
 * @param object - an instance of a decorated class
 * @param options - validation options
 * @returns the validation errors (empty when valid)
 */
export function validateSync(object: object, options: ValidatorOptions): ValidationError[] {
  return validator.validateSync(object, options);
}

export type { ValidationArguments, ValidationError, ValidatorOptions } from 'class-validator';
