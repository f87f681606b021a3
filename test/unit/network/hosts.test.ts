import { expect } from 'chai';
import * as path from 'node:path';
import {
  bridgeFor,
  caServerConfig,
  commonConnectionProfile,
  configtx,
  cryptoConfig,
  layoutFor,
  loadTopology,
  machinesOf,
  ordererEnv,
  pathsFor,
  peerEnv,
  profileFor,
  sansOf,
  setReachable,
  type Layout,
} from '@govchain/network';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('each organization on a host of its own (hosts: namespaces)', function () {
  let layout: Layout;
  let loopback: Layout;

  before(function () {
    const topology = loadTopology(ROOT, 'default');
    const paths = pathsFor(ROOT, '/tmp/govchain-unit-home');
    layout = layoutFor({ ...topology, memberServices: 'ca', hosts: 'namespaces' }, paths);
    loopback = layoutFor({ ...topology, memberServices: 'ca', hosts: 'loopback' }, paths);
  });

  it('names a bridge and a /24 after the base port, so networks on other ports never share them', function () {
    expect(bridgeFor(26000)).to.deep.equal({ name: 'gcbr26000', ip: '10.101.144.1', cidr: '10.101.144.0/24' });
    expect(bridgeFor(26001).cidr).to.not.equal(bridgeFor(26000).cidr);
    expect(bridgeFor(60000).name.length).to.be.at.most(15);
    expect(layout.bridge).to.deep.equal(bridgeFor(7000));
    expect(loopback.bridge).to.equal(undefined);
  });

  it('gives every organization its own namespace, address and link, none of them loopback', function () {
    const machines = machinesOf(layout).map((m) => m.machine);
    expect(machines).to.have.length(11);
    for (const key of ['ip', 'netns', 'link'] as const) {
      const values = machines.map((m) => m[key]);
      expect(new Set(values).size, key).to.equal(values.length);
    }
    for (const m of machines) {
      expect(m.ip.startsWith('10.27.88.'), m.ip).to.equal(true);
      expect((m.link ?? '').length, m.link).to.be.at.most(15 - 1); // the namespace end adds an 'n'
    }
    expect(layout.orderers.every((o) => o.machine === layout.ordererOrgs[0]?.machine)).to.equal(true);
    expect(layout.cas.map((ca) => ca.machine.ip)).to.include.members(layout.orgs.map((o) => o.machine.ip));
  });

  it('keeps everything on 127.0.0.1 without namespaces', function () {
    expect(new Set(machinesOf(loopback).map((m) => m.machine.ip))).to.deep.equal(new Set(['127.0.0.1']));
    expect(machinesOf(loopback).every((m) => m.machine.netns === undefined)).to.equal(true);
    expect(sansOf(loopback.orgs[0]!.machine)).to.deep.equal(['localhost', '127.0.0.1']);
  });

  it("puts the host's address in every TLS certificate, channel endpoint and profile", function () {
    const tax = layout.orgs.find((o) => o.department.key === 'tax')!;
    const ip = tax.machine.ip;
    const crypto = cryptoConfig(layout) as {
      PeerOrgs: { Name: string; Template: { SANS: string[] }; Specs: { SANS: string[] }[] }[];
    };
    const taxOrg = crypto.PeerOrgs.find((o) => o.Name === tax.department.org)!;
    expect(taxOrg.Template.SANS).to.include(ip);
    expect(taxOrg.Specs[0]?.SANS).to.include(ip);
    const channel = configtx(layout) as {
      Organizations: { ID: string; AnchorPeers?: { Host: string }[]; OrdererEndpoints?: string[] }[];
    };
    const anchors = channel.Organizations.find((o) => o.ID === tax.department.mspId)?.AnchorPeers;
    expect(anchors).to.deep.equal([{ Host: ip, Port: tax.peer.port }]);
    const endpoints = channel.Organizations.flatMap((o) => o.OrdererEndpoints ?? []);
    expect(endpoints).to.deep.equal(layout.orderers.map((o) => `${o.machine.ip}:${o.port}`));
    expect(JSON.stringify(channel)).to.not.include('127.0.0.1');
    expect(profileFor(layout, tax).peer.endpoint).to.equal(`${ip}:${tax.peer.port}`);
    const ccp = JSON.stringify(commonConnectionProfile(layout, tax, () => 'pem'));
    expect(ccp).to.not.include('127.0.0.1');
    const ca = layout.cas.find((c) => c.mspId === tax.department.mspId)!;
    const server = caServerConfig(ca, 'secret') as { address: string; csr: { hosts: string[] } };
    expect(server.address).to.equal(ip);
    expect(server.csr.hosts).to.include(ip);
  });

  it('has each node listen on its host address only, never on loopback', function () {
    const tax = layout.orgs.find((o) => o.department.key === 'tax')!;
    const env = peerEnv(layout, tax.peer);
    for (const key of ['CORE_PEER_ADDRESS', 'CORE_PEER_LISTENADDRESS', 'CORE_PEER_GOSSIP_EXTERNALENDPOINT']) {
      expect(env[key], key).to.equal(`${tax.machine.ip}:${tax.peer.port}`);
    }
    const orderer = layout.orderers[0]!;
    const o = ordererEnv(layout, orderer);
    expect(o.ORDERER_GENERAL_LISTENADDRESS).to.equal(orderer.machine.ip);
    expect(o.ORDERER_ADMIN_LISTENADDRESS).to.equal(`${orderer.machine.ip}:${orderer.adminPort}`);
    expect(JSON.stringify([env, o])).to.not.include('127.0.0.1');
  });

  it('refuses a partition on loopback, which has no link to cut', async function () {
    let error: unknown;
    try {
      await setReachable(loopback.orgs[0]!.machine, false);
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.match(/needs hosts: namespaces/);
  });
});
