import { expect } from './setup';
import { TestContext } from '../../support';
import { queryIndexPage } from '@govchain/chaincode-common';

describe('queryIndexPage on an empty page', () => {
  it('answers an empty page when the peer sends no metadata (as a real peer does for no results)', async () => {
    const ctx = new TestContext();
    const iterator = { next: () => Promise.resolve({ done: true }), close: () => Promise.resolve() };
    ctx.stub.getStateByPartialCompositeKeyWithPagination.callsFake(
      () =>
        Promise.resolve({ iterator }) as unknown as ReturnType<
          typeof ctx.stub.getStateByPartialCompositeKeyWithPagination
        >,
    );
    const page = await queryIndexPage(ctx, 'owner~unit', ['x'], 20, '', () => Promise.resolve('never'));
    expect(page).to.deep.equal({ records: [], bookmark: '', fetchedCount: 0 });
  });
});
