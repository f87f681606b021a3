import { ISO_UTC_RULE, ID_RULE, JsonObject, MSP_ID_RULE, corruptState } from '@govchain/chaincode-common';
import { LicenseType } from './license-type';

/**
 * The licence-type registry, stored as one state key so that every change is a
 * write to that key and needs the majority endorsement set on it.
 */
export class LicenseTypeRegistry {
  /** Department MSPs that govern the registry (a majority of their peers must endorse changes). */
  public governanceMsps: string[] = [];

  /** Licence types, sorted by code. */
  public types: LicenseType[] = [];

  /** Time of the last change. */
  public updatedAt = '';

  /** MSP that submitted the last change. */
  public updatedByMsp = '';

  /** Transaction of the last change. */
  public txId = '';

  /**
   * Transaction that seeded the registry from the package's files. While `txId` equals it the
   * registry is exactly as seeded; every later change was endorsed by a majority of the departments.
   */
  public seededTxId = '';

  /**
   * @param code - licence-type code
   * @returns the type, or undefined when the registry has none with that code
   */
  find(code: string): LicenseType | undefined {
    return this.types.find((type) => type.code === code);
  }

  /**
   * Checks a registry read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the registry
   */
  static from(value: unknown): LicenseTypeRegistry {
    const input = JsonObject.from(value, 'registry', corruptState).allowOnly([
      'governanceMsps',
      'types',
      'updatedAt',
      'updatedByMsp',
      'txId',
      'seededTxId',
    ]);
    const registry = new LicenseTypeRegistry();
    registry.governanceMsps = input.stringArray('governanceMsps', MSP_ID_RULE, { unique: true, maxItems: 64 });
    registry.types = input
      .array('types', 0, 500)
      .map((type, index) => LicenseType.from(type, corruptState, `registry.types[${index}]`));
    registry.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    registry.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    registry.txId = input.string('txId', ID_RULE);
    registry.seededTxId = input.optionalString('seededTxId', ID_RULE) ?? '';
    return registry;
  }
}
