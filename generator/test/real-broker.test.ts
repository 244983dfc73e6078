/**
 * One run of the generator against a real Kafka broker, with a stand-in greeter (a KafkaJS
 * consumer that answers each request) instead of StateFun. Runs only when KAFKA_TEST_BROKERS
 * names a broker, such as `KAFKA_TEST_BROKERS=127.0.0.1:9092`; the end-to-end suite with the real
 * runtime lives elsewhere.
 */

import { randomBytes } from "node:crypto";
import { createNamePicker, DEFAULTS, runGenerator, seededRandom } from "@statefun-ts/generator";
import { GreetRequest, GreetResponse } from "@statefun-ts/greeter/messages";
import { Kafka, logLevel, Partitioners } from "kafkajs";
import { describe, expect, it } from "vitest";

const brokers = process.env["KAFKA_TEST_BROKERS"]?.split(",").map((broker) => broker.trim());

describe("the generator against a real broker", () => {
  it.skipIf(brokers === undefined)(
    "sends keyed GreetRequests, prints each greeting and ends when all arrived",
    async () => {
      const suffix = randomBytes(4).toString("hex");
      const config = {
        ...DEFAULTS,
        brokers: brokers!,
        namesTopic: `names-${suffix}`,
        greetingsTopic: `greetings-${suffix}`,
        ratePerSecond: 20,
        names: ["Alice", "Bob", "Carol"],
        maxMessages: 6,
      };
      const kafka = new Kafka({ brokers: brokers!, logLevel: logLevel.NOTHING });

      // The stand-in greeter: answers "Hello <name> #<n>" to the n-th request for a name, and
      // remembers the keys it saw.
      const keys: string[] = [];
      const counts = new Map<string, number>();
      const greeter = kafka.consumer({ groupId: `greeter-${suffix}` });
      const replies = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await replies.connect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        topics: [{ topic: config.namesTopic }, { topic: config.greetingsTopic }],
        waitForLeaders: true,
      });
      await admin.disconnect();
      await greeter.connect();
      await greeter.subscribe({ topics: [config.namesTopic], fromBeginning: true });
      await greeter.run({
        eachMessage: async ({ message }) => {
          keys.push(message.key?.toString() ?? "<no key>");
          const { name } = GreetRequest.decode(message.value!);
          const count = (counts.get(name) ?? 0) + 1;
          counts.set(name, count);
          const greeting = GreetResponse.encode({ name, greeting: `Hello ${name} #${count}` });
          await replies.send({
            topic: config.greetingsTopic,
            messages: [{ key: name, value: Buffer.from(greeting.finish()) }],
          });
        },
      });

      try {
        const lines: string[] = [];
        const summary = await runGenerator(config, {
          seed: 11,
          logger: (line) => lines.push(line),
        });

        const pick = createNamePicker(config.names, seededRandom(11));
        const expected = Array.from({ length: 6 }, () => pick());
        expect(keys).toEqual(expected);
        expect(summary).toEqual({
          sent: 6,
          received: 6,
          inFlight: 0,
          undecodable: 0,
          sendRetries: 0,
        });
        const seen = new Map<string, number>();
        const greetings = expected.map((name) => {
          const count = (seen.get(name) ?? 0) + 1;
          seen.set(name, count);
          return `greeting  ${name.padEnd(5)}  Hello ${name} #${count}`;
        });
        // One partition per topic on a default test broker keeps the greetings in request order;
        // compare as sets so a multi-partition broker passes too.
        expect(lines.filter((line) => line.startsWith("greeting")).sort()).toEqual(
          greetings.sort(),
        );
        expect(lines).toContain(
          `topics    ${config.namesTopic}, ${config.greetingsTopic} already exist`,
        );
        expect(lines.at(-1)).toBe(
          "final     sent 6  received 6  in flight 0  undecodable 0  send retries 0",
        );
      } finally {
        await greeter.disconnect();
        await replies.disconnect();
        const cleanup = kafka.admin();
        await cleanup.connect();
        await cleanup.deleteTopics({ topics: [config.namesTopic, config.greetingsTopic] });
        await cleanup.disconnect();
      }
    },
    60_000,
  );
});
