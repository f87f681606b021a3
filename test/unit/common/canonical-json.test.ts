import { expect } from './setup';
import { canonicalJson, marshal, unmarshal } from '@govchain/chaincode-common';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: 'x' }], a: true })).to.equal('{"a":true,"b":[2,{"c":"x","d":1}]}');
  });

  it('gives the same text for objects built in different key orders', () => {
    const one = { id: 'BL-1', metadata: { z: '1', a: '2' }, status: 'ACTIVE' };
    const two = { status: 'ACTIVE', metadata: { a: '2', z: '1' }, id: 'BL-1' };
    expect(canonicalJson(one)).to.equal(canonicalJson(two));
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ b: 1, a: 2, B: 3, é: 4, '1': 5 })).to.equal('{"1":5,"B":3,"a":2,"b":1,"é":4}');
  });

  it('writes numbers and strings as ECMAScript JSON does', () => {
    expect(canonicalJson([1e21, -0, 0.1, 'quote " and \\ and \u0001'])).to.equal(
      '[1e+21,0,0.1,"quote \\" and \\\\ and \\u0001"]',
    );
  });

  it('leaves out members whose value is undefined', () => {
    expect(canonicalJson({ a: undefined, b: null })).to.equal('{"b":null}');
  });

  it('round-trips through JSON.parse', () => {
    const value = { x: [1, 'two', { three: false }], y: null };
    expect(JSON.parse(canonicalJson(value))).to.deep.equal(value);
  });

  const refused: [string, unknown][] = [
    ['NaN', { a: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['an undefined array element', [1, undefined]],
    ['a Map', { m: new Map() }],
    ['a Date', { d: new Date(0) }],
    ['a Buffer', { b: Buffer.from('x') }],
    ['a bigint', { n: 1n }],
    ['a function', { f: () => 1 }],
  ];
  for (const [name, value] of refused) {
    it(`refuses ${name}`, () => {
      expect(() => canonicalJson(value)).to.throw(TypeError, /^canonical JSON/);
    });
  }
});

describe('marshal / unmarshal', () => {
  it('marshal writes canonical JSON as UTF-8 bytes', () => {
    expect(Buffer.from(marshal({ b: 'é', a: 1 })).toString('utf8')).to.equal('{"a":1,"b":"é"}');
  });

  it('unmarshal parses to unknown and applies the shape check', () => {
    const value = unmarshal(marshal({ n: 3 }), (parsed) => (parsed as { n: number }).n * 2, 'number');
    expect(value).to.equal(6);
  });

  it('unmarshal passes on the shape check error', () => {
    expect(() =>
      unmarshal(
        marshal({}),
        () => {
          throw new Error('bad shape');
        },
        'x',
      ),
    ).to.throw('bad shape');
  });

  it('unmarshal refuses bytes that are not JSON', () => {
    expect(() => unmarshal(Buffer.from('{oops'), (parsed) => parsed, 'licence BL-1')).to.throw(
      'stored licence BL-1 is not valid UTF-8 JSON',
    );
  });

  it('unmarshal refuses bytes that are not UTF-8', () => {
    expect(() => unmarshal(Uint8Array.of(0x22, 0xff, 0x22), (parsed) => parsed, 'x')).to.throw(/not valid UTF-8/);
  });
});
