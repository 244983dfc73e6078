/**
 * Where the local runtime reports progress ("resolving runtime jars", "Kafka ready on ...").
 * Library code never prints: pass `consoleLogger` to print, or your own logger.
 */
export interface Logger {
  /** A progress line for a person watching. */
  info(message: string): void;
  /** Something that works but deserves attention (a slow start, a forced kill). */
  warn(message: string): void;
}

/** A logger that drops everything: the default of every function here. */
export const silentLogger: Logger = {
  info() {},
  warn() {},
};

/** A logger that prints progress to stderr, prefixed so that it stands out from other output. */
export const consoleLogger: Logger = {
  info(message) {
    process.stderr.write(`[statefun-local] ${message}\n`);
  },
  warn(message) {
    process.stderr.write(`[statefun-local] warning: ${message}\n`);
  },
};
