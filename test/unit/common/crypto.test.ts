import { expect } from './setup';
import { generateKeyPairSync } from 'node:crypto';
import { P256Holder } from '../../support';
import { hmacSha256Hex, parseP256PublicKey, sha256Hex, verifyP256Signature } from '@govchain/chaincode-common';

describe('crypto helpers', () => {
  it('sha256Hex matches the FIPS 180-2 "abc" vector', () => {
    expect(sha256Hex('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(Buffer.from('abc'))).to.equal(sha256Hex('abc'));
  });

  it('hmacSha256Hex matches RFC 4231 test case 2', () => {
    expect(hmacSha256Hex(Buffer.from('Jefe'), 'what do ya want for nothing?')).to.equal(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  describe('parseP256PublicKey', () => {
    const holder = P256Holder.generate();

    it('accepts PEM and hex SPKI and gives the same canonical form', () => {
      const fromPem = parseP256PublicKey(holder.publicKeyPem, 'key');
      const fromHex = parseP256PublicKey(holder.publicKeyHex.toUpperCase(), 'key');
      expect(fromPem).to.deep.equal(fromHex);
      expect(fromPem.spkiHex).to.equal(holder.publicKeyHex);
      expect(fromPem.fingerprint).to.equal(sha256Hex(Buffer.from(holder.publicKeyHex, 'hex')));
    });

    it('refuses keys of other curves and algorithms', () => {
      const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({
        type: 'spki',
        format: 'pem',
      });
      const ed25519 = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
      expect(() => parseP256PublicKey(p384.toString(), 'key')).to.throw(
        /^INVALID_ARGUMENT: key must be an ECDSA P-256/,
      );
      expect(() => parseP256PublicKey(ed25519.toString(), 'key')).to.throw(
        /^INVALID_ARGUMENT: key must be an ECDSA P-256/,
      );
    });

    for (const bad of ['', 'not a key', 'abc', '3059', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----']) {
      it(`refuses ${JSON.stringify(bad.slice(0, 20))}`, () => {
        expect(() => parseP256PublicKey(bad, 'key')).to.throw(/^INVALID_ARGUMENT: key is not a PEM or hex DER/);
      });
    }
  });

  describe('verifyP256Signature', () => {
    const holder = P256Holder.generate();
    const message = Buffer.from('{"a":1}');

    it('accepts DER and IEEE P1363 signatures', () => {
      expect(verifyP256Signature(holder.publicKeyHex, message, holder.sign(message, 'der'))).to.equal(true);
      const raw = holder.sign(message, 'ieee-p1363');
      expect(raw).to.have.length(128);
      expect(verifyP256Signature(holder.publicKeyHex, message, raw)).to.equal(true);
    });

    it('refuses a signature over other bytes, by another key, or malformed', () => {
      const other = P256Holder.generate();
      const signature = holder.sign(message);
      expect(verifyP256Signature(holder.publicKeyHex, Buffer.from('{"a":2}'), signature)).to.equal(false);
      expect(verifyP256Signature(other.publicKeyHex, message, signature)).to.equal(false);
      expect(verifyP256Signature(holder.publicKeyHex, message, 'zz')).to.equal(false);
      expect(verifyP256Signature(holder.publicKeyHex, message, '3006020101020101')).to.equal(false);
      expect(verifyP256Signature(holder.publicKeyHex, message, '00'.repeat(64))).to.equal(false);
    });
  });
});
