import { CODE_RULE, JsonObject, MSP_ID_RULE, corruptState, type FailureFactory } from '@govchain/chaincode-common';

/** Metadata field names: lowerCamelCase identifiers. */
export const METADATA_FIELD_RULE = {
  pattern: /^[a-z][A-Za-z0-9]{0,63}$/,
  patternHint: 'a lowerCamelCase name',
} as const;

/**
 * Licence-id prefixes a type may reserve: a letter or digit, then letters,
 * digits and `._:-`, ending in `-` or `:` (so `REC-` cannot be mistaken for the
 * start of a longer word).
 */
export const ID_PREFIX_RULE = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}[-:]$/,
  patternHint: 'up to 32 characters of a licence id, ending in "-" or ":"',
} as const;

/** Chaincode names as Fabric's lifecycle accepts them. */
export const CHAINCODE_NAME_RULE = {
  pattern: /^[A-Za-z0-9]+([-_][A-Za-z0-9]+)*$/,
  maxLength: 64,
  patternHint: 'a Fabric chaincode name',
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
   * Licence-id prefix reserved for this type, e.g. `REC-`: every licence of
   * the type has an id starting with it, and no licence of another type may.
   * Undefined: the type reserves none (its ids share what no type reserves).
   */
  public idPrefix: string | undefined = undefined;

  /**
   * The chaincode through which alone licences of this type are issued and
   * change status (e.g. `real-estate` for the certificates of its register):
   * e-license refuses any such write whose signed proposal invokes another
   * chaincode. Undefined: the issuer calls e-license directly.
   */
  public owningChaincode: string | undefined = undefined;

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
      'idPrefix',
      'owningChaincode',
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
    type.idPrefix = input.optionalString('idPrefix', ID_PREFIX_RULE);
    type.owningChaincode = input.optionalString('owningChaincode', CHAINCODE_NAME_RULE);
    return type;
  }
}
