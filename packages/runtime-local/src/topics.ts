import { Kafka, logLevel } from "kafkajs";

/** Options of {@link createTopics}. */
export interface CreateTopicsOptions {
  /** Partitions of each new topic; default 1. */
  readonly partitions?: number;
}

/**
 * Creates the topics that do not exist yet (one replica each, as the local broker has one node)
 * and waits until each has a leader; topics that exist are left as they are, so calling it
 * twice is harmless. Retries while the broker is still recovering.
 *
 * @example
 * await createTopics(kafka.bootstrapServers, ["names", "greetings"]);
 */
export async function createTopics(
  bootstrapServers: string,
  topics: readonly string[],
  options: CreateTopicsOptions = {},
): Promise<void> {
  const admin = new Kafka({
    brokers: [bootstrapServers],
    clientId: "statefun-local-topics",
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, maxRetryTime: 5000 },
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        topics: missing.map((topic) => ({
          topic,
          numPartitions: options.partitions ?? 1,
          replicationFactor: 1,
        })),
        waitForLeaders: true,
      });
    } catch (error) {
      // Someone else created one of them in the meantime: fine, as long as all exist now.
      const now = new Set(await admin.listTopics());
      if (!missing.every((topic) => now.has(topic))) throw error;
    }
  } finally {
    await admin.disconnect();
  }
}
