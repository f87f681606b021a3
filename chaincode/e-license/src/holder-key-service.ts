import type { Context } from 'fabric-contract-api';
import {
  canonicalJson,
  conflict,
  emitEvent,
  forbidden,
  invalidArgument,
  parseJson,
  parseP256PublicKey,
  preconditionFailed,
  readJson,
  requireString,
  txTimeIso,
  verifyP256Signature,
  writeJson,
  storedRecord,
} from '@govchain/chaincode-common';
import { BINDING_PURPOSES, requireGrantedHolderRef } from './holder-ref-grant-service';
import { holderKeyKey } from './keys';
import { parseRecord } from '@govchain/protocol';
import { HolderKey, HolderKeyBindingPayload, type LicenseTypeRegistry, SIGNATURE_RULE } from './models';
import { guardKeys, requireIdentityAuthority } from './ownership';

// The binding (HolderKeyBindingPayload) names no channel, department or time: what makes it single-use is
// `keyVersion`, exactly one more than the holder's current version, so an old binding replayed later can
// never roll a holder's key back.

/** BindHolderKey (first key) or RotateHolderKey (a new key replacing the bound one). */
export type BindingKind = 'BIND' | 'ROTATE';

/**
 * Reads the key bound to a holder.
 *
 * @param ctx - transaction context
 * @param holderRef - holder reference
 * @returns the holder key, or undefined when none is bound
 */
export async function readHolderKey(ctx: Context, holderRef: string): Promise<HolderKey | undefined> {
  return readJson(ctx, holderKeyKey(ctx, holderRef), storedRecord(HolderKey, 'holder key'), 'holder key');
}

interface CheckedBinding {
  readonly holderRef: string;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly keyVersion: number;
  readonly signature: string;
}

/**
 * Checks a binding and its proof of possession, without reading state.
 *
 * @param json - the bindingJson argument
 * @param signatureHex - the holder's signature over canonicalJson(binding), by the key being bound
 * @param holderRef - the holder the identity authority attests (from its holder-reference grant)
 * @returns the checked binding
 * @throws INVALID_ARGUMENT when malformed or for another holder; FORBIDDEN when the signature does not verify
 */
function checkBinding(json: string, signatureHex: string, holderRef: string): CheckedBinding {
  const payload = parseJson(json, 'binding');
  const {
    holderRef: boundRef,
    publicKey: given,
    keyVersion,
  } = parseRecord(HolderKeyBindingPayload, payload, 'binding', invalidArgument);
  const key = parseP256PublicKey(given, 'binding.publicKey');
  if (given !== key.spkiHex) {
    throw invalidArgument('binding.publicKey must be the DER SubjectPublicKeyInfo of the key in lowercase hex');
  }
  const signature = requireString(signatureHex.toLowerCase(), 'signature', SIGNATURE_RULE);
  if (boundRef !== holderRef) {
    throw invalidArgument('binding.holderRef is not the reference of the holder-reference grant');
  }
  if (!verifyP256Signature(key.spkiHex, new TextEncoder().encode(canonicalJson(payload)), signature)) {
    throw forbidden('binding signature does not verify with the key being bound (no proof of possession)');
  }
  return { holderRef, publicKey: key.spkiHex, fingerprint: key.fingerprint, keyVersion, signature };
}

/**
 * Checks a binding against the holder's current key: a first binding needs no
 * key and version 1; a rotation needs a key, another key, and the next version.
 *
 * @param kind - bind or rotate
 * @param binding - the checked binding
 * @param current - the key bound now, if any
 * @throws CONFLICT for a bound holder (bind), a stale or skipped version or the same key (rotate);
 * PRECONDITION_FAILED when rotating a holder without a key
 */
function checkVersion(kind: BindingKind, binding: CheckedBinding, current: HolderKey | undefined): void {
  if (kind === 'BIND' && current !== undefined) {
    throw conflict(
      `a key (version ${current.keyVersion}) is already bound to this holder; replace it with RotateHolderKey`,
    );
  }
  if (kind === 'ROTATE' && current === undefined) {
    throw preconditionFailed('no key is bound to this holder; bind one with BindHolderKey');
  }
  const next = (current?.keyVersion ?? 0) + 1;
  if (binding.keyVersion !== next) {
    throw conflict(`binding.keyVersion is ${binding.keyVersion}, but the next key version of this holder is ${next}`);
  }
  if (current?.fingerprint === binding.fingerprint) {
    throw conflict('the key is already bound to this holder; a rotation binds a new key');
  }
}

/**
 * BindHolderKey / RotateHolderKey: the identity authority, having identified
 * the holder and resolved the reference (transient `holderRefGrant`, a grant
 * for BIND_HOLDER_KEY), binds the key the holder proved to possess.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @param kind - bind or rotate
 * @param json - the bindingJson argument
 * @param signatureHex - the holder's signature by the key being bound
 * @returns the holder key record
 */
export async function bindHolderKey(
  ctx: Context,
  registry: LicenseTypeRegistry,
  kind: BindingKind,
  json: string,
  signatureHex: string,
): Promise<HolderKey> {
  const authority = requireIdentityAuthority(
    ctx,
    registry,
    kind === 'BIND' ? 'bind holder keys' : 'rotate holder keys',
  );
  const holderRef = await requireGrantedHolderRef(
    ctx,
    BINDING_PURPOSES,
    kind === 'BIND' ? 'BindHolderKey' : 'RotateHolderKey',
  );
  const binding = checkBinding(json, signatureHex, holderRef);
  const current = await readHolderKey(ctx, holderRef);
  checkVersion(kind, binding, current);

  const record = new HolderKey();
  record.holderRef = holderRef;
  record.publicKey = binding.publicKey;
  record.fingerprint = binding.fingerprint;
  record.keyVersion = binding.keyVersion;
  record.proof = binding.signature;
  record.previousFingerprint = current?.fingerprint ?? '';
  record.boundByMsp = authority;
  record.boundAt = txTimeIso(ctx);
  record.txId = ctx.stub.getTxID();
  const key = holderKeyKey(ctx, holderRef);
  await writeJson(ctx, key, record);
  if (current === undefined) {
    await guardKeys(ctx, [key], authority, registry);
  }
  emitEvent(ctx, kind === 'BIND' ? 'HolderKeyBound' : 'HolderKeyRotated', {
    fingerprint: record.fingerprint,
    keyVersion: record.keyVersion,
    previousFingerprint: record.previousFingerprint,
    boundByMsp: authority,
    txId: record.txId,
  });
  return record;
}
