/**
 * `@statefun-ts/sdk`: typed Apache Flink Stateful Functions 3.3 in TypeScript.
 *
 * @packageDocumentation
 */
export { Address } from "./address.js";
export type { Context } from "./context.js";
export type { EgressMessage, EgressValue, KafkaEgressSpec, KinesisEgressSpec } from "./egress.js";
export { kafkaEgressMessage, kinesisEgressMessage } from "./egress.js";
export {
  FunctionError,
  HandlerSetupError,
  InvalidMessageError,
  MalformedRequestError,
  RequestTooLargeError,
  StatefunError,
  TypeMismatchError,
  UnknownFunctionError,
} from "./errors.js";
export type { ExpressLikeRequest } from "./express.js";
export { createExpressHandler } from "./express.js";
export type { HttpHandlerOptions } from "./http-exchange.js";
export { DEFAULT_MAX_BODY_BYTES } from "./http-exchange.js";
export type { Logger, LogLevel } from "./logger.js";
export { silentLogger, stderrLogger } from "./logger.js";
export type { MessageSpec } from "./message.js";
export { Message, messageBuilder } from "./message.js";
export { createNodeHandler } from "./node.js";
export type { BoundFunction, FunctionSpec, StatefulFunction } from "./stateful-functions.js";
export { StatefulFunctions } from "./stateful-functions.js";
export type { Storage } from "./storage.js";
export type { ProtobufMessageFns, Type } from "./type.js";
export { Types } from "./type.js";
export type { TypenameParts } from "./typename.js";
export { parseTypename } from "./typename.js";
export type { Expiration, ValueSpec, ValueSpecOptions } from "./value-spec.js";
export { valueSpec } from "./value-spec.js";
