import { expect } from 'chai';
import * as path from 'node:path';
import { configtx, gauge, judgeRaft, layoutFor, loadTopology, pathsFor, type RaftView } from '@govchain/network';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const view = (name: string, isLeader: boolean | undefined, activeNodes: number | undefined): RaftView => ({
  name,
  isLeader,
  activeNodes,
});

describe('network: waiting for a Raft leader', function () {
  it('is ready when one orderer leads and every orderer counts the whole cluster active', function () {
    const verdict = judgeRaft([view('orderer0', false, 3), view('orderer1', true, 3), view('orderer2', false, 3)], 3);
    expect(verdict).to.deep.equal({ ready: true });
  });

  it('names the orderers that do not hear from the leader', function () {
    const verdict = judgeRaft([view('orderer0', false, 0), view('orderer1', true, 2), view('orderer2', false, 2)], 3);
    expect(verdict).to.deep.equal({ ready: false, lagging: ['orderer0', 'orderer2'] });
  });

  it('without a leader, names every orderer that does not see the whole cluster', function () {
    const verdict = judgeRaft([view('orderer0', false, 0), view('orderer1', false, 0), view('orderer2', false, 3)], 3);
    expect(verdict).to.deep.equal({ ready: false, lagging: ['orderer0', 'orderer1'] });
  });

  it('with two leaders (a stale one), is not ready and names them all rather than none', function () {
    const verdict = judgeRaft([view('orderer0', true, 3), view('orderer1', true, 3), view('orderer2', false, 3)], 3);
    expect(verdict).to.deep.equal({ ready: false, lagging: ['orderer0', 'orderer1', 'orderer2'] });
  });

  it('treats unreadable metrics as not ready', function () {
    const verdict = judgeRaft([view('orderer0', undefined, undefined)], 1);
    expect(verdict).to.deep.equal({ ready: false, lagging: ['orderer0'] });
    expect(judgeRaft([view('orderer0', true, 1)], 1)).to.deep.equal({ ready: true });
  });

  it('reads a channel gauge from Prometheus text, and only for that channel', function () {
    const text = [
      '# HELP consensus_etcdraft_is_leader The leadership status of the current node',
      'consensus_etcdraft_is_leader{channel="other"} 1',
      'consensus_etcdraft_is_leader{channel="govchannel"} 0',
      'consensus_etcdraft_active_nodes{channel="govchannel"} 3',
    ].join('\n');
    expect(gauge(text, 'consensus_etcdraft_is_leader', 'govchannel')).to.equal(0);
    expect(gauge(text, 'consensus_etcdraft_active_nodes', 'govchannel')).to.equal(3);
    expect(gauge(text, 'consensus_etcdraft_cluster_size', 'govchannel')).to.equal(undefined);
    expect(gauge(undefined, 'consensus_etcdraft_is_leader', 'govchannel')).to.equal(undefined);
    expect(
      gauge('consensus_etcdraft_is_leader{channel="govchannel"} NaN', 'consensus_etcdraft_is_leader', 'govchannel'),
    ).to.equal(undefined);
  });

  it("configures Raft with Fabric's defaults: v3.1.5 needs no snapshot or batch workaround for restarts", function () {
    const layout = layoutFor(loadTopology(ROOT, 'default'), pathsFor(ROOT, '/tmp/govchain-unit-home'));
    const orderer = (
      configtx(layout) as {
        Profiles: {
          GovChannel: {
            Orderer: {
              EtcdRaft: { Options: Record<string, unknown> };
              BatchSize: Record<string, unknown>;
            };
          };
        };
      }
    ).Profiles.GovChannel.Orderer;
    expect(orderer.EtcdRaft.Options).to.include({ SnapshotIntervalSize: '16 MB', TickInterval: '500ms' });
    expect(orderer.BatchSize).to.include({ AbsoluteMaxBytes: '10 MB', PreferredMaxBytes: '2 MB' });
  });
});
