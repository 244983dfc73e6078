import {
  kafkaEgressMessage,
  type Logger,
  type StatefulFunctions,
  silentLogger,
  valueSpec,
} from "@statefun-ts/sdk";
import {
  computeGreeting,
  GREETER_TYPENAME,
  GREETINGS_TOPIC,
  GREETS_EGRESS,
  GreetResponseType,
  readGreetRequest,
  SeenCountType,
} from "./greeting.js";

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
