/** The KafkaJS clients of the suite: they ride through a broker that is killed and restarted. */

import { Kafka, logLevel, type RetryOptions } from "kafkajs";

/** A budget that outlasts a broker restart (10-20 s of recovery after a kill -9). */
export const RIDE_THROUGH_RETRY: RetryOptions = { retries: 1000, maxRetryTime: 30_000 };

/** A quiet client for `bootstrapServers` with {@link RIDE_THROUGH_RETRY}. */
export function suiteKafka(bootstrapServers: string, clientId: string): Kafka {
  return new Kafka({
    brokers: [bootstrapServers],
    clientId,
    logLevel: logLevel.NOTHING,
    retry: RIDE_THROUGH_RETRY,
  });
}
