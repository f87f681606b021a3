import { generateKeyPairSync } from 'node:crypto';
import {
  BIDDER_A,
  BIDDER_B,
  REGULATOR,
  TC1,
  configuredLedger,
  expect,
  expectRefused,
  keyOf,
  ownedPolicyText,
  parse,
  signedBinding,
  type Ledger,
} from './fixtures';
import { P256Holder } from '../../support';
import { bidderKeyKey, bidderSignedBytes } from '@govchain/bid-record';
import { canonicalJson, describePolicy, sha256Hex } from '@govchain/chaincode-common';

interface BidderKeyRecord {
  bidderCode: string;
  publicKey: string;
  fingerprint: string;
  keyVersion: number;
  boundByMsp: string;
  boundAt: string;
  txId: string;
}

function bind(
  ledger: Ledger,
  binding: { readonly bindingJson: string; readonly signature: string },
  mspId = REGULATOR,
): Promise<string> {
  const { ctx, contract } = ledger;
  return ctx.submit(() => contract.BindBidderKey(ctx, binding.bindingJson, binding.signature), { mspId });
}

describe('bid-record bidder keys', () => {
  it("Market Regulation binds a bidder's key with its proof of possession; the binding is owned by it and one other department", async () => {
    const ledger = await configuredLedger();
    const { ctx } = ledger;
    const key = parse<BidderKeyRecord>(await ctx.evaluate(() => ledger.contract.GetBidderKey(ctx, BIDDER_A)));
    expect(key).to.deep.include({
      bidderCode: BIDDER_A,
      publicKey: keyOf(BIDDER_A).publicKeyHex,
      fingerprint: sha256Hex(Buffer.from(keyOf(BIDDER_A).publicKeyHex, 'hex')),
      keyVersion: 1,
      boundByMsp: REGULATOR,
    });
    const stateKey = bidderKeyKey(ctx, BIDDER_A);
    expect(ctx.world.text(stateKey)).to.equal(canonicalJson(key));
    expect(describePolicy(ctx.world.validationParameters.get(stateKey)!)).to.equal(ownedPolicyText(REGULATOR));
  });

  it('accepts a PEM key and a 64-byte r‖s signature, and emits BidderKeyBound', async () => {
    const ledger = await configuredLedger();
    const holder = P256Holder.generate();
    const binding = { action: 'BIND_BIDDER_KEY', uscc: BIDDER_A, publicKey: holder.publicKeyPem, keyVersion: 2 };
    const record = parse<BidderKeyRecord>(
      await bind(ledger, {
        bindingJson: JSON.stringify(binding),
        signature: holder.sign(new TextEncoder().encode(canonicalJson(binding)), 'ieee-p1363'),
      }),
    );
    expect(record).to.deep.include({ publicKey: holder.publicKeyHex, keyVersion: 2 });
    expect(ledger.ctx.lastEvent()).to.deep.equal({
      name: 'BidderKeyBound',
      payload: {
        bidderCode: BIDDER_A,
        fingerprint: record.fingerprint,
        keyVersion: 2,
        boundByMsp: REGULATOR,
        txId: ledger.ctx.txId,
      },
    });
  });

  it('refuses a trading centre: it cannot bind a key in a bidder’s name', async () => {
    const ledger = await configuredLedger();
    await expectRefused(
      ledger,
      bind(ledger, signedBinding(BIDDER_A, P256Holder.generate(), 2), TC1),
      /^FORBIDDEN: TradingCenterMSP may not bind the key of bidder \S+ \(only the bidder key authorities MarketRegulationMSP may\)$/,
    );
  });

  it('refuses a binding not signed by the key it binds (no proof of possession)', async () => {
    const ledger = await configuredLedger();
    const claimed = P256Holder.generate();
    const binding = { action: 'BIND_BIDDER_KEY', uscc: BIDDER_A, publicKey: claimed.publicKeyHex, keyVersion: 2 };
    const byAnother = P256Holder.generate().sign(new TextEncoder().encode(canonicalJson(binding)));
    await expectRefused(
      ledger,
      bind(ledger, { bindingJson: JSON.stringify(binding), signature: byAnother }),
      /^FORBIDDEN: the binding of bidder \S+ is not signed by the key it binds \(no proof of possession\)$/,
    );
  });

  it('rotates with keyVersion + 1; an old binding replayed, or a skipped version, is refused', async () => {
    const ledger = await configuredLedger();
    const original = signedBinding(BIDDER_B, keyOf(BIDDER_B), 1);
    await expectRefused(
      ledger,
      bind(ledger, original),
      /^CONFLICT: the key of bidder \S+ is at version 1; a binding must carry keyVersion 2$/,
    );
    await expectRefused(
      ledger,
      bind(ledger, signedBinding(BIDDER_B, P256Holder.generate(), 3)),
      /^CONFLICT: .*keyVersion 2$/,
    );
    const next = P256Holder.generate();
    const rotated = parse<BidderKeyRecord>(await bind(ledger, signedBinding(BIDDER_B, next, 2)));
    expect(rotated).to.deep.include({ publicKey: next.publicKeyHex, keyVersion: 2 });
    await expectRefused(ledger, bind(ledger, original), /^CONFLICT: the key of bidder \S+ is at version 2/);
  });

  const malformed: [string, () => { bindingJson: string; signature: string }, RegExp][] = [
    [
      'another action',
      () => {
        const holder = P256Holder.generate();
        const binding = { action: 'COMMIT_BID', uscc: BIDDER_A, publicKey: holder.publicKeyHex, keyVersion: 2 };
        return { bindingJson: JSON.stringify(binding), signature: holder.sign(bidderSignedBytes(binding as never)) };
      },
      /^INVALID_ARGUMENT: binding.action must be one of BIND_BIDDER_KEY$/,
    ],
    [
      'a key that is not P-256',
      () => {
        const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('hex');
        return {
          bindingJson: JSON.stringify({ action: 'BIND_BIDDER_KEY', uscc: BIDDER_A, publicKey: ed, keyVersion: 2 }),
          signature: 'ab'.repeat(36),
        };
      },
      /^INVALID_ARGUMENT: binding.publicKey must be an ECDSA P-256 public key$/,
    ],
    [
      'an unknown field',
      () => ({
        bindingJson: JSON.stringify({ ...JSON.parse(signedBinding(BIDDER_A, keyOf(BIDDER_A), 2).bindingJson), x: 1 }),
        signature: 'ab'.repeat(36),
      }),
      /^INVALID_ARGUMENT: binding has unknown field "x"$/,
    ],
    [
      'a bad credit code',
      () => signedBinding(`${BIDDER_A.slice(0, 17)}Z`, P256Holder.generate(), 1),
      /^INVALID_ARGUMENT: binding.uscc /,
    ],
    [
      'a signature that is not hex',
      () => ({ bindingJson: signedBinding(BIDDER_A, keyOf(BIDDER_A), 2).bindingJson, signature: 'not hex at all!!' }),
      /^INVALID_ARGUMENT: signature must be hex of an ECDSA P-256 signature/,
    ],
  ];
  for (const [name, make, message] of malformed) {
    it(`refuses ${name}, writing nothing`, async () => {
      const ledger = await configuredLedger();
      await expectRefused(ledger, bind(ledger, make()), message);
    });
  }

  it('GetBidderKey answers NOT_FOUND for an unbound bidder', async () => {
    const ledger = await configuredLedger();
    await expect(
      ledger.ctx.evaluate(() => ledger.contract.GetBidderKey(ledger.ctx, '91350100M000100Y43')),
    ).to.be.rejectedWith(/^NOT_FOUND: bidder 91350100M000100Y43 has no bound key$/);
  });
});
