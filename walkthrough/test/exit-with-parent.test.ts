/**
 * The parent watch of the Node.js children (exit-with-parent.js): a child started with it does
 * not outlive a parent killed with SIGKILL, which no exit hook sees; and it changes nothing while
 * the parent lives. Node.js only.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const pipelineModule = fileURLToPath(new URL("../dist/pipeline.js", import.meta.url));

/** Whether `pid` runs (a zombie, dead but not yet reaped by its new parent, does not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!running(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !running(pid);
}

/**
 * Starts a parent that runs `body` (an ES module with `pipeline` imported) and prints a child's
 * pid; returns both pids.
 */
async function startParent(
  body: string,
): Promise<{ parent: ReturnType<typeof spawn>; childPid: number }> {
  const script = `
    import { spawn } from "node:child_process";
    const pipeline = await import(${JSON.stringify(pipelineModule)});
    ${body}
    setInterval(() => {}, 1000);
  `;
  // From walkthrough/, whose node_modules resolve the workspace packages.
  const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = (await Promise.race([
    once(parent.stdout, "data"),
    once(parent, "exit").then(([code]) => {
      throw new Error(`the parent exited with code ${code} before printing a pid`);
    }),
  ])) as [Buffer];
  const childPid = Number(chunk.toString().trim());
  expect(running(childPid)).toBe(true);
  return { parent, childPid };
}

describe("a Node.js child with the parent watch", () => {
  it("gets SIGTERM, its graceful stop, when its parent is killed with SIGKILL", async () => {
    const { parent, childPid } = await startParent(`
      const child = spawn(process.execPath, pipeline.withParentWatch(["-e", \`
        process.on("SIGTERM", () => { console.log("stopping gracefully"); process.exit(0); });
        setInterval(() => {}, 1000);
        console.log("ready");
      \`]), { stdio: ["pipe", "inherit", "inherit"] });
      child.stdin.on("error", () => {});
      console.log(child.pid);
    `);
    parent.kill("SIGKILL");
    await once(parent, "exit");
    expect(await waitUntilGone(childPid, 5_000)).toBe(true);
  });

  it("exits by force when it ignores the SIGTERM", async () => {
    const { parent, childPid } = await startParent(`
      const child = spawn(process.execPath, pipeline.withParentWatch(["-e", \`
        process.on("SIGTERM", () => {});
        setInterval(() => {}, 1000);
      \`]), { stdio: ["pipe", "inherit", "inherit"] });
      console.log(child.pid);
    `);
    parent.kill("SIGKILL");
    await once(parent, "exit");
    expect(await waitUntilGone(childPid, 15_000)).toBe(true);
  });

  it("the greeter, as pnpm local starts it, exits when pnpm local is killed with SIGKILL", async () => {
    const { parent, childPid } = await startParent(`
      const { freePort } = await import("@statefun-ts/runtime-local");
      const { mkdtempSync } = await import("node:fs");
      const { tmpdir } = await import("node:os");
      const { join } = await import("node:path");
      const greeter = new pipeline.GreeterProcess({
        command: process.execPath,
        args: [pipeline.GREETER_SERVER],
        cwd: pipeline.WORKSPACE_ROOT,
        port: await freePort(),
        logFile: join(mkdtempSync(join(tmpdir(), "exit-with-parent-")), "greeter.log"),
      });
      await greeter.start();
      console.log(greeter.pid);
    `);
    parent.kill("SIGKILL");
    await once(parent, "exit");
    expect(await waitUntilGone(childPid, 10_000)).toBe(true);
  });

  it("does not keep a child alive that finishes by itself", async () => {
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { withParentWatch } = await import(${JSON.stringify(pipelineModule)});
         console.log(withParentWatch(["-e", "setTimeout(() => console.log('done'), 100)"]).join("\\n"));`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let args = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      args += chunk;
    });
    await once(child, "exit");
    const worker = spawn(process.execPath, args.trim().split("\n"), {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let output = "";
    worker.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    const [code] = (await once(worker, "exit")) as [number | null];
    expect(code).toBe(0);
    expect(output.trim()).toBe("done");
    // Its stdin was still open: the watch alone did not hold it.
    expect(worker.stdin.writableEnded).toBe(false);
  });
});
