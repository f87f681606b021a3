import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLERK_ROLES } from '@govchain/protocol';
import { parse } from 'yaml';
import {
  NetworkError,
  REGISTRAR_ATTRIBUTES,
  caPorts,
  caServerConfig,
  chooseMemberServices,
  currentLayout,
  enrolmentPlan,
  enrolmentSecret,
  inBatches,
  layoutFor,
  loadTopology,
  nodeOuConfig,
  pathsFor,
  redact,
  systemClerkRoles,
  tlsCaConfig,
  type CaNode,
  type Department,
  type Layout,
} from '@govchain/network';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The environment variables these tests change, restored after each. */
const ENV = ['GOVCHAIN_HOME', 'GOVCHAIN_TOPOLOGY', 'GOVCHAIN_MEMBER_SERVICES', 'GOVCHAIN_BASE_PORT'] as const;

function ca(layout: Layout, name: string): CaNode {
  const found = layout.cas.find((c) => c.name === name);
  if (!found) throw new Error(`no CA ${name}`);
  return found;
}

describe('member services: Fabric CA', function () {
  let saved: Record<string, string | undefined>;
  let tmp: string;
  let layout: Layout;

  beforeEach(function () {
    saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
    for (const k of ENV) Reflect.deleteProperty(process.env, k);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'govchain-ca-unit-'));
    layout = layoutFor(loadTopology(ROOT, 'default'), pathsFor(ROOT, path.join(tmp, 'home')));
  });

  afterEach(function () {
    for (const k of ENV) {
      const v = saved[k];
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('ports', function () {
    it('gives each organization two ports of its own, clear of every node port, below the peers', function () {
      expect(layout.memberServices).to.equal('ca');
      expect(layout.cas.map((c) => c.name)).to.deep.equal([
        'ca-infocenter',
        ...layout.orgs.map((o) => `ca-${o.department.org.toLowerCase()}`),
      ]);
      const nodePorts = [
        ...layout.orderers.flatMap((o) => [o.port, o.adminPort, o.operationsPort]),
        ...layout.orgs.flatMap((o) => [
          o.peer.port,
          o.peer.chaincodePort,
          o.peer.operationsPort,
          ...o.peer.chaincodeServerPorts.values(),
        ]),
      ];
      const ports = layout.cas.flatMap((c) => [c.port, c.operationsPort]);
      expect(new Set([...nodePorts, ...ports]).size).to.equal(nodePorts.length + ports.length);
      expect(layout.cas[0]).to.deep.include({ port: 7030, operationsPort: 7031 });
      expect(Math.max(...ports)).to.be.below(7100);
    });

    it('refuses organizations that do not fit above the orderers, naming the way out', function () {
      expect(caPorts(7000, 9, 5)).to.have.lengthOf(5);
      expect(() => caPorts(7000, 9, 6)).to.throw(
        NetworkError,
        /6 organizations do not fit, 5 do; use memberServices: cryptogen/,
      );
    });

    it("places the CAs that do not fit below the peers in their own department's block (the city)", function () {
      const city = layoutFor(loadTopology(ROOT, 'city'), pathsFor(ROOT, path.join(tmp, 'city')));
      expect(city.orgs).to.have.lengthOf(49);
      expect(city.cas).to.have.lengthOf(50);
      const nodePorts = [
        ...city.orderers.flatMap((o) => [o.port, o.adminPort, o.operationsPort]),
        ...city.orgs.flatMap((o) => [
          o.peer.port,
          o.peer.chaincodePort,
          o.peer.operationsPort,
          o.peer.servicePort,
          ...o.peer.chaincodeServerPorts.values(),
        ]),
      ];
      const ports = city.cas.flatMap((c) => [c.port, c.operationsPort]);
      expect(new Set([...nodePorts, ...ports]).size).to.equal(nodePorts.length + ports.length);
      const last = city.orgs.at(-1)!;
      const lastCa = city.cas.find((c) => c.mspId === last.department.mspId)!;
      expect(lastCa.port).to.equal(last.peer.port + 7);
      expect(() => caPorts(7000, 3, 40, { ordererOrgs: 1, chaincodes: 5 })).to.throw(
        NetworkError,
        /at most 4 chaincodes/,
      );
    });

    it('has no CA servers with cryptogen', function () {
      const cryptogen = layoutFor(
        { ...loadTopology(ROOT, 'default'), memberServices: 'cryptogen' },
        pathsFor(ROOT, path.join(tmp, 'home')),
      );
      expect(cryptogen.cas).to.deep.equal([]);
    });
  });

  describe('enrolment plan', function () {
    it("enrols a department's peer, its chaincode servers' TLS, its Admin as registrar and User1 with its roles", function () {
      const tax = ca(layout, 'ca-tax');
      const plan = enrolmentPlan(layout, tax);
      const org = layout.orgs.find((o) => o.department.key === 'tax')!;
      expect(plan.map((p) => [p.id, p.type, p.msp, p.tls.kind])).to.deep.equal([
        ['peer0.tax.gov.local', 'peer', true, 'server'],
        ['chaincode.tax.gov.local', 'peer', false, 'server'],
        ['Admin@tax.gov.local', 'admin', true, 'client'],
        ['User1@tax.gov.local', 'client', true, 'client'],
      ]);
      expect(plan[0]?.tls.hosts).to.deep.equal(['peer0.tax.gov.local', 'localhost', '127.0.0.1']);
      expect(plan[1]?.tls.hosts).to.deep.equal(['chaincode.tax.gov.local', 'localhost', '127.0.0.1']);
      // Exactly where layout.ts reads them.
      expect(path.join(plan[0]!.dir, 'msp')).to.equal(org.peer.msp);
      expect(path.join(plan[0]!.dir, 'tls', 'server.crt')).to.equal(org.peer.tls.cert);
      expect(path.join(plan[1]!.dir, 'tls', 'server.key')).to.equal(org.chaincodeTls.key);
      expect(path.join(plan[2]!.dir, 'msp')).to.equal(org.admin.msp);
      expect(path.join(plan[2]!.dir, 'tls', 'client.crt')).to.equal(org.adminTls.cert);
      expect(path.join(plan[3]!.dir, 'msp')).to.equal(org.user.msp);
      expect(plan[2]?.attrs).to.equal(REGISTRAR_ATTRIBUTES.join(','));
      expect(plan[2]?.attrs).to.equal(
        'hf.Registrar.Roles=client,hf.Registrar.Attributes=govchain.role,hf.Revoker=true,hf.GenCRL=true',
      );
      expect(plan[3]?.attrs).to.equal(`"govchain.role=${systemClerkRoles(org.department)}:ecert"`);
    });

    it("enrols an ordering organization's orderers and its Admin", function () {
      const info = ca(layout, 'ca-infocenter');
      const plan = enrolmentPlan(layout, info);
      expect(plan.map((p) => [p.id, p.type])).to.deep.equal([
        ['orderer0.infocenter.gov.local', 'orderer'],
        ['orderer1.infocenter.gov.local', 'orderer'],
        ['orderer2.infocenter.gov.local', 'orderer'],
        ['Admin@infocenter.gov.local', 'admin'],
      ]);
      const o = layout.orderers[1]!;
      expect(path.join(plan[1]!.dir, 'msp', 'signcerts', `${o.host}-cert.pem`)).to.equal(o.signCert);
      expect(path.join(plan[1]!.dir, 'tls', 'server.key')).to.equal(o.tls.key);
      expect(path.join(plan[3]!.dir, 'tls', 'client.key')).to.equal(o.org.admin.tls.key);
    });

    it("gives the system identity its department's role table, comma-separated, every role when it has none", function () {
      const department = layout.orgs[0]!.department;
      const withRoles = { ...department, clerkRoles: ['auditor', 'issuer'] } as Department;
      expect(systemClerkRoles(withRoles)).to.equal('issuer,auditor');
      expect(systemClerkRoles({ ...department, clerkRoles: undefined })).to.equal(CLERK_ROLES.join(','));
    });
  });

  describe('server configuration', function () {
    it('runs the identity CA and the TLS CA in one TLS server with an operations endpoint on loopback', function () {
      const tax = ca(layout, 'ca-tax');
      const cfg = caServerConfig(tax, 'the-bootstrap-secret') as Record<string, unknown> & {
        registry: { identities: { name: string; pass: string; attrs: Record<string, unknown> }[] };
        csr: { cn: string; hosts: string[] };
      };
      expect(cfg).to.deep.include({
        port: tax.port,
        address: '127.0.0.1',
        tls: { enabled: true, certfile: 'tls-cert.pem' },
        ca: { name: 'ca-tax' },
        cafiles: ['tlsca/fabric-ca-config.yaml'],
        operations: { listenAddress: `127.0.0.1:${tax.operationsPort}`, tls: { enabled: false } },
        db: { type: 'sqlite3', datasource: 'fabric-ca-server.db' },
      });
      expect(cfg.csr.cn).to.equal('ca.tax.gov.local');
      expect(cfg.csr.hosts).to.deep.equal(['localhost', '127.0.0.1']);
      const [admin] = cfg.registry.identities;
      expect(admin?.name).to.equal('admin');
      expect(admin?.pass).to.equal('the-bootstrap-secret');
      expect(admin?.attrs['hf.Registrar.Attributes']).to.equal('*');
      expect(tlsCaConfig(tax)).to.deep.equal({
        ca: { name: 'tlsca-tax' },
        csr: {
          cn: 'tlsca.tax.gov.local',
          names: [{ C: 'CN', ST: 'Jiangsu', L: 'Nanjing', O: 'tax.gov.local' }],
          hosts: ['localhost', '127.0.0.1'],
          ca: { expiry: '131400h', pathlength: 1 },
        },
      });
    });

    it('turns NodeOUs on, every OU under the identity CA, as cryptogen does', function () {
      const doc = parse(nodeOuConfig('tax.gov.local')) as {
        NodeOUs: Record<string, { Certificate: string; OrganizationalUnitIdentifier: string } | boolean>;
      };
      expect(doc.NodeOUs.Enable).to.equal(true);
      for (const [key, ou] of [
        ['ClientOUIdentifier', 'client'],
        ['PeerOUIdentifier', 'peer'],
        ['AdminOUIdentifier', 'admin'],
        ['OrdererOUIdentifier', 'orderer'],
      ] as const) {
        expect(doc.NodeOUs[key]).to.deep.equal({
          Certificate: 'cacerts/ca.tax.gov.local-cert.pem',
          OrganizationalUnitIdentifier: ou,
        });
      }
    });
  });

  describe('secrets', function () {
    it('generates each enrolment secret once, owner-only, and keeps it', function () {
      const tax = ca(layout, 'ca-tax');
      const a = enrolmentSecret(layout, tax, 'peer0');
      expect(a).to.match(/^[0-9a-f]{64}$/);
      expect(enrolmentSecret(layout, tax, 'peer0')).to.equal(a);
      expect(enrolmentSecret(layout, tax, 'admin')).to.not.equal(a);
      const file = path.join(layout.paths.secrets, 'ca.tax.peer0');
      expect(statSync(file).mode & 0o777).to.equal(0o600);
      expect(statSync(layout.paths.secrets).mode & 0o777).to.equal(0o700);
    });

    it('cuts every secret out of an error message', function () {
      const text = redact('POST https://Admin:s3cr3t@127.0.0.1 {"secret":"other"} s3cr3t', ['s3cr3t', 'other', '']);
      expect(text).to.equal('POST https://Admin:***@127.0.0.1 {"secret":"***"} ***');
    });
  });

  describe('choice of path', function () {
    it('takes GOVCHAIN_MEMBER_SERVICES, else the topology, for a new network', function () {
      expect(chooseMemberServices(undefined, 'ca', undefined)).to.deep.equal({ memberServices: 'ca' });
      expect(chooseMemberServices(undefined, 'ca', '')).to.deep.equal({ memberServices: 'ca' });
      expect(chooseMemberServices(undefined, 'ca', 'cryptogen')).to.deep.equal({ memberServices: 'cryptogen' });
      expect(chooseMemberServices(undefined, 'cryptogen', undefined)).to.deep.equal({ memberServices: 'cryptogen' });
      expect(() => chooseMemberServices(undefined, 'ca', 'vault')).to.throw(
        NetworkError,
        /^GOVCHAIN_MEMBER_SERVICES=vault is neither ca nor cryptogen$/,
      );
    });

    it('keeps what an existing network was made with, and refuses a request for the other', function () {
      expect(chooseMemberServices({ memberServices: 'ca' }, 'ca', 'ca')).to.deep.equal({ memberServices: 'ca' });
      expect(chooseMemberServices({ memberServices: 'ca' }, 'ca', 'cryptogen')).to.deep.equal({
        memberServices: 'ca',
        refusal: "was created with memberServices 'ca', not 'cryptogen'",
      });
      expect(chooseMemberServices({ memberServices: 'cryptogen' }, 'ca', undefined).refusal).to.match(
        /'cryptogen', not 'ca'/,
      );
      // A network made before the choice existed is a cryptogen one; only the variable asks for another.
      expect(chooseMemberServices({}, 'ca', undefined)).to.deep.equal({ memberServices: 'cryptogen' });
      expect(chooseMemberServices({}, 'ca', 'ca').refusal).to.match(/'cryptogen', not 'ca'/);
    });

    it('lets up refuse to switch an existing network in one line, while other commands read it as it is', function () {
      const home = path.join(tmp, 'net');
      mkdirSync(home, { recursive: true });
      writeFileSync(
        path.join(home, 'network.json'),
        JSON.stringify({
          topology: 'small',
          channel: 'govchannel',
          basePort: 20000,
          bootstrapped: {},
          memberServices: 'cryptogen',
        }),
      );
      process.env.GOVCHAIN_HOME = home;
      process.env.GOVCHAIN_MEMBER_SERVICES = 'ca';
      expect(currentLayout(ROOT).memberServices).to.equal('cryptogen');
      expect(() => currentLayout(ROOT, undefined, { forUp: true })).to.throw(
        NetworkError,
        /^the network in .* was created with memberServices 'cryptogen', not 'ca': to go on with it, unset GOVCHAIN_MEMBER_SERVICES; to start afresh, npm run network:clean first — it deletes this network's ledgers, identities and keys$/,
      );
      process.env.GOVCHAIN_MEMBER_SERVICES = 'cryptogen';
      expect(currentLayout(ROOT, undefined, { forUp: true }).cas).to.deep.equal([]);
    });

    it('makes a new network with the variable, whatever npm test exported', function () {
      process.env.GOVCHAIN_HOME = path.join(tmp, 'fresh');
      process.env.GOVCHAIN_TOPOLOGY = 'small';
      process.env.GOVCHAIN_BASE_PORT = '20000';
      expect(currentLayout(ROOT, undefined, { forUp: true }).memberServices).to.equal('ca');
      process.env.GOVCHAIN_MEMBER_SERVICES = 'cryptogen';
      expect(currentLayout(ROOT, undefined, { forUp: true }).memberServices).to.equal('cryptogen');
    });
  });

  it('runs at most the given number of tasks at a time and reports the first failure after all ran', async function () {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const task = async (n: number): Promise<void> => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      done.push(n);
      if (n === 2) throw new Error('task 2 failed');
    };
    let failure: unknown;
    await inBatches([1, 2, 3, 4, 5], 2, task).catch((err: unknown) => (failure = err));
    expect(most).to.equal(2);
    expect(done.sort()).to.deep.equal([1, 2, 3, 4, 5]);
    expect((failure as Error).message).to.equal('task 2 failed');
  });
});
