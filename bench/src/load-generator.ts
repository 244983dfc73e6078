// The load generator: a child process of its own that runs autocannon on request (over IPC)
// and answers the counts and latencies. Latencies are recorded here, per response, in
// microseconds: autocannon's own histogram keeps whole milliseconds, too coarse for replies
// that take a fraction of one.
import autocannon from "autocannon";

/** One measurement: POST `body` to `url` over `connections` keep-alive connections. */
export interface LoadRequest {
  readonly type: "load";
  readonly url: string;
  readonly body: Uint8Array;
  readonly connections: number;
  readonly seconds: number;
}

/** What one measurement saw. */
export interface LoadResult {
  readonly type: "result";
  /** 2xx replies per second. */
  readonly requestsPerSecond: number;
  readonly ok: number;
  readonly failed: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Latencies in 1 µs buckets up to 1 s; the last bucket holds anything slower. */
class LatencyHistogram {
  readonly #counts = new Uint32Array(1_000_001);
  #total = 0;

  record(ms: number): void {
    const us = Math.min(Math.round(ms * 1000), this.#counts.length - 1);
    this.#counts[us]! += 1;
    this.#total += 1;
  }

  percentileMs(p: number): number {
    const rank = Math.ceil((p / 100) * this.#total);
    let seen = 0;
    for (let us = 0; us < this.#counts.length; us++) {
      seen += this.#counts[us]!;
      if (seen >= rank && seen > 0) return us / 1000;
    }
    return Number.NaN;
  }
}

async function measure(request: LoadRequest): Promise<LoadResult> {
  const latencies = new LatencyHistogram();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: request.url,
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: Buffer.from(request.body),
        connections: request.connections,
        pipelining: 1,
        duration: request.seconds,
      },
      (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.record(ms);
    });
  });
  const ok = result["2xx"];
  return {
    type: "result",
    requestsPerSecond: ok / result.duration,
    ok,
    failed: result.non2xx + result.errors,
    p50Ms: latencies.percentileMs(50),
    p99Ms: latencies.percentileMs(99),
  };
}

process.on("message", (message: LoadRequest) => {
  measure(message).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      process.stderr.write(
        `load generator failed: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exit(1);
    },
  );
});
process.on("disconnect", () => process.exit(0));
