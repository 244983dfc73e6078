/** Where the SDK reports what happens; pass your own to route it into your logging. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The levels of {@link stderrLogger}, least severe first. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

function line(level: string, message: string, fields?: Record<string, unknown>): string {
  const extra = fields
    ? Object.entries(fields)
        .map(([k, v]) => ` ${k}=${typeof v === "string" ? JSON.stringify(v) : String(v)}`)
        .join("")
    : "";
  return `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${extra}\n`;
}

/**
 * A logger that writes one readable line per event to standard error, from `level` up.
 * The adapters use it at "warn" when no logger is given.
 */
export function stderrLogger(level: LogLevel = "info"): Logger {
  const min = RANK[level];
  const write =
    (at: Exclude<LogLevel, "silent">) => (message: string, fields?: Record<string, unknown>) => {
      if (RANK[at] >= min) process.stderr.write(line(at, message, fields));
    };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** A logger that drops everything. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
