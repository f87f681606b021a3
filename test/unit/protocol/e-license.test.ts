import '../../support';
import { canonicalJson, parseRecord, parseRecords } from '@govchain/protocol';
import {
  ConsentPayload,
  HolderKey,
  HolderRefGrantLog,
  License,
  LicenseCheck,
  LicenseHistoryEntry,
  LicenseInput,
  LicenseType,
  LicenseTypeRegistry,
  LicenseVerification,
} from '@govchain/protocol/e-license';
import { expect } from 'chai';

const fail = (detail: string): Error => new Error(detail);
const T0 = '2025-03-01T08:00:00.000Z';
const HEX = 'ab'.repeat(32);

const LICENCE = {
  id: 'BL-1',
  type: 'BUSINESS_LICENCE',
  issuerMsp: 'MarketRegulationMSP',
  holderRef: HEX,
  fingerprint: HEX,
  validFrom: T0,
  validUntil: '',
  metadata: { enterpriseName: 'Harbour Trading' },
  status: 'ACTIVE',
  statusReason: 'ISSUED',
  statusEffectiveAt: T0,
  predecessorId: '',
  successorId: '',
  issuedAt: T0,
  updatedAt: T0,
  updatedByMsp: 'MarketRegulationMSP',
  txId: 'tx-1',
};

const TYPE = {
  code: 'BUSINESS_LICENCE',
  name: 'Business licence',
  issuerMsp: 'MarketRegulationMSP',
  requiredMetadata: ['enterpriseName'],
  optionalMetadata: [],
  defaultValidityDays: 7305,
};

const REGISTRY = {
  governanceMsps: ['MarketRegulationMSP', 'PublicSecurityMSP'],
  types: [TYPE, { ...TYPE, code: 'REAL_ESTATE_CERTIFICATE', idPrefix: 'REC-', owningChaincode: 'real-estate' }],
  updatedAt: T0,
  updatedByMsp: 'PublicSecurityMSP',
  txId: 'tx-2',
  seededTxId: 'tx-2',
};

/** Parses plain JSON and serializes the instance again, as a chaincode writes it or a client hands it out. */
function roundTrip(type: new () => object, plain: object, what: string): unknown {
  const record = parseRecord(type, JSON.parse(JSON.stringify(plain)), what, fail);
  expect(record).to.be.instanceOf(type);
  return JSON.parse(canonicalJson(record));
}

describe('protocol: e-license records', () => {
  it('round-trips each record unchanged, nested records included', () => {
    expect(roundTrip(License, LICENCE, 'licence')).to.deep.equal(LICENCE);
    expect(roundTrip(LicenseTypeRegistry, REGISTRY, 'registry')).to.deep.equal(REGISTRY);
    const history = { txId: 'tx-3', timestamp: T0, submitterMsp: 'TaxMSP', isDelete: false, value: LICENCE };
    expect(roundTrip(LicenseHistoryEntry, history, 'entry')).to.deep.equal(history);
    const check = { licenceId: 'BL-9', result: 'NOT_FOUND', checkedAt: T0, licence: null };
    expect(roundTrip(LicenseCheck, check, 'check')).to.deep.equal(check);
  });

  it('leaves an absent optional member absent (no own undefined property)', () => {
    const type = parseRecord(LicenseType, TYPE, 'type', fail);
    expect(Object.keys(type)).to.not.include.members(['idPrefix', 'owningChaincode']);
    const registry = parseRecord(LicenseTypeRegistry, REGISTRY, 'registry', fail);
    expect(registry.find('REAL_ESTATE_CERTIFICATE')?.idPrefix).to.equal('REC-');
    expect(registry.types[0]).to.be.instanceOf(LicenseType);
  });

  it('accepts a NOT_FOUND verification with its empty members', () => {
    const verification = { licenceId: 'BL-9', result: 'NOT_FOUND', checkedAt: T0, status: '', issuerMsp: '' };
    expect(parseRecord(LicenseVerification, verification, 'v', fail)).to.include({ status: '', type: '' });
  });

  const refusals: [string, () => unknown, RegExp][] = [
    [
      'a status outside its union',
      () => parseRecord(License, { ...LICENCE, status: 'MAYBE' }, 'licence', fail),
      /^licence\.status must be one of ACTIVE, SUSPENDED, REVOKED, SUPERSEDED$/,
    ],
    [
      'a missing member',
      () => parseRecord(License, { ...LICENCE, txId: undefined }, 'licence', fail),
      /^licence\.txId is required$/,
    ],
    [
      'a time that is no real instant',
      () => parseRecord(License, { ...LICENCE, issuedAt: '2025-02-30T00:00:00Z' }, 'licence', fail),
      /^licence\.issuedAt is not a real calendar time$/,
    ],
    [
      'a bad member of a nested record, with its path',
      () => parseRecord(LicenseTypeRegistry, { ...REGISTRY, types: [{ ...TYPE, code: 'lower' }] }, 'registry', fail),
      /^registry\.types\[0\]\.code must be upper-case letters, digits and _$/,
    ],
    [
      'a bad member of a record nested in a list element',
      () => parseRecords(LicenseHistoryEntry, [{ txId: 't', timestamp: T0, isDelete: false, value: {} }], '$', fail),
      /^\$\[0\]\.value\.id is required$/,
    ],
    [
      'a metadata field name that is not lowerCamelCase',
      () => parseRecord(LicenseInput, { id: 'BL-1', type: 'X_Y', fingerprint: HEX, metadata: { Bad: 'x' } }, 'l', fail),
      /^l\.metadata key "Bad" must be a lowerCamelCase name$/,
    ],
    [
      'a key version out of range',
      () =>
        parseRecord(
          HolderKey,
          {
            holderRef: HEX,
            publicKey: 'ab',
            fingerprint: HEX,
            keyVersion: 0,
            proof: 'ab'.repeat(32),
            boundByMsp: 'PublicSecurityMSP',
            boundAt: T0,
            txId: 'tx',
          },
          'key',
          fail,
        ),
      /^key\.keyVersion must be an integer from 1 to 1000000$/,
    ],
    [
      'a consent signed for another action',
      () =>
        parseRecord(
          ConsentPayload,
          {
            action: 'WITHDRAW_CONSENT',
            consentId: 'C-1',
            holderRef: HEX,
            granteeMsp: 'TaxMSP',
            licenceId: 'BL-1',
            purpose: 'p',
            expiresAt: T0,
            nonce: 'nonce-0001',
          },
          'consent',
          fail,
        ),
      /^consent\.action must be one of GRANT_CONSENT$/,
    ],
    [
      'a list member that is not an array',
      () =>
        parseRecord(
          HolderRefGrantLog,
          { grantedToMsp: 'TaxMSP', hour: '2025-03-01T08', count: 0, grants: {} },
          'log',
          fail,
        ),
      /^log\.grants must be an array$/,
    ],
    [
      'an unknown member',
      () => parseRecord(License, { ...LICENCE, owner: 'someone' }, 'licence', fail),
      /^licence has unknown field "owner"$/,
    ],
    [
      'an unknown member of a nested record',
      () => parseRecord(LicenseTypeRegistry, { ...REGISTRY, types: [{ ...TYPE, extra: 1 }] }, 'registry', fail),
      /^registry\.types\[0\] has unknown field "extra"$/,
    ],
    [
      '__proto__',
      () => parseRecord(License, JSON.parse(`{"__proto__": {"status": "ACTIVE"}, "id": "BL-1"}`), 'licence', fail),
      /^licence has unknown field "__proto__"$/,
    ],
    [
      '__proto__ in a nested record',
      () => parseRecord(LicenseCheck, JSON.parse(`{"licence": {"__proto__": {}}}`), 'check', fail),
      /^check\.licence has unknown field "__proto__"$/,
    ],
    [
      'a value that is no object',
      () => parseRecord(License, [LICENCE], 'licence', fail),
      /^licence must be a JSON object$/,
    ],
  ];
  for (const [what, parse, message] of refusals) {
    it(`refuses ${what}, naming the member`, () => {
      expect(parse).to.throw(Error, message);
    });
  }
});
