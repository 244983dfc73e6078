/** What was asked for: the requests on the `names` topic, counted per user. */

import { randomBytes } from "node:crypto";
import { GreetRequest } from "@statefun-ts/greeter/messages";
import { suiteKafka } from "./kafka-clients.js";
import { waitUntil } from "./wait-until.js";

/**
 * Reads the whole `names` topic (up to its end when called) and counts the `GreetRequest`s per
 * record key. Throws for a record that is not a GreetRequest: in the scenarios that use this,
 * every request comes from the generator.
 */
export async function countRequests(
  bootstrapServers: string,
  topic = "names",
  timeoutMs = 60_000,
): Promise<Map<string, number>> {
  const kafka = suiteKafka(bootstrapServers, "e2e-names-reader");
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends = new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]));
  } finally {
    await admin.disconnect();
  }
  const total = [...ends.values()].reduce((sum, end) => sum + end, 0n);
  const counts = new Map<string, number>();
  if (total === 0n) return counts;

  const consumer = kafka.consumer({ groupId: `e2e-names-${randomBytes(4).toString("hex")}` });
  const seen = new Set<string>();
  const problems: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const end = ends.get(partition) ?? 0n;
        const position = `${partition}:${message.offset}`;
        if (BigInt(message.offset) >= end || seen.has(position)) return;
        seen.add(position);
        const key = message.key?.toString("utf8") ?? "";
        try {
          const request = GreetRequest.decode(message.value ?? new Uint8Array());
          if (request.name !== key) problems.push(`${position}: key ${key}, name ${request.name}`);
        } catch (error) {
          problems.push(`${position}: not a GreetRequest (${(error as Error).message})`);
        }
        counts.set(key, (counts.get(key) ?? 0) + 1);
      },
    });
    await waitUntil(() => BigInt(seen.size) >= total, {
      timeoutMs,
      what: `the ${total} records of ${topic}`,
      describe: () => `read ${seen.size}`,
    });
  } finally {
    await consumer.disconnect();
  }
  if (problems.length > 0) {
    throw new Error(`unexpected records on ${topic}:\n${problems.slice(0, 10).join("\n")}`);
  }
  return counts;
}
