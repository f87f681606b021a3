import { CODE_RULE, JsonObject, MSP_ID_RULE, corruptState, type FailureFactory } from '@govchain/chaincode-common';

/** Metadata field names: lowerCamelCase identifiers. */
export const METADATA_FIELD_RULE = {
  pattern: /^[a-z][A-Za-z0-9]{0,63}$/,
  patternHint: 'a lowerCamelCase name',
} as const;

/** Longest default validity a type may declare (100 years). */
export const MAX_VALIDITY_DAYS = 36_525;

/**
 * One entry of the licence-type registry: which department may issue the
 * type, which non-personal metadata a licence of the type carries, and its
 * default validity.
 */
export class LicenseType {
  /** Upper-case code, e.g. `BUSINESS_LICENCE`. */
  public code = '';

  /** Human-readable name. */
  public name = '';

  /** MSP id of the only department allowed to issue this type. */
  public issuerMsp = '';

  /** Metadata fields every licence of this type must carry. */
  public requiredMetadata: string[] = [];

  /** Metadata fields a licence of this type may carry. */
  public optionalMetadata: string[] = [];

  /** Default validity in days from `validFrom`; 0 means the licence does not expire. */
  public defaultValidityDays = 0;

  /**
   * Checks a licence type (as given by a caller or read back from the ledger).
   *
   * @param value - parsed JSON
   * @param fail - error factory: INVALID_ARGUMENT for input, corrupt state for stored data
   * @param what - name in error messages
   * @returns the licence type, with metadata field lists sorted
   */
  static from(value: unknown, fail: FailureFactory = corruptState, what = 'licence type'): LicenseType {
    const input = JsonObject.from(value, what, fail).allowOnly([
      'code',
      'name',
      'issuerMsp',
      'requiredMetadata',
      'optionalMetadata',
      'defaultValidityDays',
    ]);
    const type = new LicenseType();
    type.code = input.string('code', CODE_RULE);
    type.name = input.string('name', { maxLength: 128 });
    type.issuerMsp = input.string('issuerMsp', MSP_ID_RULE);
    type.requiredMetadata = input
      .stringArray('requiredMetadata', METADATA_FIELD_RULE, { unique: true, maxItems: 32 })
      .sort();
    type.optionalMetadata = input.has('optionalMetadata')
      ? input.stringArray('optionalMetadata', METADATA_FIELD_RULE, { unique: true, maxItems: 32 }).sort()
      : [];
    const both = type.requiredMetadata.find((field) => type.optionalMetadata.includes(field));
    if (both !== undefined) {
      throw fail(`${what}: metadata field ${both} is listed as both required and optional`);
    }
    type.defaultValidityDays = input.integer('defaultValidityDays', 0, MAX_VALIDITY_DAYS);
    return type;
  }
}
