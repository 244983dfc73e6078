import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const example = readFileSync(new URL("./readme-example.ts", import.meta.url), "utf8");

describe("the README", () => {
  it("shows test/readme-example.ts (which the type check compiles) as its one TypeScript example", () => {
    const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toBe(example);
  });
});
