/**
 * A small seedable pseudo-random number generator, so that a run (and a test) can be repeated
 * name for name. Not for anything that needs unpredictability.
 */

/**
 * Returns a generator of numbers in [0, 1) determined entirely by `seed` (mulberry32).
 *
 * @param seed - an unsigned 32-bit integer; other numbers are reduced to 32 bits.
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random(); // the same first number for every run with seed 42
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seed for runs that did not ask for one; it is printed at start so the run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4_294_967_296);
}
