import { IdempotencyStore, requestFingerprint } from '@govchain/service';
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('service: idempotency store', () => {
  const fp = requestFingerprint('POST', '/v1/e-license/licences', { licence: { id: 'BL-1' } });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'govchain-idem-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('claims a new key, says a running one is running, and replays a finished one', () => {
    const store = new IdempotencyStore(undefined);
    expect(store.begin('a', 'key-00001', fp).kind).to.equal('new');
    expect(store.begin('a', 'key-00001', fp).kind).to.equal('running');
    store.finish('a', 'key-00001', { status: 200, body: { transactionId: 'tx' } });
    expect(store.begin('a', 'key-00001', fp)).to.deep.equal({
      kind: 'replay',
      response: { status: 200, body: { transactionId: 'tx' } },
    });
  });

  it('refuses the same key for another request, and keeps keys apart per API key', () => {
    const store = new IdempotencyStore(undefined);
    store.begin('a', 'key-00001', fp);
    store.finish('a', 'key-00001', { status: 200, body: {} });
    const other = requestFingerprint('POST', '/v1/e-license/licences', { licence: { id: 'BL-2' } });
    expect(store.begin('a', 'key-00001', other).kind).to.equal('mismatch');
    expect(store.begin('b', 'key-00001', other).kind).to.equal('new');
  });

  it('lets a retry run again after 503 or 429 (nothing was written), not after a refusal', () => {
    const store = new IdempotencyStore(undefined);
    store.begin('a', 'key-00001', fp);
    store.finish('a', 'key-00001', { status: 503, body: {} });
    expect(store.begin('a', 'key-00001', fp).kind).to.equal('new');
    store.finish('a', 'key-00001', { status: 409, body: { code: 'CONFLICT' } });
    expect(store.begin('a', 'key-00001', fp).kind).to.equal('replay');
  });

  it('keeps finished responses across a restart, for a day', () => {
    const file = join(dir, 'idempotency.jsonl');
    let now = Date.parse('2026-12-03T10:00:00Z');
    const first = new IdempotencyStore(file, () => now);
    first.begin('a', 'key-00001', fp);
    first.finish('a', 'key-00001', { status: 200, body: { n: 1 } });
    first.begin('a', 'key-00002', fp); // never finished: not kept
    expect(new IdempotencyStore(file, () => now).begin('a', 'key-00001', fp).kind).to.equal('replay');
    expect(new IdempotencyStore(file, () => now).begin('a', 'key-00002', fp).kind).to.equal('new');
    now += 25 * 60 * 60 * 1000;
    expect(new IdempotencyStore(file, () => now).begin('a', 'key-00001', fp).kind).to.equal('new');
  });

  it('forgets what expired while it runs, and writes its file again once most of it has expired', () => {
    const file = join(dir, 'idempotency.jsonl');
    let now = Date.parse('2026-12-03T10:00:00Z');
    const store = new IdempotencyStore(file, () => now);
    const lines = (): number =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '').length;
    for (let i = 0; i < 1500; i++) {
      const key = `old-${String(i).padStart(5, '0')}`;
      store.begin('a', key, fp);
      store.finish('a', key, { status: 200, body: { n: i } });
    }
    expect(lines()).to.equal(1500);
    now += 25 * 60 * 60 * 1000;
    // The first request of the next day: every earlier response has expired, in memory and in the file.
    store.begin('a', 'new-00001', fp);
    store.finish('a', 'new-00001', { status: 200, body: { n: 'new' } });
    expect(lines()).to.equal(1);
    expect(store.begin('a', 'old-00000', fp).kind).to.equal('new');
    expect(store.begin('a', 'new-00001', fp).kind).to.equal('replay');
    expect(new IdempotencyStore(file, () => now).begin('a', 'new-00001', fp).kind).to.equal('replay');
  });

  it('loses nothing when another instance starts on the same file and writes it again', () => {
    const file = join(dir, 'idempotency.jsonl');
    const now = Date.parse('2026-12-03T10:00:00Z');
    const first = new IdempotencyStore(file, () => now);
    first.begin('a', 'key-00001', fp);
    first.finish('a', 'key-00001', { status: 200, body: { n: 1 } });
    const second = new IdempotencyStore(file, () => now); // rewrites the file as it starts
    first.begin('a', 'key-00002', fp);
    first.finish('a', 'key-00002', { status: 200, body: { n: 2 } });
    second.begin('a', 'key-00003', fp);
    second.finish('a', 'key-00003', { status: 200, body: { n: 3 } });
    const restarted = new IdempotencyStore(file, () => now);
    for (const key of ['key-00001', 'key-00002', 'key-00003']) {
      expect(restarted.begin('a', key, fp).kind, key).to.equal('replay');
    }
  });
});
