import { Int, NestedList, OneOf, Text, TextMap, Time, Bool } from '../decorators';
import { CODE_RULE, ID_RULE, MSP_ID_RULE, PRIVATE_SALT_RULE, SHA256_HEX_RULE } from '../rules';
import {
  BIND_HOLDER_KEY_ACTION,
  CLIENT_ID_RULE,
  DETAIL_VALUE_RULE,
  GRANT_ID_RULE,
  HOLDER_REF_PURPOSES,
  HOUR_RULE,
  ID_NUMBER_RULE,
  type HolderRefPurpose,
  MAX_KEY_VERSION,
  METADATA_FIELD_RULE,
  NAME_RULE,
  PUBLIC_KEY_HEX_RULE,
  SIGNATURE_RULE,
} from './rules';

/**
 * The P-256 public key bound to a holder by the identity authority, with the holder's proof of possession:
 * a signature by that key over the binding. A public key is not personal data.
 */
export class HolderKey {
  @Text(SHA256_HEX_RULE) holderRef!: string;
  /** DER SubjectPublicKeyInfo, lowercase hex. */
  @Text(PUBLIC_KEY_HEX_RULE) publicKey!: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo. */
  @Text(SHA256_HEX_RULE) fingerprint!: string;
  /** 1 for the first binding, one more at each rotation. */
  @Int(1, MAX_KEY_VERSION) keyVersion!: number;
  /** The holder's signature by this key over the canonical binding, hex (anyone can check it again). */
  @Text(SIGNATURE_RULE) proof!: string;
  /** Fingerprint of the key this one replaced; empty for the first binding. */
  @Text(SHA256_HEX_RULE, { empty: true }) previousFingerprint = '';
  /** The identity authority that bound the key. */
  @Text(MSP_ID_RULE) boundByMsp!: string;
  @Time() boundAt!: string;
  @Text(ID_RULE) txId!: string;
}

/** What the holder signs to bind a key (BindHolderKey's and RotateHolderKey's `bindingJson`). */
export class HolderKeyBindingPayload {
  @OneOf([BIND_HOLDER_KEY_ACTION]) action!: typeof BIND_HOLDER_KEY_ACTION;
  @Text(SHA256_HEX_RULE) holderRef!: string;
  /** DER SubjectPublicKeyInfo of the key, lowercase hex (the chaincode checks it is a P-256 key). */
  @Text({ maxLength: 512 }) publicKey!: string;
  /** The version this binding creates: 1, or the current version plus one. */
  @Int(1, MAX_KEY_VERSION) keyVersion!: number;
}

/**
 * A licence's personal detail as stored in the issuer's implicit collection `_implicit_org_<IssuerMSP>`.
 * Its `salt`, sent by the issuing client in transient data, keeps the private data hash in the block from
 * being confirmed by guessing a name and ID number.
 */
export class PrivateLicenseDetail {
  @Text(ID_RULE) licenceId!: string;
  @Text(MSP_ID_RULE) issuerMsp!: string;
  @Text(SHA256_HEX_RULE) holderRef!: string;
  /** ID number as given at issuance. */
  @Text(ID_NUMBER_RULE) idNumber!: string;
  @Text(NAME_RULE) name!: string;
  /** Further personal detail given at issuance (transient field `detail`). */
  @TextMap(METADATA_FIELD_RULE, DETAIL_VALUE_RULE, 32) extra: Record<string, string> = {};
  /** The issuing client's random salt, lowercase hex. */
  @Text(PRIVATE_SALT_RULE) salt!: string;
  @Time() recordedAt!: string;
  @Text(ID_RULE) txId!: string;
}

/** A licence's personal detail as ReadLicenseDetail returns it under consent; never on a block. */
export class LicenseDetail {
  @Text(ID_RULE) licenceId!: string;
  @Text(MSP_ID_RULE) issuerMsp!: string;
  @Text(SHA256_HEX_RULE) holderRef!: string;
  @Text(ID_NUMBER_RULE) idNumber!: string;
  @Text(NAME_RULE) name!: string;
  @TextMap(METADATA_FIELD_RULE, DETAIL_VALUE_RULE, 32) extra: Record<string, string> = {};
  /** The access record the read was made under. */
  @Text(ID_RULE) accessId!: string;
  @Text(ID_RULE) consentId!: string;
}

/** The holder-reference key as stored on the identity authority's peer alone. */
export class HolderRefKeyRecord {
  @Text(SHA256_HEX_RULE) key!: string;
  @Time() setAt!: string;
  @Text(MSP_ID_RULE) setByMsp!: string;
  @Text(ID_RULE) txId!: string;
}

/** What SetHolderRefKey returns. */
export class HolderRefKeySet {
  @Text(ID_RULE) collection!: string;
  /** false when the same key was already set (the call wrote nothing). */
  @Bool() set!: boolean;
  @Text(MSP_ID_RULE) setByMsp!: string;
  @Text(ID_RULE) txId!: string;
}

/** A holder-reference grant as stored in collection `holderRefGrants`. */
export class HolderRefGrantRecord {
  @Text(GRANT_ID_RULE) grantId!: string;
  @Text(SHA256_HEX_RULE) holderRef!: string;
  @Text(MSP_ID_RULE) grantedToMsp!: string;
  /** The requesting client identity (x509::subject::issuer), for the audit log. */
  @Text(CLIENT_ID_RULE) requestedBy!: string;
  @Text(CODE_RULE) purpose!: string;
  /** Transaction time of the grant. */
  @Time() at!: string;
  @Text(GRANT_ID_RULE) txId!: string;
  /** HMAC(K, "grant:" + txId): blinds the value hash in the block against known references. */
  @Text(SHA256_HEX_RULE) salt!: string;
}

/** A department's count of holder-reference grants in one hour. */
export class HolderRefGrantQuota {
  @Int(0) count!: number;
  @Text(HOUR_RULE) hour!: string;
  @Text(MSP_ID_RULE) mspId!: string;
}

/** What RequestHolderRef returns: nothing derived from the reference. */
export class HolderRefRequested {
  /** The RequestHolderRef transaction id. */
  @Text(GRANT_ID_RULE) grantId!: string;
  @OneOf(HOLDER_REF_PURPOSES) purpose!: HolderRefPurpose;
}

/** A holder-reference grant to the caller's department, as ReadHolderRefGrant returns it. */
export class HolderRefGrant {
  /** What issuing transactions take in transient `holderRefGrant`. */
  @Text(GRANT_ID_RULE) grantId!: string;
  @Text(SHA256_HEX_RULE) holderRef!: string;
  @OneOf(HOLDER_REF_PURPOSES) purpose!: HolderRefPurpose;
  /** When it was granted (transaction time). */
  @Time() at!: string;
  /** After this (24 h after `at`) the grant is refused. */
  @Time() expiresAt!: string;
}

/** One entry of the grant log: no reference. */
export class HolderRefGrantLogEntry {
  @Text(GRANT_ID_RULE) grantId!: string;
  /** The requesting client identity. */
  @Text(CLIENT_ID_RULE) requestedBy!: string;
  @OneOf(HOLDER_REF_PURPOSES) purpose!: HolderRefPurpose;
  @Time() at!: string;
}

/** A department's holder-reference grants in one hour (ListHolderRefGrants). */
export class HolderRefGrantLog {
  @Text(MSP_ID_RULE) grantedToMsp!: string;
  /** `YYYY-MM-DDTHH` (UTC). */
  @Text(HOUR_RULE) hour!: string;
  @Int(0) count!: number;
  @NestedList(() => HolderRefGrantLogEntry, { max: 100_000 }) grants!: HolderRefGrantLogEntry[];
}
