import type { Address } from "./address.js";
import {
  checkRecordTypename,
  type EgressMessage,
  egressTarget,
  InlineEgressMessage,
} from "./egress.js";
import type {
  FromFunction_DelayedInvocation as DelayedInvocation,
  FromFunction_Invocation as OutgoingInvocation,
} from "./generated/io/statefun/sdk/reqreply/request-reply.js";
import type { Message } from "./message.js";
import type { Storage } from "./storage.js";
import type { ValueSpec } from "./value-spec.js";

/** What a function sees of the runtime while it handles one message. */
export interface Context<Specs extends readonly ValueSpec[] = readonly ValueSpec[]> {
  /** The address of the instance being invoked. */
  readonly self: Address;
  /** The function that sent the message, or undefined for a message from an ingress. */
  readonly caller: Address | undefined;
  /** The instance's state, typed by the function's value specs. */
  readonly storage: Storage<Specs>;
  /** Sends a message to a function. */
  send(message: Message): void;
  /**
   * Sends a message after `delayMs` milliseconds. With a cancellation token, the message
   * can be cancelled until it is delivered ({@link Context.cancelDelayedMessage}).
   * Throws for a negative or non-finite delay, or one past `Number.MAX_SAFE_INTEGER` ms.
   */
  sendAfter(delayMs: number, message: Message, cancellationToken?: string): void;
  /** Cancels a delayed message sent with this token; unknown or delivered tokens are ignored. */
  cancelDelayedMessage(cancellationToken: string): void;
  /**
   * Sends a record to an egress (Kafka or Kinesis). Throws a `TypeError` for a hand-built
   * message whose `recordTypename` is neither the Kafka nor the Kinesis record.
   */
  sendEgress(message: EgressMessage): void;
}

function toProtoAddress(address: Address) {
  return { namespace: address.namespace, type: address.name, id: address.id };
}

function toTypedValue(message: Message) {
  return { typename: message.typename, hasValue: true, value: message.rawValue };
}

function checkToken(token: string): string {
  if (typeof token !== "string" || token.length === 0) {
    throw new TypeError("a cancellation token must be a non-empty string");
  }
  return token;
}

/** The context of one batch: collects what the function sends, in order. */
export class BatchContext<Specs extends readonly ValueSpec[]> implements Context<Specs> {
  readonly self: Address;
  caller: Address | undefined = undefined;
  readonly storage: Storage<Specs>;
  readonly outgoing: OutgoingInvocation[] = [];
  readonly delayed: DelayedInvocation[] = [];
  /** Egress messages as sent; their egress ids are valid (checked in {@link sendEgress}). */
  readonly egress: EgressMessage[] = [];

  constructor(self: Address, storage: Storage<Specs>) {
    this.self = self;
    this.storage = storage;
  }

  send(message: Message): void {
    this.outgoing.push({
      target: toProtoAddress(message.targetAddress),
      argument: toTypedValue(message),
    });
  }

  sendAfter(delayMs: number, message: Message, cancellationToken?: string): void {
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new TypeError(`sendAfter needs a delay of zero or more milliseconds, got ${delayMs}`);
    }
    const rounded = Math.round(delayMs);
    // delay_in_ms is an int64 written from a number: past 2^53 the value is no longer exact.
    if (!Number.isSafeInteger(rounded)) {
      throw new RangeError(
        `sendAfter needs a delay of at most ${Number.MAX_SAFE_INTEGER} ms (Number.MAX_SAFE_INTEGER), got ${delayMs}`,
      );
    }
    this.delayed.push({
      delayInMs: rounded,
      target: toProtoAddress(message.targetAddress),
      argument: toTypedValue(message),
      isCancellationRequest: false,
      cancellationToken: cancellationToken === undefined ? "" : checkToken(cancellationToken),
    });
  }

  cancelDelayedMessage(cancellationToken: string): void {
    this.delayed.push({
      delayInMs: 0,
      target: undefined,
      argument: undefined,
      isCancellationRequest: true,
      cancellationToken: checkToken(cancellationToken),
    });
  }

  sendEgress(message: EgressMessage): void {
    // The SDK's own messages checked their egress id when built; others are checked here,
    // record type included, so that the function fails rather than the runtime's job.
    if (!(message instanceof InlineEgressMessage)) {
      egressTarget(message.typename);
      checkRecordTypename(message);
    }
    this.egress.push(message);
  }
}
