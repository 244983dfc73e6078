/** Creating the walkthrough's topics when they are missing. */

import type { Admin } from "kafkajs";
import { formatTopics } from "./format.js";

/**
 * Creates those of `topics` that do not exist yet, with the broker's default partitions and
 * replication, and waits for their leaders. Running it again changes nothing: a topic that already
 * exists is left as it is (the brokers of the walkthrough do not create topics on first use).
 *
 * @returns the topics that were created.
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[],
  logger: (line: string) => void,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    // Resolves false instead of failing when another client created them in the meantime.
    await admin.createTopics({
      topics: missing.map((topic) => ({ topic })),
      waitForLeaders: true,
    });
  }
  logger(
    formatTopics(
      missing,
      topics.filter((topic) => existing.has(topic)),
    ),
  );
  return missing;
}
