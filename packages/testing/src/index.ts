/**
 * `@statefun-ts/testing`: an in-memory StateFun 3.3 runtime with a virtual clock, for tests.
 * It drives functions through the real protocol bytes, in process or over HTTP.
 *
 * @packageDocumentation
 */
export type { PendingDelayedMessage } from "./delayed-messages.js";
export type {
  EgressRecord,
  KafkaEgressRecord,
  KafkaRecord,
  KinesisEgressRecord,
} from "./egress-record.js";
export { decodeValue } from "./egress-record.js";
export type { EndpointSpec, RequestHandler } from "./endpoint.js";
export { DEFAULT_HTTP_TIMEOUT_MS } from "./endpoint.js";
export { FunctionCallError, JobFailureError, RoundLimitError, TestRuntimeError } from "./errors.js";
export type { TestRuntimeOptions } from "./test-runtime.js";
export { DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_ROUNDS, TestRuntime } from "./test-runtime.js";
