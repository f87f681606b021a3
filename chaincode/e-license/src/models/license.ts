import {
  CODE_RULE,
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { METADATA_FIELD_RULE } from './license-type';

/** Lifecycle status of a licence. */
export const LICENSE_STATUSES = ['ACTIVE', 'SUSPENDED', 'REVOKED', 'SUPERSEDED'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/** Metadata values: non-personal, short text. */
export const METADATA_VALUE_RULE = { minLength: 1, maxLength: 256 } as const;

/**
 * The public record of a licence: everything on it may be seen by every
 * department; personal detail lives in the issuer's implicit collection.
 */
export class License {
  /** Licence id, unique on the channel, e.g. `BL-2025-000123`. */
  public id = '';

  /** Licence-type code. */
  public type = '';

  /** MSP id of the issuing department. */
  public issuerMsp = '';

  /** Holder reference: HMAC-SHA256 of the holder's normalized ID number under the channel's holder-reference key. */
  public holderRef = '';

  /** SHA-256 of the canonical document, 64 lowercase hex characters. */
  public fingerprint = '';

  /** Start of validity (inclusive), ISO-8601 UTC. */
  public validFrom = '';

  /** End of validity (exclusive), ISO-8601 UTC; empty when the licence does not expire. */
  public validUntil = '';

  /** Non-personal metadata, as required by the licence type. */
  public metadata: Record<string, string> = {};

  /** ACTIVE, SUSPENDED, REVOKED or SUPERSEDED. */
  public status = 'ACTIVE';

  /** Reason code of the last status change (`ISSUED` at issuance). */
  public statusReason = '';

  /** Effective time of the last status change, ISO-8601 UTC. */
  public statusEffectiveAt = '';

  /** Id of the licence this one renews or replaces; empty if none. */
  public predecessorId = '';

  /** Id of the licence that superseded this one; empty if none. */
  public successorId = '';

  /** Issuance time (transaction time), ISO-8601 UTC. */
  public issuedAt = '';

  /** Time of the last change (transaction time), ISO-8601 UTC. */
  public updatedAt = '';

  /** MSP that submitted the last change. */
  public updatedByMsp = '';

  /** Transaction id of the last change. */
  public txId = '';

  /**
   * Checks a licence read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the licence
   */
  static from(value: unknown): License {
    const input = JsonObject.from(value, 'licence', corruptState).allowOnly(Object.keys(new License()));
    const licence = new License();
    licence.id = input.string('id', ID_RULE);
    licence.type = input.string('type', CODE_RULE);
    licence.issuerMsp = input.string('issuerMsp', MSP_ID_RULE);
    licence.holderRef = input.string('holderRef', SHA256_HEX_RULE);
    licence.fingerprint = input.string('fingerprint', SHA256_HEX_RULE);
    licence.validFrom = input.string('validFrom', ISO_UTC_RULE);
    licence.validUntil = input.optionalString('validUntil', ISO_UTC_RULE) ?? '';
    licence.metadata = input.stringMap('metadata', METADATA_FIELD_RULE, METADATA_VALUE_RULE);
    licence.status = input.string('status', { pattern: /^(ACTIVE|SUSPENDED|REVOKED|SUPERSEDED)$/ });
    licence.statusReason = input.string('statusReason', CODE_RULE);
    licence.statusEffectiveAt = input.string('statusEffectiveAt', ISO_UTC_RULE);
    licence.predecessorId = input.optionalString('predecessorId', ID_RULE) ?? '';
    licence.successorId = input.optionalString('successorId', ID_RULE) ?? '';
    licence.issuedAt = input.string('issuedAt', ISO_UTC_RULE);
    licence.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    licence.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    licence.txId = input.string('txId', ID_RULE);
    return licence;
  }
}
