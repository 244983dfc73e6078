import {
  kafkaEgressMessage,
  type Logger,
  messageBuilder,
  type StatefulFunctions,
  silentLogger,
  Types,
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

/** The message the greeter sends itself to forget a user: the token of the timer that sent it. */
export interface ForgetUser {
  readonly token: string;
}

/** `example/ForgetUser`, as JSON. */
export const ForgetUserType = Types.json<ForgetUser>("example/ForgetUser", (value) => {
  if (
    typeof value !== "object" ||
    value === null ||
    !("token" in value) ||
    typeof value.token !== "string"
  ) {
    throw new TypeError('expected {"token": "<string>"}');
  }
  return { token: value.token };
});

/**
 * The exercise, solved with a timer: the greeter of `greeter.ts`, which on every visit
 * cancels its pending "forget" message and sends itself a new one, `forgetAfterMs` later,
 * with a new cancellation token. When one arrives, the user was not seen for that long,
 * and the function deletes the user's state.
 *
 * The token of the pending timer is kept in the state `forget_token`. Each token is new
 * (the runtime fails the job when a token is reused while its message is pending) and
 * deterministic: the user's id and visit number, e.g. `forget/Alice/3`. A forget message
 * whose token is not the current one (a visit and the timer at the same moment) is ignored.
 */
export function bindGreeterWithTimer(
  functions: StatefulFunctions,
  logger: Logger = silentLogger,
  options: ForgetOptions = {},
): StatefulFunctions {
  const afterMs = forgetAfterMs(options);
  return functions.bind({
    typename: GREETER_TYPENAME,
    specs: [valueSpec("seen_count", SeenCountType), valueSpec("forget_token", Types.string)],
    fn(context, message) {
      if (message.is(ForgetUserType)) {
        const { token } = message.as(ForgetUserType);
        if (token === context.storage.forget_token) {
          delete context.storage.seen_count;
          delete context.storage.forget_token;
        } else {
          logger.debug("ignored a stale forget message", { key: context.self.id, token });
        }
        return;
      }
      const request = readGreetRequest(message, logger);
      if (request === undefined) return;
      const seen = (context.storage.seen_count?.seen ?? 0) + 1;
      context.storage.seen_count = { seen };

      const previous = context.storage.forget_token;
      if (previous !== undefined) context.cancelDelayedMessage(previous);
      // Unique while pending: the visit number grows until the user is forgotten, and by
      // then the only pending timer (the one that forgot) has been delivered.
      const token = `forget/${context.self.id}/${seen}`;
      context.storage.forget_token = token;
      context.sendAfter(
        afterMs,
        messageBuilder({
          typename: GREETER_TYPENAME,
          id: context.self.id,
          value: { token },
          valueType: ForgetUserType,
        }),
        token,
      );

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
