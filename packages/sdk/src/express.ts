import type { IncomingMessage, ServerResponse } from "node:http";
import { HandlerSetupError } from "./errors.js";
import {
  type HttpHandlerOptions,
  readBody,
  replyError,
  resolveOptions,
  respond,
  tooLarge,
} from "./http-exchange.js";
import type { StatefulFunctions } from "./stateful-functions.js";

/** The part of an express request the adapter uses (any body parser's result lands in `body`). */
export interface ExpressLikeRequest extends IncomingMessage {
  body?: unknown;
}

/**
 * An express handler that serves the functions. It reads the raw body itself, so mount it
 * with `app.post("/statefun", handler)`; if `express.raw()` ran first, its Buffer is used (give
 * it `limit: "32mb"`: its default of 100 kB is far below the runtime's batches).
 *
 * @example
 * const app = express();
 * app.post("/statefun", createExpressHandler(functions));
 * app.listen(8000);
 */
export function createExpressHandler(
  functions: StatefulFunctions,
  options: HttpHandlerOptions = {},
): (req: ExpressLikeRequest, res: ServerResponse, next: (error?: unknown) => void) => void {
  const { logger, limit } = resolveOptions(options);
  return (req, res) => {
    const parsed = req.body;
    if (parsed instanceof Uint8Array) {
      if (parsed.byteLength > limit) replyError(res, tooLarge(parsed.byteLength, limit), logger);
      else respond(functions, parsed, res, logger);
      return;
    }
    if (req.readableEnded) {
      // A body parser (express.json(), express.text(), ...) consumed the bytes first.
      replyError(
        res,
        new HandlerSetupError(
          "the request body was consumed by a body parser before the StateFun handler; mount the handler before express.json()/express.text(), or use express.raw({ type: '*/*', limit: '32mb' })",
        ),
        logger,
      );
      return;
    }
    readBody(req, limit).then(
      (body) => respond(functions, body, res, logger),
      (error: unknown) => replyError(res, error, logger),
    );
  };
}
