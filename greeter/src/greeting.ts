import { InvalidMessageError, type Logger, type Message, Types } from "@statefun-ts/sdk";
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
