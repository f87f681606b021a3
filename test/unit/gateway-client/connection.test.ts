import { status as GrpcStatus } from '@grpc/grpc-js';
import { type GrpcClient, connect as connectGateway, hash } from '@hyperledger/fabric-gateway';
import {
  ChaincodeError,
  ConnectionError,
  DEFAULT_DEADLINES,
  ProfileError,
  connect,
  connectDepartment,
  evaluate,
  loadProfile,
  signerFromKeyFile,
  signerFromPem,
  submit,
  UNREACHABLE_HINT,
} from '@govchain/gateway-client';
import { grpcClients, newClientCache, peerKey } from '@govchain/gateway-client/dist/channels';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as sinon from 'sinon';
import { CERT_PEM, KEY_PEM, type TempDir, serviceError, tempDir, writeProfiles } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

describe('client cache', () => {
  const target = (endpoint: string, ca = 'ca-1'): { endpoint: string; tlsCACert: Uint8Array } => ({
    endpoint,
    tlsCACert: new TextEncoder().encode(ca),
  });

  it('shares one client per peer and closes it when the last lease is released', () => {
    const created: { close: sinon.SinonSpy }[] = [];
    const cache = newClientCache(() => {
      const client = { close: sinon.spy() };
      created.push(client);
      return client;
    });
    const a = cache.acquire(target('127.0.0.1:7110'));
    const b = cache.acquire(target('127.0.0.1:7110'));
    const c = cache.acquire(target('127.0.0.1:7210'));
    expect(a.client).to.equal(b.client);
    expect(c.client).to.not.equal(a.client);
    expect(cache.size()).to.equal(2);
    expect(cache.references(a.key)).to.equal(2);

    a.release();
    a.release(); // a second release of the same lease does nothing
    expect(created[0]?.close.called).to.equal(false);
    expect(cache.references(a.key)).to.equal(1);
    b.release();
    expect(created[0]?.close.calledOnce).to.equal(true);
    expect(cache.size()).to.equal(1);

    const d = cache.acquire(target('127.0.0.1:7110'));
    expect(d.client).to.not.equal(a.client); // a closed client is never handed out again
    c.release();
    d.release();
    expect(cache.size()).to.equal(0);
  });

  it('keys peers by endpoint, TLS server name and TLS CA', () => {
    const base = target('127.0.0.1:7110');
    expect(peerKey(base)).to.equal(peerKey(target('127.0.0.1:7110')));
    expect(peerKey(base)).to.not.equal(peerKey(target('127.0.0.1:7110', 'ca-2')));
    expect(peerKey(base)).to.not.equal(peerKey({ ...base, hostAlias: 'peer0.tax.gov.local' }));
  });
});

describe('connect', () => {
  let dir: TempDir;
  let profilesDir: string;
  let port: number;
  beforeEach(async () => {
    dir = tempDir();
    port = await closedPort();
    profilesDir = writeProfiles(dir.path, [
      { department: 'tax', mspId: 'TaxMSP', endpoint: `127.0.0.1:${port}` },
      { department: 'health', mspId: 'HealthMSP', endpoint: `127.0.0.1:${port}`, withoutUserKey: true },
    ]);
  });
  afterEach(() => {
    dir.cleanup();
  });

  it('connects as a department user and exposes its identity, peer and contracts', async () => {
    const before = grpcClients.size();
    const connection = await connectDepartment({ department: 'tax', profilesDir });
    try {
      expect(connection).to.include({
        department: 'tax',
        mspId: 'TaxMSP',
        endpoint: `127.0.0.1:${port}`,
        channel: 'govchannel',
      });
      expect(connection.chaincodes).to.deep.equal(['bid-record', 'e-license', 'real-estate']);
      expect(connection.network.getName()).to.equal('govchannel');
      expect(connection.gateway.getIdentity().mspId).to.equal('TaxMSP');
      const contract = connection.getContract('e-license');
      expect(contract.getChaincodeName()).to.equal('e-license');
      expect(connection.getContract('e-license')).to.equal(contract);
      expect(grpcClients.size()).to.equal(before + 1);
    } finally {
      connection.close();
    }
    expect(grpcClients.size()).to.equal(before);
  });

  it('shares one gRPC channel between connections to the same peer', async () => {
    const profile = await loadProfile('tax', { profilesDir });
    const before = grpcClients.size();
    const first = await connect({ profile, identity: 'admin' });
    const second = await connect({ profile, identity: 'user' });
    try {
      expect(grpcClients.size()).to.equal(before + 1);
      first.close();
      expect(grpcClients.size()).to.equal(before + 1);
    } finally {
      first.close();
      second.close();
    }
    expect(grpcClients.size()).to.equal(before);
  });

  it('turns an unreachable peer into a ConnectionError naming the endpoint', async () => {
    const connection = await connectDepartment({ department: 'tax', profilesDir });
    try {
      const started = Date.now();
      const err: unknown = await connection.waitForReady(300).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ConnectionError);
      expect(err).to.include({ code: 'PEER_UNREACHABLE', endpoint: `127.0.0.1:${port}` });
      expect((err as Error).message).to.contain(`127.0.0.1:${port}`);
      expect((err as Error).message.endsWith(`; ${UNREACHABLE_HINT}`), 'ends with the hint').to.equal(true);
      expect(Date.now() - started).to.be.below(5000);
    } finally {
      connection.close();
    }
  });

  it('refuses a missing key file with CREDENTIAL_NOT_FOUND and leaks no channel', async () => {
    const before = grpcClients.size();
    const err: unknown = await connectDepartment({ department: 'health', profilesDir }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ProfileError).and.include({ code: 'CREDENTIAL_NOT_FOUND' });
    expect((err as Error).message).to.contain('user-priv_sk');
    expect(grpcClients.size()).to.equal(before);
  });

  it('needs no key file with offline signing or a signer of its own', async () => {
    const signer = signerFromPem(KEY_PEM);
    for (const options of [{ offlineSigning: true }, { signer }]) {
      const connection = await connectDepartment({ department: 'health', profilesDir, ...options });
      connection.close();
    }
  });

  it('refuses an unknown department with UNKNOWN_DEPARTMENT', async () => {
    await expect(connectDepartment({ department: 'finance', profilesDir }))
      .to.be.rejectedWith(ProfileError, /known departments: health, tax/)
      .and.eventually.have.property('code', 'UNKNOWN_DEPARTMENT');
  });

  it('connects with explicit settings, and requires a signer or offline signing', async () => {
    const explicit = {
      endpoint: `127.0.0.1:${port}`,
      hostAlias: 'peer0.tax.gov.local',
      tlsCACert: CERT_PEM,
      mspId: 'TaxMSP',
      certificate: CERT_PEM,
    };
    await expect(connect(explicit)).to.be.rejectedWith(TypeError, /signer/);
    const connection = await connect({ ...explicit, offlineSigning: true });
    try {
      expect(connection).to.include({ department: undefined, channel: 'govchannel', mspId: 'TaxMSP' });
      expect(connection.chaincodeName('e-license')).to.equal('e-license');
    } finally {
      connection.close();
    }
  });

  it('has the documented default deadlines', () => {
    expect(DEFAULT_DEADLINES).to.deep.equal({
      evaluateMs: 5000,
      endorseMs: 15000,
      submitMs: 5000,
      commitStatusMs: 60000,
    });
  });
});

describe('signerFromKeyFile', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    dir.cleanup();
  });

  it('signs digests with the key', async () => {
    const file = join(dir.path, 'priv_sk');
    writeFileSync(file, KEY_PEM);
    const signer = await signerFromKeyFile(file);
    const signature = await signer(new Uint8Array(32).fill(7));
    expect(signature.length).to.be.within(64, 72); // DER-encoded P-256 ECDSA
  });

  it('refuses a missing file and a file without a key', async () => {
    const file = join(dir.path, 'priv_sk');
    await expect(signerFromKeyFile(file)).to.be.rejectedWith(ProfileError, /does not exist/);
    writeFileSync(file, 'not a key');
    await expect(signerFromKeyFile(file))
      .to.be.rejectedWith(ProfileError)
      .and.eventually.have.property('code', 'INVALID_CREDENTIAL');
    rmSync(file);
  });
});

describe('fabric-gateway over a stubbed gRPC boundary', () => {
  /** A GrpcClient whose every unary call fails with the given ServiceError. */
  function failingClient(error: Error): { client: GrpcClient; calls: string[] } {
    const calls: string[] = [];
    const client = {
      makeUnaryRequest: (method: string, ...rest: unknown[]) => {
        calls.push(method);
        const callback = rest[rest.length - 1] as (err: Error) => void;
        setImmediate(() => {
          callback(error);
        });
        return {};
      },
    } as unknown as GrpcClient;
    return { client, calls };
  }

  function gatewayFor(client: GrpcClient): ReturnType<typeof connectGateway> {
    return connectGateway({
      client,
      identity: { mspId: 'TaxMSP', credentials: new TextEncoder().encode(CERT_PEM) },
      signer: signerFromPem(KEY_PEM),
      hash: hash.sha256,
    });
  }

  it('surfaces an endorsement refusal as ChaincodeError with the transaction id', async () => {
    const { client, calls } = failingClient(
      serviceError(GrpcStatus.ABORTED, 'ABORTED', 'failed to endorse transaction, see attached details for more info', [
        {
          address: '127.0.0.1:7210',
          mspId: 'TaxMSP',
          message: 'chaincode response 500, PRECONDITION_FAILED: identity not yet verified for APP-7',
        },
      ]),
    );
    const gateway = gatewayFor(client);
    try {
      const contract = gateway.getNetwork('govchannel').getContract('real-estate');
      const err: unknown = await submit(contract, 'ClearTax', { arguments: ['APP-7'] }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ChaincodeError);
      const refusal = err as ChaincodeError;
      expect(refusal).to.include({ code: 'PRECONDITION_FAILED', message: 'identity not yet verified for APP-7' });
      expect(refusal.transactionId).to.match(/^[0-9a-f]{64}$/);
      expect(refusal.cause).to.have.property('name', 'EndorseError');
      expect(calls).to.deep.equal(['/gateway.Gateway/Endorse']);
    } finally {
      gateway.close();
    }
  });

  it('surfaces an evaluation refusal as ChaincodeError', async () => {
    const { client } = failingClient(
      serviceError(
        GrpcStatus.UNKNOWN,
        'UNKNOWN',
        'evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: licence BL-1 does not exist',
        [
          {
            address: '127.0.0.1:7210',
            mspId: 'TaxMSP',
            message: 'chaincode response 500, NOT_FOUND: licence BL-1 does not exist',
          },
        ],
      ),
    );
    const gateway = gatewayFor(client);
    try {
      const contract = gateway.getNetwork('govchannel').getContract('e-license');
      await expect(evaluate(contract, 'ReadLicence', { arguments: ['BL-1'] }))
        .to.be.rejectedWith(ChaincodeError, 'licence BL-1 does not exist')
        .and.eventually.include({ code: 'NOT_FOUND' });
    } finally {
      gateway.close();
    }
  });
});
