import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type HttpHandlerOptions,
  readBody,
  replyError,
  resolveOptions,
  respond,
} from "./http-exchange.js";
import type { StatefulFunctions } from "./stateful-functions.js";

/**
 * A node:http request listener that serves the functions: POST the protocol's bytes to it.
 *
 * @example
 * import { createServer } from "node:http";
 * createServer(createNodeHandler(functions)).listen(8000);
 */
export function createNodeHandler(
  functions: StatefulFunctions,
  options: HttpHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger, limit } = resolveOptions(options);
  return (req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST", "content-type": "text/plain; charset=utf-8" });
      res.end(`the StateFun endpoint takes POST requests, not ${req.method}\n`);
      return;
    }
    readBody(req, limit).then(
      (body) => respond(functions, body, res, logger),
      (error: unknown) => replyError(res, error, logger),
    );
  };
}
