import { expect } from './setup';
import { TestContext } from '../../support';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  compositeKey,
  parseBookmark,
  parsePageSize,
  queryIndexPage,
  readHistory,
  writeIndex,
  writeJson,
} from '@govchain/chaincode-common';

describe('pagination', () => {
  describe('parsePageSize', () => {
    it('defaults to 20 and accepts 1 to 100', () => {
      expect(DEFAULT_PAGE_SIZE).to.equal(20);
      expect(MAX_PAGE_SIZE).to.equal(100);
      expect(parsePageSize('')).to.equal(20);
      expect(parsePageSize('1')).to.equal(1);
      expect(parsePageSize('100')).to.equal(100);
    });
    for (const bad of ['0', '101', '-1', '2.5', 'ten', '1e2', '99999']) {
      it(`refuses ${JSON.stringify(bad)}`, () => {
        expect(() => parsePageSize(bad)).to.throw(/^INVALID_ARGUMENT: pageSize must be an integer from 1 to 100$/);
      });
    }
  });

  describe('parseBookmark', () => {
    it('passes bookmarks through and refuses absurdly long ones', () => {
      expect(parseBookmark('')).to.equal('');
      expect(parseBookmark('\u0000x\u0000')).to.equal('\u0000x\u0000');
      expect(() => parseBookmark('x'.repeat(1025))).to.throw(/^INVALID_ARGUMENT/);
    });
  });

  describe('queryIndexPage', () => {
    async function seed(ctx: TestContext): Promise<void> {
      await ctx.submit(async () => {
        for (const id of ['c', 'a', 'e', 'b', 'd']) {
          await writeJson(ctx, compositeKey(ctx, 'item', [id]), { id });
          await writeIndex(ctx, 'owner~item', ['alice', id]);
        }
        await writeIndex(ctx, 'owner~item', ['bob', 'z']);
      });
    }

    it('pages through an index in key order with bookmarks', async () => {
      const ctx = new TestContext();
      await seed(ctx);
      const resolve = (attributes: string[]): Promise<string | undefined> => Promise.resolve(attributes[1]);
      const first = await ctx.evaluate(() => queryIndexPage(ctx, 'owner~item', ['alice'], 2, '', resolve));
      expect(first.records).to.deep.equal(['a', 'b']);
      expect(first.fetchedCount).to.equal(2);
      expect(first.bookmark).to.not.equal('');
      const second = await ctx.evaluate(() => queryIndexPage(ctx, 'owner~item', ['alice'], 2, first.bookmark, resolve));
      expect(second.records).to.deep.equal(['c', 'd']);
      const third = await ctx.evaluate(() => queryIndexPage(ctx, 'owner~item', ['alice'], 2, second.bookmark, resolve));
      expect(third.records).to.deep.equal(['e']);
      expect(third.bookmark).to.equal('');
    });

    it('skips entries the resolver cannot resolve', async () => {
      const ctx = new TestContext();
      await seed(ctx);
      const page = await ctx.evaluate(() =>
        queryIndexPage(ctx, 'owner~item', ['alice'], 10, '', (attributes) =>
          Promise.resolve(attributes[1] === 'c' ? undefined : attributes[1]),
        ),
      );
      expect(page.records).to.deep.equal(['a', 'b', 'd', 'e']);
      expect(page.fetchedCount).to.equal(5);
    });
  });

  describe('readHistory', () => {
    it('returns every change newest first with ISO timestamps', async () => {
      const ctx = new TestContext({ time: '2025-01-01T00:00:00Z' });
      await ctx.submit(() => writeJson(ctx, 'k', { v: 1 }), { txId: 'tx1' });
      await ctx.submit(() => writeJson(ctx, 'k', { v: 2 }), { txId: 'tx2', time: '2025-01-02T00:00:00.5Z' });
      await ctx.submit(() => ctx.stub.deleteState('k'), { txId: 'tx3', time: '2025-01-03T00:00:00Z' });
      const history = await ctx.evaluate(() => readHistory(ctx, 'k'));
      expect(history.map((entry) => [entry.txId, entry.timestamp, entry.isDelete])).to.deep.equal([
        ['tx3', '2025-01-03T00:00:00.000Z', true],
        ['tx2', '2025-01-02T00:00:00.500Z', false],
        ['tx1', '2025-01-01T00:00:00.000Z', false],
      ]);
      expect(history[2]?.value && Buffer.from(history[2].value).toString()).to.equal('{"v":1}');
      expect(history[0]?.value).to.equal(undefined);
    });
  });
});
