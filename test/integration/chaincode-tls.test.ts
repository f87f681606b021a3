/**
 * Chaincode servers speak mutual TLS with their department's peer (issue 13, item 5): transient personal
 * data never crosses loopback in clear, a server talks only to clients with a certificate from its
 * department's TLS CA, and a process that takes a stopped server's port cannot answer in its place — not
 * even with another department's valid chaincode-server certificate.
 */
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { type GovchainConnection, evaluate, submit } from '@govchain/gateway-client';
import { type OrgLayout, ProcessTable, currentLayout, hostName, pathsFor } from '@govchain/network';
import { pollUntil } from '@govchain/protocol';
import { connectAs, HOME, networkCli, ROOT, uniqueId } from './support';

chai.use(chaiAsPromised);
const { expect } = chai;

/** The first byte of a TLS connection (a handshake record). */
const TLS_HANDSHAKE_RECORD = 0x16;

/** The chaincode whose servers these tests stop and impersonate: the benchmark control, no business data. */
const CHAINCODE = 'control';

function orgOf(key: string): OrgLayout {
  const org = currentLayout(ROOT).orgs.find((o) => o.department.key === key);
  if (org === undefined) throw new Error(`no department ${key} in the network under test`);
  return org;
}

function serverPort(org: OrgLayout): number {
  const port = org.peer.chaincodeServerPorts.get(CHAINCODE);
  if (port === undefined) throw new Error(`no ${CHAINCODE} server port for ${org.department.key}`);
  return port;
}

/**
 * Opens the chaincode protocol's stream (`protos.Chaincode/Connect`, what a peer dials) to a server and
 * reports whether the server spoke: a chaincode server's first message is its REGISTER.
 */
function firstMessage(port: number, credentials: grpc.ChannelCredentials): Promise<'message' | grpc.ServiceError> {
  // The servers' certificates name localhost (and 127.0.0.1): name it, as an IP is no TLS server name.
  const client = new grpc.Client(`127.0.0.1:${port}`, credentials, { 'grpc.ssl_target_name_override': 'localhost' });
  return new Promise<'message' | grpc.ServiceError>((resolve) => {
    const stream = client.makeBidiStreamRequest(
      '/protos.Chaincode/Connect',
      (value: Buffer) => value,
      (value: Buffer) => value,
      { deadline: Date.now() + 5_000 },
    );
    stream.on('data', () => {
      resolve('message');
      stream.cancel();
    });
    stream.on('error', (err: grpc.ServiceError) => {
      resolve(err);
    });
  }).finally(() => {
    client.close();
  });
}

function tlsCredentials(caFile: string, client?: { cert: string; key: string }): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(
    readFileSync(caFile),
    client === undefined ? null : readFileSync(client.key),
    client === undefined ? null : readFileSync(client.cert),
  );
}

describe('chaincode servers: mutual TLS with their own peer only', function () {
  this.timeout(180_000);

  it("talk to a client holding a certificate of their department's TLS CA (the peer's)", async () => {
    const security = orgOf('public-security');
    const answer = await firstMessage(serverPort(security), tlsCredentials(security.tlsCa, security.peer.tls));
    expect(answer).to.equal('message');
  });

  it('refuse a plaintext client, a client without a certificate, and one of another department', async () => {
    const security = orgOf('public-security');
    const tax = orgOf('tax');
    const port = serverPort(security);
    const attempts: [string, grpc.ChannelCredentials][] = [
      ['plaintext', grpc.credentials.createInsecure()],
      ['TLS without a client certificate', tlsCredentials(security.tlsCa)],
      ["Tax's peer certificate", tlsCredentials(security.tlsCa, tax.peer.tls)],
    ];
    for (const [what, credentials] of attempts) {
      const answer = await firstMessage(port, credentials);
      expect(answer, what).to.not.equal('message');
      expect((answer as grpc.ServiceError).code, what).to.equal(grpc.status.UNAVAILABLE);
    }
  });

  describe('when a server has stopped and another process takes its port', function () {
    const table = new ProcessTable(pathsFor(ROOT, HOME).run);
    let impostor: net.Server | undefined;
    let security: GovchainConnection;

    before(async function () {
      security = await connectAs('public-security');
    });

    after(async function () {
      const open = impostor;
      if (open !== undefined) {
        await new Promise<void>((resolve) => {
          open.close(() => {
            resolve();
          });
        });
      }
      await networkCli('up');
      security.close();
    });

    it('the peer refuses to use it, even with a valid certificate of another department; up restores the server', async () => {
      const org = orgOf('public-security');
      const tax = orgOf('tax');
      const key = uniqueId('tls');
      await submit(security.getContract(CHAINCODE), 'Put', { arguments: [key, '{"v":1}'] });

      expect(
        await table.stop(hostName(org.department.key)),
        "the department's chaincode host stopped by its PID",
      ).to.equal(true);
      // The impostor answers whatever the peer speaks: TLS with Tax's chaincode-server certificate (valid,
      // but issued by Tax's TLS CA), or plaintext. It counts TLS sessions, failed handshakes, and
      // connections that opened in clear (the chaincode protocol sent to a stranger).
      const seen = { sessions: 0, refused: 0, plaintext: 0 };
      const cert = readFileSync(tax.chaincodeTls.cert);
      const privateKey = readFileSync(tax.chaincodeTls.key);
      const server = net.createServer((socket) => {
        socket.on('error', () => undefined);
        socket.once('data', (first: Buffer) => {
          if (first[0] !== TLS_HANDSHAKE_RECORD) {
            seen.plaintext++;
            socket.destroy();
            return;
          }
          socket.pause();
          socket.unshift(first);
          const secure = new tls.TLSSocket(socket, { isServer: true, cert, key: privateKey });
          secure.on('secure', () => {
            seen.sessions++;
            secure.destroy();
          });
          secure.on('error', () => {
            seen.refused++;
            secure.destroy();
          });
        });
      });
      impostor = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(serverPort(org), '127.0.0.1', () => {
          resolve();
        });
      });

      // Public Security's peer must run the chaincode to answer: it dials the impostor and gives up.
      await expect(
        evaluate(security.getContract(CHAINCODE), 'Get', {
          arguments: [key],
          endorsingOrganizations: [org.department.mspId],
        }),
      ).to.be.rejected;
      expect(seen.plaintext, 'connections the peer opened in clear').to.equal(0);
      expect(seen.sessions, 'TLS sessions the impostor got').to.equal(0);
      expect(seen.refused, 'handshakes the peer abandoned').to.be.greaterThan(0);

      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      impostor = undefined;
      await networkCli('up');
      // A launch the peer began while the impostor held the port can still be running out its 10 s dial
      // timeout, and a call made meanwhile joins it and fails with it; the peer's next launch dials the
      // restored server. So the restored server must answer within that bound, not on the first call.
      const value = await pollUntil(
        () =>
          evaluate(security.getContract(CHAINCODE), 'Get', {
            arguments: [key],
            endorsingOrganizations: [org.department.mspId],
          }).catch(() => undefined),
        { timeoutMs: 30_000, intervalMs: 1_000 },
      );
      expect(value, 'the restored server answers within 30 s').to.deep.equal({ v: 1 });
    });
  });
});
