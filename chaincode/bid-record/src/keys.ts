import type { Context } from 'fabric-contract-api';
import { compositeKey } from '@govchain/chaincode-common';

/** State key of the role configuration. */
export const CONFIG_KEY = 'config';

/** Namespace of bids: attributes `[projectId, bidderCode]`. */
export const BID_NAMESPACE = 'bid';
/** Namespace of credit records: attributes `[bidderCode, recordedAt, txId, kind]` (time order). */
export const CREDIT_NAMESPACE = 'credit';
/** Namespace of blacklistings: attributes `[bidderCode, entryId]`. */
export const BLACKLIST_NAMESPACE = 'blacklist';
/** Namespace of evidence: attributes `[projectId, recordedAt, txId]` (time order). */
export const EVIDENCE_NAMESPACE = 'evidence';

/** Namespace of bidder keys: attributes `[bidderCode]`. */
export const BIDDER_KEY_NAMESPACE = 'bidderKey';
/** Namespace of tender projects: attributes `[projectId]`. */
export const PROJECT_NAMESPACE = 'project';
/** Namespace of bid guarantees: attributes `[guaranteeId]`. */
export const GUARANTEE_NAMESPACE = 'guarantee';

/** Index: projects by publishing centre — attributes `[centreMsp, projectId]`. */
export const CENTRE_INDEX = 'centre~project';
/** Index: guarantees by project — attributes `[projectId, guaranteeId]`. */
export const PROJECT_GUARANTEE_INDEX = 'project~guarantee';

/**
 * @param ctx - transaction context
 * @param projectId - project id
 * @returns the state key of the project
 */
export function projectKey(ctx: Context, projectId: string): string {
  return compositeKey(ctx, PROJECT_NAMESPACE, [projectId]);
}

/**
 * @param ctx - transaction context
 * @param projectId - project id
 * @param bidderCode - the bidder's unified social credit code
 * @returns the state key of the bid
 */
export function bidKey(ctx: Context, projectId: string, bidderCode: string): string {
  return compositeKey(ctx, BID_NAMESPACE, [projectId, bidderCode]);
}

/**
 * @param ctx - transaction context
 * @param guaranteeId - guarantee id
 * @returns the state key of the guarantee
 */
export function guaranteeKey(ctx: Context, guaranteeId: string): string {
  return compositeKey(ctx, GUARANTEE_NAMESPACE, [guaranteeId]);
}

/**
 * @param ctx - transaction context
 * @param bidderCode - bidder
 * @param recordedAt - ISO time of the record
 * @param txId - transaction that wrote it
 * @param kind - record kind
 * @returns the state key of the credit record
 */
export function creditKey(ctx: Context, bidderCode: string, recordedAt: string, txId: string, kind: string): string {
  return compositeKey(ctx, CREDIT_NAMESPACE, [bidderCode, recordedAt, txId, kind]);
}

/**
 * @param ctx - transaction context
 * @param bidderCode - bidder
 * @param entryId - blacklisting id
 * @returns the state key of the blacklisting
 */
export function blacklistKey(ctx: Context, bidderCode: string, entryId: string): string {
  return compositeKey(ctx, BLACKLIST_NAMESPACE, [bidderCode, entryId]);
}

/**
 * @param ctx - transaction context
 * @param projectId - project
 * @param recordedAt - ISO time of the record
 * @param txId - transaction that wrote it
 * @returns the state key of the evidence
 */
export function evidenceKey(ctx: Context, projectId: string, recordedAt: string, txId: string): string {
  return compositeKey(ctx, EVIDENCE_NAMESPACE, [projectId, recordedAt, txId]);
}

/**
 * @param ctx - transaction context
 * @param bidderCode - the bidder's unified social credit code
 * @returns the state key of the bidder's key binding
 */
export function bidderKeyKey(ctx: Context, bidderCode: string): string {
  return compositeKey(ctx, BIDDER_KEY_NAMESPACE, [bidderCode]);
}
