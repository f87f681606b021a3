import type { Context } from 'fabric-contract-api';
import {
  callerMsp,
  emitEvent,
  forbidden,
  invalidArgument,
  isoFromMillis,
  notFound,
  optionalRequest,
  parseIsoTime,
  preconditionFailed,
  priorResult,
  readJson,
  rememberRequest,
  txTimeIso,
  txTimeMillis,
  unmarshal,
  writeJson,
  storedRecord,
} from '@govchain/chaincode-common';
import { ownedPolicy, requireCentreOrRegulator } from './config-service';
import { BLACKLIST_NAMESPACE, CREDIT_NAMESPACE, blacklistKey, creditKey } from './keys';
import {
  BidderProfile,
  Blacklisting,
  CreditRecord,
  type CreditKind,
  type TradingConfig,
} from '@govchain/protocol/bid-record';
import { optionalFingerprint, requireCode, requireId, requireProject, storedTime } from './project-service';
import { requireUscc } from './uscc';

/** Recent records in a profile when the caller passes none. */
export const DEFAULT_RECENT_RECORDS = 10;

/** What a new credit record says. */
export interface CreditEntry {
  readonly bidderCode: string;
  readonly kind: CreditKind;
  readonly projectId: string;
  readonly reasonCode?: string;
  readonly evidenceFingerprint?: string;
}

/**
 * Builds a credit record stamped with the caller and the transaction.
 *
 * @param ctx - transaction context
 * @param entry - what it says
 * @returns the record
 */
export function newCreditRecord(ctx: Context, entry: CreditEntry): CreditRecord {
  const record = new CreditRecord();
  record.bidderCode = entry.bidderCode;
  record.kind = entry.kind;
  record.projectId = entry.projectId;
  record.recordedByMsp = callerMsp(ctx);
  record.reasonCode = entry.reasonCode ?? '';
  record.evidenceFingerprint = entry.evidenceFingerprint ?? '';
  record.recordedAt = txTimeIso(ctx);
  record.txId = ctx.stub.getTxID();
  return record;
}

/**
 * Writes a credit record. Credit records are never changed; the key-level
 * policy needs the recording department and one other department, so the
 * recorder alone cannot change or delete one either.
 *
 * @param ctx - transaction context
 * @param config - the configuration
 * @param record - the record
 * @returns its state key
 */
export async function writeCreditRecord(ctx: Context, config: TradingConfig, record: CreditRecord): Promise<string> {
  const key = creditKey(ctx, record.bidderCode, record.recordedAt, record.txId, record.kind);
  await writeJson(ctx, key, record);
  await ctx.stub.setStateValidationParameter(key, ownedPolicy(config, record.recordedByMsp));
  return key;
}

/**
 * Reads every value under a partial composite key (non-paginated: also valid in submit transactions).
 *
 * @param ctx - transaction context
 * @param namespace - key namespace
 * @param prefix - leading attributes
 * @param check - shape check
 * @param what - for messages
 * @returns the values in key order
 */
export async function readAll<T>(
  ctx: Context,
  namespace: string,
  prefix: readonly string[],
  check: (value: unknown) => T,
  what: string,
): Promise<T[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(namespace, [...prefix]);
  const values: T[] = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      values.push(unmarshal(next.value.value, check, what));
    }
  } finally {
    await iterator.close();
  }
  return values;
}

/**
 * @param entry - a blacklisting
 * @param now - the time to judge at
 * @returns whether it is in force (ACTIVE and not expired)
 */
export function isInForce(entry: Blacklisting, now: number): boolean {
  return entry.status === 'ACTIVE' && now < storedTime(entry.expiresAt, 'expiresAt');
}

/**
 * @param ctx - transaction context
 * @param bidderCode - bidder
 * @returns every blacklisting of the bidder, in key order
 */
export async function readBlacklistings(ctx: Context, bidderCode: string): Promise<Blacklisting[]> {
  const entries = await readAll(
    ctx,
    BLACKLIST_NAMESPACE,
    [bidderCode],
    storedRecord(Blacklisting, 'blacklisting'),
    'blacklisting',
  );
  return entries.sort((a, b) =>
    a.imposedAt === b.imposedAt ? compare(a.entryId, b.entryId) : compare(a.imposedAt, b.imposedAt),
  );
}

/**
 * @param ctx - transaction context
 * @param bidderCode - bidder
 * @throws FORBIDDEN when a blacklisting of the bidder is in force at the transaction time
 */
export async function requireNotBlacklisted(ctx: Context, bidderCode: string): Promise<void> {
  const active = await blacklistingInForce(ctx, bidderCode);
  if (active !== undefined) {
    throw forbidden(describeBlacklisting(bidderCode, active));
  }
}

/**
 * @param ctx - transaction context
 * @param bidderCode - bidder
 * @returns the first blacklisting of the bidder in force at the transaction time, or undefined
 */
export async function blacklistingInForce(ctx: Context, bidderCode: string): Promise<Blacklisting | undefined> {
  const now = txTimeMillis(ctx);
  return (await readBlacklistings(ctx, bidderCode)).find((entry) => isInForce(entry, now));
}

/**
 * @param bidderCode - bidder
 * @param entry - a blacklisting in force
 * @returns `bidder … is blacklisted until … by … (…)`
 */
export function describeBlacklisting(bidderCode: string, entry: Blacklisting): string {
  return `bidder ${bidderCode} is blacklisted until ${entry.expiresAt} by ${entry.imposedByMsp} (${entry.reasonCode})`;
}

/** What a retried RecordViolation must repeat to be the same request. */
function violationContent(record: CreditRecord): Record<string, string> {
  return {
    bidderCode: record.bidderCode,
    projectId: record.projectId,
    reasonCode: record.reasonCode,
    evidenceFingerprint: record.evidenceFingerprint,
  };
}

/** What a retried BlacklistBidder must repeat to be the same request. */
function blacklistingContent(entry: Blacklisting): Record<string, string> {
  return {
    bidderCode: entry.bidderCode,
    reasonCode: entry.reasonCode,
    expiresAt: entry.expiresAt,
    projectId: entry.projectId,
  };
}

/**
 * RecordViolation. With a transient `requestId`, a retry with the same
 * arguments returns the first record and writes nothing (one violation per
 * request in the bidder's profile); other arguments under the same requestId
 * are refused with CONFLICT.
 *
 * @param ctx - transaction context
 * @param config - the configuration
 * @param bidderCode - bidder
 * @param projectId - project concerned, or empty
 * @param reasonCode - upper-case reason
 * @param evidenceFingerprint - fingerprint of supporting evidence, or empty
 * @returns the record
 */
export async function recordViolation(
  ctx: Context,
  config: TradingConfig,
  bidderCode: string,
  projectId: string,
  reasonCode: string,
  evidenceFingerprint: string,
): Promise<CreditRecord> {
  requireUscc(bidderCode, 'bidderCode');
  if (projectId !== '') {
    requireId(projectId, 'projectId');
  }
  requireCode(reasonCode, 'reasonCode');
  const fingerprint = optionalFingerprint(evidenceFingerprint, 'evidenceFingerprint');
  requireCentreOrRegulator(ctx, config, 'record bidder violations');
  const request = optionalRequest(ctx, 'RecordViolation');
  const first = await priorResult(
    ctx,
    request,
    { bidderCode, projectId, reasonCode, evidenceFingerprint: fingerprint },
    (key) => readJson(ctx, key, storedRecord(CreditRecord, 'credit record'), 'credit record'),
    violationContent,
  );
  if (first !== undefined) {
    return first;
  }
  if (projectId !== '') {
    await requireProject(ctx, projectId);
  }
  const record = newCreditRecord(ctx, {
    bidderCode,
    kind: 'VIOLATION',
    projectId,
    reasonCode,
    evidenceFingerprint: fingerprint,
  });
  // The request record belongs to the recorder, as the credit record does.
  const key = await writeCreditRecord(ctx, config, record);
  await rememberRequest(ctx, request, key, ownedPolicy(config, record.recordedByMsp));
  emitEvent(ctx, 'ViolationRecorded', {
    bidderCode,
    projectId,
    reasonCode,
    recordedByMsp: record.recordedByMsp,
    txId: record.txId,
  });
  return record;
}

/**
 * BlacklistBidder. With a transient `requestId`, a retry with the same
 * arguments returns the first blacklisting (as it stands now, e.g. LIFTED)
 * and writes nothing; other arguments under the same requestId are refused
 * with CONFLICT.
 *
 * @param ctx - transaction context
 * @param config - the configuration
 * @param bidderCode - bidder
 * @param reasonCode - upper-case reason
 * @param expiresAt - end (exclusive), after the transaction time
 * @param projectId - project concerned, or empty
 * @returns the blacklisting
 */
export async function blacklistBidder(
  ctx: Context,
  config: TradingConfig,
  bidderCode: string,
  reasonCode: string,
  expiresAt: string,
  projectId: string,
): Promise<Blacklisting> {
  requireUscc(bidderCode, 'bidderCode');
  requireCode(reasonCode, 'reasonCode');
  const expires = parseIsoTime(expiresAt, 'expiresAt');
  if (projectId !== '') {
    requireId(projectId, 'projectId');
  }
  const imposer = requireCentreOrRegulator(ctx, config, 'blacklist bidders');
  const request = optionalRequest(ctx, 'BlacklistBidder');
  const first = await priorResult(
    ctx,
    request,
    { bidderCode, reasonCode, expiresAt: isoFromMillis(expires), projectId },
    (key) => readJson(ctx, key, storedRecord(Blacklisting, 'blacklisting'), 'blacklisting'),
    blacklistingContent,
  );
  if (first !== undefined) {
    return first;
  }
  if (expires <= txTimeMillis(ctx)) {
    throw preconditionFailed('expiresAt must be after the transaction time');
  }
  if (projectId !== '') {
    await requireProject(ctx, projectId);
  }
  const entry = new Blacklisting();
  entry.entryId = ctx.stub.getTxID();
  entry.bidderCode = bidderCode;
  entry.imposedByMsp = imposer;
  entry.reasonCode = reasonCode;
  entry.projectId = projectId;
  entry.imposedAt = txTimeIso(ctx);
  entry.expiresAt = isoFromMillis(expires);
  entry.status = 'ACTIVE';
  entry.txId = entry.entryId;
  const key = blacklistKey(ctx, bidderCode, entry.entryId);
  await writeJson(ctx, key, entry);
  const policy = ownedPolicy(config, imposer);
  await ctx.stub.setStateValidationParameter(key, policy);
  await rememberRequest(ctx, request, key, policy);
  emitEvent(ctx, 'BidderBlacklisted', {
    bidderCode,
    entryId: entry.entryId,
    imposedByMsp: imposer,
    reasonCode,
    expiresAt: entry.expiresAt,
    projectId,
    txId: entry.txId,
  });
  return entry;
}

/**
 * LiftBlacklisting: only the department that imposed it may lift it early.
 *
 * @param ctx - transaction context
 * @param bidderCode - bidder
 * @param entryId - the blacklisting
 * @param reasonCode - upper-case reason
 * @returns the blacklisting, LIFTED
 */
export async function liftBlacklisting(
  ctx: Context,
  bidderCode: string,
  entryId: string,
  reasonCode: string,
): Promise<Blacklisting> {
  requireUscc(bidderCode, 'bidderCode');
  requireId(entryId, 'entryId');
  requireCode(reasonCode, 'reasonCode');
  const key = blacklistKey(ctx, bidderCode, entryId);
  const entry = await readJson(ctx, key, storedRecord(Blacklisting, 'blacklisting'), `blacklisting ${entryId}`);
  if (entry === undefined) {
    throw notFound(`blacklisting ${entryId} of bidder ${bidderCode} does not exist`);
  }
  const caller = callerMsp(ctx);
  if (caller !== entry.imposedByMsp) {
    throw forbidden(`${caller} may not lift blacklisting ${entryId} (only ${entry.imposedByMsp}, who imposed it, may)`);
  }
  if (entry.status !== 'ACTIVE') {
    throw preconditionFailed(`blacklisting ${entryId} is already lifted`);
  }
  if (!isInForce(entry, txTimeMillis(ctx))) {
    throw preconditionFailed(`blacklisting ${entryId} has already expired at ${entry.expiresAt}`);
  }
  const lifted = Object.assign(new Blacklisting(), entry);
  lifted.status = 'LIFTED';
  lifted.liftedAt = txTimeIso(ctx);
  lifted.liftReasonCode = reasonCode;
  lifted.txId = ctx.stub.getTxID();
  await writeJson(ctx, key, lifted);
  emitEvent(ctx, 'BlacklistingLifted', {
    bidderCode,
    entryId,
    imposedByMsp: entry.imposedByMsp,
    reasonCode,
    txId: lifted.txId,
  });
  return lifted;
}

/**
 * @param text - the recentCount argument
 * @returns the number of recent records
 * @throws INVALID_ARGUMENT unless empty or an integer from 0 to 100
 */
export function parseRecentCount(text: string): number {
  if (text === '') {
    return DEFAULT_RECENT_RECORDS;
  }
  if (!/^\d{1,3}$/.test(text) || Number(text) > 100) {
    throw invalidArgument('recentCount must be an integer from 0 to 100');
  }
  return Number(text);
}

/** Counter names of a profile by record kind. */
const COUNTERS = {
  BID: 'bids',
  WIN: 'wins',
  DEFAULT: 'defaults',
  VIOLATION: 'violations',
  FULFILLED: 'fulfilled',
} as const satisfies Record<CreditKind, keyof BidderProfile>;

/**
 * GetBidderProfile: counts of every kind across every centre, blacklistings and the most recent records.
 *
 * @param ctx - transaction context
 * @param bidderCode - bidder
 * @param recentCount - how many recent records to include
 * @returns the profile
 */
export async function bidderProfile(ctx: Context, bidderCode: string, recentCount: number): Promise<BidderProfile> {
  const records = await readAll(
    ctx,
    CREDIT_NAMESPACE,
    [bidderCode],
    storedRecord(CreditRecord, 'credit record'),
    'credit record',
  );
  const blacklistings = await readBlacklistings(ctx, bidderCode);
  const now = txTimeMillis(ctx);
  const profile = new BidderProfile();
  profile.bidderCode = bidderCode;
  profile.asOf = isoFromMillis(now);
  for (const record of records) {
    profile[COUNTERS[record.kind]] += 1;
  }
  profile.recordedBy = [...new Set(records.map((record) => record.recordedByMsp))].sort();
  profile.blacklistings = blacklistings;
  profile.blacklisted = blacklistings.some((entry) => isInForce(entry, now));
  profile.recentRecords = recentCount === 0 ? [] : records.slice(-recentCount).reverse();
  return profile;
}

function compare(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
