/** Which name the next request greets. */

/**
 * Returns a function that picks a name uniformly at random from `names`, using `random` (numbers
 * in [0, 1)) so that a seeded generator gives a repeatable sequence.
 *
 * @throws {RangeError} when `names` is empty.
 * @example
 * ```ts
 * const pick = createNamePicker(["Alice", "Bob"], seededRandom(7));
 * pick(); // "Alice" or "Bob", the same for every run with seed 7
 * ```
 */
export function createNamePicker(names: readonly string[], random: () => number): () => string {
  if (names.length === 0) throw new RangeError("createNamePicker needs at least one name");
  const choices = [...names];
  return () => {
    const index = Math.min(Math.floor(random() * choices.length), choices.length - 1);
    return choices[index]!;
  };
}
