import { canonicalJson, fingerprintBuffer, fingerprintFile, fingerprintJson } from '@govchain/gateway-client';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TempDir, tempDir } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const SHA256_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
// FIPS 180-2 test vector: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
const SHA256_448 = '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1';
// One million times 'a'.
const SHA256_MILLION_A = 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0';

describe('fingerprintBuffer', () => {
  it('returns the known SHA-256 vectors as lowercase hex', () => {
    expect(fingerprintBuffer('abc')).to.equal(SHA256_ABC);
    expect(fingerprintBuffer(new Uint8Array([0x61, 0x62, 0x63]))).to.equal(SHA256_ABC);
    expect(fingerprintBuffer('')).to.equal(SHA256_EMPTY);
    expect(fingerprintBuffer('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).to.equal(SHA256_448);
  });
});

describe('fingerprintFile', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    dir.cleanup();
  });

  it('streams a file larger than one read chunk', async () => {
    const file = join(dir.path, 'million-a.bin');
    writeFileSync(file, Buffer.alloc(1_000_000, 'a'));
    expect(await fingerprintFile(file)).to.equal(SHA256_MILLION_A);
  });

  it('hashes an empty file', async () => {
    const file = join(dir.path, 'empty');
    writeFileSync(file, '');
    expect(await fingerprintFile(file)).to.equal(SHA256_EMPTY);
  });

  it('rejects with the file-system error for a missing file', async () => {
    await expect(fingerprintFile(join(dir.path, 'nope'))).to.be.rejectedWith(/ENOENT/);
  });
});

describe('canonicalJson', () => {
  const cases: [string, unknown, string][] = [
    [
      'sorts keys at every level',
      { b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } },
      '{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}',
    ],
    ['keeps array order', [3, 1, 2], '[3,1,2]'],
    [
      'writes primitives as JSON.stringify does',
      ['é\n"', 1.5, -0, 1e21, true, null],
      '["é\\n\\"",1.5,0,1e+21,true,null]',
    ],
    ['sorts by UTF-16 code units (upper case first)', { b: 1, B: 2, a: 3, _: 4 }, '{"B":2,"_":4,"a":3,"b":1}'],
    ['omits members whose value is undefined', { a: undefined, b: [null] }, '{"b":[null]}'],
    ['serializes an empty object and array', { o: {}, a: [] }, '{"a":[],"o":{}}'],
    [
      'sorts non-ASCII keys by UTF-16 code units, not code points',
      { é: 1, z: 2, '😀': 3, ｚ: 4 },
      '{"z":2,"é":1,"😀":3,"ｚ":4}',
    ],
    ['writes a top-level string', 'x', '"x"'],
  ];
  for (const [what, value, expected] of cases) {
    it(what, () => {
      expect(canonicalJson(value)).to.equal(expected);
    });
  }

  it('gives the same text whatever the key insertion order', () => {
    const one = canonicalJson({ holder: 'h1', licenceId: 'BL-1', purpose: 'loan', until: '2025-01-01' });
    const two = canonicalJson({ until: '2025-01-01', purpose: 'loan', licenceId: 'BL-1', holder: 'h1' });
    expect(one).to.equal(two);
    expect(JSON.parse(one)).to.deep.equal({ holder: 'h1', licenceId: 'BL-1', purpose: 'loan', until: '2025-01-01' });
  });

  const refused: [string, unknown, RegExp][] = [
    ['a top-level undefined', undefined, /\$ has unsupported type undefined/],
    ['an undefined array element', { owners: ['a', undefined] }, /\$\.owners\[1\] is undefined/],
    ['NaN', { area: Number.NaN }, /\$\.area is not a finite number/],
    ['Infinity', [Number.POSITIVE_INFINITY], /\$\[0\] is not a finite number/],
    ['a bigint', { n: 1n }, /\$\.n has unsupported type bigint/],
    ['a function member', { f: () => 1 }, /\$\.f has unsupported type function/],
    ['a Date', { at: new Date(0) }, /\$\.at is a Date, not plain data/],
    ['a Map', new Map(), /\$ is a Map, not plain data/],
    ['bytes', { doc: new Uint8Array([1]) }, /\$\.doc is a Uint8Array, not plain data/],
  ];
  for (const [what, value, message] of refused) {
    it(`refuses ${what}, naming its path`, () => {
      expect(() => canonicalJson(value)).to.throw(TypeError, message);
    });
  }

  it('fingerprints JSON through the canonical form', () => {
    expect(fingerprintJson({ b: 2, a: 1 })).to.equal(fingerprintBuffer('{"a":1,"b":2}'));
  });
});
