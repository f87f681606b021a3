import { expect } from './setup';
import {
  CODE_RULE,
  ID_RULE,
  JsonObject,
  MSP_ID_RULE,
  corruptState,
  isJsonObject,
  parseIsoTime,
  parseJson,
  requireFingerprint,
  requireString,
} from '@govchain/chaincode-common';

describe('validation', () => {
  describe('requireString', () => {
    it('returns a string that obeys the rule', () => {
      expect(requireString('BL-1', 'licence id', ID_RULE)).to.equal('BL-1');
    });

    const refused: [string, unknown, RegExp][] = [
      ['a number', 5, /^INVALID_ARGUMENT: licence id must be a string$/],
      ['undefined', undefined, /must be a string/],
      ['an empty string', '', /^INVALID_ARGUMENT: licence id is required$/],
      ['a string with a space', 'BL 1', /^INVALID_ARGUMENT: licence id must be letters, digits/],
      ['a NUL character', 'BL\u00001', /must be letters/],
      ['a 129-character id', 'B'.repeat(129), /^INVALID_ARGUMENT: licence id must have at most 128 characters$/],
    ];
    for (const [name, value, message] of refused) {
      it(`refuses ${name}`, () => {
        expect(() => requireString(value, 'licence id', ID_RULE)).to.throw(message);
      });
    }

    it('applies minimum and maximum lengths', () => {
      expect(() => requireString('abc', 'nonce', { minLength: 8 })).to.throw(/at least 8 characters/);
      expect(() => requireString('x'.repeat(257), 'purpose')).to.throw(/at most 256 characters/);
    });

    it('uses the given failure factory', () => {
      expect(() => requireString(1, 'field', {}, corruptState)).to.throw(
        /^stored state is corrupt: field must be a string/,
      );
    });

    it('checks MSP ids and codes', () => {
      expect(requireString('MarketRegulationMSP', 'msp', MSP_ID_RULE)).to.equal('MarketRegulationMSP');
      expect(() => requireString('Org1 MSP', 'msp', MSP_ID_RULE)).to.throw(/^INVALID_ARGUMENT/);
      expect(requireString('BUSINESS_LICENCE', 'code', CODE_RULE)).to.equal('BUSINESS_LICENCE');
      expect(() => requireString('business', 'code', CODE_RULE)).to.throw(/^INVALID_ARGUMENT/);
    });
  });

  describe('requireFingerprint', () => {
    it('accepts 64 lowercase hex characters', () => {
      expect(requireFingerprint('ab'.repeat(32))).to.equal('ab'.repeat(32));
    });
    for (const bad of ['AB'.repeat(32), 'ab'.repeat(31), 'zz'.repeat(32)]) {
      it(`refuses ${bad.slice(0, 6)}… (${bad.length} characters)`, () => {
        expect(() => requireFingerprint(bad)).to.throw(/^INVALID_ARGUMENT: fingerprint must be 64 lowercase hex/);
      });
    }
    it('refuses 65 characters by length, before the pattern', () => {
      expect(() => requireFingerprint(`${'ab'.repeat(32)}0`)).to.throw(
        /^INVALID_ARGUMENT: fingerprint must have at most 64 characters$/,
      );
    });
  });

  describe('parseIsoTime', () => {
    it('parses UTC timestamps with and without milliseconds', () => {
      expect(parseIsoTime('2025-01-31T08:00:00Z', 't')).to.equal(Date.UTC(2025, 0, 31, 8));
      expect(parseIsoTime('2025-01-31T08:00:00.250Z', 't')).to.equal(Date.UTC(2025, 0, 31, 8, 0, 0, 250));
    });
    const refused = ['2025-01-31', '2025-01-31T08:00:00+08:00', '2025-01-31 08:00:00Z', 'yesterday', ''];
    for (const bad of refused) {
      it(`refuses ${JSON.stringify(bad)}`, () => {
        expect(() => parseIsoTime(bad, 'validFrom')).to.throw(/^INVALID_ARGUMENT: validFrom/);
      });
    }
    it('refuses a date that does not exist', () => {
      expect(() => parseIsoTime('2025-02-30T00:00:00Z', 'validFrom')).to.throw(
        /^INVALID_ARGUMENT: validFrom is not a real calendar time/,
      );
      expect(() => parseIsoTime('2025-01-01T24:00:00Z', 'validFrom')).to.throw(/^INVALID_ARGUMENT/);
    });
  });

  describe('parseJson / isJsonObject', () => {
    it('parses JSON to unknown', () => {
      expect(parseJson('[1]', 'x')).to.deep.equal([1]);
    });
    it('refuses text that is not JSON', () => {
      expect(() => parseJson('{', 'licence')).to.throw(/^INVALID_ARGUMENT: licence is not valid JSON$/);
    });
    it('tells objects from arrays and null', () => {
      expect(isJsonObject({})).to.equal(true);
      expect(isJsonObject([])).to.equal(false);
      expect(isJsonObject(null)).to.equal(false);
      expect(isJsonObject('x')).to.equal(false);
    });
  });

  describe('JsonObject', () => {
    it('refuses JSON that is not an object', () => {
      expect(() => JsonObject.parse('[1]', 'licence')).to.throw(/^INVALID_ARGUMENT: licence must be a JSON object$/);
      expect(() => JsonObject.parse('nope', 'licence')).to.throw(/^INVALID_ARGUMENT: licence is not valid JSON$/);
    });

    it('refuses unknown members', () => {
      const input = JsonObject.parse('{"id":"x","idNumber":"1"}', 'licence');
      expect(() => input.allowOnly(['id'])).to.throw(/^INVALID_ARGUMENT: licence has unknown field "idNumber"$/);
    });

    it('reads required and optional strings', () => {
      const input = JsonObject.parse('{"id":"BL-1","empty":"","nil":null}', 'licence');
      expect(input.string('id', ID_RULE)).to.equal('BL-1');
      expect(input.optionalString('missing')).to.equal(undefined);
      expect(input.optionalString('empty')).to.equal(undefined);
      expect(input.optionalString('nil')).to.equal(undefined);
      expect(() => input.string('missing')).to.throw(/^INVALID_ARGUMENT: licence.missing must be a string$/);
      expect(input.has('id')).to.equal(true);
      expect(input.has('nil')).to.equal(false);
    });

    it('reads integers within bounds', () => {
      const input = JsonObject.from({ days: 30, big: 1e9, frac: 1.5, text: '3' }, 'type');
      expect(input.integer('days', 0, 100)).to.equal(30);
      expect(() => input.integer('big', 0, 100)).to.throw(
        /^INVALID_ARGUMENT: type.big must be an integer from 0 to 100$/,
      );
      expect(() => input.integer('frac', 0, 100)).to.throw(/^INVALID_ARGUMENT/);
      expect(() => input.integer('text', 0, 100)).to.throw(/^INVALID_ARGUMENT/);
    });

    it('reads booleans, times and nested objects', () => {
      const input = JsonObject.from({ flag: true, at: '2025-01-01T00:00:00Z', inner: { a: 'b' }, no: 'yes' }, 'x');
      expect(input.boolean('flag')).to.equal(true);
      expect(() => input.boolean('no')).to.throw(/^INVALID_ARGUMENT: x.no must be true or false$/);
      expect(input.time('at')).to.equal(Date.UTC(2025, 0, 1));
      expect(input.object('inner').string('a')).to.equal('b');
      expect(() => input.object('flag')).to.throw(/^INVALID_ARGUMENT: x.flag must be a JSON object$/);
    });

    it('reads string arrays, refusing duplicates and bad lengths', () => {
      const input = JsonObject.from({ list: ['a', 'b'], dup: ['a', 'a'], mixed: ['a', 1], no: 'a' }, 'x');
      expect(input.stringArray('list', {}, { unique: true })).to.deep.equal(['a', 'b']);
      expect(() => input.stringArray('dup', {}, { unique: true })).to.throw(
        /^INVALID_ARGUMENT: x.dup lists "a" twice$/,
      );
      expect(() => input.stringArray('mixed')).to.throw(/^INVALID_ARGUMENT: x.mixed\[1\] must be a string$/);
      expect(() => input.stringArray('no')).to.throw(/^INVALID_ARGUMENT: x.no must be an array$/);
      expect(() => input.stringArray('list', {}, { minItems: 3 })).to.throw(/must have from 3 to 100 elements/);
    });

    it('reads string maps in sorted key order', () => {
      const input = JsonObject.from(
        { m: { zeta: '1', alpha: '2' }, bad: { alpha: 2 }, badKey: { 'Not Ok': 'x' } },
        'x',
      );
      const map = input.stringMap('m', { pattern: /^[a-z]+$/ }, {});
      expect(Object.keys(map)).to.deep.equal(['alpha', 'zeta']);
      expect(() => input.stringMap('bad', {}, {})).to.throw(/^INVALID_ARGUMENT: x.bad.alpha must be a string$/);
      expect(() => input.stringMap('badKey', { pattern: /^[a-z]+$/, patternHint: 'lower case' }, {})).to.throw(
        /^INVALID_ARGUMENT: x.badKey key "Not Ok" must be lower case$/,
      );
      expect(() => input.stringMap('m', {}, {}, 1)).to.throw(/must have at most 1 entries/);
    });
  });
});
