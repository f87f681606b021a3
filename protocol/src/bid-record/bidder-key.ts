import { Int, OneOf, Text, Time } from '../decorators';
import { ID_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import { UsccShape } from './members';
import { BIND_BIDDER_KEY_ACTION } from './signing';
import { Uscc } from './uscc';

/** Hex of a DER SubjectPublicKeyInfo (a P-256 key is 91 bytes). */
export const SPKI_HEX_RULE = {
  maxLength: 512,
  pattern: /^(?:[0-9a-f]{2})+$/,
  patternHint: 'lowercase hex of a DER SubjectPublicKeyInfo',
} as const;

/** A public key argument: PEM or hex DER SubjectPublicKeyInfo (parsed by the chaincode). */
export const PUBLIC_KEY_RULE = { minLength: 1, maxLength: 1024 } as const;

/**
 * A bidder's signing key, bound to its unified social credit code by a bidder key authority (Market
 * Regulation, which registers enterprises and issues their business licences) with the bidder's proof of
 * possession. Every commitment, replacement and withdrawal of the bidder's bids carries a signature by it.
 */
export class BidderKey {
  @UsccShape() bidderCode!: string;

  /** The P-256 public key, hex of its DER SubjectPublicKeyInfo. */
  @Text(SPKI_HEX_RULE) publicKey!: string;

  /** SHA-256 of the DER SubjectPublicKeyInfo. */
  @Text(SHA256_HEX_RULE) fingerprint!: string;

  /** 1 for the first binding, one more at each rotation. */
  @Int(1, 1_000_000) keyVersion!: number;

  /** The authority that bound it (only it, with one other department, may rotate it). */
  @Text(MSP_ID_RULE) boundByMsp!: string;

  @Time() boundAt!: string;

  @Text(ID_RULE) txId!: string;
}

/**
 * What a bidder signs to bind its key (its proof of possession), and BindBidderKey's argument. A version at
 * or below the bound one is refused, so an old binding cannot be replayed.
 */
export class BidderKeyBinding {
  @OneOf([BIND_BIDDER_KEY_ACTION]) action!: typeof BIND_BIDDER_KEY_ACTION;

  /** The bidder's unified social credit code. */
  @Uscc() uscc!: string;

  /** The public key bound: PEM or hex DER SubjectPublicKeyInfo, exactly as signed. */
  @Text(PUBLIC_KEY_RULE) publicKey!: string;

  /** 1 at the first binding, one more at each rotation. */
  @Int(1, 1_000_000) keyVersion!: number;
}
