/**
 * The deadline interceptor against a real HTTP/2 server that behaves as grpc-go does when a call's deadline
 * passes: it resets the stream with RST_STREAM(CANCEL), here a few milliseconds before the client's own
 * timer would fire.
 */
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import {
  DEADLINE_RESET_MARGIN_MS,
  deadlineStatusInterceptor,
  isResetAtDeadline,
} from '@govchain/gateway-client/dist/deadlines';
import { expect } from 'chai';

const TIMEOUT_UNITS_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 1e-3, n: 1e-6 };

/**
 * Resets every stream with CANCEL as grpc-go does: on a timer started when the headers arrive, from the
 * `grpc-timeout` the client sent, here `earlyMs` before it ends (or at `resetAfterMs` when given).
 */
async function resettingServer(
  earlyMs: number,
  resetAfterMs?: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    stream.on('data', () => undefined);
    const timeout = /^(\d+)([HMSmun])$/.exec(String(headers['grpc-timeout']));
    const timeoutMs = timeout === null ? 60_000 : Number(timeout[1]) * TIMEOUT_UNITS_MS[timeout[2]!]!;
    const after = resetAfterMs ?? Math.max(0, timeoutMs - earlyMs);
    const timer = setTimeout(() => {
      stream.close(http2.constants.NGHTTP2_CANCEL);
    }, after);
    stream.on('close', () => {
      clearTimeout(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

function call(client: grpc.Client, deadline: number): Promise<grpc.ServiceError> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      '/test.Service/Wait',
      (value: Buffer) => value,
      (value: Buffer) => value,
      Buffer.alloc(0),
      { deadline },
      (err) => {
        err ? resolve(err) : reject(new Error('the call was expected to fail'));
      },
    );
  });
}

describe('deadlineStatusInterceptor', function () {
  this.timeout(10_000);

  async function statusOf(
    deadlineInMs: number,
    intercept: boolean,
    reset: { earlyMs: number; afterMs?: number },
  ): Promise<grpc.ServiceError> {
    const server = await resettingServer(reset.earlyMs, reset.afterMs);
    const client = new grpc.Client(
      `127.0.0.1:${server.port}`,
      grpc.credentials.createInsecure(),
      intercept ? { interceptors: [deadlineStatusInterceptor] } : {},
    );
    try {
      return await call(client, Date.now() + deadlineInMs);
    } finally {
      client.close();
      await server.close();
    }
  }

  // The premise: grpc-js reports a server's reset as CANCELLED. (Reset well before the deadline, so that the
  // client's own timer cannot win the race on a loaded machine.)
  it('without it, a server reset reaches the caller as CANCELLED', async () => {
    const err = await statusOf(1_000, false, { earlyMs: 400 });
    expect(err.code).to.equal(grpc.status.CANCELLED);
  });

  // Reset well inside the margin (DEADLINE_RESET_MARGIN_MS before the deadline) but early enough that the
  // client's own deadline timer does not win the race on a loaded machine.
  it('reports a server reset at the deadline as DEADLINE_EXCEEDED', async () => {
    const err = await statusOf(1_000, true, { earlyMs: Math.round(DEADLINE_RESET_MARGIN_MS * 0.6) });
    expect(err.code).to.equal(grpc.status.DEADLINE_EXCEEDED);
    expect(err.details).to.match(/^Deadline exceeded \(the server reset the stream at the deadline/);
  });

  it('leaves a reset long before the deadline as CANCELLED (a dropped call, not a deadline)', async () => {
    const err = await statusOf(3_000, true, { earlyMs: 0, afterMs: 50 });
    expect(err.code).to.equal(grpc.status.CANCELLED);
  });

  it('still reports the client’s own deadline as DEADLINE_EXCEEDED', async () => {
    const err = await statusOf(200, true, { earlyMs: 0, afterMs: 5_000 });
    expect(err.code).to.equal(grpc.status.DEADLINE_EXCEEDED);
  });
});

describe('isResetAtDeadline', () => {
  const cancelled = { code: grpc.status.CANCELLED };
  it('is true for CANCELLED within the margin of the deadline or after it', () => {
    expect(isResetAtDeadline(cancelled, 1_000, 1_000 - DEADLINE_RESET_MARGIN_MS)).to.equal(true);
    expect(isResetAtDeadline(cancelled, 1_000, 1_200)).to.equal(true);
  });
  it('is false earlier, without a deadline, or for another code', () => {
    expect(isResetAtDeadline(cancelled, 1_000, 1_000 - DEADLINE_RESET_MARGIN_MS - 1)).to.equal(false);
    expect(isResetAtDeadline(cancelled, undefined, 5_000)).to.equal(false);
    expect(isResetAtDeadline({ code: grpc.status.UNAVAILABLE }, 1_000, 1_000)).to.equal(false);
  });
});
