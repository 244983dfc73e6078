import type { EnsureJarsOptions } from "./jars.js";
import { type KafkaHandle, type StartKafkaOptions, startKafka } from "./kafka.js";
import { type StartStateFunOptions, type StateFunHandle, startStateFun } from "./statefun.js";

/**
 * A group of local processes that stop together, newest first (the runtime before the broker it
 * reads from). Options given here (`logger`, `jarsDir`, `javaPath`, `mavenPath`) apply to every
 * start. Every process is also in the package-wide registry: `stopAll()` and the exit/signal
 * hooks reach it even if `stop()` is never called.
 *
 * @example
 * const local = new LocalRuntime({ logger: consoleLogger });
 * try {
 *   const kafka = await local.startKafka();
 *   const statefun = await local.startStateFun({ moduleDir });
 *   await statefun.waitUntilRunning();
 * } finally {
 *   await local.stop();
 * }
 */
export class LocalRuntime {
  readonly #defaults: EnsureJarsOptions;
  readonly #started: { stop(): Promise<void> }[] = [];

  constructor(defaults: EnsureJarsOptions = {}) {
    this.#defaults = defaults;
  }

  /** {@link startKafka} with this group's defaults; stopped by {@link LocalRuntime.stop}. */
  async startKafka(options: StartKafkaOptions = {}): Promise<KafkaHandle> {
    const kafka = await startKafka({ ...this.#defaults, ...options });
    this.#started.push(kafka);
    return kafka;
  }

  /** {@link startStateFun} with this group's defaults; stopped by {@link LocalRuntime.stop}. */
  async startStateFun(options: StartStateFunOptions): Promise<StateFunHandle> {
    const statefun = await startStateFun({ ...this.#defaults, ...options });
    this.#started.push(statefun);
    return statefun;
  }

  /** Stops everything this group started, newest first; safe to call twice. */
  async stop(): Promise<void> {
    const errors: unknown[] = [];
    for (const handle of this.#started.splice(0).reverse()) {
      try {
        await handle.stop();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, "stopping local processes failed");
  }
}
