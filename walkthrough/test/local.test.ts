/**
 * `pnpm local`'s options, checked before anything starts (Node.js only: a bad option never
 * reaches the Java check).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const local = fileURLToPath(new URL("../dist/local.js", import.meta.url));

function runLocal(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [local, ...args], {
    encoding: "utf8",
    timeout: 15_000,
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("pnpm local, its options", () => {
  it("--help prints the usage and exits 0", () => {
    const { status, stdout } = runLocal(["--help"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: pnpm local \[options\]/);
    expect(stdout).toContain("--solution classic|ttl|timer");
    expect(stdout).toContain("Ctrl-C stops everything");
  });

  it.each([
    [["--solution", "fancy"], '--solution must be classic, ttl or timer, got "fancy"'],
    [["--rest-port", "70000"], '--rest-port must be a whole number from 1 to 65535, got "70000"'],
    [["--forget-after-ms", "soon"], "--forget-after-ms must be a whole number"],
    [["--colour"], "Unknown option '--colour'"],
    [["extra"], "Unexpected argument 'extra'"],
  ])("%j exits 2 with a readable message and the usage, starting nothing", (args, message) => {
    const { status, stdout, stderr } = runLocal(args);
    expect(status).toBe(2);
    expect(stderr.split("\n")[0]).toContain(message);
    expect(stderr).toContain("Usage: pnpm local [options]");
    expect(stdout).toBe("");
    expect(stderr).not.toContain("[statefun-local]");
  });

  it.each([
    [{ RATE: "fast" }, 'RATE="fast" is invalid: expected a number of messages per second'],
    [{ NAMES: "Alice,,Bob" }, 'NAMES="Alice,,Bob" is invalid'],
    [{ MAX_MESSAGES: "-1" }, 'MAX_MESSAGES="-1" is invalid'],
    [{ SEED: "x" }, 'SEED="x" is invalid'],
  ])(
    "the generator variable %j exits 2 with its message before anything starts",
    (env, message) => {
      const { status, stderr } = runLocal([], env);
      expect(status).toBe(2);
      expect(stderr.split("\n")[0]).toContain(message);
      expect(stderr).not.toContain("[statefun-local]");
    },
  );
});
