import { createServer, Socket } from "node:net";
import { PortInUseError } from "./errors.js";

/** Every process here listens on 127.0.0.1 only. */
export const LOCALHOST = "127.0.0.1";

/**
 * Asks the operating system for `count` distinct free ports on 127.0.0.1. The ports are held
 * open together while they are picked, so they are different from each other; another process
 * may still take one before it is used, which then fails with {@link PortInUseError}.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, LOCALHOST, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === "string") {
      throw new Error("the operating system returned no TCP port");
    }
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Asks the operating system for one free port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/**
 * Throws {@link PortInUseError} when `port` cannot be bound on 127.0.0.1, naming `purpose` (such
 * as "Kafka broker") so that the person knows which setting to change.
 */
export async function assertPortFree(port: number, purpose: string): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`${purpose} port must be an integer from 1 to 65535, got ${port}`);
  }
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE" || error.code === "EACCES"
          ? new PortInUseError(port, purpose)
          : error,
      );
    });
    server.listen(port, LOCALHOST, () => server.close(() => resolve()));
  });
}

/** Resolves whether something accepts TCP connections on 127.0.0.1:`port` right now. */
export function portAccepts(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.connect(port, LOCALHOST, () => done(true));
  });
}
