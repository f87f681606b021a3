import type { Context } from 'fabric-contract-api';
import {
  CODE_RULE,
  DAY_MILLIS,
  ID_RULE,
  INDEX_VALUE,
  callerMsp,
  conflict,
  emitEvent,
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
  requireSalt,
  requireString,
  txTimeIso,
  txTimeMillis,
  writeJson,
  storedRecord,
  argumentRecord,
} from '@govchain/chaincode-common';
import { ISSUANCE_PURPOSES, requireGrantedHolderRef } from './holder-ref-grant-service';
import { readTransientHolder, refuseIssuerBoundKey, type TransientHolder } from './holder-service';
import { HOLDER_INDEX, ISSUER_INDEX, TYPE_INDEX, detailKey, indexKey, licenceKey } from './keys';
import {
  License,
  LicenseInput,
  type LicenseStatus,
  type LicenseType,
  type LicenseTypeRegistry,
  PrivateLicenseDetail,
} from './models';
import { guardKeys } from './ownership';
import { requireOwningChaincode } from './proposal';
import { requireIdInTypeRange, requireKnownType } from './registry-service';
import { supersessionPending } from './verify';

/** A checked `licenceJson` argument, its times in epoch milliseconds. */
interface CheckedLicense {
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
  readonly detail: PrivateLicenseDetail;
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
export function parseLicenseJson(json: string): CheckedLicense {
  const input = argumentRecord(LicenseInput, json, 'licence');
  const millis = (time: string | undefined, what: string): number | undefined =>
    time === undefined ? undefined : parseIsoTime(time, what);
  return {
    id: input.id,
    type: input.type,
    fingerprint: input.fingerprint,
    validFrom: millis(input.validFrom, 'licence.validFrom'),
    validUntil: millis(input.validUntil, 'licence.validUntil'),
    metadata: { ...input.metadata },
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
  return readJson(ctx, licenceKey(ctx, licenceId), storedRecord(License, 'licence'), `licence ${licenceId}`);
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
  input: CheckedLicense,
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
  input: CheckedLicense,
  predecessorId: string,
): Promise<NewLicense> {
  const type = requireKnownType(registry, input.type);
  const issuerMsp = requireCaller(ctx, type.issuerMsp, `issue ${type.code} licences`);
  requireOwningChaincode(ctx, type, `cannot issue licence ${input.id}`);
  requireIdInTypeRange(registry, type, input.id);
  const window = checkAgainstType(ctx, type, input);
  refuseIssuerBoundKey(ctx, registry);
  const fields = readTransientHolder(ctx);
  const salt = requireSalt(ctx);
  const holder = {
    ...fields,
    holderRef: await requireGrantedHolderRef(ctx, ISSUANCE_PURPOSES, `issuing licence ${input.id}`),
  };
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

  const detail = new PrivateLicenseDetail();
  detail.licenceId = input.id;
  detail.issuerMsp = issuerMsp;
  detail.holderRef = holder.holderRef;
  detail.idNumber = holder.idNumber;
  detail.name = holder.name;
  detail.extra = holder.extra;
  detail.salt = salt;
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
    throw invalidArgument(`the holder-reference grant is not for the holder of licence ${predecessorId}`);
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
  /** Reason recorded on a pending successor that follows its predecessor (empty: the caller's reason). */
  readonly followReason: string;
}

/** The status transitions. Revocation is final: nothing leaves REVOKED. */
export const TRANSITIONS = {
  SUSPEND: {
    verb: 'suspend',
    from: ['ACTIVE'],
    to: 'SUSPENDED',
    event: 'LicenseSuspended',
    followReason: 'PREDECESSOR_SUSPENDED',
  },
  REINSTATE: { verb: 'reinstate', from: ['SUSPENDED'], to: 'ACTIVE', event: 'LicenseReinstated', followReason: '' },
  REVOKE: {
    verb: 'revoke',
    from: ['ACTIVE', 'SUSPENDED'],
    to: 'REVOKED',
    event: 'LicenseRevoked',
    followReason: 'PREDECESSOR_REVOKED',
  },
} as const satisfies Record<string, Transition>;

/** Longest chain of pending successors a status change follows. */
export const MAX_FOLLOWED_SUCCESSORS = 16;

/**
 * SuspendLicense / ReinstateLicense / RevokeLicense.
 *
 * A licence renewed or replaced ahead of time (SUPERSEDED from a time still to
 * come) is still VALID until then, so it can be suspended and revoked like an
 * ACTIVE one. Its pending successor follows it: suspending or revoking the
 * predecessor suspends (`PREDECESSOR_SUSPENDED`) or revokes
 * (`PREDECESSOR_REVOKED`) the successor — the renewal of a licence that is
 * stopped must not take over at its start — and reinstating the predecessor
 * reinstates a successor suspended that way and puts the predecessor back to
 * SUPERSEDED from the successor's start (or now, if that has passed). A
 * successor the issuer suspended or revoked on its own is left as it is.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @param transition - which change
 * @param licenceId - licence id
 * @param reasonCode - upper-case reason code
 * @param effectiveAt - ISO-8601 UTC effective time, not after the transaction time; empty for the transaction time
 * @returns the updated licence
 */
export async function changeStatus(
  ctx: Context,
  registry: LicenseTypeRegistry,
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
  const type = registry.find(licence.type);
  if (type !== undefined) {
    requireOwningChaincode(ctx, type, `cannot ${transition.verb} licence ${licenceId}`);
  }
  const pending = transition.to !== 'ACTIVE' && supersessionPending(licence, now);
  if (!pending) {
    requireStatus(licence, transition.from, transition.verb);
  }
  // A pending supersession's effective time is still to come; the last change in force was recorded with it.
  const lastChange = pending ? licence.updatedAt : licence.statusEffectiveAt;
  if (effective < parseIsoTime(lastChange, 'statusEffectiveAt')) {
    throw invalidArgument(`effectiveAt must not be before the last status change (${lastChange})`);
  }
  const [updated, ...followers] = await plannedChanges(ctx, transition, licence, reasonCode, effective);
  if (updated === undefined) {
    throw new Error(`no change planned for licence ${licenceId}`);
  }
  for (const changed of [updated, ...followers]) {
    await writeJson(ctx, licenceKey(ctx, changed.id), changed);
  }
  emitEvent(ctx, transition.event, {
    licenceId,
    type: updated.type,
    issuerMsp: updated.issuerMsp,
    status: updated.status,
    reasonCode,
    effectiveAt: updated.statusEffectiveAt,
    followingLicenceIds: followers.map((follower) => follower.id),
    txId: updated.txId,
  });
  return updated;
}

/**
 * The changes a status change makes: the licence's own, then those of its
 * pending successors in chain order. Reads only.
 *
 * @param ctx - transaction context
 * @param transition - which change
 * @param licence - the licence the issuer acts on
 * @param reasonCode - the issuer's reason
 * @param effective - effective time, epoch milliseconds
 * @returns the licences after the change, the one acted on first
 */
async function plannedChanges(
  ctx: Context,
  transition: Transition,
  licence: License,
  reasonCode: string,
  effective: number,
): Promise<License[]> {
  const now = txTimeMillis(ctx);
  const chain = [licence];
  // The successor of the chain's last licence that does not follow (it decides where a reinstated licence returns).
  let beyond: License | undefined;
  for (let current = licence; current.successorId !== '';) {
    const next = await requireLicence(ctx, current.successorId);
    if (!successorFollows(transition, current, next, now)) {
      beyond = next;
      break;
    }
    if (chain.length > MAX_FOLLOWED_SUCCESSORS) {
      throw preconditionFailed(
        `licence ${licence.id} has more than ${MAX_FOLLOWED_SUCCESSORS} pending successors; ${transition.verb} the last ones first`,
      );
    }
    chain.push(next);
    current = next;
  }
  return chain.map((before, index) => {
    const reason = index === 0 || transition.followReason === '' ? reasonCode : transition.followReason;
    const successor = index + 1 < chain.length ? chain[index + 1] : beyond;
    return nextState(ctx, transition, before, successor, reason, effective);
  });
}

/**
 * Whether a successor follows its predecessor's status change. It is bound to
 * the predecessor while it has not taken over (the predecessor's supersession
 * is pending) or while it is suspended because the predecessor was
 * (`PREDECESSOR_SUSPENDED`); a bound successor is suspended if it is ACTIVE or
 * itself superseded ahead of time, revoked unless already revoked, and
 * reinstated only if suspended that way.
 *
 * @param transition - which change
 * @param predecessor - the predecessor, before the change
 * @param successor - its successor, before the change
 * @param now - transaction time, epoch milliseconds
 * @returns whether the successor changes too
 */
function successorFollows(transition: Transition, predecessor: License, successor: License, now: number): boolean {
  const suspendedAlong =
    successor.status === 'SUSPENDED' && successor.statusReason === TRANSITIONS.SUSPEND.followReason;
  const bound = supersessionPending(predecessor, now) || suspendedAlong;
  switch (transition.to) {
    case 'SUSPENDED':
      return bound && (successor.status === 'ACTIVE' || successor.status === 'SUPERSEDED');
    case 'REVOKED':
      return bound && successor.status !== 'REVOKED';
    default:
      return suspendedAlong;
  }
}

/**
 * A licence after the change. Reinstating a licence whose successor is alive
 * puts it back to SUPERSEDED from the successor's start (or the effective
 * time, if later), not to ACTIVE.
 *
 * @param ctx - transaction context
 * @param transition - which change
 * @param licence - the licence before
 * @param successor - its successor as it stands before the change (alive unless REVOKED), if any
 * @param reasonCode - reason to record
 * @param effective - effective time, epoch milliseconds
 * @returns the licence after
 */
function nextState(
  ctx: Context,
  transition: Transition,
  licence: License,
  successor: License | undefined,
  reasonCode: string,
  effective: number,
): License {
  if (transition.to === 'ACTIVE' && successor !== undefined && successor.status !== 'REVOKED') {
    const from = Math.max(effective, parseIsoTime(successor.validFrom, 'validFrom'));
    return stampChange(ctx, licence, 'SUPERSEDED', reasonCode, isoFromMillis(from));
  }
  return stampChange(ctx, licence, transition.to, reasonCode, isoFromMillis(effective));
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
