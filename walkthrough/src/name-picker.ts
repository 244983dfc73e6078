/** Which name the next request greets: seeded, so that a run can be repeated name for name. */

/** Numbers in [0, 1) determined entirely by `seed` (mulberry32); not for anything secret. */
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

/** Picks a name uniformly from `names` with `random`. */
export function createNamePicker(names: readonly string[], random: () => number): () => string {
  if (names.length === 0) throw new RangeError("createNamePicker needs at least one name");
  return () => names[Math.min(Math.floor(random() * names.length), names.length - 1)]!;
}
