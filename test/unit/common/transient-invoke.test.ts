import { expect } from './setup';
import { TestContext } from '../../support';
import {
  ChaincodeError,
  calleeError,
  invokeChaincodeJson,
  invokeChaincodeText,
  optionalTransient,
  requireTransient,
  requireTransientJson,
} from '@govchain/chaincode-common';

describe('transient data helpers', () => {
  it('reads transient text, treating absent and empty as missing', () => {
    const ctx = new TestContext();
    ctx.beginTx({ transient: { idNumber: 'A1234567', empty: '' } });
    expect(optionalTransient(ctx, 'idNumber')).to.equal('A1234567');
    expect(optionalTransient(ctx, 'empty')).to.equal(undefined);
    expect(optionalTransient(ctx, 'absent')).to.equal(undefined);
    expect(requireTransient(ctx, 'idNumber', { maxLength: 8 })).to.equal('A1234567');
    expect(() => requireTransient(ctx, 'absent')).to.throw(/^INVALID_ARGUMENT: transient field absent is required$/);
  });

  it('never echoes the value in its errors', () => {
    const ctx = new TestContext();
    ctx.beginTx({ transient: { idNumber: 'SECRET-110105' } });
    expect(() => requireTransient(ctx, 'idNumber', { maxLength: 4 })).to.throw(
      /^INVALID_ARGUMENT: transient field idNumber must have at most 4 characters$/,
    );
    expect(() => requireTransient(ctx, 'idNumber', { pattern: /^\d+$/ })).to.throw(/^INVALID_ARGUMENT: [^S]*$/);
  });

  it('refuses bytes that are not UTF-8', () => {
    const ctx = new TestContext();
    ctx.beginTx();
    ctx.stub.getTransient.returns(new Map([['blob', Uint8Array.of(0xff, 0xfe)]]));
    expect(() => optionalTransient(ctx, 'blob')).to.throw(/^INVALID_ARGUMENT: transient field blob is not UTF-8 text$/);
  });

  it('reads a transient JSON object, naming its members in errors', () => {
    const ctx = new TestContext();
    ctx.beginTx({ transient: { detail: '{"price":"1.00"}', list: '[1]', bad: '{' } });
    expect(requireTransientJson(ctx, 'detail').string('price')).to.equal('1.00');
    expect(() => requireTransientJson(ctx, 'detail').string('salt')).to.throw(
      /^INVALID_ARGUMENT: transient field detail.salt must be a string$/,
    );
    expect(() => requireTransientJson(ctx, 'list')).to.throw(
      /^INVALID_ARGUMENT: transient field list must be a JSON object$/,
    );
    expect(() => requireTransientJson(ctx, 'bad')).to.throw(
      /^INVALID_ARGUMENT: transient field bad is not valid JSON$/,
    );
  });
});

describe('cross-chaincode calls', () => {
  it('calls the chaincode on the same channel and returns its result', async () => {
    const ctx = new TestContext({ channel: 'govchannel' });
    ctx.stub.invokeChaincode.resolves({ status: 200, message: '', payload: Buffer.from('{"holderRef":"ab"}') });
    const result = await invokeChaincodeJson(ctx, 'e-license', 'ComputeHolderRef', [], (value) => value);
    expect(result).to.deep.equal({ holderRef: 'ab' });
    expect(ctx.stub.invokeChaincode.calledOnceWithExactly('e-license', ['ComputeHolderRef'], 'govchannel')).to.equal(
      true,
    );
    expect(await invokeChaincodeText(ctx, 'e-license', 'GetLicense', ['BL-1'])).to.equal('{"holderRef":"ab"}');
    expect(ctx.stub.invokeChaincode.lastCall.args).to.deep.equal(['e-license', ['GetLicense', 'BL-1'], 'govchannel']);
  });

  it("keeps the callee's stable code, naming the callee", async () => {
    const ctx = new TestContext();
    ctx.stub.invokeChaincode.resolves({
      status: 500,
      message: 'NOT_FOUND: licence BL-1 does not exist',
      payload: Buffer.alloc(0),
    });
    const err: unknown = await invokeChaincodeText(ctx, 'e-license', 'GetLicense', ['BL-1']).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ChaincodeError);
    expect((err as ChaincodeError).code).to.equal('NOT_FOUND');
    expect((err as Error).message).to.equal('NOT_FOUND: e-license GetLicense: licence BL-1 does not exist');
  });

  it('finds the code inside a wrapped peer message, and reports anything else as an unexpected failure', async () => {
    expect(calleeError('cc', 'Fn', 'transaction returned with failure: CONFLICT: x exists').message).to.equal(
      'CONFLICT: cc Fn: x exists',
    );
    const unexpected = calleeError('cc', 'Fn', 'chaincode cc not found');
    expect(unexpected).to.not.be.instanceOf(ChaincodeError);
    expect(unexpected.message).to.equal('cc Fn failed: chaincode cc not found');
    const ctx = new TestContext();
    ctx.stub.invokeChaincode.rejects(new Error('peer went away'));
    await expect(invokeChaincodeText(ctx, 'cc', 'Fn', [])).to.be.rejectedWith(/^cc Fn failed: peer went away$/);
  });

  it('refuses a result that is not JSON of the expected shape', async () => {
    const ctx = new TestContext();
    ctx.stub.invokeChaincode.resolves({ status: 200, message: '', payload: Buffer.from('not json') });
    await expect(invokeChaincodeJson(ctx, 'cc', 'Fn', [], (value) => value)).to.be.rejectedWith(
      /^cc Fn returned a result that is not JSON$/,
    );
  });
});
