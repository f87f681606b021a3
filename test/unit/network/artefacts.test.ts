import { expect } from 'chai';
import * as path from 'node:path';
import { parseProfile } from '@govchain/gateway-client';
import {
  CAPABILITIES,
  WRITER_ROLES,
  anyMemberRule,
  bootstrapTransaction,
  collectionsConfig,
  configtx,
  cryptoConfig,
  ordererEnv,
  layoutFor,
  loadTopology,
  pathsFor,
  commonConnectionProfile,
  profileFor,
  signaturePolicy,
  type Layout,
} from '@govchain/network';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

interface Org {
  Name: string;
  MSPDir: string;
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

  it('makes the Application Readers and Writers one signature policy over the departments’ roles, like each department’s own', function () {
    const application = (
      configtx(layout) as {
        Profiles: {
          GovChannel: {
            Application: { Organizations: Org[]; Policies: Record<string, { Type: string; Rule: string }> };
          };
        };
      }
    ).Profiles.GovChannel.Application;
    const { Readers, Writers } = application.Policies;
    expect(Readers?.Type).to.equal('Signature');
    expect(Writers?.Type).to.equal('Signature');
    for (const org of application.Organizations) {
      const m = org.Name;
      expect(org.Policies.Readers?.Rule).to.equal(`OR('${m}.admin', '${m}.peer', '${m}.client')`);
      expect(Readers?.Rule).to.include(`'${m}.admin', '${m}.peer', '${m}.client'`);
      expect(Writers?.Rule).to.include(`'${m}.admin', '${m}.client'`);
    }
    expect(Readers?.Rule.match(/'[A-Za-z0-9]+\.(admin|peer|client)'/g)).to.have.length(3 * layout.orgs.length);
    expect(Writers?.Rule).not.to.include('.peer');
    expect(anyMemberRule(['AMSP', 'BMSP'], WRITER_ROLES)).to.equal(
      "OR('AMSP.admin', 'AMSP.client', 'BMSP.admin', 'BMSP.client')",
    );
  });

  it('makes the channel Fabric 3 native: V3_0 on the channel, the newest orderer and application capabilities, no global addresses', function () {
    const profile = (
      configtx(layout) as {
        Profiles: {
          GovChannel: {
            Capabilities: Record<string, boolean>;
            Orderer: Record<string, unknown> & { Capabilities: Record<string, boolean> };
            Application: { Capabilities: Record<string, boolean> };
          };
        };
      }
    ).Profiles.GovChannel;
    expect(profile.Capabilities).to.deep.equal({ V3_0: true });
    // v3.1.5 knows no V3_0 in these groups: an orderer refuses to join such a channel, a peer too.
    expect(profile.Orderer.Capabilities).to.deep.equal({ V2_0: true });
    expect(profile.Application.Capabilities).to.deep.equal({ V2_5: true });
    expect(CAPABILITIES.channel).to.deep.equal({ V3_0: true });
    expect(profile.Orderer).to.not.have.property('Addresses');
    expect(profile.Orderer).to.not.have.property('SmartBFT');
  });

  describe('with the bft topology', function () {
    let bft: Layout;
    interface BftProfile {
      Orderer: {
        OrdererType: string;
        ConsenterMapping: Record<string, unknown>[];
        SmartBFT: Record<string, unknown>;
        Organizations: Org[];
        Policies: Record<string, { Type: string; Rule: string }>;
        Capabilities: Record<string, boolean>;
      };
      Application: { Organizations: Org[] };
      Capabilities: Record<string, boolean>;
    }
    const profileOf = (l: Layout): BftProfile =>
      (configtx(l) as { Profiles: { GovChannel: BftProfile } }).Profiles.GovChannel;

    before(function () {
      bft = layoutFor(loadTopology(ROOT, 'bft'), pathsFor(ROOT, '/tmp/govchain-unit-home'));
    });

    it('asks cryptogen for one orderer organization per ordering organization, each with its own orderer', function () {
      const cfg = cryptoConfig(bft) as {
        OrdererOrgs: { Name: string; Domain: string; Specs: { Hostname: string }[] }[];
      };
      expect(cfg.OrdererOrgs.map((o) => [o.Name, o.Domain, o.Specs.map((s) => s.Hostname)])).to.deep.equal([
        ['InfoCenter', 'infocenter.gov.local', ['orderer0']],
        ['PublicSecurityOrderer', 'publicsecurityorderer.gov.local', ['orderer1']],
        ['MarketRegulationOrderer', 'marketregulationorderer.gov.local', ['orderer2']],
        ['RealEstateOrderer', 'realestateorderer.gov.local', ['orderer3']],
      ]);
    });

    it('maps every consenter: id, endpoint, organization, enrollment certificate and TLS certificates', function () {
      const { Orderer } = profileOf(bft);
      expect(Orderer.OrdererType).to.equal('BFT');
      expect(Orderer).to.not.have.property('EtcdRaft');
      expect(Orderer.ConsenterMapping).to.have.length(4);
      for (const [i, o] of bft.orderers.entries()) {
        expect(Orderer.ConsenterMapping[i]).to.deep.equal({
          ID: i + 1,
          Host: '127.0.0.1',
          Port: o.port,
          MSPID: o.org.spec.mspId,
          Identity: path.join(o.msp, 'signcerts', `${o.host}-cert.pem`),
          ClientTLSCert: o.tls.cert,
          ServerTLSCert: o.tls.cert,
        });
      }
    });

    it('lists each orderer under its own organization, and keeps a BlockValidation policy for configtxgen to replace', function () {
      const { Orderer, Application, Capabilities } = profileOf(bft);
      expect(Capabilities).to.deep.equal({ V3_0: true });
      expect(Orderer.Capabilities).to.deep.equal({ V2_0: true });
      expect(Orderer.Organizations.map((o) => [o.Name, o.OrdererEndpoints])).to.deep.equal(
        bft.orderers.map((o) => [o.org.spec.mspId, [`127.0.0.1:${o.port}`]]),
      );
      expect(Orderer.Policies.Admins?.Rule).to.equal('MAJORITY Admins');
      expect(Orderer.Policies.BlockValidation).to.deep.equal({ Type: 'ImplicitMeta', Rule: 'ANY Writers' });
      // The departments' own organizations are the same as in the default (Raft) topology.
      expect(Application.Organizations.map((o) => o.Name)).to.deep.equal(
        (
          configtx(layout) as { Profiles: { GovChannel: BftProfile } }
        ).Profiles.GovChannel.Application.Organizations.map((o) => o.Name),
      );
    });

    it('sets SmartBFT options from the topology: batch count and interval, leader heartbeats, sync on start', function () {
      const { SmartBFT } = profileOf(bft).Orderer;
      expect(SmartBFT).to.include({
        RequestBatchMaxCount: 100,
        RequestBatchMaxInterval: '250ms',
        LeaderHeartbeatTimeout: '30s',
        LeaderHeartbeatCount: 10,
        SyncOnStart: true,
      });
      expect(SmartBFT).to.not.have.property('LeaderRotation');
    });

    it("lets an orderer's admin endpoint trust its own organization only, and its cluster every ordering organization", function () {
      const o = bft.orderers[1]!;
      const env = ordererEnv(bft, o);
      expect(env.ORDERER_GENERAL_LOCALMSPID).to.equal('PublicSecurityOrdererMSP');
      expect(env.ORDERER_ADMIN_TLS_CLIENTROOTCAS).to.equal(`[${o.org.tlsCa}]`);
      expect(env.ORDERER_GENERAL_CLUSTER_ROOTCAS).to.equal(`[${bft.ordererOrgs.map((x) => x.tlsCa).join(',')}]`);
      expect(env.ORDERER_CONSENSUS_WALDIR).to.equal(path.join(o.dataDir, 'smartbft', 'wal'));
    });
  });

  it('writes an n-out-of-all-departments signature policy', function () {
    const spec = layout.topology.chaincodes.find((c) => c.name === 'control');
    expect(spec).to.not.equal(undefined);
    const policy = signaturePolicy(layout, spec!);
    expect(policy).to.match(/^OutOf\(2, 'PublicSecurityMSP\.peer', /);
    expect(policy.match(/\.peer'/g)).to.have.length(10);
  });

  it("keeps K on Public Security's peer alone, and lets only that peer endorse K and the grants", function () {
    const spec = layout.topology.chaincodes.find((c) => c.name === 'e-license');
    const [key, grants] = collectionsConfig(layout, spec!) as {
      name: string;
      policy: string;
      maxPeerCount: number;
      memberOnlyRead: boolean;
      endorsementPolicy?: { signaturePolicy: string };
    }[];
    expect(key).to.deep.include({
      name: 'holderRefKey',
      policy: "OR('PublicSecurityMSP.member')",
      maxPeerCount: 0,
      // RequestHolderRef's client is any department; the chaincode never returns K.
      memberOnlyRead: false,
      endorsementPolicy: { signaturePolicy: "AND('PublicSecurityMSP.peer')" },
    });
    expect(grants?.name).to.equal('holderRefGrants');
    expect(grants?.policy.match(/\.member'/g)).to.have.length(10);
    expect(grants?.memberOnlyRead).to.equal(true);
    // Not pushed at endorsement: an endorsed but unsubmitted request leaves its grant on PS's peer alone.
    expect(grants?.maxPeerCount).to.equal(0);
    expect(grants?.endorsementPolicy).to.deep.equal({ signaturePolicy: "AND('PublicSecurityMSP.peer')" });
    const realEstate = layout.topology.chaincodes.find((c) => c.name === 'real-estate');
    for (const collection of collectionsConfig(layout, realEstate!) as Record<string, unknown>[]) {
      expect(collection).to.not.have.property('endorsementPolicy');
      // By default, pushed to the other members while endorsing.
      expect(collection.maxPeerCount).to.be.greaterThan(0);
    }
  });

  it("sets K with Public Security's peer as the only endorser, so no other department sees it", function () {
    const spec = layout.topology.chaincodes.find((c) => c.name === 'e-license')!;
    const call = spec.bootstrap.find((b) => b.function === 'SetHolderRefKey')!;
    const plan = { spec, dir: '', version: '1', label: 'x', signaturePolicy: '', collectionsFile: undefined };
    const { tx } = bootstrapTransaction(layout, plan, { ...call, transient: {} });
    expect(tx.endorsingOrganizations).to.deep.equal(['PublicSecurityMSP']);
    expect(layout.topology.governance.holderRefGrantsPerHour).to.equal(600);
  });

  it('writes a connection profile with absolute paths of the TLS CA and both identities, as the client reads it', function () {
    const org = layout.orgs.find((o) => o.department.key === 'tax')!;
    const written = profileFor(layout, org);
    const profile = parseProfile(JSON.parse(JSON.stringify(written)), 'written');
    expect(profile).to.deep.include({ department: 'tax', mspId: 'TaxMSP', channel: 'govchannel' });
    expect(profile.peer.endpoint).to.equal(`127.0.0.1:${org.peer.port}`);
    const { admin, user } = profile.identities;
    if (admin === undefined || user === undefined) throw new Error('the profile lacks an identity');
    for (const file of [profile.peer.tlsCACertPath, admin.keyPath, user.certPath]) {
      expect(path.isAbsolute(file), file).to.equal(true);
    }
    expect(admin.certPath).to.include('Admin@tax.gov.local');
    expect(user.certPath).to.include('User1@tax.gov.local');
  });

  it('writes a common connection profile per department: every peer and orderer, its own peer for queries and events', function () {
    const org = layout.orgs.find((o) => o.department.key === 'tax')!;
    const ccp = commonConnectionProfile(layout, org, (file) => `PEM of ${file}`);
    expect(ccp).to.deep.include({ name: 'govchain-tax', version: '1.0.0' });
    expect(ccp.client.organization).to.equal(org.department.org);
    expect(Object.keys(ccp.organizations)).to.have.lengthOf(layout.orgs.length);
    expect(ccp.organizations[org.department.org]).to.deep.equal({
      mspid: 'TaxMSP',
      peers: [org.peer.host],
      certificateAuthorities: ['ca-tax'],
    });
    const ca = layout.cas.find((c) => c.caName === 'ca-tax')!;
    expect(ccp.certificateAuthorities['ca-tax']).to.deep.equal({
      url: `https://127.0.0.1:${ca.port}`,
      caName: 'ca-tax',
      tlsCACerts: { pem: [`PEM of ${ca.caCert}`] },
      httpOptions: { verify: true },
    });
    // Departments' CAs only: the ordering organization is no client's.
    expect(Object.keys(ccp.certificateAuthorities)).to.have.lengthOf(layout.orgs.length);
    const channel = ccp.channels.govchannel!;
    expect(channel.orderers).to.deep.equal(layout.orderers.map((o) => o.host));
    const queried = Object.entries(channel.peers).filter(([, roles]) => roles.chaincodeQuery);
    expect(queried.map(([host]) => host)).to.deep.equal([org.peer.host]);
    expect(Object.values(channel.peers).every((roles) => roles.endorsingPeer)).to.equal(true);
    const other = layout.orgs.find((o) => o.department.key === 'public-security')!;
    expect(ccp.peers[other.peer.host]).to.deep.equal({
      url: `grpcs://127.0.0.1:${other.peer.port}`,
      tlsCACerts: { pem: `PEM of ${other.tlsCa}` },
      grpcOptions: { 'ssl-target-name-override': other.peer.host, hostnameOverride: other.peer.host },
    });
    const orderer = layout.orderers[0]!;
    expect(ccp.orderers[orderer.host]?.tlsCACerts.pem).to.equal(`PEM of ${orderer.org.tlsCa}`);
  });

  it('names no certificate authority in a common connection profile of a cryptogen network', function () {
    const cryptogen = layoutFor(
      { ...loadTopology(ROOT, 'default'), memberServices: 'cryptogen' },
      pathsFor(ROOT, '/tmp/govchain-unit-home'),
    );
    const org = cryptogen.orgs[0]!;
    const ccp = commonConnectionProfile(cryptogen, org, (file) => `PEM of ${file}`);
    expect(ccp.certificateAuthorities).to.deep.equal({});
    expect(ccp.organizations[org.department.org]?.certificateAuthorities).to.deep.equal([]);
  });
});
