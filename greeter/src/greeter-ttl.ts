import {
  kafkaEgressMessage,
  type Logger,
  type StatefulFunctions,
  silentLogger,
  valueSpec,
} from "@statefun-ts/sdk";
import { type ForgetOptions, forgetAfterMs } from "./forget-after.js";
import {
  computeGreeting,
  GREETER_TYPENAME,
  GREETINGS_TOPIC,
  GREETS_EGRESS,
  GreetResponseType,
  readGreetRequest,
  SeenCountType,
} from "./greeter.js";

/**
 * The exercise, solved with state expiration: the greeter of `greeter.ts`, whose
 * `seen_count` the runtime drops once it was neither read nor written for `forgetAfterMs`
 * (StateFun's AFTER_INVOKE expiration, reset by every visit). The function itself does
 * nothing to forget: an expired count simply arrives absent, and the user is welcomed anew.
 *
 * Mind that the runtime keeps the expiration a state was first registered with: a deployment
 * that already ran the classic greeter keeps never forgetting until its state is reset.
 */
export function bindGreeterWithTtl(
  functions: StatefulFunctions,
  logger: Logger = silentLogger,
  options: ForgetOptions = {},
): StatefulFunctions {
  return functions.bind({
    typename: GREETER_TYPENAME,
    specs: [valueSpec("seen_count", SeenCountType, { expireAfterCall: forgetAfterMs(options) })],
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
