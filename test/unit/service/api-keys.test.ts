import { ApiKeys, addApiKey, identityOf, removeApiKey } from '@govchain/service';
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('service: API keys', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'govchain-keys-'));
    file = join(dir, 'tax', 'api-keys.json');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a key, keeps only its hash, and finds it again', () => {
    const key = addApiKey(file, 'tax', 'front-desk', 'clerk:alice');
    expect(key).to.match(/^gck_[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(file, 'utf8')).to.not.include(key);
    const keys = ApiKeys.read(file, 'tax');
    expect(keys.find(key)?.name).to.equal('front-desk');
    expect(identityOf(keys.find(key) ?? { identity: '' })).to.deep.equal({ clerk: 'alice' });
    expect(keys.find(`${key}x`)).to.equal(undefined);
    expect(keys.find('')).to.equal(undefined);
  });

  it('refuses a second key of the same name, a bad name and a bad identity', () => {
    addApiKey(file, 'tax', 'front-desk', 'user');
    expect(() => addApiKey(file, 'tax', 'front-desk', 'user')).to.throw(/exists already/);
    expect(() => addApiKey(file, 'tax', 'Front Desk', 'user')).to.throw(/key name/);
    expect(() => addApiKey(file, 'tax', 'ops', 'root')).to.throw(/user, admin or clerk/);
  });

  it('reads no file as no keys (every request refused)', () => {
    expect(ApiKeys.read(file, 'tax').size).to.equal(0);
  });

  it('reports every problem of a bad file at once', () => {
    addApiKey(file, 'tax', 'front-desk', 'user');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { keys: Record<string, unknown>[] };
    doc.keys.push({ name: 'front-desk', sha256: 'xyz', identity: 'root', createdAt: 'yesterday' });
    writeFileSync(file, JSON.stringify({ ...doc, department: 'health' }));
    expect(() => ApiKeys.read(file, 'tax'))
      .to.throw(/department must be "tax"/)
      .with.property('message')
      .that.matches(/given twice/)
      .and.matches(/sha256 must be/)
      .and.matches(/identity must be/)
      .and.matches(/createdAt must be/);
  });

  it('revokes a key by name, and a running set of keys takes the file again', () => {
    const kept = addApiKey(file, 'tax', 'front-desk', 'user');
    const revoked = addApiKey(file, 'tax', 'old-system', 'admin');
    const running = ApiKeys.read(file, 'tax');
    expect(running.find(revoked)?.name).to.equal('old-system');
    expect(removeApiKey(file, 'tax', 'old-system').identity).to.equal('admin');
    expect(() => removeApiKey(file, 'tax', 'old-system')).to.throw(/no key named old-system/);
    expect(readFileSync(file, 'utf8')).to.not.include('old-system');
    running.replaceWith(ApiKeys.read(file, 'tax'));
    expect(running.find(revoked)).to.equal(undefined);
    expect(running.find(kept)?.name).to.equal('front-desk');
    expect(running.entries.map((e) => e.name)).to.deep.equal(['front-desk']);
    running.replaceWith(ApiKeys.none());
    expect(running.find(kept)).to.equal(undefined);
  });
});
