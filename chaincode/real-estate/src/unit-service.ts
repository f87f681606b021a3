import type { Context } from 'fabric-contract-api';
import {
  CODE_RULE,
  ID_RULE,
  SHA256_HEX_RULE,
  argumentRecord,
  callerMsp,
  compositeKey,
  conflict,
  emitEvent,
  invalidArgument,
  notFound,
  parseIsoTime,
  preconditionFailed,
  readJson,
  readState,
  requireCaller,
  requireString,
  requireSalt,
  requireTransient,
  maxClockSkewMillis,
  storedRecord,
  txTimeIso,
  txTimeMillis,
  writeIndex,
} from '@govchain/chaincode-common';
import { transferRoles } from './departments';
import { currentCertificate, issueCertificate, replaceCertificate } from './e-license';
import { OWNER_INDEX, landUseRightKey, releaseKey, titleKey, unitKey } from './keys';
import { writeOwned } from './policies';
import {
  type CertificateRequest,
  ConfirmLandUseRightInput,
  Encumbrance,
  type EncumbranceKind,
  EncumbranceRelease,
  type LandUseKind,
  LandUseRight,
  MAX_ENCUMBRANCES,
  MortgageInput,
  type OwnerShare,
  PropertyUnit,
  RegisterUnitInput,
  ReplaceCertificateInput,
  SeizureInput,
  TitleEntry,
  type TitleKind,
  UNIT_NUMBER_RULE,
  compareStrings,
  isSeized,
  sortShares,
} from './models';

/**
 * @param value - the argument
 * @param what - its name in messages
 * @returns the unit number
 */
export function requireUnitNumber(value: string, what = 'unitNumber'): string {
  return requireString(value, what, UNIT_NUMBER_RULE);
}

/**
 * @param ctx - transaction context
 * @param unitNumber - unit number
 * @returns the unit, or undefined
 */
export async function readUnit(ctx: Context, unitNumber: string): Promise<PropertyUnit | undefined> {
  return readJson(ctx, unitKey(ctx, unitNumber), storedRecord(PropertyUnit, 'unit'), `unit ${unitNumber}`);
}

/**
 * @param ctx - transaction context
 * @param unitNumber - unit number
 * @returns the unit
 * @throws NOT_FOUND when it does not exist
 */
export async function requireUnit(ctx: Context, unitNumber: string): Promise<PropertyUnit> {
  const unit = await readUnit(ctx, unitNumber);
  if (unit === undefined) {
    throw notFound(`unit ${unitNumber} does not exist`);
  }
  return unit;
}

/**
 * @param ctx - transaction context
 * @param unitNumber - unit number
 * @returns the land-use right confirmed for first registration, or undefined
 */
export async function readLandUseRight(ctx: Context, unitNumber: string): Promise<LandUseRight | undefined> {
  return readJson(
    ctx,
    landUseRightKey(ctx, unitNumber),
    storedRecord(LandUseRight, 'land-use right'),
    `land-use right of unit ${unitNumber}`,
  );
}

/**
 * Checks a land-use term end: required and running, except for ALLOCATED land, which has no term. It must
 * end more than the clock-skew bound after the transaction time, so that no timestamp an honest endorser
 * accepts can confirm a term that has already ended.
 *
 * @param ctx - transaction context
 * @param input - the parsed argument holding `kind` and `termEnd`
 * @param what - its name in messages
 * @returns the kind and the term end (empty for none)
 */
export function readLandUse(
  ctx: Context,
  input: { readonly kind: LandUseKind; readonly termEnd?: string | undefined },
  what: string,
): { kind: LandUseKind; termEnd: string } {
  const { kind } = input;
  if (input.termEnd === undefined || input.termEnd === '') {
    if (kind !== 'ALLOCATED') {
      throw invalidArgument(`${what}.termEnd is required for ${kind} land`);
    }
    return { kind, termEnd: '' };
  }
  const termEnd = parseIsoTime(input.termEnd, `${what}.termEnd`, invalidArgument);
  const skew = maxClockSkewMillis();
  if (termEnd <= txTimeMillis(ctx) + skew) {
    throw invalidArgument(`${what}.termEnd must be more than ${skew / 1000} s after the transaction time`);
  }
  return { kind, termEnd: new Date(termEnd).toISOString() };
}

/**
 * Stamps a record with the transaction: time, caller, id.
 *
 * @param ctx - transaction context
 * @param record - the record (changed in place)
 * @returns the record
 */
export function stamp<T extends { updatedAt: string; updatedByMsp: string; txId: string }>(ctx: Context, record: T): T {
  record.updatedAt = txTimeIso(ctx);
  record.updatedByMsp = callerMsp(ctx);
  record.txId = ctx.stub.getTxID();
  return record;
}

/**
 * @param unit - a unit
 * @returns a copy that can be changed and written
 */
export function copyUnit(unit: PropertyUnit): PropertyUnit {
  const copy = Object.assign(new PropertyUnit(), unit);
  copy.owners = [...unit.owners];
  copy.encumbrances = [...unit.encumbrances];
  return copy;
}

/**
 * ConfirmLandUseRight: Natural Resources confirms the land-use right behind a
 * unit before its first registration.
 *
 * @param ctx - transaction context
 * @param json - `{ unitNumber, kind, termEnd?, evidenceFingerprint }`
 * @returns the confirmation
 */
export async function confirmLandUseRight(ctx: Context, json: string): Promise<LandUseRight> {
  const { landAuthority } = await transferRoles(ctx);
  const caller = requireCaller(ctx, landAuthority, 'confirm land-use rights');
  const input = argumentRecord(ConfirmLandUseRightInput, json, 'landUseRight');
  const right = new LandUseRight();
  right.unitNumber = input.unitNumber;
  const { kind, termEnd } = readLandUse(ctx, input, 'landUseRight');
  right.kind = kind;
  right.termEnd = termEnd;
  right.evidenceFingerprint = input.evidenceFingerprint;
  right.confirmedByMsp = caller;
  right.confirmedAt = txTimeIso(ctx);
  right.txId = ctx.stub.getTxID();
  if ((await readUnit(ctx, right.unitNumber)) !== undefined) {
    throw conflict(`unit ${right.unitNumber} is already registered`);
  }
  const key = landUseRightKey(ctx, right.unitNumber);
  if ((await readState(ctx, key)) !== undefined) {
    throw conflict(`the land-use right of unit ${right.unitNumber} is already confirmed`);
  }
  await writeOwned(ctx, key, right, landAuthority);
  emitEvent(ctx, 'LandUseRightConfirmed', {
    unitNumber: right.unitNumber,
    kind: right.kind,
    termEnd: right.termEnd,
    txId: right.txId,
  });
  return right;
}

/**
 * Reads the certificate members of a registration argument and the holder's transient data.
 *
 * @param ctx - transaction context
 * @param input - the argument
 * @param owners - the owners the certificate holder must be one of
 * @param what - the argument's name in messages
 * @returns the holder's share
 */
export function readCertificateArgs(
  ctx: Context,
  input: CertificateRequest,
  owners: readonly OwnerShare[],
  what: string,
): OwnerShare {
  const holder = owners.find((owner) => owner.holderRef === input.certificateHolderRef);
  if (holder === undefined) {
    throw invalidArgument(`${what}.certificateHolderRef must be one of the new owners`);
  }
  // e-license IssueLicense reads the same transient data: the grant of the holder's reference (to
  // RealEstateMSP, for REGISTER_PROPERTY), the holder's ID number and name, and the salt of the
  // certificate's private detail.
  requireTransient(ctx, 'idNumber', { maxLength: 64 });
  requireTransient(ctx, 'name', { maxLength: 128 });
  requireTransient(ctx, 'holderRefGrant', { maxLength: 64 });
  requireSalt(ctx);
  return holder;
}

function parseNewUnit(ctx: Context, json: string): RegisterUnitInput & { holder: OwnerShare } {
  const input = argumentRecord(RegisterUnitInput, json, 'unit');
  if (Number(input.areaSquareMetres) <= 0) {
    throw invalidArgument('unit.areaSquareMetres must be greater than 0');
  }
  input.owners = sortShares(input.owners);
  return Object.assign(input, { holder: readCertificateArgs(ctx, input, input.owners, 'unit') });
}

/**
 * Builds a title entry.
 *
 * @param ctx - transaction context
 * @param unit - the unit after the change (its titleSequence already advanced)
 * @param kind - FIRST_REGISTRATION or the transfer type
 * @param applicationId - the application, or empty
 * @param previousCertificateId - the revoked certificate, or empty
 * @returns the entry
 */
export function titleEntry(
  ctx: Context,
  unit: PropertyUnit,
  kind: TitleKind,
  applicationId: string,
  previousCertificateId: string,
): TitleEntry {
  const entry = new TitleEntry();
  entry.unitNumber = unit.unitNumber;
  entry.sequence = unit.titleSequence;
  entry.kind = kind;
  entry.applicationId = applicationId;
  entry.owners = unit.owners;
  entry.certificateId = unit.certificateId;
  entry.previousCertificateId = previousCertificateId;
  entry.registeredAt = txTimeIso(ctx);
  entry.registeredByMsp = callerMsp(ctx);
  entry.txId = ctx.stub.getTxID();
  return entry;
}

/**
 * Writes a title entry, owned by Real Estate.
 *
 * @param ctx - transaction context
 * @param entry - the entry
 */
export async function writeTitleEntry(ctx: Context, entry: TitleEntry): Promise<void> {
  const { propertyRegistry } = await transferRoles(ctx);
  await writeOwned(ctx, titleKey(ctx, entry.unitNumber, entry.sequence), entry, propertyRegistry);
}

/**
 * Writes a unit, owned by Real Estate (its owners, encumbrances and lock included).
 *
 * @param ctx - transaction context
 * @param unit - the unit
 */
export async function writeUnit(ctx: Context, unit: PropertyUnit): Promise<void> {
  const { propertyRegistry } = await transferRoles(ctx);
  await writeOwned(ctx, unitKey(ctx, unit.unitNumber), unit, propertyRegistry);
}

/**
 * Updates the owner index from the old owners to the new ones.
 *
 * @param ctx - transaction context
 * @param unitNumber - unit number
 * @param before - previous owners
 * @param after - new owners
 */
export async function reindexOwners(
  ctx: Context,
  unitNumber: string,
  before: readonly OwnerShare[],
  after: readonly OwnerShare[],
): Promise<void> {
  const old = new Set(before.map((owner) => owner.holderRef));
  const next = new Set(after.map((owner) => owner.holderRef));
  for (const ref of [...old].filter((r) => !next.has(r)).sort(compareStrings)) {
    await ctx.stub.deleteState(compositeKey(ctx, OWNER_INDEX, [ref, unitNumber]));
  }
  for (const ref of [...next].filter((r) => !old.has(r)).sort(compareStrings)) {
    await writeIndex(ctx, OWNER_INDEX, [ref, unitNumber]);
  }
}

/**
 * RegisterUnit: first registration by Real Estate of a unit whose land-use
 * right Natural Resources has confirmed; issues the unit's real-estate
 * certificate through e-license to the certificate holder (transient
 * `holderRefGrant`, `idNumber`, `name`).
 *
 * @param ctx - transaction context
 * @param json - unitJson
 * @returns the unit
 */
export async function registerUnit(ctx: Context, json: string): Promise<PropertyUnit> {
  const roles = await transferRoles(ctx);
  requireCaller(ctx, roles.propertyRegistry, 'register property units');
  const input = parseNewUnit(ctx, json);
  if ((await readUnit(ctx, input.unitNumber)) !== undefined) {
    throw conflict(`unit ${input.unitNumber} is already registered`);
  }
  const right = await readLandUseRight(ctx, input.unitNumber);
  if (right === undefined) {
    throw preconditionFailed(
      `the land-use right of unit ${input.unitNumber} is not confirmed by ${roles.landAuthority}`,
    );
  }

  const unit = new PropertyUnit();
  unit.unitNumber = input.unitNumber;
  unit.location = input.location;
  unit.areaSquareMetres = input.areaSquareMetres;
  unit.use = input.use;
  unit.landUseRight = right;
  unit.owners = input.owners;
  unit.encumbrances = [];
  unit.status = 'REGISTERED';
  unit.openApplicationId = '';
  unit.certificateId = input.certificateId;
  unit.titleSequence = 1;
  unit.registeredAt = txTimeIso(ctx);
  stamp(ctx, unit);

  await issueCertificate(ctx, {
    certificateId: unit.certificateId,
    fingerprint: input.certificateFingerprint,
    unitNumber: unit.unitNumber,
    location: unit.location,
    areaSquareMetres: unit.areaSquareMetres,
    use: unit.use,
    landUseRight: right,
    holder: input.holder,
    registrationType: 'FIRST_REGISTRATION',
  });
  await writeUnit(ctx, unit);
  await reindexOwners(ctx, unit.unitNumber, [], unit.owners);
  await writeTitleEntry(ctx, titleEntry(ctx, unit, 'FIRST_REGISTRATION', '', ''));
  emitEvent(ctx, 'UnitRegistered', {
    unitNumber: unit.unitNumber,
    certificateId: unit.certificateId,
    ownerCount: unit.owners.length,
    txId: unit.txId,
  });
  return unit;
}

/**
 * ReplaceCertificate: Real Estate reissues a unit's certificate (lost,
 * damaged, corrected) through e-license ReplaceLicense, and the unit names the
 * replacement from now on. Certificates are written only through this
 * chaincode (the type's owning chaincode in e-license's registry), so the
 * register and e-license cannot drift apart. The holder's reference comes
 * from Real Estate's holder-reference grant (transient `holderRefGrant`) and
 * must be the replaced certificate's holder's; `idNumber` and `name` travel in
 * transient data for the private detail. Refused while a transfer is open: its registration
 * issues a new certificate anyway.
 *
 * @param ctx - transaction context
 * @param unitNumber - the unit
 * @param json - `{ certificateId, certificateFingerprint }` of the replacement
 * @param reasonCode - upper-case reason recorded on the replaced certificate, e.g. `LOST`
 * @returns the unit
 */
export async function replaceUnitCertificate(
  ctx: Context,
  unitNumber: string,
  json: string,
  reasonCode: string,
): Promise<PropertyUnit> {
  requireCaller(ctx, (await transferRoles(ctx)).propertyRegistry, 'replace real-estate certificates');
  requireUnitNumber(unitNumber);
  const { certificateId, certificateFingerprint: fingerprint } = argumentRecord(
    ReplaceCertificateInput,
    json,
    'replacement',
  );
  requireString(reasonCode, 'reasonCode', CODE_RULE);
  requireTransient(ctx, 'idNumber', { maxLength: 64 });
  requireTransient(ctx, 'holderRefGrant', { maxLength: 64 });
  requireSalt(ctx);
  const unit = await requireUnit(ctx, unitNumber);
  if (unit.status !== 'REGISTERED') {
    throw preconditionFailed(
      `cannot replace the certificate of unit ${unitNumber} while transfer application ${unit.openApplicationId} is open`,
    );
  }
  const current = await currentCertificate(ctx, unit.certificateId);
  if (current.check.result !== 'VALID' || current.check.licence === undefined) {
    throw preconditionFailed(
      `certificate ${current.certificateId} of unit ${unitNumber} is ${current.check.result} in e-license`,
    );
  }
  await replaceCertificate(ctx, current.check.licence, certificateId, fingerprint, reasonCode);
  const updated = stamp(ctx, copyUnit(unit));
  updated.certificateId = certificateId;
  await writeUnit(ctx, updated);
  emitEvent(ctx, 'CertificateReplaced', {
    unitNumber,
    certificateId,
    previousCertificateId: current.certificateId,
    reasonCode,
    txId: updated.txId,
  });
  return updated;
}

// ------------------------------------------------------------ encumbrances

/** How an encumbrance transaction is described. */
interface EncumbranceVerb {
  readonly kind: EncumbranceKind;
  readonly event: string;
  /** Parses the JSON argument: the id, the holder (mortgagee or court) and the evidence. */
  readonly parse: (json: string) => Pick<Encumbrance, 'id' | 'holder' | 'evidenceFingerprint'>;
}

export const MORTGAGE: EncumbranceVerb = {
  kind: 'MORTGAGE',
  event: 'MortgageRegistered',
  parse: (json) => {
    const { id, mortgagee: holder, evidenceFingerprint } = argumentRecord(MortgageInput, json, 'mortgage');
    return { id, holder, evidenceFingerprint };
  },
};
export const SEIZURE: EncumbranceVerb = {
  kind: 'SEIZURE',
  event: 'SeizureRegistered',
  parse: (json) => {
    const { id, court: holder, evidenceFingerprint } = argumentRecord(SeizureInput, json, 'seizure');
    return { id, holder, evidenceFingerprint };
  },
};

/**
 * Checks that an encumbrance id is new for the unit (never used, not even by a released one).
 *
 * @param ctx - transaction context
 * @param unit - the unit
 * @param encumbranceId - the id
 * @throws CONFLICT when used
 */
export async function requireNewEncumbranceId(ctx: Context, unit: PropertyUnit, encumbranceId: string): Promise<void> {
  const used =
    unit.encumbrances.some((encumbrance) => encumbrance.id === encumbranceId) ||
    (await readState(ctx, releaseKey(ctx, unit.unitNumber, encumbranceId))) !== undefined;
  if (used) {
    throw conflict(`encumbrance ${encumbranceId} already exists on unit ${unit.unitNumber}`);
  }
  if (unit.encumbrances.length >= MAX_ENCUMBRANCES) {
    throw preconditionFailed(`unit ${unit.unitNumber} carries the most encumbrances allowed (${MAX_ENCUMBRANCES})`);
  }
}

/**
 * Builds a new encumbrance stamped with the transaction.
 *
 * @param ctx - transaction context
 * @param fields - id, kind, holder, evidence, application
 * @returns the encumbrance
 */
export function newEncumbrance(
  ctx: Context,
  fields: Pick<Encumbrance, 'id' | 'kind' | 'holder' | 'evidenceFingerprint' | 'applicationId'>,
): Encumbrance {
  const encumbrance = Object.assign(new Encumbrance(), fields);
  encumbrance.registeredAt = txTimeIso(ctx);
  encumbrance.registeredByMsp = callerMsp(ctx);
  encumbrance.txId = ctx.stub.getTxID();
  return encumbrance;
}

/**
 * @param encumbrances - encumbrances
 * @returns them sorted by id
 */
export function sortEncumbrances(encumbrances: Encumbrance[]): Encumbrance[] {
  return encumbrances.sort((a, b) => compareStrings(a.id, b.id));
}

/**
 * RegisterMortgage / RegisterSeizure. A mortgage needs a unit that is neither
 * in transfer nor seized; a seizure (a court order) is registered in any case.
 *
 * @param ctx - transaction context
 * @param verb - mortgage or seizure
 * @param unitNumber - the unit
 * @param json - `{ id, mortgagee | court, evidenceFingerprint }`
 * @returns the unit
 */
export async function registerEncumbrance(
  ctx: Context,
  verb: EncumbranceVerb,
  unitNumber: string,
  json: string,
): Promise<PropertyUnit> {
  requireCaller(ctx, (await transferRoles(ctx)).propertyRegistry, `register a ${verb.kind.toLowerCase()}`);
  requireUnitNumber(unitNumber);
  const fields = { ...verb.parse(json), kind: verb.kind, applicationId: '' };
  const unit = await requireUnit(ctx, unitNumber);
  if (verb.kind === 'MORTGAGE' && unit.status === 'IN_TRANSFER') {
    throw preconditionFailed(`unit ${unitNumber} is locked by transfer application ${unit.openApplicationId}`);
  }
  if (verb.kind === 'MORTGAGE' && isSeized(unit)) {
    throw preconditionFailed(`unit ${unitNumber} is seized; it cannot be mortgaged`);
  }
  await requireNewEncumbranceId(ctx, unit, fields.id);
  const updated = stamp(ctx, copyUnit(unit));
  updated.encumbrances = sortEncumbrances([...unit.encumbrances, newEncumbrance(ctx, fields)]);
  await writeUnit(ctx, updated);
  emitEvent(ctx, verb.event, { unitNumber, encumbranceId: fields.id, kind: verb.kind, txId: updated.txId });
  return updated;
}

/**
 * Writes the record of a released encumbrance (its evidence stays on the ledger), owned by Real Estate.
 *
 * @param ctx - transaction context
 * @param unitNumber - the unit
 * @param encumbrance - the released encumbrance
 * @param evidenceFingerprint - SHA-256 of the discharge certificate, release order or consent
 * @param applicationId - the transfer that discharged it, or empty
 */
export async function writeRelease(
  ctx: Context,
  unitNumber: string,
  encumbrance: Encumbrance,
  evidenceFingerprint: string,
  applicationId: string,
): Promise<void> {
  const record = Object.assign(new EncumbranceRelease(), {
    unitNumber,
    encumbranceId: encumbrance.id,
    kind: encumbrance.kind,
    holder: encumbrance.holder,
    evidenceFingerprint,
    applicationId,
    releasedAt: txTimeIso(ctx),
    releasedByMsp: callerMsp(ctx),
    txId: ctx.stub.getTxID(),
  });
  const { propertyRegistry } = await transferRoles(ctx);
  await writeOwned(ctx, releaseKey(ctx, unitNumber, encumbrance.id), record, propertyRegistry);
}

/**
 * DischargeMortgage / ReleaseSeizure.
 *
 * @param ctx - transaction context
 * @param kind - MORTGAGE or SEIZURE
 * @param unitNumber - the unit
 * @param encumbranceId - the encumbrance
 * @param evidenceFingerprint - SHA-256 of the mortgagee's discharge certificate or the court's release order
 * @returns the unit
 */
export async function releaseEncumbrance(
  ctx: Context,
  kind: EncumbranceKind,
  unitNumber: string,
  encumbranceId: string,
  evidenceFingerprint: string,
): Promise<PropertyUnit> {
  const verb = kind === 'MORTGAGE' ? 'discharge mortgages' : 'release seizures';
  requireCaller(ctx, (await transferRoles(ctx)).propertyRegistry, verb);
  requireUnitNumber(unitNumber);
  requireString(encumbranceId, 'encumbranceId', ID_RULE);
  requireString(evidenceFingerprint, 'evidenceFingerprint', SHA256_HEX_RULE);
  const unit = await requireUnit(ctx, unitNumber);
  const encumbrance = unit.encumbrances.find((item) => item.id === encumbranceId && item.kind === kind);
  if (encumbrance === undefined) {
    throw notFound(`unit ${unitNumber} has no ${kind.toLowerCase()} ${encumbranceId}`);
  }
  const updated = stamp(ctx, copyUnit(unit));
  updated.encumbrances = unit.encumbrances.filter((item) => item.id !== encumbranceId);
  await writeUnit(ctx, updated);
  await writeRelease(ctx, unitNumber, encumbrance, evidenceFingerprint, '');
  emitEvent(ctx, kind === 'MORTGAGE' ? 'MortgageDischarged' : 'SeizureReleased', {
    unitNumber,
    encumbranceId,
    kind,
    txId: updated.txId,
  });
  return updated;
}
