import type { Server } from "node:http";

/** What a server child tells the benchmark once it listens. */
export interface ReadyMessage {
  readonly type: "ready";
  readonly port: number;
}

/**
 * Listens on an ephemeral port of 127.0.0.1 and reports it to the parent over IPC. The
 * child exits on SIGTERM or when the parent goes away, so `--cpu-prof` gets to write its
 * profile and no server outlives the benchmark.
 */
export function serve(server: Server): void {
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    const ready: ReadyMessage = { type: "ready", port: address.port };
    process.send?.(ready);
  });
  const stop = () => {
    server.closeAllConnections();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("disconnect", stop);
}

/** The batch size a server was started for (its first argument); only the ceiling needs it. */
export function batchArgument(): number {
  const batch = Number(process.argv[2]);
  if (!Number.isInteger(batch) || batch < 1) {
    throw new Error(`expected a batch size as the first argument, got ${process.argv[2]}`);
  }
  return batch;
}
