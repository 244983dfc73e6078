import { createServer } from "node:http";
import {
  createExpressHandler,
  createNodeHandler,
  InvalidMessageError,
  kafkaEgressMessage,
  messageBuilder,
  StatefulFunctions,
  stderrLogger,
  Types,
  valueSpec,
} from "@statefun-ts/sdk";
import express from "express";

/** A JSON state; `Types.protobuf(SomeTsProtoMessage)` works the same way. */
interface Profile {
  name: string;
  visits: number;
}
const ProfileType = Types.json<Profile>("example/Profile");

const logger = stderrLogger("info");
const DAY = 24 * 60 * 60 * 1000;

export const functions = new StatefulFunctions().bind({
  typename: "example/greeter",
  specs: [
    valueSpec("seen", Types.int), // never expires
    valueSpec("profile", ProfileType, { expireAfterCall: DAY }), // forgotten after a day unused
    valueSpec("last_seen_ms", Types.long, { expireAfterWrite: 7 * DAY }), // a week after the last write
  ],
  fn(context, message) {
    // A message that is not a name would fail every retry (a poison message): skip it.
    let name: string;
    try {
      name = message.as(Types.string);
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      logger.warn("skipped a message that is not a name", { typename: error.typename });
      return;
    }

    // context.storage is typed from the specs: seen is number | undefined.
    const seen = (context.storage.seen ?? 0) + 1;
    context.storage.seen = seen;
    context.storage.profile = { name, visits: seen };
    context.storage.last_seen_ms = BigInt(Date.now());
    if (name === "forget me") {
      delete context.storage.profile;
    }

    const from = context.caller === undefined ? "an ingress" : String(context.caller);
    logger.debug(`greeting ${context.self.id} (#${seen}), asked by ${from}`);

    // To Kafka: the egress id from module.yaml, a topic, a key and a typed value.
    context.sendEgress(
      kafkaEgressMessage({
        typename: "example/greets",
        topic: "greetings",
        key: name,
        value: `Hello ${name}, visit #${seen}`,
        valueType: Types.string,
      }),
    );

    // To another function, now.
    context.send(
      messageBuilder({ typename: "example/counter", id: name, value: seen, valueType: Types.int }),
    );

    // To another function, in an hour; a newer greeting replaces the pending reminder.
    const token = `reminder-${name}`;
    if (seen > 1) context.cancelDelayedMessage(token);
    const reminder = messageBuilder({
      typename: "example/reminder",
      id: name,
      value: name,
      valueType: Types.string,
    });
    context.sendAfter(60 * 60 * 1000, reminder, token);
  },
});

// Serve with node:http ...
createServer(createNodeHandler(functions, { logger })).listen(8000);

// ... or mount on an express app (before any JSON or text body parser).
const app = express();
app.post("/statefun", createExpressHandler(functions, { logger }));
app.listen(8001);
