import { Int, OneOf, Text, Time } from '../decorators';
import { CODE_RULE, ID_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import { GUARANTEE_STATUSES, type GuaranteeStatus, MAX_AMOUNT, ORG_NAME_RULE } from './rules';
import { Uscc } from './uscc';

/** What a trading centre records when a guarantor issues a guarantee (IssueGuarantee's argument). */
export class IssueGuaranteeInput {
  @Text(ID_RULE) guaranteeId!: string;

  @Text(ID_RULE) projectId!: string;

  @Uscc() bidderCode!: string;

  /** Unified social credit code of the guarantor (bank, insurer, guarantee company). */
  @Uscc() guarantorCode!: string;

  @Text(ORG_NAME_RULE) guarantorName!: string;

  /** Guaranteed amount, fen. */
  @Int(1, MAX_AMOUNT) amount!: number;

  /** Fee rate in basis points of the amount (100 = 1 %). */
  @Int(0, 10_000) rateBasisPoints!: number;

  /** Fingerprint of the guarantee letter. */
  @Text(SHA256_HEX_RULE) fingerprint!: string;
}

/**
 * An electronic bid guarantee issued by a guarantor for one bidder's bid on one project: what was issued
 * (the input's members, checked alike) and what the ledger adds.
 */
export class Guarantee extends IssueGuaranteeInput {
  /** The project's publishing centre (only its peers may endorse release or claim). */
  @Text(MSP_ID_RULE) projectCentreMsp!: string;

  @OneOf(GUARANTEE_STATUSES) status!: GuaranteeStatus;

  /** Code of the last status change (`ISSUED` at issuance). */
  @Text(CODE_RULE) statusReason!: string;

  /** Trading centre that recorded the issuance. */
  @Text(MSP_ID_RULE) issuedByMsp!: string;

  @Time() issuedAt!: string;

  @Time() updatedAt!: string;

  @Text(MSP_ID_RULE) updatedByMsp!: string;

  @Text(ID_RULE) txId!: string;
}
