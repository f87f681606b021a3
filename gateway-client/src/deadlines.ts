/**
 * One meaning for a passed deadline. Fabric's peers run grpc-go, whose server resets a stream with
 * RST_STREAM(CANCEL) when the deadline the client sent (`grpc-timeout`) passes. That reset can reach the
 * client a moment before its own deadline timer fires, and grpc-js then reports the call as CANCELLED
 * ("Call cancelled") instead of DEADLINE_EXCEEDED — by chance, about one call in three that runs to its
 * deadline (seen on a commit-status lookup waiting for a transaction that never committed). The interceptor
 * below reports such a status as DEADLINE_EXCEEDED, so every caller's deadline handling (retries,
 * `OUTCOME_UNKNOWN`, "not committed within the wait") sees one code whichever side noticed first.
 */
import * as grpc from '@grpc/grpc-js';

/**
 * How close to its deadline a server's reset counts as the deadline passing: the server's timer starts when
 * it reads the request headers, from a timeout the client computed when it sent them, so it can fire a
 * little before the client's own.
 */
export const DEADLINE_RESET_MARGIN_MS = 100;

function deadlineMs(deadline: grpc.Deadline | undefined): number | undefined {
  if (deadline === undefined) {
    return undefined;
  }
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Tells whether a call's final status is the server resetting the stream at the call's deadline.
 *
 * @param status - the call's final status.
 * @param deadline - the call's deadline (epoch milliseconds), if it had one.
 * @param now - the time the status arrived (epoch milliseconds).
 * @returns true for CANCELLED within {@link DEADLINE_RESET_MARGIN_MS} of (or after) the deadline.
 */
export function isResetAtDeadline(
  status: Pick<grpc.StatusObject, 'code'>,
  deadline: number | undefined,
  now: number,
): boolean {
  return status.code === grpc.status.CANCELLED && deadline !== undefined && now >= deadline - DEADLINE_RESET_MARGIN_MS;
}

/**
 * A gRPC client interceptor that reports a server's reset at the call's deadline as DEADLINE_EXCEEDED
 * (see the module comment). Other statuses pass unchanged.
 *
 * @param options - the call's options (its deadline).
 * @param nextCall - the next call in the chain.
 * @returns the intercepting call.
 */
export const deadlineStatusInterceptor: grpc.Interceptor = (options, nextCall) => {
  const deadline = deadlineMs(options.deadline);
  const listener = new grpc.ListenerBuilder()
    .withOnReceiveStatus((status: grpc.StatusObject, next: (status: grpc.StatusObject) => void) => {
      if (!isResetAtDeadline(status, deadline, Date.now())) {
        next(status);
        return;
      }
      next({
        ...status,
        code: grpc.status.DEADLINE_EXCEEDED,
        details: `Deadline exceeded (the server reset the stream at the deadline: ${status.details})`,
      });
    })
    .build();
  const requester = new grpc.RequesterBuilder()
    .withStart(
      (metadata: grpc.Metadata, _listener: grpc.Listener, next: (m: grpc.Metadata, l: grpc.Listener) => void) => {
        next(metadata, listener);
      },
    )
    .build();
  return new grpc.InterceptingCall(nextCall(options), requester);
};
