import {
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import {
  DESCRIPTION_RULE,
  EVIDENCE_STEPS,
  MAX_AMOUNT,
  MEDIA_TYPE_RULE,
  STORAGE_URI_RULE,
  oneOf,
  optional,
} from './rules';

/** Witness evidence of one step of a tender (video of the opening, signed minutes, …): the original stays off-chain. */
export class Evidence {
  /** The id of the transaction that recorded it. */
  public evidenceId = '';

  public projectId = '';

  /** The step it documents, e.g. `BID_OPENING`. */
  public step = '';

  /** SHA-256 of the original. */
  public fingerprint = '';

  public mediaType = '';

  /** Size of the original in bytes. */
  public size = 0;

  /** Where the recording department keeps the original. */
  public storageUri = '';

  /** Optional short description (no personal data); empty if none. */
  public description = '';

  /** The recording department. */
  public recorderMsp = '';

  /** Transaction time. */
  public recordedAt = '';

  public txId = '';

  /**
   * Checks evidence read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the evidence
   */
  static from(value: unknown): Evidence {
    const input = JsonObject.from(value, 'evidence', corruptState).allowOnly(Object.keys(new Evidence()));
    const evidence = new Evidence();
    evidence.evidenceId = input.string('evidenceId', ID_RULE);
    evidence.projectId = input.string('projectId', ID_RULE);
    evidence.step = input.string('step', oneOf(EVIDENCE_STEPS));
    evidence.fingerprint = input.string('fingerprint', SHA256_HEX_RULE);
    evidence.mediaType = input.string('mediaType', MEDIA_TYPE_RULE);
    evidence.size = input.integer('size', 0, MAX_AMOUNT);
    evidence.storageUri = input.string('storageUri', STORAGE_URI_RULE);
    evidence.description = optional(input, 'description', DESCRIPTION_RULE);
    evidence.recorderMsp = input.string('recorderMsp', MSP_ID_RULE);
    evidence.recordedAt = input.string('recordedAt', ISO_UTC_RULE);
    evidence.txId = input.string('txId', ID_RULE);
    return evidence;
  }
}
