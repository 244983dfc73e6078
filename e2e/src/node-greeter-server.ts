/**
 * The walkthrough's greeter with our SDK over node:http instead of express, served on `PORT`:
 * for `load:node`, which runs the load scenario against it, so that the end-to-end figures tell
 * the SDK's cost apart from express's. Not part of `pnpm e2e`.
 */
import { createServer } from "node:http";
import { bindGreeter } from "@statefun-ts/greeter";
import { createNodeHandler, StatefulFunctions } from "@statefun-ts/sdk";

const port = Number(process.env["PORT"] ?? "8000");
const server = createServer(createNodeHandler(bindGreeter(new StatefulFunctions())));
server.keepAliveTimeout = 60_000;
server.listen(port, () => {
  process.stderr.write(`greeter (node:http) listening on http://0.0.0.0:${port}/statefun\n`);
});
const stop = () => {
  server.closeAllConnections();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
