import type { Server } from "node:http";
import { StatefulFunctions, stderrLogger } from "@statefun-ts/sdk";
import { createApp } from "./app.js";
import { DEFAULT_FORGET_AFTER_MS } from "./forget-after.js";
import { bindGreeter } from "./greeter.js";
import { bindGreeterWithTimer } from "./greeter-timer.js";
import { bindGreeterWithTtl } from "./greeter-ttl.js";

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

/** The greeters `GREETER_SOLUTION` chooses from: the walkthrough's, and the exercise's two. */
const SOLUTIONS = {
  classic: (functions: StatefulFunctions) => bindGreeter(functions, logger),
  ttl: (functions: StatefulFunctions) => bindGreeterWithTtl(functions, logger, { forgetAfterMs }),
  timer: (functions: StatefulFunctions) =>
    bindGreeterWithTimer(functions, logger, { forgetAfterMs }),
} as const;

function parseSolution(value: string | undefined): keyof typeof SOLUTIONS {
  if (value === undefined || value === "") return "classic";
  if (Object.hasOwn(SOLUTIONS, value)) return value as keyof typeof SOLUTIONS;
  process.stderr.write(`GREETER_SOLUTION must be classic, ttl or timer, got "${value}"\n`);
  process.exit(2);
}

function parseForgetAfterMs(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_FORGET_AFTER_MS;
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    process.stderr.write(
      `FORGET_AFTER_MS must be a positive whole number of milliseconds, got "${value}"\n`,
    );
    process.exit(2);
  }
  return ms;
}

const solution = parseSolution(process.env["GREETER_SOLUTION"]);
const forgetAfterMs = parseForgetAfterMs(process.env["FORGET_AFTER_MS"]);
const functions = SOLUTIONS[solution](new StatefulFunctions());
logger.info(
  solution === "classic"
    ? "serving the classic greeter (GREETER_SOLUTION=classic): it never forgets a user"
    : `serving the ${solution} solution (GREETER_SOLUTION=${solution}): it forgets a user after ${forgetAfterMs} ms without a visit`,
);
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
