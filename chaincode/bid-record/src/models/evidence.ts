/* eslint-disable @typescript-eslint/no-inferrable-types -- fabric-contract-api reads each @Property's design:type, which TypeScript emits only from an explicit annotation. */
import { Object as DataType, Property } from 'fabric-contract-api';
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
@DataType()
export class Evidence {
  /** The id of the transaction that recorded it. */
  @Property()
  public evidenceId: string = '';

  @Property()
  public projectId: string = '';

  /** The step it documents, e.g. `BID_OPENING`. */
  @Property()
  public step: string = '';

  /** SHA-256 of the original. */
  @Property()
  public fingerprint: string = '';

  @Property()
  public mediaType: string = '';

  /** Size of the original in bytes. */
  @Property()
  public size: number = 0;

  /** Where the recording department keeps the original. */
  @Property()
  public storageUri: string = '';

  /** Optional short description (no personal data); empty if none. */
  @Property()
  public description: string = '';

  /** The recording department. */
  @Property()
  public recorderMsp: string = '';

  /** Transaction time. */
  @Property()
  public recordedAt: string = '';

  @Property()
  public txId: string = '';

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
