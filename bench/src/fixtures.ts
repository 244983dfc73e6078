import { computeGreeting } from "@statefun-ts/greeter";
import { GreetRequest, GreetResponse, SeenCount } from "@statefun-ts/greeter/messages";
import {
  FromFunction,
  KafkaProducerRecord,
  FromFunction_PersistedValueMutation_MutationType as MutationType,
  ToFunction,
} from "@statefun-ts/sdk/protocol";

/** The one address every benchmark request targets. */
export const TARGET = { namespace: "example", type: "greeter", id: "Alice" } as const;
/** The `seen_count` every request carries: the user was seen twice before. */
export const INITIAL_SEEN = 2;

const GREET_REQUEST = `type.googleapis.com/${GreetRequest.$type}`;
const SEEN_COUNT = `type.googleapis.com/${SeenCount.$type}`;
const GREET_RESPONSE = `type.googleapis.com/${GreetResponse.$type}`;
const KAFKA_RECORD = "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord";

/** The batch sizes the benchmark knows; the runtime sends up to 1000 per address. */
export const BATCH_SIZES = [1, 10, 100] as const;

/**
 * The `ToFunction` the runtime would send: one address, `seen_count` present, and a batch of
 * `batch` GreetRequests from the user the address belongs to.
 */
export function requestBytes(batch: number): Uint8Array {
  const argument = {
    typename: GREET_REQUEST,
    hasValue: true,
    value: GreetRequest.encode({ name: TARGET.id }).finish(),
  };
  return ToFunction.encode({
    invocation: {
      target: { ...TARGET },
      state: [
        {
          stateName: "seen_count",
          stateValue: {
            typename: SEEN_COUNT,
            hasValue: true,
            value: SeenCount.encode({ seen: INITIAL_SEEN }).finish(),
          },
        },
      ],
      invocations: Array.from({ length: batch }, () => ({ caller: undefined, argument })),
    },
  }).finish();
}

/** What a correct function answers to {@link requestBytes}: the final count and each greeting. */
export interface Expected {
  readonly seen: number;
  readonly greetings: readonly string[];
}

/** The expected outcome of a batch of `batch` requests. */
export function expected(batch: number): Expected {
  const greetings = Array.from(
    { length: batch },
    (_, i) => computeGreeting(TARGET.id, INITIAL_SEEN + i + 1).greeting,
  );
  return { seen: INITIAL_SEEN + batch, greetings };
}

/** The reply message a correct function builds, as ts-proto objects (for the codec benchmark). */
export function replyMessage(batch: number): FromFunction {
  const { seen, greetings } = expected(batch);
  return {
    invocationResult: {
      stateMutations: [
        {
          mutationType: MutationType.MODIFY,
          stateName: "seen_count",
          stateValue: {
            typename: SEEN_COUNT,
            hasValue: true,
            value: SeenCount.encode({ seen }).finish(),
          },
        },
      ],
      outgoingMessages: [],
      delayedInvocations: [],
      outgoingEgresses: greetings.map((greeting) => ({
        egressNamespace: "example",
        egressType: "greets",
        argument: {
          typename: KAFKA_RECORD,
          hasValue: true,
          value: KafkaProducerRecord.encode({
            key: TARGET.id,
            topic: "greetings",
            valueBytes: GreetResponse.encode({ name: TARGET.id, greeting }).finish(),
          }).finish(),
        },
      })),
    },
  };
}

/** The bytes of {@link replyMessage}: what the ceiling server answers, without computing it. */
export function replyBytes(batch: number): Uint8Array {
  return FromFunction.encode(replyMessage(batch)).finish();
}

/**
 * Checks a `FromFunction` against the expected outcome of a batch of `batch`: one MODIFY
 * of `seen_count` to the final count, no messages, and one Kafka record per request with
 * the exact greeting. Returns what is wrong, or undefined when the reply is right.
 */
export function checkReply(bytes: Uint8Array, batch: number): string | undefined {
  let reply: FromFunction;
  try {
    reply = FromFunction.decode(bytes);
  } catch (error) {
    return `the reply is not a FromFunction: ${error instanceof Error ? error.message : String(error)}`;
  }
  const result = reply.invocationResult;
  if (result === undefined) return "the reply carries no invocation result";
  const want = expected(batch);

  const [mutation, ...extra] = result.stateMutations;
  if (mutation === undefined || extra.length > 0) {
    return `expected 1 state mutation, got ${result.stateMutations.length}`;
  }
  if (mutation.mutationType !== MutationType.MODIFY || mutation.stateName !== "seen_count") {
    return `expected a MODIFY of seen_count, got ${mutation.mutationType} of ${mutation.stateName}`;
  }
  if (mutation.stateValue?.typename !== SEEN_COUNT || !mutation.stateValue.hasValue) {
    return `seen_count is written as ${mutation.stateValue?.typename}, expected ${SEEN_COUNT}`;
  }
  const seen = SeenCount.decode(mutation.stateValue.value).seen;
  if (seen !== want.seen) return `seen_count is ${seen}, expected ${want.seen}`;

  if (result.outgoingMessages.length > 0 || result.delayedInvocations.length > 0) {
    return "the reply sends messages; the greeter sends none";
  }
  if (result.outgoingEgresses.length !== batch) {
    return `expected ${batch} egress records, got ${result.outgoingEgresses.length}`;
  }
  for (let i = 0; i < batch; i++) {
    const egress = result.outgoingEgresses[i]!;
    if (egress.egressNamespace !== "example" || egress.egressType !== "greets") {
      return `record ${i + 1} goes to ${egress.egressNamespace}/${egress.egressType}, expected example/greets`;
    }
    if (egress.argument?.typename !== KAFKA_RECORD) {
      return `record ${i + 1} has typename ${egress.argument?.typename}, expected ${KAFKA_RECORD}`;
    }
    const record = KafkaProducerRecord.decode(egress.argument.value);
    if (record.topic !== "greetings" || record.key !== TARGET.id) {
      return `record ${i + 1} is for topic ${record.topic} key ${record.key}, expected greetings/${TARGET.id}`;
    }
    const response = GreetResponse.decode(record.valueBytes);
    const greeting = want.greetings[i]!;
    if (response.name !== TARGET.id || response.greeting !== greeting) {
      return `record ${i + 1} greets ${JSON.stringify(response)}, expected "${greeting}"`;
    }
  }
  return undefined;
}

/** The typename of the greeter's responses, for servers that name it themselves. */
export { GREET_REQUEST, GREET_RESPONSE, SEEN_COUNT };
