import { type Server } from "node:http";
import { StatefulFunctions, stderrLogger } from "@statefun-ts/sdk";
import { createApp } from "./app.js";
import { bindGreeter } from "./greeter.js";

const logger = stderrLogger("info");

function parsePort(value: string | undefined): number {
  if (value === undefined || value === "") return 8000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`PORT must be a port number (0-65535), got "${value}"\n`);
    process.exit(2);
  }
  return port;
}

const functions = bindGreeter(new StatefulFunctions(), logger);
const port = parsePort(process.env["PORT"]);
const server: Server = createApp(functions, logger).listen(port, () => {
  const address = server.address();
  const bound = typeof address === "object" && address !== null ? address.port : port;
  logger.info(`greeter listening on http://0.0.0.0:${bound}/statefun`, {
    functions: functions.typenames.join(","),
  });
});
server.on("error", (error: NodeJS.ErrnoException) => {
  logger.error(`greeter could not listen on port ${port}: ${error.message}`);
  process.exit(1);
});

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: finishing requests in flight, then exiting`);
  // close() stops accepting, closes idle keep-alive connections and waits for the rest.
  server.close(() => {
    logger.info("greeter stopped");
    process.exit(0);
  });
  setTimeout(() => {
    logger.warn("requests still in flight after 10 s; closing their connections");
    server.closeAllConnections();
  }, 10_000).unref();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
