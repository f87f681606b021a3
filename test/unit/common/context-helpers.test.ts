import { expect } from './setup';
import { TestContext } from '../../support';
import {
  INDEX_VALUE,
  callerMsp,
  compositeKey,
  emitEvent,
  implicitCollection,
  isoFromMillis,
  readJson,
  readPrivateJson,
  readState,
  requireCaller,
  requireCallerIn,
  timestampToMillis,
  txTimeIso,
  txTimeMillis,
  writeIndex,
  writeJson,
} from '@govchain/chaincode-common';

describe('context helpers', () => {
  describe('time', () => {
    it('reads the transaction time from the stub only', () => {
      const ctx = new TestContext({ time: '2025-06-30T12:34:56.789Z' });
      expect(txTimeMillis(ctx)).to.equal(Date.UTC(2025, 5, 30, 12, 34, 56, 789));
      expect(txTimeIso(ctx)).to.equal('2025-06-30T12:34:56.789Z');
    });

    it('converts Long-like and numeric timestamps', () => {
      expect(timestampToMillis({ seconds: 10, nanos: 999_999 })).to.equal(10_000);
      expect(timestampToMillis({ seconds: { toNumber: () => 10 }, nanos: 5_000_000 })).to.equal(10_005);
      expect(isoFromMillis(0)).to.equal('1970-01-01T00:00:00.000Z');
    });
  });

  describe('access', () => {
    it('returns the caller MSP when allowed', () => {
      const ctx = new TestContext({ mspId: 'HealthMSP' });
      expect(callerMsp(ctx)).to.equal('HealthMSP');
      expect(requireCallerIn(ctx, ['TaxMSP', 'HealthMSP'], 'do x')).to.equal('HealthMSP');
      expect(requireCaller(ctx, 'HealthMSP', 'do x')).to.equal('HealthMSP');
    });

    it('refuses other MSPs with FORBIDDEN', () => {
      const ctx = new TestContext({ mspId: 'TaxMSP' });
      expect(() => requireCallerIn(ctx, ['HealthMSP'], 'suspend licence ML-1')).to.throw(
        /^FORBIDDEN: TaxMSP may not suspend licence ML-1$/,
      );
      expect(() => requireCaller(ctx, 'HealthMSP', 'suspend licence ML-1')).to.throw(
        /^FORBIDDEN: TaxMSP may not suspend licence ML-1 \(only HealthMSP may\)$/,
      );
    });
  });

  describe('state', () => {
    it('reads absent keys as undefined and writes canonical JSON', async () => {
      const ctx = new TestContext();
      expect(await readState(ctx, 'k')).to.equal(undefined);
      expect(await readJson(ctx, 'k', (value) => value, 'k')).to.equal(undefined);
      await ctx.submit(() => writeJson(ctx, 'k', { b: 1, a: [true] }));
      expect(ctx.world.text('k')).to.equal('{"a":[true],"b":1}');
      expect(await readJson(ctx, 'k', (value) => value, 'k')).to.deep.equal({ a: [true], b: 1 });
    });

    it('writes index entries as a single NUL byte under a composite key', async () => {
      const ctx = new TestContext();
      await ctx.submit(() => writeIndex(ctx, 'owner~item', ['alice', 'a1']));
      const key = compositeKey(ctx, 'owner~item', ['alice', 'a1']);
      expect(key).to.equal('\u0000owner~item\u0000alice\u0000a1\u0000');
      expect(Buffer.from(ctx.world.state.get(key)!)).to.deep.equal(Buffer.from(INDEX_VALUE));
    });

    it('names implicit collections and reads private JSON', async () => {
      const ctx = new TestContext();
      expect(implicitCollection('HealthMSP')).to.equal('_implicit_org_HealthMSP');
      expect(await readPrivateJson(ctx, 'c', 'k', (value) => value, 'k')).to.equal(undefined);
      await ctx.submit(() => ctx.stub.putPrivateData('c', 'k', Buffer.from('{"x":1}')));
      expect(await readPrivateJson(ctx, 'c', 'k', (value) => value, 'k')).to.deep.equal({ x: 1 });
    });
  });

  describe('events', () => {
    it('sets one event with a canonical JSON payload', async () => {
      const ctx = new TestContext();
      await ctx.submit(() => {
        emitEvent(ctx, 'LicenseIssued', { txId: 't', licenceId: 'BL-1' });
        return Promise.resolve();
      });
      expect(ctx.world.events).to.have.length(1);
      expect(ctx.world.events[0]?.name).to.equal('LicenseIssued');
      expect(Buffer.from(ctx.world.events[0]!.payload).toString()).to.equal('{"licenceId":"BL-1","txId":"t"}');
    });

    it('refuses event names that are not PascalCase', () => {
      const ctx = new TestContext();
      expect(() => {
        emitEvent(ctx, 'licence-issued', {});
      }).to.throw(/not PascalCase/);
      ctx.assertNothingWritten();
    });
  });
});
