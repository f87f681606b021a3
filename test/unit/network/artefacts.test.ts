import { expect } from 'chai';
import * as path from 'node:path';
import {
  collectionsConfig,
  configtx,
  cryptoConfig,
  layoutFor,
  loadTopology,
  pathsFor,
  profileFor,
  signaturePolicy,
  type Layout,
} from '@govchain/network';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

interface Org {
  Name: string;
  AnchorPeers?: { Host: string; Port: number }[];
  OrdererEndpoints?: string[];
  Policies: Record<string, { Rule: string }>;
}

describe('network artefacts', function () {
  let layout: Layout;

  before(function () {
    layout = layoutFor(loadTopology(ROOT, 'default'), pathsFor(ROOT, '/tmp/govchain-unit-home'));
  });

  it('gives every node its own block of ports', function () {
    const ports = [
      ...layout.orderers.flatMap((o) => [o.port, o.adminPort, o.operationsPort]),
      ...layout.orgs.flatMap((o) => [
        o.peer.port,
        o.peer.chaincodePort,
        o.peer.operationsPort,
        ...o.peer.chaincodeServerPorts.values(),
      ]),
    ];
    expect(new Set(ports).size).to.equal(ports.length);
    expect(layout.orderers.map((o) => o.port)).to.deep.equal([7000, 7010, 7020]);
    expect(layout.orgs[0]?.peer.port).to.equal(7100);
  });

  it('asks cryptogen for NodeOUs and loopback SANs for every organization', function () {
    const cfg = cryptoConfig(layout) as {
      OrdererOrgs: { Specs: unknown[] }[];
      PeerOrgs: { EnableNodeOUs: boolean; Template: { SANS: string[] } }[];
    };
    expect(cfg.OrdererOrgs[0]?.Specs).to.have.length(3);
    expect(cfg.PeerOrgs).to.have.length(10);
    for (const org of cfg.PeerOrgs) {
      expect(org.EnableNodeOUs).to.equal(true);
      expect(org.Template.SANS).to.include('127.0.0.1');
    }
  });

  it('puts every department with its anchor peer, and the three Raft consenters, in the channel profile', function () {
    const cfg = configtx(layout) as {
      Profiles: {
        GovChannel: {
          Orderer: { OrdererType: string; EtcdRaft: { Consenters: { Port: number }[] }; Organizations: Org[] };
          Application: {
            Organizations: Org[];
            Policies: Record<string, { Rule: string }>;
            Capabilities: Record<string, boolean>;
          };
        };
      };
    };
    const profile = cfg.Profiles.GovChannel;
    expect(profile.Orderer.OrdererType).to.equal('etcdraft');
    expect(profile.Orderer.EtcdRaft.Consenters.map((c) => c.Port)).to.deep.equal([7000, 7010, 7020]);
    expect(profile.Orderer.Organizations[0]?.OrdererEndpoints).to.deep.equal([
      '127.0.0.1:7000',
      '127.0.0.1:7010',
      '127.0.0.1:7020',
    ]);
    const orgs = profile.Application.Organizations;
    expect(orgs.map((o) => o.Name)).to.deep.equal(layout.orgs.map((o) => o.department.mspId));
    for (const [i, org] of orgs.entries()) {
      expect(org.AnchorPeers).to.deep.equal([{ Host: '127.0.0.1', Port: layout.orgs[i]?.peer.port }]);
      expect(org.Policies.Endorsement?.Rule).to.equal(`OR('${org.Name}.peer')`);
    }
    expect(profile.Application.Policies.LifecycleEndorsement?.Rule).to.equal('MAJORITY Endorsement');
    expect(profile.Application.Capabilities).to.deep.equal({ V2_5: true });
  });

  it('writes an n-out-of-all-departments signature policy', function () {
    const spec = layout.topology.chaincodes.find((c) => c.name === 'control');
    expect(spec).to.not.equal(undefined);
    const policy = signaturePolicy(layout, spec!);
    expect(policy).to.match(/^OutOf\(2, 'PublicSecurityMSP\.peer', /);
    expect(policy.match(/\.peer'/g)).to.have.length(10);
  });

  it('makes an all-departments collection readable by members only', function () {
    const spec = layout.topology.chaincodes.find((c) => c.name === 'e-license');
    const [collection] = collectionsConfig(layout, spec!) as {
      name: string;
      policy: string;
      maxPeerCount: number;
      memberOnlyRead: boolean;
    }[];
    expect(collection?.name).to.equal('holderRefKey');
    expect(collection?.policy.match(/\.member'/g)).to.have.length(10);
    expect(collection?.memberOnlyRead).to.equal(true);
    expect(collection?.maxPeerCount).to.equal(9);
  });

  it('writes a connection profile with absolute paths of the TLS CA and both identities', function () {
    const org = layout.orgs.find((o) => o.department.key === 'tax')!;
    const profile = profileFor(layout, org);
    expect(profile).to.deep.include({ department: 'tax', mspId: 'TaxMSP', channel: 'govchannel' });
    expect(profile.peer.endpoint).to.equal(`127.0.0.1:${org.peer.port}`);
    for (const file of [
      profile.peer.tlsCACertPath,
      profile.identities.admin.keyPath,
      profile.identities.user.certPath,
    ]) {
      expect(path.isAbsolute(file), file).to.equal(true);
    }
    expect(profile.identities.admin.certPath).to.include('Admin@tax.gov.local');
    expect(profile.identities.user.certPath).to.include('User1@tax.gov.local');
  });
});
