// The end-to-end HTTP benchmark: the greeter served by the official SDK, by ours over
// node:http and over express, and by a ceiling server that answers a precomputed reply.
// Each server runs in a child process of its own and the load generator in another; the
// servers are measured in alternation, round after round, on identical precomputed bytes.
// `pnpm bench` runs it (add `-- --quick` for a short run; `-- --help` lists the flags).
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { availableParallelism, loadavg } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BATCH_SIZES, checkReply, requestBytes } from "./fixtures.js";
import type { LoadRequest, LoadResult } from "./load-generator.js";
import type { ReadyMessage } from "./servers/serve.js";
import { fixed, markdownTable, median, whole } from "./stats.js";

const here = dirname(fileURLToPath(import.meta.url));
const benchRoot = resolve(here, "..");

/** A server under test: a script that follows the protocol of `servers/serve.ts`. */
interface ServerDef {
  readonly name: string;
  readonly label: string;
  readonly script: string;
}

const SERVERS: readonly ServerDef[] = [
  {
    name: "official",
    label: "official SDK 3.3.0, node:http",
    script: join(here, "servers/official-node.js"),
  },
  { name: "ours-node", label: "ours, node:http", script: join(here, "servers/ours-node.js") },
  { name: "ours-express", label: "ours, express", script: join(here, "servers/ours-express.js") },
  {
    name: "ceiling",
    label: "ceiling: node:http, fixed reply",
    script: join(here, "servers/ceiling.js"),
  },
  {
    name: "ceiling-express",
    label: "ceiling: express, fixed reply",
    script: join(here, "servers/ceiling-express.js"),
  },
];

const USAGE = `usage: pnpm bench [-- flags]
  --rounds N         rounds per batch size (default 5)
  --seconds S        seconds per server per round (default 5)
  --warmup S         seconds of warmup per server before the rounds (default 2)
  --batches 1,10,100 batch sizes (invocations per request)
  --connections N    keep-alive connections of the load generator (default 10)
  --servers a,b      only these servers (${SERVERS.map((s) => s.name).join(", ")})
  --extra name=file  also measure another server script (same protocol as servers/serve.ts);
                     repeatable, always measured
  --profile name     run that server with --cpu-prof; profiles go to bench/profiles/
  --out file         also write the report as markdown to this file
  --no-codec         skip the codec micro-benchmark
  --quick            2 rounds x 1 s, 1 s warmup (a smoke run, not for the record)`;

interface Options {
  readonly rounds: number;
  readonly seconds: number;
  readonly warmup: number;
  readonly batches: readonly number[];
  readonly connections: number;
  readonly servers: readonly ServerDef[];
  readonly profile: string | undefined;
  readonly out: string | undefined;
  readonly codec: boolean;
  readonly quick: boolean;
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${flag} takes a positive number, got "${text}"`);
  return value;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: "string" },
      seconds: { type: "string" },
      warmup: { type: "string" },
      batches: { type: "string" },
      connections: { type: "string" },
      servers: { type: "string" },
      extra: { type: "string", multiple: true },
      profile: { type: "string" },
      out: { type: "string" },
      "no-codec": { type: "boolean" },
      quick: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick === true;
  const extra = (values.extra ?? []).map((spec): ServerDef => {
    const at = spec.indexOf("=");
    if (at <= 0) throw new Error(`--extra takes name=path/to/server.js, got "${spec}"`);
    const name = spec.slice(0, at);
    const path = spec.slice(at + 1);
    return { name, label: name, script: isAbsolute(path) ? path : resolve(process.cwd(), path) };
  });
  let servers = [...SERVERS, ...extra];
  if (values.servers !== undefined) {
    const wanted = values.servers.split(",");
    for (const name of wanted) {
      if (!SERVERS.some((s) => s.name === name)) {
        throw new Error(
          `unknown server "${name}"; known: ${SERVERS.map((s) => s.name).join(", ")}`,
        );
      }
    }
    // Servers added with --extra are always measured.
    servers = [...SERVERS.filter((s) => wanted.includes(s.name)), ...extra];
  }
  if (values.profile !== undefined && !servers.some((s) => s.name === values.profile)) {
    throw new Error(`--profile ${values.profile}: not among the servers measured`);
  }
  return {
    rounds: positive("rounds", values.rounds ?? (quick ? "2" : "5")),
    seconds: positive("seconds", values.seconds ?? (quick ? "1" : "5")),
    warmup: positive("warmup", values.warmup ?? (quick ? "1" : "2")),
    batches: (values.batches ?? BATCH_SIZES.join(","))
      .split(",")
      .map((b) => positive("batches", b)),
    connections: positive("connections", values.connections ?? "10"),
    servers,
    profile: values.profile,
    out: values.out,
    codec: values["no-codec"] !== true,
    quick,
  };
}

/** Every child we started, so none outlives the benchmark. */
const children = new Set<ChildProcess>();

function spawnChild(script: string, args: string[], execArgv: string[]): ChildProcess {
  const child = fork(script, args, {
    execArgv,
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

function nextMessage<T>(child: ChildProcess, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: T) => {
      cleanup();
      resolvePromise(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${what}: the child exited (code ${code})`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The peak resident set size of a process, in MiB, from /proc (Linux only). */
function peakRssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface RunningServer {
  readonly def: ServerDef;
  readonly child: ChildProcess;
  readonly url: string;
}

async function startServer(
  def: ServerDef,
  batch: number,
  options: Options,
): Promise<RunningServer> {
  const execArgv: string[] = [];
  if (options.profile === def.name) {
    const dir = join(benchRoot, "profiles");
    mkdirSync(dir, { recursive: true });
    execArgv.push(
      "--cpu-prof",
      "--cpu-prof-dir",
      dir,
      "--cpu-prof-name",
      `${def.name}-batch${batch}.cpuprofile`,
    );
  }
  const child = spawnChild(def.script, [String(batch)], execArgv);
  const ready = await nextMessage<ReadyMessage>(child, `starting ${def.name}`, 15_000);
  return { def, child, url: `http://127.0.0.1:${ready.port}/statefun` };
}

function post(
  url: string,
  body: Uint8Array,
): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/octet-stream", "content-length": body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            type: res.headers["content-type"] ?? "",
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A server is timed only once its reply decodes to the expected greetings and count. */
async function verify(server: RunningServer, body: Uint8Array, batch: number): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const reply = await post(server.url, body);
    const problem =
      reply.status !== 200
        ? `answered ${reply.status}: ${reply.body.toString("utf8").slice(0, 200)}`
        : reply.type !== "application/octet-stream"
          ? `answered content-type ${reply.type}`
          : checkReply(reply.body, batch);
    if (problem !== undefined) {
      throw new Error(`${server.def.name} gives a wrong reply to a batch of ${batch}: ${problem}`);
    }
  }
}

async function load(
  generator: ChildProcess,
  url: string,
  body: Uint8Array,
  seconds: number,
  options: Options,
) {
  const message: LoadRequest = {
    type: "load",
    url,
    body,
    connections: options.connections,
    seconds,
  };
  generator.send(message);
  const result = await nextMessage<LoadResult>(generator, "load generator", (seconds + 30) * 1000);
  if (result.failed > 0 || result.ok === 0) {
    throw new Error(
      `${url}: ${result.failed} failed requests and ${result.ok} good ones during the load`,
    );
  }
  return result;
}

interface Row {
  readonly batch: number;
  readonly def: ServerDef;
  readonly invocationsPerSecond: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly peakRssMiB: number;
  readonly rounds: readonly number[];
}

async function benchBatch(
  batch: number,
  options: Options,
  generator: ChildProcess,
): Promise<Row[]> {
  const body = requestBytes(batch);
  const servers: RunningServer[] = [];
  try {
    for (const def of options.servers) servers.push(await startServer(def, batch, options));
    for (const server of servers) await verify(server, body, batch);
    for (const server of servers) await load(generator, server.url, body, options.warmup, options);

    const results = new Map<string, LoadResult[]>(servers.map((s) => [s.def.name, []]));
    for (let round = 0; round < options.rounds; round++) {
      // Rotate the order each round, so no server always follows the same neighbour.
      const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
      for (const server of order) {
        const result = await load(generator, server.url, body, options.seconds, options);
        results.get(server.def.name)!.push(result);
        process.stderr.write(
          `  batch ${batch}, round ${round + 1}/${options.rounds}, ${server.def.name}: ${whole(result.requestsPerSecond * batch)} invocations/s\n`,
        );
      }
    }
    // A server that answers right when cold but wrong under load must not count either.
    for (const server of servers) await verify(server, body, batch);

    return servers.map((server) => {
      const runs = results.get(server.def.name)!;
      const rps = median(runs.map((r) => r.requestsPerSecond));
      return {
        batch,
        def: server.def,
        invocationsPerSecond: rps * batch,
        requestsPerSecond: rps,
        p50Ms: median(runs.map((r) => r.p50Ms)),
        p99Ms: median(runs.map((r) => r.p99Ms)),
        peakRssMiB: peakRssMiB(server.child.pid),
        rounds: runs.map((r) => r.requestsPerSecond * batch),
      };
    });
  } finally {
    await Promise.all(servers.map((s) => stopChild(s.child)));
  }
}

function ratio(value: number, base: number | undefined): string {
  return base === undefined ? "n/a" : `${fixed(value / base, 2)}x`;
}

function report(rows: readonly Row[], options: Options): string {
  const table = rows.map((row) => {
    const same = rows.filter((r) => r.batch === row.batch);
    const official = same.find((r) => r.def.name === "official")?.invocationsPerSecond;
    const ceiling = same.find((r) => r.def.name === "ceiling")?.invocationsPerSecond;
    return [
      String(row.batch),
      row.def.label,
      whole(row.invocationsPerSecond),
      whole(row.requestsPerSecond),
      fixed(row.p50Ms, 2),
      fixed(row.p99Ms, 2),
      fixed(row.peakRssMiB, 0),
      ratio(row.invocationsPerSecond, official),
      ceiling === undefined ? "n/a" : `${fixed((100 * row.invocationsPerSecond) / ceiling, 0)}%`,
    ];
  });
  const lines = [
    markdownTable(
      [
        "batch",
        "server",
        "invocations/s",
        "requests/s",
        "p50 ms",
        "p99 ms",
        "peak RSS MiB",
        "vs official",
        "of ceiling",
      ],
      table,
    ),
    "",
    `Medians of ${options.rounds} rounds x ${options.seconds} s per server and batch size (after ${options.warmup} s of warmup each), ${options.connections} keep-alive connections.`,
  ];
  const checks = targetChecks(rows);
  if (checks.length > 0) lines.push("", ...checks.map((c) => `- ${c}`));
  return lines.join("\n");
}

/** The targets, checked against this run. */
function targetChecks(rows: readonly Row[]): string[] {
  const get = (batch: number, name: string) =>
    rows.find((r) => r.batch === batch && r.def.name === name)?.invocationsPerSecond;
  const checks: string[] = [];
  const target = (
    what: string,
    value: number | undefined,
    base: number | undefined,
    want: number,
  ) => {
    if (value === undefined || base === undefined) return;
    const got = value / base;
    checks.push(
      `${what}: ${fixed(got, 2)}x (target >= ${want}x) ${got >= want ? "met" : "NOT met"}`,
    );
  };
  target("ours/official, batch 1", get(1, "ours-node"), get(1, "official"), 2);
  target("ours/official, batch 100", get(100, "ours-node"), get(100, "official"), 5);
  for (const batch of new Set(rows.map((r) => r.batch))) {
    target(
      `express/node:http, batch ${batch}`,
      get(batch, "ours-express"),
      get(batch, "ours-node"),
      0.8,
    );
    const expressCeiling = get(batch, "ceiling-express");
    const ours = get(batch, "ours-node");
    if (expressCeiling !== undefined && ours !== undefined) {
      checks.push(
        `express's own bound, batch ${batch}: a fixed reply behind express reaches ${fixed(expressCeiling / ours, 2)}x our node:http figure`,
      );
    }
  }
  return checks;
}

async function runCodec(options: Options): Promise<string> {
  const child = spawnChild(join(here, "codec.js"), options.quick ? ["--quick"] : [], []);
  const result = await nextMessage<{ type: "codec"; markdown: string }>(
    child,
    "codec benchmark",
    600_000,
  );
  await stopChild(child);
  return result.markdown;
}

async function main(): Promise<void> {
  // `pnpm bench -- --quick` hands the "--" through: accept it.
  const args = process.argv.slice(2);
  if (args[0] === "--") args.shift();
  const options = parseOptions(args);
  const loadBefore = loadavg()[0]!;
  const generator = spawnChild(join(here, "load-generator.js"), [], []);
  const rows: Row[] = [];
  try {
    for (const batch of options.batches) {
      process.stderr.write(`batch of ${batch}: ${options.servers.map((s) => s.name).join(", ")}\n`);
      rows.push(...(await benchBatch(batch, options, generator)));
    }
  } finally {
    await stopChild(generator);
  }
  // Other work on the machine shows up in every number: say how busy it was.
  const load = `Load average (1 min) before the run ${fixed(loadBefore, 2)}, after it ${fixed(loadavg()[0]!, 2)}, on ${availableParallelism()} CPUs.`;
  let markdown = `## HTTP: the greeter served three ways, and the ceiling\n\n${report(rows, options)}\n\n${load}\n`;
  console.log(`\n${markdown}`);
  if (options.codec) {
    const codec = await runCodec(options);
    console.log(codec);
    markdown += `\n${codec}\n`;
  }
  if (options.profile !== undefined) {
    console.log(`CPU profiles of ${options.profile} are in ${join(benchRoot, "profiles")}`);
  }
  if (options.out !== undefined) {
    writeFileSync(options.out, markdown);
    console.log(`wrote ${options.out}`);
  }
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  await Promise.all([...children].map(stopChild));
  process.exit(1);
});
