import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../src/index.js";
import {
  FromFunction,
  type FromFunction_IncompleteInvocationContext as IncompleteInvocationContext,
  type FromFunction_InvocationResponse as InvocationResponse,
  type ToFunction_PersistedValue as PersistedValue,
  ToFunction,
  type TypedValue,
} from "../src/protocol.js";

/** The parts of an address, as a test writes them: `"example/greeter"` and an id. */
export interface TestAddress {
  readonly typename: string;
  readonly id: string;
}

function toAddress({ typename, id }: TestAddress) {
  const slash = typename.lastIndexOf("/");
  return { namespace: typename.slice(0, slash), type: typename.slice(slash + 1), id };
}

/** A typed value with bytes, as the runtime sends it. */
export function typed(typename: string, value: Uint8Array): TypedValue {
  return { typename, hasValue: true, value };
}

/** One invocation of a batch: its argument and, for a message from a function, its caller. */
export interface TestInvocation {
  readonly argument: TypedValue;
  readonly caller?: TestAddress;
}

/**
 * The bytes of a `ToFunction` batch for `target`. `state` maps each registered state to
 * its value (`undefined`: registered, but holding no value); names left out are not registered.
 */
export function toFunction(
  target: TestAddress,
  invocations: readonly TestInvocation[],
  state: Record<string, TypedValue | undefined> = {},
): Uint8Array {
  const persisted: PersistedValue[] = Object.entries(state).map(([stateName, stateValue]) => ({
    stateName,
    stateValue,
  }));
  return ToFunction.encode({
    invocation: {
      target: toAddress(target),
      state: persisted,
      invocations: invocations.map((invocation) => ({
        caller: invocation.caller === undefined ? undefined : toAddress(invocation.caller),
        argument: invocation.argument,
      })),
    },
  }).finish();
}

/** Decodes a reply that must be an `InvocationResponse`. */
export function invocationResult(reply: Uint8Array): InvocationResponse {
  const decoded = FromFunction.decode(reply);
  if (decoded.invocationResult === undefined) {
    throw new Error(`expected an InvocationResponse, got ${JSON.stringify(Object.keys(decoded))}`);
  }
  return decoded.invocationResult;
}

/** Decodes a reply that must be an `IncompleteInvocationContext`. */
export function incompleteContext(reply: Uint8Array): IncompleteInvocationContext {
  const decoded = FromFunction.decode(reply);
  if (decoded.incompleteInvocationContext === undefined) {
    throw new Error(
      `expected an IncompleteInvocationContext, got ${JSON.stringify(Object.keys(decoded))}`,
    );
  }
  return decoded.incompleteInvocationContext;
}

const utf8 = new TextDecoder();

/** Bytes as text, for asserting on readable payloads. */
export function text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** One line a {@link RecordingLogger} received. */
export interface LogEntry {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
}

/** A logger that keeps what it is told, so a test can assert the SDK reported a failure. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];

  debug(message: string): void {
    this.entries.push({ level: "debug", message });
  }
  info(message: string): void {
    this.entries.push({ level: "info", message });
  }
  warn(message: string): void {
    this.entries.push({ level: "warn", message });
  }
  error(message: string): void {
    this.entries.push({ level: "error", message });
  }
}

/** Listens on an ephemeral port of 127.0.0.1 and answers the server's base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Closes a server, dropping its keep-alive connections. */
export async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** POSTs protocol bytes like the runtime does. */
export function post(
  url: string,
  body: Uint8Array,
  contentType = "application/octet-stream",
): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": contentType }, body });
}

/**
 * Bytes as lowercase hex, e.g. `"0d01000000"`: easy to check by hand, and equal whether
 * the bytes came in a Buffer (protobufjs on Node) or a plain Uint8Array.
 */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
