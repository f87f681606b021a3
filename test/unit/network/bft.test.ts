import { expect } from 'chai';
import { bftQuorum, bftView, judgeBft, type BftView } from '@govchain/network';

const view = (i: number, v: number | undefined, leaderId: number | undefined): BftView => ({
  name: `orderer${i}`,
  consenterId: i + 1,
  view: v,
  leaderId,
});

describe('network: waiting for SmartBFT orderers to agree on a view', function () {
  it('computes the quorum 2f + 1 of 3f + 1 (3 of 4), as SmartBFT does', function () {
    expect([1, 4, 5, 7, 10].map(bftQuorum)).to.deep.equal([1, 3, 4, 5, 7]);
  });

  it('is ready when every orderer names the same leader in the same view', function () {
    expect(judgeBft([view(0, 0, 1), view(1, 0, 1), view(2, 0, 1), view(3, 0, 1)])).to.deep.equal({
      ready: true,
      view: 0,
      leaderId: 1,
    });
  });

  it('after a view change, names the restarted orderer still in the old view; the rest are a quorum', function () {
    const verdict = judgeBft([view(0, 0, 1), view(1, 1, 2), view(2, 1, 2), view(3, 1, 2)]);
    expect(verdict).to.deep.equal({ ready: false, quorum: true, lagging: ['orderer0'] });
  });

  it('with one orderer unreadable (stopped), is not ready but a quorum orders', function () {
    const verdict = judgeBft([view(0, undefined, undefined), view(1, 1, 2), view(2, 1, 2), view(3, 1, 2)]);
    expect(verdict).to.deep.equal({ ready: false, quorum: true, lagging: ['orderer0'] });
  });

  it('without a quorum in one view, is not ready and not ordering', function () {
    const verdict = judgeBft([view(0, 0, 1), view(1, 0, 1), view(2, 1, 2), view(3, 1, 2)]);
    expect(verdict).to.deep.include({ ready: false, quorum: false });
  });

  it('is not ready when the agreed leader is not one of the orderers', function () {
    expect(judgeBft([view(0, 0, 9), view(1, 0, 9), view(2, 0, 9), view(3, 0, 9)])).to.deep.include({
      ready: false,
      quorum: false,
    });
  });

  it("reads the view and its leader from the SmartBFT library's gauges, for the channel only", function () {
    const text = [
      'consensus_BFT_leader_id{channel="govchannel"} 1',
      'consensus_smartbft_view_leader_id{channel="other"} 3',
      'consensus_smartbft_view_leader_id{channel="govchannel"} 2',
      'consensus_smartbft_view_number{channel="govchannel"} 1',
    ].join('\n');
    expect(bftView('orderer1', 2, text, 'govchannel')).to.deep.equal({
      name: 'orderer1',
      consenterId: 2,
      view: 1,
      leaderId: 2,
    });
    // Leader id 0 means none yet; an orderer that does not answer has no view.
    expect(
      bftView('orderer0', 1, 'consensus_smartbft_view_leader_id{channel="govchannel"} 0', 'govchannel'),
    ).to.include({
      leaderId: undefined,
      view: undefined,
    });
    expect(bftView('orderer0', 1, undefined, 'govchannel')).to.include({ leaderId: undefined, view: undefined });
  });
});
