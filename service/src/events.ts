/**
 * Chaincode events as server-sent events. Each event's id is `<block>-<transaction id>` (a transaction emits
 * at most one chaincode event), so a client that reconnects with `Last-Event-ID` resumes right after the last
 * event it received: the stream reopens at that block and skips what the client already has. Without one it
 * starts at `fromBlock`, else at the next block. Event payloads are the chaincodes' own, which carry no
 * personal data.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeResult, type GovchainConnection } from '@govchain/gateway-client';

/** Where a stream starts. */
export interface FollowOptions {
  readonly connection: GovchainConnection;
  /** Logical chaincode name. */
  readonly chaincode: string;
  /** The id of the last event the client received, `<block>-<transaction id>`. */
  readonly lastEventId?: string | undefined;
  readonly fromBlock?: bigint | undefined;
}

const EVENT_ID = /^(\d{1,19})-([0-9a-f]{64})$/;
/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * Streams a chaincode's events to the response until the client goes away.
 *
 * @param request - the request (its closing ends the stream)
 * @param reply - the response, hijacked to write the stream
 * @param options - connection, chaincode and where to start
 */
export async function followChaincodeEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  options: FollowOptions,
): Promise<void> {
  const resume = options.lastEventId === undefined ? undefined : EVENT_ID.exec(options.lastEventId);
  const startBlock = resume ? BigInt(resume[1] ?? '0') : options.fromBlock;
  let skipping = resume ? { block: BigInt(resume[1] ?? '0'), transactionId: resume[2] ?? '' } : undefined;
  const events = await options.connection.network.getChaincodeEvents(
    options.connection.chaincodeName(options.chaincode),
    startBlock === undefined ? {} : { startBlock },
  );
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  out.write(': connected\n\n');
  const keepalive = setInterval(() => out.write(': keepalive\n\n'), KEEPALIVE_MS);
  const close = (): void => {
    clearInterval(keepalive);
    events.close();
  };
  request.raw.on('close', close);
  try {
    for await (const event of events) {
      if (skipping !== undefined) {
        if (event.blockNumber === skipping.block) {
          if (event.transactionId === skipping.transactionId) skipping = undefined;
          continue;
        }
        skipping = undefined; // past the client's last block
      }
      const data = {
        chaincode: options.chaincode,
        eventName: event.eventName,
        transactionId: event.transactionId,
        blockNumber: event.blockNumber.toString(),
        payload: decodeResult(event.payload),
      };
      out.write(
        `id: ${event.blockNumber}-${event.transactionId}\nevent: ${event.eventName}\ndata: ${JSON.stringify(data)}\n\n`,
      );
    }
  } catch {
    // the stream ended (client gone, or the peer closed it): the client reconnects with Last-Event-ID
  } finally {
    close();
    out.end();
  }
}
