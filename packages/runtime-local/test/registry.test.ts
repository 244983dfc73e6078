/**
 * The registry with plain Node.js child processes (no JVM): a child tracked with trackChild()
 * is stopped by stopAll(), and does not outlive a parent that gets SIGTERM.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runningProcesses, stopAll, trackChild } from "../src/index.js";
import { alive } from "./pids.js";

const SLEEPER = ["-e", "setInterval(() => {}, 1000)"];
const registryModule = fileURLToPath(new URL("../dist/index.js", import.meta.url));

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !alive(pid);
}

describe("trackChild", () => {
  it("lists a tracked child until stopAll() stops it", async () => {
    const child = spawn(process.execPath, SLEEPER, { stdio: "ignore" });
    trackChild("sleeper", child);
    expect(runningProcesses()).toContainEqual({ name: "sleeper", pid: child.pid });

    await stopAll();

    expect(child.signalCode).toBe("SIGTERM");
    expect(runningProcesses().some(({ name }) => name === "sleeper")).toBe(false);
  });

  it("forgets a child that exits by itself", async () => {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 100)"], { stdio: "ignore" });
    trackChild("short-lived", child);
    await once(child, "exit");
    await new Promise((resolve) => setImmediate(resolve));
    expect(runningProcesses().some(({ name }) => name === "short-lived")).toBe(false);
  });

  it("kills the child when its parent gets a SIGTERM that nobody handles", async () => {
    // A parent that tracks a sleeper, prints its pid, and then waits to be stopped.
    const script = `
      import { spawn } from "node:child_process";
      const { trackChild } = await import(${JSON.stringify(registryModule)});
      const child = spawn(process.execPath, ${JSON.stringify(SLEEPER)}, { stdio: "ignore" });
      trackChild("sleeper", child);
      console.log(child.pid);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [chunk] = (await once(parent.stdout, "data")) as [Buffer];
    const childPid = Number(chunk.toString().trim());
    expect(alive(childPid)).toBe(true);

    parent.kill("SIGTERM");
    const [, signal] = (await once(parent, "exit")) as [number | null, NodeJS.Signals | null];

    expect(signal).toBe("SIGTERM");
    expect(await waitUntilGone(childPid, 5_000)).toBe(true);
  });
});
