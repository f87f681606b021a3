import {
  type FailureFactory,
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { DISPOSITION_ACTIONS, ENCUMBRANCE_KINDS, PARTY_CODE_RULE, oneOf } from './rules';

/** A mortgage or a judicial seizure on a unit. */
export class Encumbrance {
  /** Id, unique within the unit. */
  public id = '';

  /** MORTGAGE or SEIZURE. */
  public kind = '';

  /** The mortgagee (institution code or MSP id) or the court (court code). Never a person's name. */
  public holder = '';

  /** SHA-256 of the mortgage contract or the court's seizure order. */
  public evidenceFingerprint = '';

  /** The transfer application that registered it (provident-fund mortgage at registration); empty otherwise. */
  public applicationId = '';

  public registeredAt = '';

  public registeredByMsp = '';

  public txId = '';

  /**
   * @param value - parsed JSON read back from the ledger
   * @param what - its name in messages
   * @returns the encumbrance
   */
  static from(value: unknown, what = 'encumbrance'): Encumbrance {
    const input = JsonObject.from(value, what, corruptState).allowOnly(Object.keys(new Encumbrance()));
    const encumbrance = new Encumbrance();
    encumbrance.id = input.string('id', ID_RULE);
    encumbrance.kind = input.string('kind', oneOf(ENCUMBRANCE_KINDS));
    encumbrance.holder = input.string('holder', PARTY_CODE_RULE);
    encumbrance.evidenceFingerprint = input.string('evidenceFingerprint', SHA256_HEX_RULE);
    encumbrance.applicationId = input.optionalString('applicationId', ID_RULE) ?? '';
    encumbrance.registeredAt = input.string('registeredAt', ISO_UTC_RULE);
    encumbrance.registeredByMsp = input.string('registeredByMsp', MSP_ID_RULE);
    encumbrance.txId = input.string('txId', ID_RULE);
    return encumbrance;
  }
}

/** What a transfer application declares for one encumbrance the unit carries. */
export class EncumbranceDisposition {
  public encumbranceId = '';

  /** DISCHARGE or CARRY_OVER. */
  public action = '';

  /** SHA-256 of the mortgagee's consent (mortgage) or the court's order (seizure). */
  public evidenceFingerprint = '';

  /**
   * @param value - parsed JSON
   * @param what - its name in messages
   * @param fail - error factory
   * @returns the disposition
   */
  static from(value: unknown, what: string, fail: FailureFactory = corruptState): EncumbranceDisposition {
    const input = JsonObject.from(value, what, fail).allowOnly(['encumbranceId', 'action', 'evidenceFingerprint']);
    const disposition = new EncumbranceDisposition();
    disposition.encumbranceId = input.string('encumbranceId', ID_RULE);
    disposition.action = input.string('action', oneOf(DISPOSITION_ACTIONS));
    disposition.evidenceFingerprint = input.string('evidenceFingerprint', SHA256_HEX_RULE);
    return disposition;
  }
}
