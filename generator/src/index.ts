/**
 * `@statefun-ts/generator`: the walkthrough's event generator. It sends `GreetRequest`s, keyed by
 * name, to Kafka and prints the greetings that come back. Run it with `node dist/main.js`, or
 * in-process with {@link runGenerator}.
 */

export type { GeneratorConfig } from "./config.js";
export { ConfigError, DEFAULTS, loadConfig, loadSeed } from "./config.js";
export type { RecordPosition } from "./format.js";
export {
  formatConfig,
  formatGreeting,
  formatLine,
  formatSeconds,
  formatSummary,
  formatUndecodable,
  formatWaiting,
} from "./format.js";
export type { GreetRequestRecord } from "./greet-request-record.js";
export { greetRequestRecord } from "./greet-request-record.js";
export type { DecodedGreeting, GreetingRecord, GreetingSink } from "./greeting-record.js";
export { decodeGreeting, handleGreetingRecord } from "./greeting-record.js";
export { createNamePicker } from "./name-picker.js";
export { seededRandom } from "./random.js";
export type { GeneratorOptions } from "./run-generator.js";
export { DEFAULT_DRAIN_TIMEOUT_MS, runGenerator } from "./run-generator.js";
export type { Summary } from "./summary.js";
export { Tally } from "./summary.js";
