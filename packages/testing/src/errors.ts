/**
 * The failures of a test runtime. Each one ends the call that met it (`send`, `advance`)
 * with a rejected promise, so a test fails with the reason instead of hanging, and leaves
 * the runtime stopped: later calls reject with the same error, as a failed job stays failed.
 */
export class TestRuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A function did not answer: it answered a non-2xx status, a reply that is not a
 * `FromFunction`, or it could not be reached, or (in process) `handle` rejected. The real
 * runtime retries such a call until its call timeout and then restarts the job; here the
 * test fails at once with the function's own words.
 */
export class FunctionCallError extends TestRuntimeError {
  /** The address the failed request went to, `namespace/name:id`. */
  readonly target: string;
  /** The HTTP status (the `status` of the SDK's error in process); undefined when there was no answer. */
  readonly status: number | undefined;
  /** The body of the failed answer as text (the error's message in process). */
  readonly body: string;

  constructor(
    message: string,
    details: { target: string; status: number | undefined; body: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.target = details.target;
    this.status = details.status;
    this.body = details.body;
  }
}

/**
 * A function broke a rule the real runtime enforces by failing the job: a state written
 * with another type than the one registered, a reused cancellation token, a message to a
 * function no endpoint serves, an egress record that is neither Kafka nor Kinesis.
 */
export class JobFailureError extends TestRuntimeError {}

/**
 * A call made more requests than `maxRounds` without coming to rest: most likely functions
 * that keep messaging each other (or themselves) forever.
 */
export class RoundLimitError extends TestRuntimeError {}
