import type { AddressProto, TypedValue } from "@statefun-ts/sdk/protocol";
import { JobFailureError } from "./errors.js";

/** A delayed message waiting for the virtual clock. */
export interface PendingDelayedMessage {
  /** The virtual time it is delivered at, in milliseconds. */
  readonly dueMs: number;
  /** The function that sent it, `namespace/name:id`. */
  readonly from: string;
  /** The address it goes to, `namespace/name:id`. */
  readonly to: string;
  /** Its cancellation token, if it was sent with one. */
  readonly cancellationToken: string | undefined;
  /** The typename of the message's value. */
  readonly typename: string;
}

/** A delayed message as the scheduler keeps it. */
export interface DelayedMessage extends PendingDelayedMessage {
  readonly sequence: number;
  readonly caller: AddressProto;
  readonly target: AddressProto;
  readonly argument: TypedValue;
}

/**
 * The delayed messages, delivered in time order (then in the order they were sent).
 * Cancellation tokens are scoped to the sending instance, as the runtime keys its index by
 * the sender: a token names at most one pending message, so sending another message with a
 * token that is still pending fails (as it fails the job), and cancelling a token that is
 * unknown, cancelled or already delivered does nothing.
 */
export class DelayedMessages {
  #pending: DelayedMessage[] = [];
  #sequence = 0;

  /** Schedules a message; `from` is the sender's address key. */
  schedule(message: Omit<DelayedMessage, "sequence">): void {
    const token = message.cancellationToken;
    if (token !== undefined) {
      const clash = this.#pending.find(
        (m) => m.from === message.from && m.cancellationToken === token,
      );
      if (clash !== undefined) {
        throw new JobFailureError(
          `${message.from} sent a delayed message with cancellation token "${token}", but its message with that token (due at ${clash.dueMs}ms) is still pending; the runtime fails the job. Use a new token for every delayed message.`,
        );
      }
    }
    this.#pending.push({ ...message, sequence: this.#sequence++ });
  }

  /** Removes the sender's pending message with this token; returns whether there was one. */
  cancel(from: string, token: string): boolean {
    const index = this.#pending.findIndex((m) => m.from === from && m.cancellationToken === token);
    if (index < 0) return false;
    this.#pending.splice(index, 1);
    return true;
  }

  /**
   * Takes every message of the earliest due time at or before `untilMs`, in the order they
   * were sent: the runtime delivers the messages of one timer together.
   */
  takeDue(untilMs: number): DelayedMessage[] {
    let dueMs = Number.POSITIVE_INFINITY;
    for (const message of this.#pending) {
      if (message.dueMs <= untilMs && message.dueMs < dueMs) dueMs = message.dueMs;
    }
    if (dueMs === Number.POSITIVE_INFINITY) return [];
    const due = this.#pending.filter((m) => m.dueMs === dueMs);
    this.#pending = this.#pending.filter((m) => m.dueMs !== dueMs);
    return due.sort((a, b) => a.sequence - b.sequence);
  }

  /** The pending messages, earliest first. */
  list(): PendingDelayedMessage[] {
    return [...this.#pending]
      .sort((a, b) => a.dueMs - b.dueMs || a.sequence - b.sequence)
      .map(({ dueMs, from, to, cancellationToken, typename }) => ({
        dueMs,
        from,
        to,
        cancellationToken,
        typename,
      }));
  }
}
