/** When the exercise's greeters forget a user: the option both solutions take. */

/** The exercise's period: a user unseen for 60 seconds is forgotten. */
export const DEFAULT_FORGET_AFTER_MS = 60_000;

/** The options of `bindGreeterWithTtl` and `bindGreeterWithTimer`. */
export interface ForgetOptions {
  /** Forget a user after this many milliseconds without a visit. Default 60 000. */
  readonly forgetAfterMs?: number;
}

/**
 * The period of `options`, checked: a positive whole number of milliseconds.
 *
 * @throws {TypeError} naming the value otherwise.
 */
export function forgetAfterMs(options: ForgetOptions): number {
  const ms = options.forgetAfterMs ?? DEFAULT_FORGET_AFTER_MS;
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new TypeError(`forgetAfterMs must be a positive whole number of milliseconds, got ${ms}`);
  }
  return ms;
}
