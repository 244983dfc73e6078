/** The counts a run keeps and reports. */

/** What a run did, as printed in the summary lines and returned by `runGenerator`. */
export interface Summary {
  /** Requests Kafka acknowledged. */
  sent: number;
  /** Greetings read and decoded from the greetings topic. */
  received: number;
  /** `sent - received`, never negative: greetings still expected. */
  inFlight: number;
  /** Records on the greetings topic that were not a `GreetResponse` and were skipped. */
  undecodable: number;
  /** Failed send attempts that were retried. */
  sendRetries: number;
}

/** The live counters behind a {@link Summary}. */
export class Tally {
  sent = 0;
  received = 0;
  undecodable = 0;
  sendRetries = 0;

  /** Greetings still expected; greetings for other producers' requests can make `received` larger. */
  get inFlight(): number {
    return Math.max(0, this.sent - this.received);
  }

  /** A copy of the counts as they are now. */
  snapshot(): Summary {
    return {
      sent: this.sent,
      received: this.received,
      inFlight: this.inFlight,
      undecodable: this.undecodable,
      sendRetries: this.sendRetries,
    };
  }
}
