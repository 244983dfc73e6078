import { describe, expect, it } from "vitest";
import { createNamePicker } from "../src/name-picker.js";
import { seededRandom } from "../src/random.js";

const NAMES = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi"];

function pickMany(seed: number, count: number): string[] {
  const pick = createNamePicker(NAMES, seededRandom(seed));
  return Array.from({ length: count }, () => pick());
}

describe("createNamePicker", () => {
  it("picks the same names in the same order for the same seed", () => {
    expect(pickMany(42, 50)).toEqual(pickMany(42, 50));
  });

  it("picks a different sequence for a different seed", () => {
    expect(pickMany(42, 50)).not.toEqual(pickMany(43, 50));
  });

  it("picks only names from the list, and all of them over a long run", () => {
    const picked = pickMany(7, 1_000);
    expect(new Set(picked)).toEqual(new Set(NAMES));
  });

  it("maps the random number onto the list", () => {
    const values = [0, 0.5, 0.999_999];
    const pick = createNamePicker(["Alice", "Bob"], () => values.shift() ?? 0);
    expect([pick(), pick(), pick()]).toEqual(["Alice", "Bob", "Bob"]);
  });

  it("refuses an empty list", () => {
    expect(() => createNamePicker([], Math.random)).toThrow(
      new RangeError("createNamePicker needs at least one name"),
    );
  });
});

describe("seededRandom", () => {
  it("stays within [0, 1)", () => {
    const random = seededRandom(0);
    for (let i = 0; i < 10_000; i++) {
      const value = random();
      expect(value >= 0 && value < 1).toBe(true);
    }
  });
});
