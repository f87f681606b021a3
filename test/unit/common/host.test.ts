import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { grpcDefaults, parseHostConfig } from '@govchain/chaincode-common/dist/host';
import { testCa, testCertificate } from '../service/certificates';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const HOST = path.join(ROOT, 'chaincode', 'common', 'dist', 'host.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** The package id a chaincode server registers with on a new Connect stream (its first message). */
function registeredId(port: number, credentials: grpc.ChannelCredentials): Promise<string> {
  const client = new grpc.Client(`127.0.0.1:${port}`, credentials, { 'grpc.ssl_target_name_override': 'localhost' });
  return new Promise<string>((resolve, reject) => {
    const stream = client.makeBidiStreamRequest(
      '/protos.Chaincode/Connect',
      (value: Buffer) => value,
      (value: Buffer) => value,
      { deadline: Date.now() + 10_000 },
    );
    stream.on('data', (data: Buffer) => {
      const message = peer.ChaincodeMessage.deserializeBinary(data);
      resolve(peer.ChaincodeID.deserializeBinary(message.getPayload_asU8()).getName());
      stream.cancel();
    });
    stream.on('error', reject);
  }).finally(() => {
    client.close();
  });
}

const TLS = { cert: '/h/cert.pem', key: '/h/key.pem', clientCa: '/h/ca.pem' };
const CONTROL = {
  name: 'control',
  module: '/work/chaincode/control',
  address: '127.0.0.1:7103',
  packageId: 'control_1:ab',
};
const LICENCE = {
  name: 'e-license',
  module: '/work/chaincode/e-license',
  address: '127.0.0.1:7104',
  packageId: 'e-license_1:cd',
};

describe('chaincode host configuration', function () {
  it('accepts a department host serving several chaincodes', function () {
    const config = parseHostConfig({ tls: TLS, chaincodes: [CONTROL, LICENCE] });
    expect(config.chaincodes.map((c) => c.name)).to.deep.equal(['control', 'e-license']);
    expect(config.tls).to.deep.equal(TLS);
  });

  it('refuses what it could not serve, naming the field', function () {
    const cases: [unknown, RegExp][] = [
      [null, /JSON object/],
      [{ chaincodes: [CONTROL] }, /tls must be an object/],
      [{ tls: TLS, chaincodes: [] }, /non-empty list/],
      [{ tls: { ...TLS, key: '' }, chaincodes: [CONTROL] }, /tls.key/],
      [
        { tls: TLS, chaincodes: [{ ...CONTROL, address: 'nowhere' }] },
        /chaincodes\[0\].address 'nowhere' is not host:port/,
      ],
      [{ tls: TLS, chaincodes: [{ ...CONTROL, module: 'chaincode/control' }] }, /absolute path/],
      [{ tls: TLS, chaincodes: [{ ...CONTROL, packageId: 7 }] }, /chaincodes\[0\].packageId/],
      [{ tls: TLS, chaincodes: [CONTROL, { ...LICENCE, name: 'control' }] }, /'control' appears twice/],
      [{ tls: TLS, chaincodes: [CONTROL, { ...LICENCE, address: CONTROL.address }] }, /appears twice/],
    ];
    for (const [raw, message] of cases) expect(() => parseHostConfig(raw), JSON.stringify(raw)).to.throw(message);
  });

  it("keeps fabric-chaincode-node server's gRPC keepalive defaults", function () {
    const defaults = grpcDefaults({
      'chaincode-address': { default: undefined },
      'grpc.keepalive_time_ms': { default: 110000 },
      'grpc.max_send_message_length': { default: -1 },
      'module-path': { default: '/x' },
    });
    expect(defaults).to.deep.equal({ 'grpc.keepalive_time_ms': 110000, 'grpc.max_send_message_length': -1 });
  });
});

describe('chaincode host process', function () {
  this.timeout(60_000);
  let dir: string;
  let child: ChildProcess | undefined;

  beforeEach(function () {
    dir = mkdtempSync(path.join(os.tmpdir(), 'govchain-host-'));
  });

  afterEach(function () {
    child?.kill('SIGTERM');
    child = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves two chaincodes of one department, each on its own port with its own package id, mutual TLS only', async function () {
    const ca = testCa(dir, 'tlsca.tax.gov.local');
    const server = testCertificate(dir, ca, 'cc.tax.gov.local', 'server');
    const peerCert = testCertificate(dir, ca, 'peer0.tax.gov.local', 'client');
    const [controlPort, licencePort] = [await freePort(), await freePort()];
    const chaincodes = [
      {
        name: 'control',
        module: path.join(ROOT, 'chaincode', 'control'),
        address: `127.0.0.1:${controlPort}`,
        packageId: 'control_t:01',
      },
      {
        name: 'e-license',
        module: path.join(ROOT, 'chaincode', 'e-license'),
        address: `127.0.0.1:${licencePort}`,
        packageId: 'e-license_t:02',
      },
    ];
    const config = path.join(dir, 'host.json');
    writeFileSync(
      config,
      JSON.stringify({ tls: { cert: server.certFile, key: server.keyFile, clientCa: ca.certFile }, chaincodes }),
    );
    const started = spawn(process.execPath, [HOST, config], {
      env: { PATH: process.env.PATH, CORE_PEER_LOCALMSPID: 'TaxMSP', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let out = '';
    started.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    started.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if ((out.match(/serves /g) ?? []).length === 2) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
      started.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`the host exited (${String(code)}): ${out}`));
      });
    });
    const asPeer = grpc.credentials.createSsl(
      readFileSync(ca.certFile),
      readFileSync(peerCert.keyFile),
      readFileSync(peerCert.certFile),
    );
    expect(await registeredId(controlPort, asPeer)).to.equal('control_t:01');
    expect(await registeredId(licencePort, asPeer)).to.equal('e-license_t:02');
    // Without a client certificate from the department's TLS CA, no stream opens.
    const anonymous = grpc.credentials.createSsl(readFileSync(ca.certFile));
    const refused = await registeredId(controlPort, anonymous).then(
      () => 'registered',
      () => 'refused',
    );
    expect(refused).to.equal('refused');
  });

  it('exits with 2 and names the field of a configuration it cannot serve, before listening', async function () {
    const config = path.join(dir, 'host.json');
    writeFileSync(config, JSON.stringify({ tls: TLS, chaincodes: [{ ...CONTROL, address: 'nowhere' }] }));
    const result = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const p = spawn(process.execPath, [HOST, config], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      p.once('exit', (code) => {
        resolve({ code, err });
      });
    });
    expect(result.code).to.equal(2);
    expect(result.err).to.match(/chaincodes\[0\].address 'nowhere' is not host:port/);
  });
});
