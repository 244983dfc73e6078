import { describe, expect, it } from "vitest";
import { Types, valueSpec } from "../src/index.js";

describe("valueSpec", () => {
  it("declares a state that never expires by default", () => {
    const spec = valueSpec("seen_count", Types.int);
    expect(spec.name).toBe("seen_count");
    expect(spec.type).toBe(Types.int);
    expect(spec.expiration).toEqual({ mode: "none" });
  });

  it("turns expireAfterCall and expireAfterWrite into an expiration", () => {
    expect(valueSpec("a", Types.int, { expireAfterCall: 60_000 }).expiration).toEqual({
      mode: "after-call",
      afterMs: 60_000,
    });
    expect(valueSpec("b", Types.int, { expireAfterWrite: 1_000 }).expiration).toEqual({
      mode: "after-write",
      afterMs: 1_000,
    });
  });

  it("rejects both expirations at once, naming the spec", () => {
    expect(() =>
      valueSpec("seen", Types.int, { expireAfterCall: 1_000, expireAfterWrite: 1_000 }),
    ).toThrow('value spec "seen" sets both expireAfterCall and expireAfterWrite: choose one');
  });

  it.each([0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "rejects an expiration of %s ms",
    (ms) => {
      expect(() => valueSpec("seen", Types.int, { expireAfterWrite: ms })).toThrow(
        `value spec "seen": expireAfterWrite must be a positive whole number of milliseconds, got ${ms}`,
      );
    },
  );

  it.each(["", "1st", "seen count", "seen-count", "naïve"])("rejects the name %j", (name) => {
    expect(() => valueSpec(name, Types.int)).toThrow(
      `invalid value spec name ${JSON.stringify(name)}`,
    );
  });

  it("accepts letters, digits and underscores", () => {
    expect(valueSpec("_Seen_2", Types.int).name).toBe("_Seen_2");
  });

  it("is frozen", () => {
    expect(Object.isFrozen(valueSpec("seen", Types.int))).toBe(true);
  });
});
