import { expect } from './setup';
import {
  RESPONSE_KEY_FIELD,
  encryptResponse,
  requireResponseKey,
  responseIv,
  responseLabel,
  sealResponse,
  canonicalJson,
} from '@govchain/chaincode-common';
import { decryptResponse } from '@govchain/gateway-client';
import { SEALED_RESPONSE_VECTOR as V, TestContext } from '../../support';

const KEY = Buffer.from(V.keyBase64, 'base64');
const WHERE = { chaincode: V.chaincode, transaction: V.transaction, transactionId: V.transactionId };

/** One endorser's context for the vector's proposal: same transaction id and transient key. */
function endorser(transient: Record<string, string> = { [RESPONSE_KEY_FIELD]: V.keyBase64 }): TestContext {
  const ctx = new TestContext({ mspId: 'TaxMSP' });
  ctx.beginTx({ txId: V.transactionId, transient });
  return ctx;
}

describe('sealed responses (chaincode side)', () => {
  it('seals the shared test vector byte for byte', () => {
    expect(responseLabel(V.chaincode, V.transaction, V.transactionId)).to.equal(V.label);
    expect(canonicalJson(sealResponse(KEY, V.label, V.plaintext))).to.equal(V.sealed);
    expect(encryptResponse(endorser(), V.chaincode, V.transaction, V.plaintext)).to.equal(V.sealed);
  });

  it('round-trips through the gateway client', () => {
    const sealed = encryptResponse(endorser(), V.chaincode, V.transaction, V.plaintext);
    expect(decryptResponse(JSON.parse(sealed), KEY, WHERE).toString('utf8')).to.equal(V.plaintext);
    const unicode = canonicalJson({ name: '张伟', address: 'Room 1502, 88 Riverside Road' });
    const again = encryptResponse(endorser(), V.chaincode, V.transaction, unicode);
    expect(decryptResponse(JSON.parse(again), KEY, WHERE).toString('utf8')).to.equal(unicode);
  });

  it('gives the same bytes on two endorsers of one proposal (deterministic endorsement)', () => {
    const a = encryptResponse(endorser(), V.chaincode, V.transaction, V.plaintext);
    const b = encryptResponse(endorser(), V.chaincode, V.transaction, V.plaintext);
    expect(a).to.equal(b);
  });

  it('derives a different IV for every transaction, function and chaincode', () => {
    const ivs = [
      responseLabel('e-license', 'ReadLicenseDetail', 'a'.repeat(64)),
      responseLabel('e-license', 'ReadLicenseDetail', 'b'.repeat(64)),
      responseLabel('e-license', 'ReadHolderRefGrant', 'a'.repeat(64)),
      responseLabel('real-estate', 'ReadLicenseDetail', 'a'.repeat(64)),
    ].map((label) => responseIv(label).toString('hex'));
    expect(new Set(ivs).size).to.equal(4);
    for (const iv of ivs) expect(iv).to.have.length(24);
  });

  for (const [what, key, where] of [
    ['another key', Buffer.alloc(32, 1), WHERE],
    ['another transaction id', KEY, { ...WHERE, transactionId: 'f'.repeat(64) }],
    ['another function', KEY, { ...WHERE, transaction: 'GetTransferDetail' }],
    ['another chaincode', KEY, { ...WHERE, chaincode: 'real-estate' }],
  ] as const) {
    it(`cannot be opened with ${what}`, () => {
      expect(() => decryptResponse(JSON.parse(V.sealed), key, where)).to.throw(/cannot be opened/);
    });
  }

  it('cannot be opened once a ciphertext bit or the tag is changed', () => {
    const sealed = JSON.parse(V.sealed) as Record<string, string>;
    const ciphertext = Buffer.from(sealed.ciphertext!, 'base64');
    ciphertext[0]! ^= 1;
    const flipped = { ...sealed, ciphertext: ciphertext.toString('base64') };
    expect(() => decryptResponse(flipped, KEY, WHERE)).to.throw(/does not authenticate/);
    const tag = { ...sealed, tag: Buffer.alloc(16).toString('base64') };
    expect(() => decryptResponse(tag, KEY, WHERE)).to.throw(/does not authenticate/);
  });

  describe('the transient response key', () => {
    it('is read from transient responseKey as 32 bytes', () => {
      expect(requireResponseKey(endorser(), 'ReadLicenseDetail').equals(KEY)).to.equal(true);
    });

    for (const [what, transient] of [
      ['absent', {}],
      ['empty', { [RESPONSE_KEY_FIELD]: '' }],
      ['31 bytes', { [RESPONSE_KEY_FIELD]: Buffer.alloc(31, 9).toString('base64') }],
      ['33 bytes', { [RESPONSE_KEY_FIELD]: Buffer.alloc(33, 9).toString('base64') }],
      ['hex', { [RESPONSE_KEY_FIELD]: KEY.toString('hex') }],
      ['base64url', { [RESPONSE_KEY_FIELD]: Buffer.alloc(32, 0xfb).toString('base64url') }],
      ['non-canonical base64', { [RESPONSE_KEY_FIELD]: `${V.keyBase64.slice(0, 42)}9=` }],
      ['raw bytes', { [RESPONSE_KEY_FIELD]: 'k'.repeat(32) }],
    ] as const) {
      it(`refuses a key that is ${what} with INVALID_ARGUMENT, never echoing it, and seals nothing`, () => {
        const ctx = endorser({ ...transient });
        let sealed: string | undefined;
        expect(() => {
          sealed = encryptResponse(ctx, V.chaincode, V.transaction, V.plaintext);
        }).to.throw(
          /^INVALID_ARGUMENT: transient field responseKey (is required: ReadLicenseDetail returns its answer encrypted to a one-time key \(32 random bytes, base64\)|must be 32 random bytes in base64 \(44 characters\)|must have at most 44 characters)$/,
        );
        expect(sealed).to.equal(undefined);
        ctx.assertNothingWritten();
      });
    }

    it('refuses a key of another length given to the pure primitive', () => {
      expect(() => sealResponse(Buffer.alloc(16), V.label, V.plaintext)).to.throw(
        /^INVALID_ARGUMENT: a response key must be 32 bytes$/,
      );
    });
  });
});
