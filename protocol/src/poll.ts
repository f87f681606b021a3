/**
 * Waiting for something to happen, the one way govchain does it: probe, pause (doubling up to a cap),
 * probe again, until the probe has an answer or the time is up. Used by the network scripts (a node
 * starting, the orderers electing, peers catching up) and the gateway client (a block reaching a peer).
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** How long and how often to probe. */
export interface PollOptions {
  /** Give up after this many milliseconds (the last probe starts before then; no pause runs past it). */
  readonly timeoutMs: number;
  /** Pause after the first unanswered probe, in milliseconds. */
  readonly intervalMs: number;
  /** The pause doubles after each unanswered probe up to this (default: `intervalMs`, a fixed pause). */
  readonly maxIntervalMs?: number;
  /** Clock and timer, replaceable in tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<unknown>;
}

/**
 * Probes until the probe answers (returns anything but `undefined`) or the time is up.
 *
 * @param probe - asks once; `undefined` means "not yet"
 * @param options - timeout and pauses
 * @returns the probe's answer, or `undefined` when the time ran out (the caller words the failure)
 * @throws whatever the probe throws (a probe that may fail transiently catches and returns `undefined`)
 *
 * @example
 * const height = await pollUntil(async () => ((await peerHeight()) >= 5 ? 5 : undefined), {
 *   timeoutMs: 60_000,
 *   intervalMs: 250,
 * });
 * if (height === undefined) throw new Error('the peer did not reach height 5 within 60 s');
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: PollOptions,
): Promise<T | undefined> {
  const now = options.now ?? Date.now;
  const pause = options.sleep ?? sleep;
  const deadline = now() + options.timeoutMs;
  const cap = Math.max(options.maxIntervalMs ?? options.intervalMs, options.intervalMs);
  for (let interval = options.intervalMs; ; interval = Math.min(interval * 2, cap)) {
    const answer = await probe();
    if (answer !== undefined) return answer;
    const left = deadline - now();
    if (left <= 0) return undefined;
    await pause(Math.min(interval, left));
  }
}
