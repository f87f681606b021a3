import {
  decodeResult,
  encodeArgument,
  encodeArguments,
  encodeTransient,
  toProposalOptions,
} from '@govchain/gateway-client';
import { expect } from 'chai';

const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

describe('encodeArgument', () => {
  it('passes strings and bytes through unchanged', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(encodeArgument('BL-1')).to.equal('BL-1');
    expect(encodeArgument('')).to.equal('');
    expect(encodeArgument(bytes)).to.equal(bytes);
  });

  it('writes numbers and booleans as their JSON text', () => {
    expect(encodeArgument(10000)).to.equal('10000');
    expect(encodeArgument(2.5)).to.equal('2.5');
    expect(encodeArgument(false)).to.equal('false');
  });

  it('writes objects, arrays and null as canonical JSON', () => {
    expect(encodeArgument({ shareBp: 10000, owner: 'o1' })).to.equal('{"owner":"o1","shareBp":10000}');
    expect(encodeArgument([{ b: 1, a: 2 }])).to.equal('[{"a":2,"b":1}]');
    expect(encodeArgument(null)).to.equal('null');
  });

  it('refuses undefined, naming the position in a list', () => {
    expect(() => encodeArgument(undefined)).to.throw(TypeError);
    expect(() => encodeArguments(['a', undefined])).to.throw(TypeError, /argument 1/);
  });
});

describe('encodeTransient', () => {
  it('encodes strings as UTF-8, keeps bytes and writes objects as canonical JSON', () => {
    const raw = new Uint8Array([0xff, 0x00]);
    const encoded = encodeTransient({ idNumber: '110101199001011234', photo: raw, holder: { name: '张三', id: 'x' } });
    expect(Object.keys(encoded)).to.deep.equal(['holder', 'idNumber', 'photo']);
    expect(text(encoded.idNumber)).to.equal('110101199001011234');
    expect(encoded.photo).to.equal(raw);
    expect(text(encoded.holder)).to.equal('{"id":"x","name":"张三"}');
  });

  it('names the key of a value that cannot be encoded', () => {
    expect(() => encodeTransient({ bad: undefined })).to.throw(TypeError, /transient "bad"/);
  });
});

describe('toProposalOptions', () => {
  it('encodes arguments and transient data and copies endorsing organizations', () => {
    const orgs = ['TaxMSP', 'RealEstateMSP'];
    const options = toProposalOptions({
      arguments: ['APP-7', 3, { ok: true }],
      transientData: { secret: 's' },
      endorsingOrganizations: orgs,
    });
    expect(options.arguments).to.deep.equal(['APP-7', '3', '{"ok":true}']);
    expect(text(options.transientData?.secret as Uint8Array)).to.equal('s');
    expect(options.endorsingOrganizations).to.deep.equal(orgs);
    expect(options.endorsingOrganizations).to.not.equal(orgs);
  });

  it('leaves out transient data and organizations that were not given', () => {
    expect(toProposalOptions({})).to.deep.equal({ arguments: [] });
    expect(toProposalOptions({ endorsingOrganizations: [] })).to.deep.equal({ arguments: [] });
  });
});

describe('decodeResult', () => {
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

  it('parses JSON results to values', () => {
    expect(decodeResult(utf8('{"id":"BL-1","status":"ACTIVE"}'))).to.deep.equal({ id: 'BL-1', status: 'ACTIVE' });
    expect(decodeResult(utf8('[1,2]'))).to.deep.equal([1, 2]);
    expect(decodeResult(utf8('true'))).to.equal(true);
  });

  it('returns text that is not JSON as a string', () => {
    expect(decodeResult(utf8('VALID'))).to.equal('VALID');
    expect(decodeResult(utf8('{broken'))).to.equal('{broken');
  });

  it('returns undefined for an empty result', () => {
    expect(decodeResult(new Uint8Array())).to.equal(undefined);
  });
});
