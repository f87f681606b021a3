import '../../support';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  BIND_HOLDER_KEY_ACTION,
  CONSENT_NONCE_PATTERN,
  buildConsent,
  buildHolderKeyBinding,
  buildWithdrawal,
  canonicalJson,
  generateHolderKeyPair,
  holderKeyPairFromPem,
  holderSignedBytes,
  newConsentNonce,
  signConsent,
  signHolderKeyBinding,
  signHolderPayload,
  signWithdrawal,
  verifyHolderSignature,
} from '@govchain/gateway-client';
// The chaincode's own verification, used only here to prove that what the client signs is what it verifies.
import {
  canonicalJson as chaincodeCanonicalJson,
  parseP256PublicKey,
  verifyP256Signature,
} from '@govchain/chaincode-common';
import {
  BIND_HOLDER_KEY_ACTION as BIND_ACTION,
  GRANT_CONSENT_ACTION as GRANT_ACTION,
  WITHDRAW_CONSENT_ACTION as WITHDRAW_ACTION,
  signedBytes,
} from '@govchain/e-license';
import { expect } from 'chai';
import { HOLDER_REF as LEDGER_HOLDER_REF, ID_NUMBER as LEDGER_ID_NUMBER, seededLedger } from '../e-license/fixtures';

const HOLDER_REF = 'ab'.repeat(32);

/** What the chaincode does with a submitted consentJson: parse it, then sign-check its canonical bytes. */
function chaincodeVerifies(publicKeyHex: string, submittedJson: string, signature: string): boolean {
  const payload = JSON.parse(submittedJson) as Record<string, unknown>;
  return verifyP256Signature(publicKeyHex, signedBytes(payload), signature.toLowerCase());
}

describe('holder keys', () => {
  describe('generateHolderKeyPair', () => {
    it('creates a P-256 key pair whose public key the chaincode parses to the same hex and fingerprint', () => {
      const pair = generateHolderKeyPair();
      expect(pair.privateKeyPem).to.match(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(pair.publicKeyPem).to.match(/^-----BEGIN PUBLIC KEY-----\n/);
      const parsed = parseP256PublicKey(pair.publicKeyPem, 'holder key');
      expect(parsed).to.deep.equal({ spkiHex: pair.publicKeyHex, fingerprint: pair.fingerprint });
      expect(pair.fingerprint).to.equal(
        createHash('sha256').update(Buffer.from(pair.publicKeyHex, 'hex')).digest('hex'),
      );
    });

    it('creates a different key each time', () => {
      expect(generateHolderKeyPair().fingerprint).to.not.equal(generateHolderKeyPair().fingerprint);
    });

    it('loads a key pair back from its private key', () => {
      const pair = generateHolderKeyPair();
      expect(holderKeyPairFromPem(pair.privateKeyPem)).to.deep.equal(pair);
    });

    it('refuses a key that is not P-256', () => {
      const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
      const pem = p384.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      expect(() => holderKeyPairFromPem(pem)).to.throw(TypeError, /P-256/);
    });
  });

  describe('buildConsent', () => {
    const request = {
      consentId: 'C-1',
      holderRef: HOLDER_REF,
      granteeMsp: 'TaxMSP',
      licenceId: 'BL-1',
      purpose: 'tax clearance of transfer T-9',
      expiresAt: '2030-01-01T00:00:00Z',
    };

    it('adds the grant action and a nonce the chaincode accepts', () => {
      const consent = buildConsent(request);
      expect(consent).to.deep.include({ ...request, action: GRANT_ACTION });
      expect(consent.nonce).to.match(CONSENT_NONCE_PATTERN);
      expect(consent).to.not.have.property('licenceType');
    });

    it('writes a Date expiry as ISO-8601 UTC and keeps a given nonce', () => {
      const consent = buildConsent({ ...request, expiresAt: new Date(Date.UTC(2030, 0, 1)), nonce: 'abcdefgh' });
      expect(consent).to.include({ expiresAt: '2030-01-01T00:00:00.000Z', nonce: 'abcdefgh' });
    });

    it('builds a consent scoped to a licence type', () => {
      const consent = buildConsent({ ...request, licenceId: undefined, licenceType: 'BUSINESS_LICENCE' });
      expect(consent).to.include({ licenceType: 'BUSINESS_LICENCE' }).and.not.have.property('licenceId');
    });

    const refused: [string, Record<string, unknown>, RegExp][] = [
      ['both scopes', { licenceType: 'BUSINESS_LICENCE' }, /exactly one/],
      ['no scope', { licenceId: undefined }, /exactly one/],
      ['a local time', { expiresAt: '2030-01-01 00:00' }, /ISO-8601 UTC/],
      ['an invalid date', { expiresAt: new Date(Number.NaN) }, /not a valid date/],
      ['a short nonce', { nonce: 'abc' }, /nonce/],
      ['a nonce with spaces', { nonce: 'abc def ghi' }, /nonce/],
    ];
    for (const [what, change, message] of refused) {
      it(`refuses ${what}`, () => {
        expect(() => buildConsent({ ...request, ...change })).to.throw(TypeError, message);
      });
    }
  });

  it('newConsentNonce gives distinct nonces the chaincode accepts', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => newConsentNonce()));
    expect(nonces.size).to.equal(20);
    for (const nonce of nonces) expect(nonce).to.match(CONSENT_NONCE_PATTERN);
  });

  describe('signatures, verified by the chaincode', () => {
    const pair = generateHolderKeyPair();
    const consent = buildConsent({
      consentId: 'C-2025-0001',
      holderRef: HOLDER_REF,
      granteeMsp: 'TaxMSP',
      licenceId: 'BL-1',
      purpose: 'tax clearance — 税务', // non-ASCII: the UTF-8 bytes are what is signed
      expiresAt: '2030-01-01T00:00:00Z',
    });

    it('signs exactly the bytes the chaincode verifies', () => {
      expect(Buffer.from(holderSignedBytes(consent))).to.deep.equal(Buffer.from(signedBytes(consent)));
      expect(canonicalJson(consent)).to.equal(chaincodeCanonicalJson(consent));
    });

    it('produces a consent signature that verifies with the chaincode (DER and r‖s)', () => {
      const der = signConsent(pair.privateKeyPem, consent);
      const p1363 = signConsent(pair.privateKeyPem, consent, 'ieee-p1363');
      expect(p1363.signature).to.have.length(128);
      for (const signed of [der, p1363]) {
        expect(signed.signature).to.match(/^[0-9a-f]+$/);
        expect(chaincodeVerifies(pair.publicKeyHex, canonicalJson(signed.consent), signed.signature)).to.equal(true);
        expect(verifyHolderSignature(pair.publicKeyPem, signed.consent, signed.signature)).to.equal(true);
        expect(verifyHolderSignature(pair.publicKeyHex, signed.consent, signed.signature)).to.equal(true);
      }
    });

    it('verifies whatever the key order and whitespace of the submitted JSON', () => {
      const { signature } = signConsent(pair.privateKeyPem, consent);
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(consent).reverse()), null, 2);
      expect(chaincodeVerifies(pair.publicKeyHex, reordered, signature)).to.equal(true);
    });

    const alterations: [string, Record<string, unknown>][] = [
      ['grantee', { granteeMsp: 'HealthMSP' }],
      ['expiry', { expiresAt: '2031-01-01T00:00:00Z' }],
      ['scope', { licenceId: 'BL-2' }],
      ['action', { action: WITHDRAW_ACTION }],
    ];
    for (const [what, change] of alterations) {
      it(`produces a signature the chaincode refuses once the ${what} is altered`, () => {
        const { signature } = signConsent(pair.privateKeyPem, consent);
        const altered = JSON.stringify({ ...consent, ...change });
        expect(chaincodeVerifies(pair.publicKeyHex, altered, signature)).to.equal(false);
      });
    }

    it("is refused by the chaincode under another holder's key", () => {
      const other = generateHolderKeyPair();
      const { signature } = signConsent(other.privateKeyPem, consent);
      expect(chaincodeVerifies(pair.publicKeyHex, canonicalJson(consent), signature)).to.equal(false);
      expect(verifyHolderSignature(pair.publicKeyPem, consent, signature)).to.equal(false);
    });

    it('produces a withdrawal signature the chaincode verifies, and that is no consent signature', () => {
      const withdrawal = buildWithdrawal({ consentId: 'C-2025-0001', holderRef: HOLDER_REF });
      expect(withdrawal).to.include({ action: WITHDRAW_ACTION, consentId: 'C-2025-0001', holderRef: HOLDER_REF });
      const signed = signWithdrawal(pair.privateKeyPem, withdrawal);
      expect(chaincodeVerifies(pair.publicKeyHex, canonicalJson(withdrawal), signed.signature)).to.equal(true);
      expect(chaincodeVerifies(pair.publicKeyHex, canonicalJson(consent), signed.signature)).to.equal(false);
    });

    it('refuses to sign with a public key', () => {
      expect(() => signHolderPayload(pair.publicKeyPem, consent)).to.throw();
    });

    it('reports a malformed signature as not verifying', () => {
      expect(verifyHolderSignature(pair.publicKeyPem, consent, 'zz')).to.equal(false);
      expect(verifyHolderSignature(pair.publicKeyPem, consent, '00'.repeat(64))).to.equal(false);
    });
  });

  describe('key bindings, accepted by the chaincode', () => {
    const pair = generateHolderKeyPair();

    it('builds the binding the chaincode expects, with the key as lowercase hex DER whatever form it is given in', () => {
      expect(BIND_HOLDER_KEY_ACTION).to.equal(BIND_ACTION);
      const fromPem = buildHolderKeyBinding(pair.publicKeyPem, { holderRef: HOLDER_REF, keyVersion: 1 });
      expect(fromPem).to.deep.equal({
        action: BIND_ACTION,
        holderRef: HOLDER_REF,
        publicKey: pair.publicKeyHex,
        keyVersion: 1,
      });
      expect(
        buildHolderKeyBinding(pair.publicKeyHex.toUpperCase(), { holderRef: HOLDER_REF, keyVersion: 1 }),
      ).to.deep.equal(fromPem);
    });

    it('refuses a version that is not a positive integer, and a key that is not P-256', () => {
      for (const keyVersion of [0, -1, 1.5, Number.NaN]) {
        expect(() => buildHolderKeyBinding(pair.publicKeyPem, { holderRef: HOLDER_REF, keyVersion })).to.throw(
          TypeError,
          /keyVersion/,
        );
      }
      const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
      const pem = p384.publicKey.export({ format: 'pem', type: 'spki' }).toString();
      expect(() => buildHolderKeyBinding(pem, { holderRef: HOLDER_REF, keyVersion: 1 })).to.throw(TypeError, /P-256/);
    });

    it('signs the binding with the key being bound: a proof of possession the chaincode verifies', () => {
      const signed = signHolderKeyBinding(pair.privateKeyPem, { holderRef: HOLDER_REF, keyVersion: 3 });
      expect(signed.binding).to.include({ publicKey: pair.publicKeyHex, keyVersion: 3 });
      expect(chaincodeVerifies(pair.publicKeyHex, canonicalJson(signed.binding), signed.signature)).to.equal(true);
      expect(verifyHolderSignature(pair.publicKeyPem, signed.binding, signed.signature)).to.equal(true);
      const altered = JSON.stringify({ ...signed.binding, keyVersion: 4 });
      expect(chaincodeVerifies(pair.publicKeyHex, altered, signed.signature)).to.equal(false);
    });

    it('is bound by BindHolderKey as Public Security', async () => {
      const ledger = await seededLedger();
      const signed = signHolderKeyBinding(pair.privateKeyPem, { holderRef: LEDGER_HOLDER_REF, keyVersion: 1 });
      const { ctx, contract } = ledger;
      const record = JSON.parse(
        await ctx.submit(() => contract.BindHolderKey(ctx, canonicalJson(signed.binding), signed.signature), {
          mspId: 'PublicSecurityMSP',
          transient: { idNumber: LEDGER_ID_NUMBER },
        }),
      ) as { fingerprint: string; keyVersion: number };
      expect(record).to.include({ fingerprint: pair.fingerprint, keyVersion: 1 });
    });
  });
});
