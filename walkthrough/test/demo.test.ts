import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const demo = fileURLToPath(new URL("../dist/demo.js", import.meta.url));

function runDemo(args: string[]): { status: number | null; lines: string[]; stderr: string } {
  const result = spawnSync(process.execPath, [demo, ...args], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, lines: result.stdout.split("\n"), stderr: result.stderr };
}

describe("pnpm demo, the local simulation", () => {
  it("says it is a simulation and greets every visit in the order of the generator's output", () => {
    const { status, lines } = runDemo([
      "--count",
      "6",
      "--interval-ms",
      "1",
      "--names",
      "Ann,Ben",
      "--seed",
      "7",
    ]);
    expect(status).toBe(0);
    expect(lines.join("\n")).toMatch(/LOCAL SIMULATION/);
    expect(lines.join("\n")).toContain("The real runtime: `docker compose up` (or `pnpm local`)");
    const greetings = lines
      .map((l) => /^greeting\s+(\S+)\s+(.*)$/.exec(l))
      .filter((m) => m !== null)
      .map(([, name, text]) => ({ name, text }));
    expect(greetings).toHaveLength(6);
    // Each user's greetings follow the walkthrough's sequence, whoever was picked when.
    for (const name of ["Ann", "Ben"]) {
      const texts = greetings.filter((g) => g.name === name).map((g) => g.text);
      expect(texts.length).toBeGreaterThan(0);
      const expected = [
        `Welcome ${name}`,
        `Nice to see you again ${name}`,
        `Third time is a charm ${name}`,
        `Nice to see you at the 4-nth time ${name}!`,
        `Nice to see you at the 5-nth time ${name}!`,
        `Nice to see you at the 6-nth time ${name}!`,
      ].slice(0, texts.length);
      expect(texts).toEqual(expected);
    }
    expect(lines.find((l) => l.startsWith("final"))).toMatch(/sent 6\s+greeted 6/);
  });

  it.each(["ttl", "timer"])(
    "with --solution %s, forgets a user who stays away longer than --forget-after-ms",
    (solution) => {
      // 150 ms between visits, forgotten after 40 ms: every visit is a first one again.
      const { status, lines } = runDemo([
        "--count",
        "3",
        "--interval-ms",
        "150",
        "--names",
        "Ann",
        "--solution",
        solution,
        "--forget-after-ms",
        "40",
      ]);
      expect(status).toBe(0);
      const greetings = lines.filter((l) => l.startsWith("greeting"));
      expect(greetings.map((l) => l.replace(/\s+/g, " "))).toEqual([
        "greeting Ann Welcome Ann",
        "greeting Ann Welcome Ann",
        "greeting Ann Welcome Ann",
      ]);
      if (solution === "timer") {
        // The timer's forget message is what the demo reports as it fires.
        expect(lines.filter((l) => l.startsWith("forgot")).length).toBeGreaterThanOrEqual(2);
      }
    },
  );

  it("rejects a bad option with its usage and exit code 2", () => {
    const { status, stderr } = runDemo(["--solution", "forgetful"]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/classic|ttl|timer/);
  });
});
