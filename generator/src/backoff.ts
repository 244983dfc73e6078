/** Waiting between attempts: capped exponential backoff and a sleep that a stop cuts short. */

/** How long to wait between attempts. */
export interface Backoff {
  /** The wait after the first failure. */
  initialMs: number;
  /** The longest wait; the doubling stops there. */
  maxMs: number;
}

/**
 * The wait after failed attempt number `attempt` (1-based): `initialMs`, doubled each time, capped
 * at `maxMs`.
 *
 * @example
 * ```ts
 * backoffDelayMs(1, { initialMs: 500, maxMs: 5000 }); // 500
 * backoffDelayMs(4, { initialMs: 500, maxMs: 5000 }); // 4000
 * backoffDelayMs(9, { initialMs: 500, maxMs: 5000 }); // 5000
 * ```
 */
export function backoffDelayMs(attempt: number, backoff: Backoff): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(backoff.initialMs * 2 ** exponent, backoff.maxMs);
}

/**
 * Waits `ms` milliseconds, or less if `signal` aborts first.
 *
 * @returns `true` when the full time passed, `false` when the signal aborted. Never rejects.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(true);
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Settles with `promise`, or with `undefined` as soon as `signal` aborts. The promise left behind
 * gets a rejection handler so that its late failure is not reported as unhandled.
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal,
): Promise<{ settled: true; value: T } | { settled: false }> {
  promise.catch(() => {});
  if (signal.aborted) return Promise.resolve({ settled: false });
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve({ settled: false });
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve({ settled: true, value });
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
