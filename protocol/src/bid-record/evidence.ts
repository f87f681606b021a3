import { Int, OneOf, Optional, Text, Time } from '../decorators';
import { ID_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import {
  DESCRIPTION_RULE,
  EVIDENCE_STEPS,
  type EvidenceStep,
  MAX_AMOUNT,
  MEDIA_TYPE_RULE,
  STORAGE_URI_RULE,
} from './rules';

/** Witness evidence of one step of a tender (video of the opening, signed minutes, …): the original stays off-chain. */
export class Evidence {
  /** The id of the transaction that recorded it. */
  @Text(ID_RULE) evidenceId!: string;

  @Text(ID_RULE) projectId!: string;

  /** The step it documents, e.g. `BID_OPENING`. */
  @OneOf(EVIDENCE_STEPS) step!: EvidenceStep;

  /** SHA-256 of the original. */
  @Text(SHA256_HEX_RULE) fingerprint!: string;

  @Text(MEDIA_TYPE_RULE) mediaType!: string;

  /** Size of the original in bytes. */
  @Int(0, MAX_AMOUNT) size!: number;

  /** Where the recording department keeps the original. */
  @Text(STORAGE_URI_RULE) storageUri!: string;

  /** Optional short description (no personal data); empty if none. */
  @Text(DESCRIPTION_RULE, { empty: true }) description = '';

  /** The recording department. */
  @Text(MSP_ID_RULE) recorderMsp!: string;

  /** Transaction time. */
  @Time() recordedAt!: string;

  @Text(ID_RULE) txId!: string;
}

/** What a department records as witness evidence (RecordEvidence's argument). */
export class RecordEvidenceInput {
  @OneOf(EVIDENCE_STEPS) step!: EvidenceStep;

  @Text(SHA256_HEX_RULE) fingerprint!: string;

  @Text(MEDIA_TYPE_RULE) mediaType!: string;

  /** Bytes. */
  @Int(0, MAX_AMOUNT) size!: number;

  @Text(STORAGE_URI_RULE) storageUri!: string;

  /** Short, no personal data; may be left out. */
  @Optional() @Text(DESCRIPTION_RULE, { empty: true }) description?: string;
}
