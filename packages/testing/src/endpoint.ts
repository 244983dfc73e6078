import { parseTypename, type ValueSpec } from "@statefun-ts/sdk";
import { FunctionCallError } from "./errors.js";

/**
 * Anything that answers the protocol's bytes in process: `ToFunction` bytes in,
 * `FromFunction` bytes out. A `StatefulFunctions` registry is one.
 */
export interface RequestHandler {
  handle(body: Uint8Array): Promise<Uint8Array>;
  /**
   * The declared value specs of a bound function, when the handler can tell (a
   * `StatefulFunctions` can). The runtime uses them only to warn about a declaration that
   * no longer matches what was registered, which the real runtime silently ignores.
   */
  get?(typename: string): { readonly specs: readonly ValueSpec[] } | undefined;
}

/**
 * Where the requests for some functions go, as an `io.statefun.endpoints.v2/http` entry
 * of module.yaml says: `functions` is a typename (`example/greeter`) or all the functions
 * of a namespace (`example/*`).
 */
export type EndpointSpec =
  | {
      readonly functions: string;
      /** In process: the runtime calls `handler.handle(bytes)`. */
      readonly handler: RequestHandler;
    }
  | {
      readonly functions: string;
      /** Over HTTP: the runtime POSTs the bytes to this URL, e.g. `http://127.0.0.1:8000/statefun`. */
      readonly url: string;
      /** Real milliseconds to wait for an answer before the call fails. Default 30 000. */
      readonly timeoutMs?: number;
    };

/** The default wait for an HTTP answer, in real milliseconds. */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

/** A resolved endpoint: where a request goes and how it is answered. */
export interface Endpoint {
  /** The module.yaml pattern it serves. */
  readonly functions: string;
  /** `in process` or the URL, for messages. */
  readonly where: string;
  /** Sends one request; rejects with a {@link FunctionCallError} for any failure. */
  call(target: string, body: Uint8Array): Promise<Uint8Array>;
  /** The specs the function declares, when the endpoint can tell. */
  declaredSpecs(typename: string): readonly ValueSpec[] | undefined;
}

function checkPattern(functions: string): string {
  const { name } = parseTypename(functions, "endpoint functions");
  if (name.includes("*") && name !== "*") {
    throw new TypeError(
      `invalid endpoint functions "${functions}": use a typename or "namespace/*"`,
    );
  }
  return functions;
}

/** Whether a module.yaml `functions` pattern covers a typename. */
export function servesTypename(pattern: string, typename: string): boolean {
  if (pattern.endsWith("/*")) {
    return parseTypename(typename).namespace === pattern.slice(0, -2);
  }
  return pattern === typename;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function inProcess(functions: string, handler: RequestHandler): Endpoint {
  if (handler === null || typeof handler !== "object" || typeof handler.handle !== "function") {
    throw new TypeError(
      `the endpoint for ${functions} needs a handler with a handle(bytes) method`,
    );
  }
  return {
    functions,
    where: "in process",
    async call(target, body) {
      try {
        return await handler.handle(body);
      } catch (cause) {
        const status =
          cause instanceof Error && "status" in cause && typeof cause.status === "number"
            ? cause.status
            : undefined;
        const message = describe(cause);
        throw new FunctionCallError(
          `${target} failed in process${status === undefined ? "" : ` (answered ${status})`}: ${message}`,
          { target, status, body: message },
          { cause },
        );
      }
    },
    declaredSpecs(typename) {
      return handler.get?.(typename)?.specs;
    },
  };
}

function overHttp(functions: string, url: string, timeoutMs: number): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new TypeError(`the endpoint for ${functions} has an invalid url "${url}"`, { cause });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(`the endpoint for ${functions} needs an http(s) url, got "${url}"`);
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(
      `the endpoint for ${functions} needs a positive timeoutMs, got ${timeoutMs}`,
    );
  }
  return {
    functions,
    where: url,
    async call(target, body) {
      let response: Response;
      let bytes: Uint8Array;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/octet-stream" },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (cause) {
        const reason =
          cause instanceof Error && cause.name === "TimeoutError"
            ? `no complete answer within ${timeoutMs} ms`
            : describe(cause);
        throw new FunctionCallError(
          `${target}: POST ${url} failed: ${reason}`,
          { target, status: undefined, body: "" },
          { cause },
        );
      }
      if (!response.ok) {
        const text = new TextDecoder().decode(bytes).trim();
        throw new FunctionCallError(
          `${target}: POST ${url} answered ${response.status}: ${text === "" ? "(empty body)" : text}`,
          { target, status: response.status, body: text },
        );
      }
      const type = response.headers.get("content-type") ?? "";
      if (!type.startsWith("application/octet-stream")) {
        throw new FunctionCallError(
          `${target}: POST ${url} answered ${response.status} with content-type "${type}"; the runtime only accepts application/octet-stream`,
          { target, status: response.status, body: new TextDecoder().decode(bytes) },
        );
      }
      return bytes;
    },
    declaredSpecs() {
      return undefined;
    },
  };
}

/** Checks an {@link EndpointSpec} and makes it callable. */
export function createEndpoint(spec: EndpointSpec): Endpoint {
  const functions = checkPattern(spec.functions);
  if ("handler" in spec) return inProcess(functions, spec.handler);
  if ("url" in spec && typeof spec.url === "string") {
    return overHttp(functions, spec.url, spec.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS);
  }
  throw new TypeError(`the endpoint for ${functions} needs a handler (in process) or a url`);
}
