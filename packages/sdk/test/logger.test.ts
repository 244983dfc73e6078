import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger, stderrLogger } from "../src/index.js";

describe("stderrLogger", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function captureStderr(): string[] {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    return lines;
  }

  it("writes one line per event from its level up, with the fields", () => {
    const lines = captureStderr();
    const logger = stderrLogger("warn");
    logger.info("not shown");
    logger.warn("skipped a record", { key: "Mallory", attempt: 2 });
    logger.error("answered 500");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z WARN {2}skipped a record key="Mallory" attempt=2\n$/,
    );
    expect(lines[1]).toMatch(/ ERROR answered 500\n$/);
  });

  it("says nothing at level silent, nor does silentLogger", () => {
    const lines = captureStderr();
    stderrLogger("silent").error("hidden");
    silentLogger.error("hidden");
    expect(lines).toEqual([]);
  });
});
