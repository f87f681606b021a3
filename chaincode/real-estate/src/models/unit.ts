import { ID_RULE, ISO_UTC_RULE, JsonObject, MSP_ID_RULE, corruptState } from '@govchain/chaincode-common';
import { Encumbrance } from './encumbrance';
import { LandUseRight } from './land-use-right';
import { OwnerShare, readOwnerShares } from './owner-share';
import { AREA_RULE, LOCATION_RULE, MAX_ENCUMBRANCES, UNIT_NUMBER_RULE, UNIT_STATUSES, UNIT_USES, oneOf } from './rules';

/** A registered property unit. Everything on it is public; owners appear only as holder references. */
export class PropertyUnit {
  /** Unit number, unique on the channel. */
  public unitNumber = '';

  public location = '';

  /** Area in square metres, decimal text (e.g. `89.50`). */
  public areaSquareMetres = '';

  /** RESIDENTIAL, COMMERCIAL, OFFICE, INDUSTRIAL or OTHER. */
  public use = '';

  public landUseRight: LandUseRight = new LandUseRight();

  /** Owners sorted by holder reference; shares sum to 10000 basis points. */
  public owners: OwnerShare[] = [];

  /** Mortgages and seizures, sorted by id. */
  public encumbrances: Encumbrance[] = [];

  /** REGISTERED, or IN_TRANSFER while a transfer application is open (the unit is locked). */
  public status = 'REGISTERED';

  /** The open transfer application; empty when none. */
  public openApplicationId = '';

  /** The current real-estate certificate (an e-license licence id). */
  public certificateId = '';

  /** Number of entries in the chain of title. */
  public titleSequence = 0;

  public registeredAt = '';

  public updatedAt = '';

  public updatedByMsp = '';

  public txId = '';

  /** @returns whether a judicial seizure is registered on the unit */
  isSeized(): boolean {
    return this.encumbrances.some((encumbrance) => encumbrance.kind === 'SEIZURE');
  }

  /**
   * @param value - parsed JSON read back from the ledger
   * @returns the unit
   */
  static from(value: unknown): PropertyUnit {
    const input = JsonObject.from(value, 'unit', corruptState).allowOnly(Object.keys(new PropertyUnit()));
    const unit = new PropertyUnit();
    unit.unitNumber = input.string('unitNumber', UNIT_NUMBER_RULE);
    unit.location = input.string('location', LOCATION_RULE);
    unit.areaSquareMetres = input.string('areaSquareMetres', AREA_RULE);
    unit.use = input.string('use', oneOf(UNIT_USES));
    unit.landUseRight = LandUseRight.from(input.raw('landUseRight'), 'unit.landUseRight');
    unit.owners = readOwnerShares(input, 'owners', 'unit', corruptState);
    unit.encumbrances = input
      .array('encumbrances', 0, MAX_ENCUMBRANCES)
      .map((item, index) => Encumbrance.from(item, `unit.encumbrances[${index}]`));
    unit.status = input.string('status', oneOf(UNIT_STATUSES));
    unit.openApplicationId = input.optionalString('openApplicationId', ID_RULE) ?? '';
    unit.certificateId = input.string('certificateId', ID_RULE);
    unit.titleSequence = input.integer('titleSequence', 1, 1_000_000);
    unit.registeredAt = input.string('registeredAt', ISO_UTC_RULE);
    unit.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    unit.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    unit.txId = input.string('txId', ID_RULE);
    return unit;
  }
}
