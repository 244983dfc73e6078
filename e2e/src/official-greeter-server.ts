/**
 * The walkthrough's greeter written with the official StateFun JS SDK (apache-flink-statefun
 * 3.3.0, from the benchmarks), served on `PORT` like ours: for `load:official`, which runs the
 * load scenario against it for a same-run comparison. Not part of `pnpm e2e`.
 */
import { createServer } from "node:http";
import { officialGreeter } from "@statefun-ts/bench/dist/official-greeter.js";

const port = Number(process.env["PORT"] ?? "8000");
const server = createServer(officialGreeter().handler());
server.keepAliveTimeout = 60_000;
server.listen(port, () => {
  process.stderr.write(`official-SDK greeter listening on http://0.0.0.0:${port}/statefun\n`);
});
const stop = () => {
  server.closeAllConnections();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
