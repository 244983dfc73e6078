/** The Kafka record the generator sends for one name. */

import { GreetRequest } from "@statefun-ts/greeter/messages";

/** A record for the names topic: the key routes it to the function instance for that name. */
export interface GreetRequestRecord {
  /** The name: the StateFun Kafka ingress turns the key into the function id and rejects keyless records. */
  key: string;
  /** `GreetRequest { name }`, protobuf-encoded. */
  value: Buffer;
}

/**
 * Builds the record that asks the greeter to greet `name`.
 *
 * @example
 * ```ts
 * greetRequestRecord("Alice"); // { key: "Alice", value: <bytes of GreetRequest { name: "Alice" }> }
 * ```
 */
export function greetRequestRecord(name: string): GreetRequestRecord {
  const bytes = GreetRequest.encode({ name }).finish();
  // KafkaJS takes Buffers; this wraps the encoded bytes without copying them.
  return { key: name, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
