import type { Context } from 'fabric-contract-api';
import {
  CODE_RULE,
  DAY_MILLIS,
  ID_RULE,
  INDEX_VALUE,
  JsonObject,
  SHA256_HEX_RULE,
  callerMsp,
  conflict,
  emitEvent,
  forbidden,
  hmacSha256Hex,
  implicitCollection,
  invalidArgument,
  isoFromMillis,
  marshal,
  notFound,
  parseIsoTime,
  preconditionFailed,
  readJson,
  readState,
  requireCaller,
  requireString,
  txTimeIso,
  txTimeMillis,
  writeJson,
} from '@govchain/chaincode-common';
import { readTransientHolder, refuseIssuerBoundKey, requireHolderRefKey, type TransientHolder } from './holder-service';
import { HOLDER_INDEX, ISSUER_INDEX, TYPE_INDEX, detailKey, indexKey, licenceKey } from './keys';
import {
  License,
  LicenseDetail,
  type LicenseStatus,
  type LicenseType,
  type LicenseTypeRegistry,
  METADATA_FIELD_RULE,
  METADATA_VALUE_RULE,
} from './models';
import { guardKeys } from './ownership';
import { requireKnownType } from './registry-service';

/** Fields of the `licenceJson` argument of IssueLicense, RenewLicense and ReplaceLicense. */
export interface LicenseJson {
  readonly id: string;
  readonly type: string;
  readonly fingerprint: string;
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A checked `licenceJson` argument. */
interface LicenseInput {
  readonly id: string;
  readonly type: string;
  readonly fingerprint: string;
  readonly validFrom: number | undefined;
  readonly validUntil: number | undefined;
  readonly metadata: Record<string, string>;
}

/** Everything a new licence writes, computed before the first write. */
interface NewLicense {
  readonly licence: License;
  readonly detail: LicenseDetail;
  readonly holder: TransientHolder;
}

/**
 * Checks a licence id argument.
 *
 * @param id - the argument
 * @param what - its name in messages
 * @returns the id
 */
export function requireLicenceId(id: string, what = 'licence id'): string {
  return requireString(id, what, ID_RULE);
}

/**
 * Checks a reason code argument (upper-case code, e.g. `FRAUD`).
 *
 * @param code - the argument
 * @returns the code
 */
export function requireReasonCode(code: string): string {
  return requireString(code, 'reasonCode', CODE_RULE);
}

/**
 * Parses the `licenceJson` argument.
 *
 * @param json - JSON text
 * @returns the checked input
 * @throws INVALID_ARGUMENT when malformed
 */
export function parseLicenseJson(json: string): LicenseInput {
  const input = JsonObject.parse(json, 'licence').allowOnly([
    'id',
    'type',
    'fingerprint',
    'validFrom',
    'validUntil',
    'metadata',
  ]);
  return {
    id: input.string('id', ID_RULE),
    type: input.string('type', CODE_RULE),
    fingerprint: input.string('fingerprint', SHA256_HEX_RULE),
    validFrom: input.has('validFrom') ? input.time('validFrom') : undefined,
    validUntil: input.has('validUntil') ? input.time('validUntil') : undefined,
    metadata: input.stringMap('metadata', METADATA_FIELD_RULE, METADATA_VALUE_RULE, 64),
  };
}

/**
 * Reads a licence.
 *
 * @param ctx - transaction context
 * @param licenceId - licence id
 * @returns the licence, or undefined
 */
export async function readLicence(ctx: Context, licenceId: string): Promise<License | undefined> {
  return readJson(ctx, licenceKey(ctx, licenceId), (value) => License.from(value), `licence ${licenceId}`);
}

/**
 * @param ctx - transaction context
 * @param licenceId - licence id
 * @returns the licence
 * @throws NOT_FOUND when it does not exist
 */
export async function requireLicence(ctx: Context, licenceId: string): Promise<License> {
  const licence = await readLicence(ctx, licenceId);
  if (licence === undefined) {
    throw notFound(`licence ${licenceId} does not exist`);
  }
  return licence;
}

/**
 * Checks a new licence against its type: metadata fields and validity window.
 *
 * @param ctx - transaction context
 * @param type - the licence type
 * @param input - the checked input
 * @returns the validity window as ISO strings (`validUntil` empty when the licence does not expire)
 * @throws INVALID_ARGUMENT when metadata or validity is wrong
 */
function checkAgainstType(
  ctx: Context,
  type: LicenseType,
  input: LicenseInput,
): { readonly validFrom: string; readonly validUntil: string } {
  for (const field of type.requiredMetadata) {
    if (input.metadata[field] === undefined) {
      throw invalidArgument(`licence.metadata.${field} is required for licence type ${type.code}`);
    }
  }
  const allowed = [...type.requiredMetadata, ...type.optionalMetadata];
  const unknown = Object.keys(input.metadata).find((field) => !allowed.includes(field));
  if (unknown !== undefined) {
    throw invalidArgument(`licence.metadata.${unknown} is not a metadata field of licence type ${type.code}`);
  }
  const validFrom = input.validFrom ?? txTimeMillis(ctx);
  const validUntil =
    input.validUntil ?? (type.defaultValidityDays > 0 ? validFrom + type.defaultValidityDays * DAY_MILLIS : undefined);
  if (validUntil !== undefined && validUntil <= validFrom) {
    throw invalidArgument('licence.validUntil must be after licence.validFrom');
  }
  return { validFrom: isoFromMillis(validFrom), validUntil: validUntil === undefined ? '' : isoFromMillis(validUntil) };
}

/**
 * Checks and prepares a new licence (issue, renew, replace) without writing anything.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @param input - the checked licenceJson
 * @param predecessorId - licence being renewed or replaced, or empty
 * @returns what the new licence writes
 */
async function prepareLicence(
  ctx: Context,
  registry: LicenseTypeRegistry,
  input: LicenseInput,
  predecessorId: string,
): Promise<NewLicense> {
  const type = requireKnownType(registry, input.type);
  const issuerMsp = requireCaller(ctx, type.issuerMsp, `issue ${type.code} licences`);
  const window = checkAgainstType(ctx, type, input);
  refuseIssuerBoundKey(ctx, registry);
  const keyHex = await requireHolderRefKey(ctx);
  const holder = readTransientHolder(ctx, keyHex);
  if ((await readState(ctx, licenceKey(ctx, input.id))) !== undefined) {
    throw conflict(`licence ${input.id} already exists`);
  }
  const now = txTimeIso(ctx);
  const txId = ctx.stub.getTxID();

  const licence = new License();
  licence.id = input.id;
  licence.type = type.code;
  licence.issuerMsp = issuerMsp;
  licence.holderRef = holder.holderRef;
  licence.fingerprint = input.fingerprint;
  licence.validFrom = window.validFrom;
  licence.validUntil = window.validUntil;
  licence.metadata = input.metadata;
  licence.status = 'ACTIVE';
  licence.statusReason = 'ISSUED';
  licence.statusEffectiveAt = now;
  licence.predecessorId = predecessorId;
  licence.issuedAt = now;
  licence.updatedAt = now;
  licence.updatedByMsp = issuerMsp;
  licence.txId = txId;

  const detail = new LicenseDetail();
  detail.licenceId = input.id;
  detail.issuerMsp = issuerMsp;
  detail.holderRef = holder.holderRef;
  detail.idNumber = holder.idNumber;
  detail.name = holder.name;
  detail.extra = holder.extra;
  detail.salt = hmacSha256Hex(Buffer.from(keyHex, 'hex'), `licence-detail-salt\n${input.id}\n${txId}`);
  detail.recordedAt = now;
  detail.txId = txId;

  return { licence, detail, holder };
}

/**
 * Writes a prepared licence: public record, indexes, private detail into the
 * issuer's implicit collection, and the issuer's key-level policy on the record
 * (the issuer and one other department must endorse any later change). The
 * indexes stay under the chaincode-level policy (any two departments): an entry
 * only points at a licence, and list queries re-check the licence it points at,
 * so a planted entry is never listed. Each key-level policy costs every
 * validating peer a policy evaluation, so only the record that matters has one.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry (its departments co-endorse)
 * @param prepared - the prepared licence
 */
async function writeLicence(ctx: Context, registry: LicenseTypeRegistry, prepared: NewLicense): Promise<void> {
  const { licence, detail } = prepared;
  const key = licenceKey(ctx, licence.id);
  const indexes = [
    indexKey(ctx, HOLDER_INDEX, [licence.holderRef, licence.id]),
    indexKey(ctx, ISSUER_INDEX, [licence.issuerMsp, licence.id]),
    indexKey(ctx, TYPE_INDEX, [licence.type, licence.id]),
  ];
  await writeJson(ctx, key, licence);
  for (const index of indexes) {
    await ctx.stub.putState(index, INDEX_VALUE);
  }
  await ctx.stub.putPrivateData(implicitCollection(licence.issuerMsp), detailKey(ctx, licence.id), marshal(detail));
  await guardKeys(ctx, [key], licence.issuerMsp, registry);
}

/**
 * IssueLicense.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @param json - licenceJson argument
 * @returns the new public licence record
 */
export async function issueLicence(ctx: Context, registry: LicenseTypeRegistry, json: string): Promise<License> {
  const input = parseLicenseJson(json);
  const prepared = await prepareLicence(ctx, registry, input, '');
  await writeLicence(ctx, registry, prepared);
  const { licence } = prepared;
  emitEvent(ctx, 'LicenseIssued', {
    licenceId: licence.id,
    type: licence.type,
    issuerMsp: licence.issuerMsp,
    status: licence.status,
    validFrom: licence.validFrom,
    validUntil: licence.validUntil,
    txId: licence.txId,
  });
  return licence;
}

/** How a licence is superseded. */
export type SupersedeKind = 'RENEW' | 'REPLACE';

/**
 * RenewLicense / ReplaceLicense: issues a new licence linked to its
 * predecessor, which becomes SUPERSEDED from the new licence's start (or now,
 * if later).
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @param predecessorId - licence being renewed or replaced
 * @param json - licenceJson of the new licence
 * @param kind - RENEW or REPLACE
 * @param reasonCode - reason recorded on the predecessor
 * @returns the new licence
 */
export async function supersedeLicence(
  ctx: Context,
  registry: LicenseTypeRegistry,
  predecessorId: string,
  json: string,
  kind: SupersedeKind,
  reasonCode: string,
): Promise<License> {
  const input = parseLicenseJson(json);
  const predecessor = await requireLicence(ctx, predecessorId);
  const verb = kind === 'RENEW' ? 'renew' : 'replace';
  requireCaller(ctx, predecessor.issuerMsp, `${verb} licence ${predecessorId}`);
  requireStatus(predecessor, ['ACTIVE'], verb);
  if (input.type !== predecessor.type) {
    throw invalidArgument(`licence.type must be ${predecessor.type}, the type of licence ${predecessorId}`);
  }
  const prepared = await prepareLicence(ctx, registry, input, predecessorId);
  if (prepared.holder.holderRef !== predecessor.holderRef) {
    throw invalidArgument(`transient field idNumber does not identify the holder of licence ${predecessorId}`);
  }
  const successor = prepared.licence;
  const effective = Math.max(txTimeMillis(ctx), parseIsoTime(successor.validFrom, 'validFrom'));
  const superseded = stampChange(ctx, predecessor, 'SUPERSEDED', reasonCode, isoFromMillis(effective));
  superseded.successorId = successor.id;

  await writeLicence(ctx, registry, prepared);
  await writeJson(ctx, licenceKey(ctx, predecessor.id), superseded);
  emitEvent(ctx, kind === 'RENEW' ? 'LicenseRenewed' : 'LicenseReplaced', {
    licenceId: successor.id,
    predecessorId: predecessor.id,
    type: successor.type,
    issuerMsp: successor.issuerMsp,
    status: successor.status,
    reasonCode,
    validFrom: successor.validFrom,
    validUntil: successor.validUntil,
    txId: successor.txId,
  });
  return successor;
}

/** A status transition of SuspendLicense, ReinstateLicense, RevokeLicense. */
interface Transition {
  readonly verb: string;
  readonly from: readonly LicenseStatus[];
  readonly to: LicenseStatus;
  readonly event: string;
}

/** The status transitions. Revocation is final: nothing leaves REVOKED. */
export const TRANSITIONS = {
  SUSPEND: { verb: 'suspend', from: ['ACTIVE'], to: 'SUSPENDED', event: 'LicenseSuspended' },
  REINSTATE: { verb: 'reinstate', from: ['SUSPENDED'], to: 'ACTIVE', event: 'LicenseReinstated' },
  REVOKE: { verb: 'revoke', from: ['ACTIVE', 'SUSPENDED'], to: 'REVOKED', event: 'LicenseRevoked' },
} as const satisfies Record<string, Transition>;

/**
 * SuspendLicense / ReinstateLicense / RevokeLicense.
 *
 * @param ctx - transaction context
 * @param transition - which change
 * @param licenceId - licence id
 * @param reasonCode - upper-case reason code
 * @param effectiveAt - ISO-8601 UTC effective time, not after the transaction time; empty for the transaction time
 * @returns the updated licence
 */
export async function changeStatus(
  ctx: Context,
  transition: Transition,
  licenceId: string,
  reasonCode: string,
  effectiveAt: string,
): Promise<License> {
  requireLicenceId(licenceId);
  requireReasonCode(reasonCode);
  const now = txTimeMillis(ctx);
  const effective = effectiveAt === '' ? now : parseIsoTime(effectiveAt, 'effectiveAt');
  if (effective > now) {
    throw invalidArgument('effectiveAt must not be after the transaction time');
  }
  const licence = await requireLicence(ctx, licenceId);
  requireCaller(ctx, licence.issuerMsp, `${transition.verb} licence ${licenceId}`);
  requireStatus(licence, transition.from, transition.verb);
  if (effective < parseIsoTime(licence.statusEffectiveAt, 'statusEffectiveAt')) {
    throw invalidArgument(`effectiveAt must not be before the last status change (${licence.statusEffectiveAt})`);
  }
  const updated = stampChange(ctx, licence, transition.to, reasonCode, isoFromMillis(effective));
  await writeJson(ctx, licenceKey(ctx, licenceId), updated);
  emitEvent(ctx, transition.event, {
    licenceId,
    type: updated.type,
    issuerMsp: updated.issuerMsp,
    status: updated.status,
    reasonCode,
    effectiveAt: updated.statusEffectiveAt,
    txId: updated.txId,
  });
  return updated;
}

/**
 * @param licence - the licence
 * @param allowed - statuses the action is allowed from
 * @param verb - the action, for the message
 * @throws PRECONDITION_FAILED when the licence is in another status
 */
function requireStatus(licence: License, allowed: readonly LicenseStatus[], verb: string): void {
  if ((allowed as readonly string[]).includes(licence.status)) {
    return;
  }
  switch (licence.status) {
    case 'REVOKED':
      throw preconditionFailed(`licence ${licence.id} is revoked; revocation is final`);
    case 'SUPERSEDED':
      throw preconditionFailed(`licence ${licence.id} is superseded by licence ${licence.successorId}`);
    default:
      throw preconditionFailed(`cannot ${verb} licence ${licence.id}: it is ${licence.status}`);
  }
}

function stampChange(
  ctx: Context,
  licence: License,
  status: LicenseStatus,
  reasonCode: string,
  effectiveAt: string,
): License {
  const updated = Object.assign(new License(), licence);
  updated.status = status;
  updated.statusReason = reasonCode;
  updated.statusEffectiveAt = effectiveAt;
  updated.updatedAt = txTimeIso(ctx);
  updated.updatedByMsp = callerMsp(ctx);
  updated.txId = ctx.stub.getTxID();
  return updated;
}

/**
 * Requires the caller to be the licence's issuer.
 *
 * @param ctx - transaction context
 * @param licence - the licence
 * @param action - what the caller tries to do
 * @throws FORBIDDEN otherwise
 */
export function requireIssuer(ctx: Context, licence: License, action: string): void {
  if (callerMsp(ctx) !== licence.issuerMsp) {
    throw forbidden(`${callerMsp(ctx)} may not ${action} (only ${licence.issuerMsp} may)`);
  }
}
