/**
 * The bytes both sides compute alike: the bid commitment, and what a bidder signs. Every signed payload is
 * the UTF-8 of its canonical JSON (keys sorted, no whitespace), signed with ECDSA P-256 / SHA-256; the
 * `action` member keeps a signature for one action from being used for another.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { BidderKeyBinding } from './bidder-key';

/** The `action` of a bidder key binding. */
export const BIND_BIDDER_KEY_ACTION = 'BIND_BIDDER_KEY';
/** The `action` of a first commitment (or a recommitment after a withdrawal). */
export const COMMIT_BID_ACTION = 'COMMIT_BID';
/** The `action` of a replacement. */
export const REPLACE_BID_ACTION = 'REPLACE_BID';
/** The `action` of a withdrawal. */
export const WITHDRAW_BID_ACTION = 'WITHDRAW_BID';
/** The `action`s of the bid payloads a bidder signs. */
export const BID_ACTIONS = [COMMIT_BID_ACTION, REPLACE_BID_ACTION, WITHDRAW_BID_ACTION] as const;
/** A bid action a bidder signs. */
export type BidAction = (typeof BID_ACTIONS)[number];

/** What a bidder commits to, and reveals at the opening. */
export interface BidReveal {
  readonly projectId: string;
  readonly bidderCode: string;
  /** Price in fen, a positive safe integer. */
  readonly price: number;
  readonly salt: string;
  readonly bidDocumentFingerprint: string;
}

/**
 * The commitment of a sealed bid: SHA-256 over the UTF-8 bytes of
 * `canonicalJson({ bidDocumentFingerprint, bidderCode, price, projectId, salt })`, 64 lowercase hex — what a
 * client submits and the chaincode recomputes at the reveal.
 *
 * @param reveal - the values committed to
 * @returns the commitment
 */
export function bidCommitment(reveal: BidReveal): string {
  const text = canonicalJson({
    bidDocumentFingerprint: reveal.bidDocumentFingerprint,
    bidderCode: reveal.bidderCode,
    price: reveal.price,
    projectId: reveal.projectId,
    salt: reveal.salt,
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A bidder's signed bid action. The signature covers the project, the bidder, the centre relaying it, the
 * bid's next sequence number and the key version, so it cannot be replayed on another project, through
 * another centre, after a later action of the same bid, or after the key is rotated.
 */
export interface BidActionPayload {
  readonly action: BidAction;
  readonly projectId: string;
  readonly bidderCode: string;
  /** The trading centre that relays the bid (the caller). */
  readonly submittingCentreMsp: string;
  /** The bid's sequence after this action: 1 for a first commitment, one more for each later action. */
  readonly sequence: number;
  /** The version of the bidder key that signs. */
  readonly keyVersion: number;
  /** Commit and replace: the new commitment. */
  readonly commitment?: string;
  /** Commit and replace: the guarantee backing the bid, `''` for none. */
  readonly guaranteeId?: string;
  /** Commit: the bidder's business licence. */
  readonly licenceId?: string;
}

/**
 * The payload of a bid action exactly as the chaincode rebuilds it (members the action does not use are
 * left out, absent ones of commit and replace are `''`).
 *
 * @param payload - the action and its values
 * @returns the payload to sign or verify
 */
export function bidActionPayload(payload: BidActionPayload): BidActionPayload {
  const common = {
    action: payload.action,
    projectId: payload.projectId,
    bidderCode: payload.bidderCode,
    submittingCentreMsp: payload.submittingCentreMsp,
    sequence: payload.sequence,
    keyVersion: payload.keyVersion,
  };
  if (payload.action === WITHDRAW_BID_ACTION) return common;
  const values = { ...common, commitment: payload.commitment ?? '', guaranteeId: payload.guaranteeId ?? '' };
  return payload.action === COMMIT_BID_ACTION ? { ...values, licenceId: payload.licenceId ?? '' } : values;
}

/**
 * @param payload - a key binding or a bid action
 * @returns the bytes the bidder signs: UTF-8 of its canonical JSON
 */
export function bidderSignedBytes(
  payload: Pick<BidderKeyBinding, keyof BidderKeyBinding> | BidActionPayload,
): Uint8Array {
  return new TextEncoder().encode(canonicalJson(payload));
}
