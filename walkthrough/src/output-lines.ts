/** A child process's output, split into lines as they arrive. */

import type { Readable } from "node:stream";

/**
 * Calls `onLine` with every complete line `stream` emits, and with a last unterminated line when
 * it ends.
 */
export function forEachLine(
  stream: Readable | null | undefined,
  onLine: (line: string) => void,
): void {
  if (stream === null || stream === undefined) return;
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    for (const line of parts) onLine(line);
  });
  stream.on("end", () => {
    if (pending !== "") onLine(pending);
    pending = "";
  });
}
