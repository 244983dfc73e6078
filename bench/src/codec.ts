// The codec micro-benchmark: decode the runtime's request and encode the reply, with
// ts-proto 1.x on protobufjs (what the SDK uses) and ts-proto 2.x on @bufbuild/protobuf
// (generated into generated-bufbuild/), on the same bytes; and, for scale, the whole core of
// each SDK in process (bytes in, bytes out, no HTTP). Run alone with `pnpm --filter
// @statefun-ts/bench bench:codec` (`-- --quick` for a short run); `pnpm bench` runs it too.
import { isDeepStrictEqual } from "node:util";
import { bindGreeter, computeGreeting } from "@statefun-ts/greeter";
import { GreetRequest, GreetResponse, SeenCount } from "@statefun-ts/greeter/messages";
import { StatefulFunctions } from "@statefun-ts/sdk";
import { FromFunction, KafkaProducerRecord, ToFunction } from "@statefun-ts/sdk/protocol";
import {
  BATCH_SIZES,
  checkReply,
  INITIAL_SEEN,
  replyMessage,
  requestBytes,
  TARGET,
} from "./fixtures.js";
import * as bufbuild from "./generated-bufbuild/io/statefun/sdk/reqreply/request-reply.js";
import { officialGreeter } from "./official-greeter.js";
import { fixed, markdownTable, median, whole } from "./stats.js";

interface Timing {
  readonly warmupMs: number;
  readonly runs: number;
  readonly runMs: number;
}

// Keep results alive so the optimiser cannot drop the work (or elide the allocations).
let sink = 0;
let kept: unknown;

function opsPerSecond(elapsedNs: bigint, ops: number): number {
  return ops / (Number(elapsedNs) / 1e9);
}

/** Times `ms` milliseconds of calls to a function; answers operations per second. */
type Sampler = (ms: number) => Promise<number>;

function syncSampler(fn: () => Uint8Array | object): Sampler {
  return async (ms) => {
    const budget = BigInt(ms) * 1_000_000n;
    const start = process.hrtime.bigint();
    let ops = 0;
    let elapsed = 0n;
    while (elapsed < budget) {
      for (let i = 0; i < 64; i++) {
        const out = fn();
        kept = out;
        sink += out instanceof Uint8Array ? out.length : 1;
      }
      ops += 64;
      elapsed = process.hrtime.bigint() - start;
    }
    return opsPerSecond(elapsed, ops);
  };
}

/** For an asynchronous function, awaited one call at a time. */
function asyncSampler(fn: () => Promise<Uint8Array>): Sampler {
  return async (ms) => {
    const budget = BigInt(ms) * 1_000_000n;
    const start = process.hrtime.bigint();
    let ops = 0;
    let elapsed = 0n;
    while (elapsed < budget) {
      for (let i = 0; i < 16; i++) sink += (await fn()).length;
      ops += 16;
      elapsed = process.hrtime.bigint() - start;
    }
    return opsPerSecond(elapsed, ops);
  };
}

interface Case {
  readonly batch: number;
  readonly name: string;
  readonly sample: Sampler;
  readonly runs: number[];
}

function must(problem: string | undefined, what: string): void {
  if (problem !== undefined) throw new Error(`${what}: ${problem}`);
}

/** The cases of one batch size, checked for correctness but not yet timed. */
async function casesFor(batch: number): Promise<Case[]> {
  const body = requestBytes(batch);
  const reply = replyMessage(batch);
  const functions = bindGreeter(new StatefulFunctions());
  const official = officialGreeter();
  const officialBody = Buffer.from(body);
  const officialResponse = {
    writeHead() {},
    end(out: Uint8Array) {
      officialOut = out;
    },
  };
  let officialOut: Uint8Array = new Uint8Array(0);
  const officialHandle = async () => {
    await official.handle([officialBody], officialResponse);
    return officialOut;
  };

  // Both codecs must agree on the same bytes before either is timed.
  if (!isDeepStrictEqual({ ...bufbuild.ToFunction.decode(body) }, { ...ToFunction.decode(body) })) {
    throw new Error("ts-proto 1.x and 2.x decode the request differently");
  }
  must(checkReply(bufbuild.FromFunction.encode(reply).finish(), batch), "ts-proto 2.x reply");
  must(checkReply(FromFunction.encode(reply).finish(), batch), "ts-proto 1.x reply");
  must(checkReply(await functions.handle(body), batch), "our SDK's reply");
  must(checkReply(await officialHandle(), batch), "the official SDK's reply");

  const cases: Case[] = [];
  const add = (name: string, sample: Sampler) => cases.push({ batch, name, sample, runs: [] });
  add(
    "ts-proto 1.x (protobufjs): decode request",
    syncSampler(() => ToFunction.decode(body)),
  );
  add(
    "ts-proto 1.x (protobufjs): encode reply",
    syncSampler(() => FromFunction.encode(reply).finish()),
  );
  add(
    "ts-proto 1.x (protobufjs): decode + encode",
    syncSampler(() => {
      kept = ToFunction.decode(body);
      return FromFunction.encode(reply).finish();
    }),
  );
  add(
    "ts-proto 2.x (@bufbuild/protobuf): decode request",
    syncSampler(() => bufbuild.ToFunction.decode(body)),
  );
  add(
    "ts-proto 2.x (@bufbuild/protobuf): encode reply",
    syncSampler(() => bufbuild.FromFunction.encode(reply).finish()),
  );
  add(
    "ts-proto 2.x (@bufbuild/protobuf): decode + encode",
    syncSampler(() => {
      kept = bufbuild.ToFunction.decode(body);
      return bufbuild.FromFunction.encode(reply).finish();
    }),
  );
  add(
    "our SDK core: StatefulFunctions.handle",
    asyncSampler(() => functions.handle(body)),
  );
  add("official SDK core: StateFun.handle (stub req/res)", asyncSampler(officialHandle));
  // What any SDK must do for this function with these codecs, whatever its own cost.
  const greetRequest = GreetRequest.encode({ name: TARGET.id }).finish();
  add(
    "the greeter's own codec work, no SDK (per batch)",
    syncSampler(() => {
      let out: Uint8Array = greetRequest;
      for (let i = 0; i < batch; i++) {
        const { name } = GreetRequest.decode(greetRequest);
        const seen = INITIAL_SEEN + i + 1;
        sink += SeenCount.encode({ seen }).finish().length;
        const valueBytes = GreetResponse.encode(computeGreeting(name, seen)).finish();
        out = KafkaProducerRecord.encode({ key: name, valueBytes, topic: "greetings" }).finish();
      }
      return out;
    }),
  );
  return cases;
}

const opsOf = (c: Case) => median(c.runs);

function report(cases: readonly Case[], timing: Timing): string {
  const rows = cases.map((c) => [
    String(c.batch),
    c.name,
    whole(opsOf(c)),
    fixed(1e6 / opsOf(c), 2),
    fixed(1e6 / opsOf(c) / c.batch, 3),
  ]);
  const shares = [...new Set(cases.map((c) => c.batch))].map((batch) => {
    const found = (prefix: string) =>
      cases.find((c) => c.batch === batch && c.name.startsWith(prefix));
    const get = (prefix: string) => {
      const c = found(prefix);
      return c === undefined ? undefined : opsOf(c);
    };
    const v1 = get("ts-proto 1.x (protobufjs): decode + encode");
    const v2 = get("ts-proto 2.x (@bufbuild/protobuf): decode + encode");
    const core = get("our SDK core");
    const officialCore = get("official SDK core");
    const floor = get("the greeter's own codec work");
    if (
      v1 === undefined ||
      v2 === undefined ||
      core === undefined ||
      officialCore === undefined ||
      floor === undefined
    ) {
      return "";
    }
    return `- batch ${batch}: the envelope codec (ts-proto 1.x) is ${fixed((100 * core) / v1, 0)}% of our core's time; ts-proto 2.x codes it ${fixed(v2 / v1, 2)}x as fast as 1.x; our core runs ${fixed(core / officialCore, 2)}x as fast as the official one; the greeter's own codec work is ${fixed((100 * core) / floor, 0)}% of our core's time`;
  });
  return [
    "## Codec micro-benchmark (in process, no HTTP)",
    "",
    markdownTable(["batch", "what", "ops/s", "µs/op", "µs/invocation"], rows),
    "",
    `Medians of ${timing.runs} runs of ${timing.runMs} ms per case, the cases taken in turn within each run (so a busy moment of the machine hits them all), after ${timing.warmupMs} ms of warmup each.`,
    "",
    ...shares,
  ].join("\n");
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const timing: Timing = quick
    ? { warmupMs: 200, runs: 3, runMs: 100 }
    : { warmupMs: 1000, runs: 9, runMs: 300 };
  const cases: Case[] = [];
  for (const batch of BATCH_SIZES) cases.push(...(await casesFor(batch)));
  for (const c of cases) await c.sample(timing.warmupMs);
  for (let run = 0; run < timing.runs; run++) {
    process.stderr.write(`codec: run ${run + 1}/${timing.runs}\n`);
    for (const c of cases) c.runs.push(await c.sample(timing.runMs));
  }
  const markdown = report(cases, timing);
  if (process.send) {
    process.send({ type: "codec", markdown, sink: sink + (kept === undefined ? 0 : 1) });
  } else {
    console.log(markdown);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
