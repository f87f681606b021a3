import type { Context } from 'fabric-contract-api';
import {
  argumentRecord,
  conflict,
  emitEvent,
  forbidden,
  parseP256PublicKey,
  preconditionFailed,
  readJson,
  requireString,
  txTimeIso,
  writeJson,
  storedRecord,
} from '@govchain/chaincode-common';
import { verifyBidderSignature } from './bidder-signature';
import { ownedPolicy, requireKeyAuthority } from './config-service';
import { bidderKeyKey } from './keys';
import { type BidActionPayload, BidderKey, BidderKeyBinding, type TradingConfig } from '@govchain/protocol/bid-record';

/** A signature argument: hex of a DER (at most 72 bytes) or 64-byte r‖s ECDSA P-256 signature. */
export const SIGNATURE_RULE = {
  minLength: 16,
  maxLength: 160,
  pattern: /^(?:[0-9a-fA-F]{2})+$/,
  patternHint: 'hex of an ECDSA P-256 signature (DER or 64-byte r‖s)',
} as const;

/**
 * @param ctx - transaction context
 * @param bidderCode - the bidder
 * @returns the bidder's key binding, or undefined when none is bound
 */
export async function readBidderKey(ctx: Context, bidderCode: string): Promise<BidderKey | undefined> {
  return readJson(
    ctx,
    bidderKeyKey(ctx, bidderCode),
    storedRecord(BidderKey, 'bidder key'),
    `key of bidder ${bidderCode}`,
  );
}

/**
 * BindBidderKey: a bidder key authority binds (or rotates) a bidder's P-256
 * key to its unified social credit code, with the bidder's proof of
 * possession: a signature by that key over the binding. The first binding may
 * be made by any authority; a rotation only by the one that made the binding,
 * with version + 1.
 *
 * @param ctx - transaction context
 * @param config - the configuration
 * @param bindingJson - `{ action: "BIND_BIDDER_KEY", uscc, publicKey, keyVersion }`, as signed
 * @param signature - the bidder's signature by `publicKey` over the binding's canonical JSON
 * @returns the binding
 * @throws INVALID_ARGUMENT when malformed; FORBIDDEN when the caller is not the authority or the proof of
 * possession fails; CONFLICT when the version is not the next one
 */
export async function bindBidderKey(
  ctx: Context,
  config: TradingConfig,
  bindingJson: string,
  signature: string,
): Promise<BidderKey> {
  const binding = argumentRecord(BidderKeyBinding, bindingJson, 'binding');
  requireString(signature, 'signature', SIGNATURE_RULE);
  const key = parseP256PublicKey(binding.publicKey, 'binding.publicKey');
  const authority = requireKeyAuthority(ctx, config, `bind the key of bidder ${binding.uscc}`);
  const current = await readBidderKey(ctx, binding.uscc);
  if (current !== undefined && current.boundByMsp !== authority) {
    throw forbidden(
      `${authority} may not rotate the key of bidder ${binding.uscc} (only ${current.boundByMsp}, which bound it, may)`,
    );
  }
  const next = (current?.keyVersion ?? 0) + 1;
  if (binding.keyVersion !== next) {
    throw conflict(
      `the key of bidder ${binding.uscc} is at version ${current?.keyVersion ?? 0}; a binding must carry keyVersion ${next}`,
    );
  }
  if (!verifyBidderSignature(key.spkiHex, binding, signature)) {
    throw forbidden(`the binding of bidder ${binding.uscc} is not signed by the key it binds (no proof of possession)`);
  }
  const record = new BidderKey();
  record.bidderCode = binding.uscc;
  record.publicKey = key.spkiHex;
  record.fingerprint = key.fingerprint;
  record.keyVersion = binding.keyVersion;
  record.boundByMsp = authority;
  record.boundAt = txTimeIso(ctx);
  record.txId = ctx.stub.getTxID();
  const stateKey = bidderKeyKey(ctx, binding.uscc);
  await writeJson(ctx, stateKey, record);
  if (current === undefined) {
    await ctx.stub.setStateValidationParameter(stateKey, ownedPolicy(config, authority));
  }
  emitEvent(ctx, 'BidderKeyBound', {
    bidderCode: record.bidderCode,
    fingerprint: record.fingerprint,
    keyVersion: record.keyVersion,
    boundByMsp: authority,
    txId: record.txId,
  });
  return record;
}

/**
 * Requires the bidder's signature over a bid action, by its currently bound key.
 *
 * @param ctx - transaction context
 * @param payload - the action without the key version (added from the binding)
 * @param signature - the signature argument
 * @returns the key version that signed
 * @throws INVALID_ARGUMENT when the signature is malformed; PRECONDITION_FAILED when the bidder has no bound
 * key; FORBIDDEN when the signature does not verify
 */
export async function requireBidderSignature(
  ctx: Context,
  payload: Omit<BidActionPayload, 'keyVersion'>,
  signature: string,
): Promise<number> {
  requireString(signature, 'signature', SIGNATURE_RULE);
  const key = await readBidderKey(ctx, payload.bidderCode);
  if (key === undefined) {
    throw preconditionFailed(
      `bidder ${payload.bidderCode} has no bound key; a bidder key authority binds it with BindBidderKey`,
    );
  }
  const signed: BidActionPayload = { ...payload, keyVersion: key.keyVersion };
  if (!verifyBidderSignature(key.publicKey, signed, signature)) {
    throw forbidden(
      `${payload.action} of bidder ${payload.bidderCode} on project ${payload.projectId} is not signed by the bidder's key (version ${key.keyVersion}, sequence ${payload.sequence}, via ${payload.submittingCentreMsp})`,
    );
  }
  return key.keyVersion;
}
