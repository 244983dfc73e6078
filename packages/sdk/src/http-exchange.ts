import type { IncomingMessage, ServerResponse } from "node:http";
import { RequestTooLargeError, StatefunError } from "./errors.js";
import { type Logger, stderrLogger } from "./logger.js";
import type { StatefulFunctions } from "./stateful-functions.js";

/** The runtime's own limit on a request body. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Options shared by the HTTP adapters. */
export interface HttpHandlerOptions {
  /** Where failures are reported; defaults to warnings and errors on standard error. */
  readonly logger?: Logger;
  /** The largest body accepted, in bytes; larger ones are answered 413. Default 32 MiB. */
  readonly maxBodyBytes?: number;
}

/** Reads a request body up to `limit` bytes; rejects with {@link RequestTooLargeError} past it. */
export function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) {
    return Promise.reject(tooLarge(declared, limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge(size, limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

/** The 413 for a body of `size` bytes over `limit`. */
export function tooLarge(size: number, limit: number): RequestTooLargeError {
  return new RequestTooLargeError(
    `the request body (${size} bytes or more) exceeds the limit of ${limit} bytes`,
  );
}

/** Answers a `FromFunction` body. */
export function replyOk(res: ServerResponse, body: Uint8Array): void {
  res.writeHead(200, {
    "content-type": "application/octet-stream",
    "content-length": body.length,
  });
  res.end(body);
}

/**
 * Answers a failure with its status and a plain-text body a person can read in the
 * runtime's log, and reports it to the logger.
 */
export function replyError(res: ServerResponse, error: unknown, logger: Logger): void {
  const status = error instanceof StatefunError ? error.status : 500;
  const message = error instanceof Error ? error.message : String(error);
  if (status >= 500) {
    logger.error(`answered ${status}: ${message}`);
  } else {
    logger.warn(`answered ${status}: ${message}`);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(`${message}\n`, "utf8");
  const headers: Record<string, string | number> = {
    "content-type": "text/plain; charset=utf-8",
    "content-length": body.length,
  };
  // The rest of an oversized body is not read, so the connection cannot be reused.
  if (status === 413) headers["connection"] = "close";
  res.writeHead(status, headers);
  res.end(body);
}

/** Runs the core on a body and answers the exchange. */
export function respond(
  functions: StatefulFunctions,
  body: Uint8Array,
  res: ServerResponse,
  logger: Logger,
): void {
  functions.handle(body).then(
    (reply) => replyOk(res, reply),
    (error: unknown) => replyError(res, error, logger),
  );
}

/** The logger and limit an adapter runs with. */
export function resolveOptions(options: HttpHandlerOptions): { logger: Logger; limit: number } {
  return {
    logger: options.logger ?? stderrLogger("warn"),
    limit: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  };
}
