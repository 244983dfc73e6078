/**
 * The walkthrough's greeter, whole: the names and message types it uses, the function
 * `example/greeter`, its greeting and how it reads a request. This is the file a reader
 * edits; the exercise's solutions (`greeter-ttl.ts`, `greeter-timer.ts`) import from it.
 */
import {
  InvalidMessageError,
  kafkaEgressMessage,
  type Logger,
  type Message,
  type StatefulFunctions,
  silentLogger,
  Types,
  valueSpec,
} from "@statefun-ts/sdk";
import { GreetRequest, GreetResponse, SeenCount } from "./messages.js";

/** The function's typename, as module.yaml routes to it. */
export const GREETER_TYPENAME = "example/greeter";
/** The Kafka egress the greetings go to (module.yaml's egress id). */
export const GREETS_EGRESS = "example/greets";
/** The topic the greetings are written to. */
export const GREETINGS_TOPIC = "greetings";

/** `type.googleapis.com/example.GreetRequest`, the ingress's valueType. */
export const GreetRequestType = Types.protobuf(GreetRequest);
/** `type.googleapis.com/example.GreetResponse` */
export const GreetResponseType = Types.protobuf(GreetResponse);
/** `type.googleapis.com/example.SeenCount` */
export const SeenCountType = Types.protobuf(SeenCount);

/**
 * The walkthrough's function, `example/greeter`: it counts how often it has seen each
 * user in the state `seen_count` and answers every GreetRequest with a personalised
 * GreetResponse on the Kafka topic `greetings`.
 */
export function bindGreeter(
  functions: StatefulFunctions,
  logger: Logger = silentLogger,
): StatefulFunctions {
  return functions.bind({
    typename: GREETER_TYPENAME,
    specs: [valueSpec("seen_count", SeenCountType)],
    fn(context, message) {
      const request = readGreetRequest(message, logger);
      if (request === undefined) return;

      const seen = (context.storage.seen_count?.seen ?? 0) + 1;
      context.storage.seen_count = { seen };

      const response = computeGreeting(request.name, seen);
      context.sendEgress(
        kafkaEgressMessage({
          typename: GREETS_EGRESS,
          topic: GREETINGS_TOPIC,
          key: request.name,
          value: response,
          valueType: GreetResponseType,
        }),
      );
    },
  });
}

const TEMPLATES = ["", "Welcome %s", "Nice to see you again %s", "Third time is a charm %s"];

/** The personalised greeting for a user seen `seen` times so far. */
export function computeGreeting(name: string, seen: number): GreetResponse {
  const template = TEMPLATES[seen];
  const greeting =
    template !== undefined && seen > 0
      ? template.replace("%s", name)
      : `Nice to see you at the ${seen}-nth time ${name}!`;
  return { name, greeting };
}

/**
 * The request in `message`, or undefined for a poison record: bytes that are not a
 * `GreetRequest`, or one without a name. Those are reported and skipped, because
 * retrying them can never succeed (the runtime would retry until its call timeout and
 * then restart the job, forever, and that user's later requests would never be answered).
 */
export function readGreetRequest(message: Message, logger: Logger): GreetRequest | undefined {
  const key = message.targetAddress.id;
  let request: GreetRequest;
  try {
    request = message.as(GreetRequestType);
  } catch (error) {
    if (!(error instanceof InvalidMessageError)) throw error;
    logger.warn("skipped a record that is not a GreetRequest", {
      typename: message.typename,
      key,
      why: error.message,
    });
    return undefined;
  }
  if (request.name.length === 0) {
    logger.warn("skipped a GreetRequest without a name", { typename: message.typename, key });
    return undefined;
  }
  return request;
}
