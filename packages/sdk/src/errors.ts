/**
 * The failures of an invocation, each with the HTTP status the adapters answer with.
 * The runtime retries any non-2xx answer until its call timeout, then restarts the job,
 * so the message of each error is written for the person reading the runtime's log.
 */
export abstract class StatefunError extends Error {
  /** The HTTP status an adapter answers with. */
  abstract readonly status: number;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The request body is not a `ToFunction` message (empty, truncated, or not protobuf).
 * Answered 400.
 */
export class MalformedRequestError extends StatefunError {
  override readonly status = 400;
}

/** No function is bound for the request's target typename. Answered 404. */
export class UnknownFunctionError extends StatefunError {
  override readonly status = 404;
  readonly typename: string;

  constructor(typename: string, bound: readonly string[]) {
    super(
      `no function is bound for ${typename}; this endpoint serves ${bound.length > 0 ? bound.join(", ") : "no functions"}`,
    );
    this.typename = typename;
  }
}

/** The request body is larger than the limit (32 MiB by default, the runtime's own). Answered 413. */
export class RequestTooLargeError extends StatefunError {
  override readonly status = 413;
}

/**
 * A function threw (or rejected) while handling a message, including a message of the
 * wrong type. Answered 500 with the function's message; the runtime retries the batch.
 */
export class FunctionError extends StatefunError {
  override readonly status = 500;
}

/**
 * The server is set up so that no request can be served, such as a body parser that consumed
 * the body before the express handler. Answered 500 (the runtime retries, and its log shows
 * this message until the set-up is fixed); no function ran.
 */
export class HandlerSetupError extends StatefunError {
  override readonly status = 500;
}

/**
 * Thrown by `message.as(type)` when the message cannot be turned into the requested type
 * (a state that does not decode fails with a `TypeError` naming the state). Surfaces as a
 * {@link FunctionError} (500) unless the function catches it.
 */
export class InvalidMessageError extends Error {
  /** The typename the value carried. */
  readonly typename: string;

  constructor(message: string, typename: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.typename = typename;
  }
}

/** The value's typename is not the one asked for. A kind of {@link InvalidMessageError}. */
export class TypeMismatchError extends InvalidMessageError {}
