/**
 * The errors of the local runtime. Each one says what went wrong and what to do next; none of
 * them is retried by this package: the caller fixes the cause and starts again.
 */

/** Base class of every error thrown by `@statefun-ts/runtime-local`. */
export class RuntimeLocalError extends Error {
  override name = "RuntimeLocalError";
}

/**
 * No usable Java: the `java` executable is missing or older than 17. Thrown before any process
 * starts. Install a JDK (the message says how) or pass `javaPath`.
 */
export class JavaNotFoundError extends RuntimeLocalError {
  override name = "JavaNotFoundError";
  constructor(
    message: string,
    /** The executable that was tried. */
    readonly javaPath: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Maven is needed to resolve the runtime jars and the `mvn` executable is missing. Thrown only
 * when the jars folder is incomplete (a complete one never runs Maven). Install Maven or pass
 * `mavenPath`.
 */
export class MavenNotFoundError extends RuntimeLocalError {
  override name = "MavenNotFoundError";
  constructor(
    message: string,
    /** The executable that was tried. */
    readonly mavenPath: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Maven ran but did not produce the jars (no network, a broken `~/.m2`, an edited pom). The
 * message ends with the last lines of Maven's output. Fix the cause and run again.
 */
export class JarResolutionError extends RuntimeLocalError {
  override name = "JarResolutionError";
}

/**
 * A port the caller asked for is already taken by another process. Choose another port, or
 * leave it out to get a free one.
 */
export class PortInUseError extends RuntimeLocalError {
  override name = "PortInUseError";
  constructor(
    /** The port that is taken. */
    readonly port: number,
    /** What the port was meant for, such as "Kafka broker". */
    readonly purpose: string,
  ) {
    super(
      `port ${port} (${purpose}) is already in use on 127.0.0.1: stop what listens there ` +
        `(e.g. \`ss -ltnp 'sport = :${port}'\`) or choose another port`,
    );
  }
}

/**
 * A process exited while it was starting. The message holds its exit code or signal, its log
 * file and the last lines of that log, which usually name the cause.
 */
export class ProcessExitedError extends RuntimeLocalError {
  override name = "ProcessExitedError";
  constructor(
    message: string,
    /** The log file of the process that exited. */
    readonly logFile: string,
    /** The exit code, or `null` when a signal ended it. */
    readonly exitCode: number | null,
    /** The signal that ended it, or `null`. */
    readonly signal: NodeJS.Signals | null,
  ) {
    super(message);
  }
}

/**
 * A process kept running but did not become ready within the bound (the broker did not answer
 * a metadata request, the Flink REST API did not answer, the StateFun job did not reach
 * RUNNING). A failed start stops its process; after `waitUntilRunning()` the runtime is left to
 * the caller, who normally stops it. The message names the log file to read.
 */
export class ReadyTimeoutError extends RuntimeLocalError {
  override name = "ReadyTimeoutError";
  constructor(
    message: string,
    /** The log file of the process that was not ready. */
    readonly logFile: string,
  ) {
    super(message);
  }
}
