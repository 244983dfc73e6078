/**
 * `pnpm local` as a user runs it (`node walkthrough/dist/local.js`): it prints the progress the
 * README promises, the generator prints real greetings, and Ctrl-C (or SIGTERM) stops all of it
 * with exit code 0, leaving no process behind: neither the JVMs (Kafka, StateFun) nor the greeter
 * nor the generator. Killed with SIGKILL, it still leaves none: each child watches its parent.
 */
import { rmSync } from "node:fs";
import { stopAll } from "@statefun-ts/runtime-local";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { greetingsFor } from "../src/expected-greetings.js";
import { LocalProcess, portAccepts } from "../src/local-process.js";
import { describeProcesses, type ProcessInfo, stillRunning } from "../src/process-tree.js";
import { progress } from "../src/scenario-lifecycle.js";
import { waitUntil } from "../src/wait-until.js";

const NAMES = ["Alice", "Bob", "Carol"];
/** The generator's environment: a few users, quick, and bounded in case a test never stops it. */
const GENERATOR_ENV = { NAMES: NAMES.join(","), RATE: "5", MAX_MESSAGES: "5000", SEED: "11" };

/** What runs below local.js, recognised by command line. */
const KINDS = {
  Kafka: /\bkafka\.Kafka\b/,
  StateFun: /\bLauncher\b/,
  greeter: /greeter\/dist\/server\.js/,
  generator: /generator\/dist\/main\.js/,
} as const;

let running: LocalProcess | undefined;
let workDir: string | undefined;

afterEach((context) => {
  // Whatever a failed test left running; a no-op after a clean exit.
  running?.kill();
  running = undefined;
  if (workDir !== undefined) {
    if (context.task.result?.state === "fail") {
      progress(`kept the files of the failed run in ${workDir}`);
    } else {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  workDir = undefined;
});

afterAll(async () => {
  await stopAll();
});

interface Started {
  readonly local: LocalProcess;
  readonly kafkaPort: number;
  readonly uiUrl: string;
  readonly processes: ProcessInfo[];
}

/**
 * Starts `pnpm local` and waits for what a person watching it waits for: the progress lines,
 * the Flink UI showing the job, and each user's first greetings.
 */
async function startLocal(): Promise<Started> {
  const local = LocalProcess.start([], GENERATOR_ENV);
  running = local;

  // The progress lines of the README's "Run it without Docker".
  await local.waitForLine(/resolving runtime jars/, 30_000);
  const kafkaReady = await local.waitForLine(/Kafka ready on 127\.0\.0\.1:(\d+)/, 240_000);
  const kafkaPort = Number(kafkaReady[1]);
  await local.waitForLine(/greeter listening on http:\/\/127\.0\.0\.1:\d+\/statefun/, 60_000);
  const jobRunning = await local.waitForLine(
    /StateFun job running, Flink UI at (http:\/\/127\.0\.0\.1:\d+\/)/,
    120_000,
  );
  const uiUrl = jobRunning[1] ?? "";
  expect(local.lines).toContain(`[local] Flink web UI: ${uiUrl}`);
  expect(local.lines).toContain(`[local] Kafka: 127.0.0.1:${kafkaPort} (topics names, greetings)`);
  const kafkaLog = await local.waitForLine(
    /^\[local\] {3}Kafka {5}(\/.+)\/logs\/kafka\.log$/,
    10_000,
  );
  workDir = kafkaLog[1];
  for (const log of ["StateFun", "greeter", "module"]) {
    expect(local.lines.some((line) => line.startsWith(`[local]   ${log} `))).toBe(true);
  }

  // The Flink UI answers and shows the StatefulFunctions job running.
  const overview = (await (await fetch(`${uiUrl}jobs/overview`)).json()) as {
    jobs: { name: string; state: string }[];
  };
  expect(overview.jobs.map((job) => job.state)).toEqual(["RUNNING"]);

  // Real greetings, printed by the generator: every user is welcomed, and each user's greetings
  // follow the walkthrough's sequence from the first visit.
  await waitUntil(
    () => NAMES.every((name) => (local.greetingsByUser().get(name)?.length ?? 0) >= 2),
    {
      timeoutMs: 120_000,
      what: `two greetings each for ${NAMES.join(", ")}`,
      describe: () => local.tail(),
    },
  );
  for (const [name, texts] of local.greetingsByUser()) {
    expect(NAMES).toContain(name);
    expect(texts).toEqual(greetingsFor(name, texts.length));
  }

  const processes = local.children();
  for (const [kind, pattern] of Object.entries(KINDS)) {
    expect(
      processes.filter((p) => pattern.test(p.command)),
      `exactly one ${kind} process below pnpm local:\n${describeProcesses(processes)}`,
    ).toHaveLength(1);
  }
  return { local, kafkaPort, uiUrl, processes };
}

/** After the exit: no process left, and the ports it used are free again. */
async function expectNothingLeft({ processes, kafkaPort, uiUrl }: Started): Promise<void> {
  const left = processes.filter(stillRunning);
  expect(left, `processes left running:\n${describeProcesses(left)}`).toEqual([]);
  expect(await portAccepts(kafkaPort), "Kafka's port still accepts connections").toBe(false);
  const uiPort = Number(new URL(uiUrl).port);
  expect(await portAccepts(uiPort), "the Flink UI's port still accepts connections").toBe(false);
}

describe("pnpm local", () => {
  it("prints its progress and the greetings, and Ctrl-C stops everything it started", async () => {
    const started = await startLocal();
    const { local } = started;
    progress(`pnpm local runs:\n${describeProcesses(started.processes)}`);

    local.pressCtrlC();
    const exit = await local.waitForExit(120_000);

    expect(exit, local.tail()).toEqual({ code: 0, signal: null });
    expect(local.lines).toContain(
      "[local] SIGINT: stopping the generator, StateFun, the greeter and Kafka ...",
    );
    expect(local.lines.at(-1)).toBe("[local] everything stopped");
    // The generator got the Ctrl-C too and stopped by itself, with its final summary.
    expect(local.lines.some((line) => /^final\s+sent \d+\s+received \d+/.test(line))).toBe(true);
    await expectNothingLeft(started);
  });

  it("stops everything it started on a SIGTERM sent to it alone", async () => {
    const started = await startLocal();
    const { local } = started;

    local.signal("SIGTERM");
    const exit = await local.waitForExit(120_000);

    expect(exit, local.tail()).toEqual({ code: 0, signal: null });
    expect(local.lines).toContain(
      "[local] SIGTERM: stopping the generator, StateFun, the greeter and Kafka ...",
    );
    expect(local.lines.at(-1)).toBe("[local] everything stopped");
    await expectNothingLeft(started);
  });

  it("leaves no process behind when it is killed with SIGKILL, which it cannot handle", async () => {
    const started = await startLocal();
    const { local, processes } = started;

    local.signal("SIGKILL");
    const exit = await local.waitForExit(10_000);
    expect(exit.signal).toBe("SIGKILL");

    // Nothing stops them but their own watch of the parent: the JVMs' and the Node.js children's
    // stdin, a pipe from local.js, has closed. Each exits within a bound.
    await waitUntil(() => !processes.some(stillRunning), {
      timeoutMs: 30_000,
      what: "every process pnpm local started to exit after its SIGKILL",
      describe: () => describeProcesses(processes.filter(stillRunning)),
    });
    await expectNothingLeft(started);
  });
});
