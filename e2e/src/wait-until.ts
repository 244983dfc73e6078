/** Waiting on a condition, never on a fixed time. */

/**
 * Polls `condition` every `intervalMs` (default 200) until it holds; throws after `timeoutMs`
 * with `describe()` in the message, which should list what was there instead.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; what: string; describe?: () => string; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() >= deadline) {
      const detail = options.describe === undefined ? "" : `\n${options.describe()}`;
      throw new Error(
        `timed out after ${options.timeoutMs / 1000} s waiting for ${options.what}${detail}`,
      );
    }
    await sleep(options.intervalMs ?? 200);
  }
}

/** Waits `ms` milliseconds: only for the deliberate pauses of a scenario, and for pacing. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
