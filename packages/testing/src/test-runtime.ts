import {
  Address,
  type Logger,
  Message,
  type MessageSpec,
  messageBuilder,
  parseTypename,
  type StatefulFunctions,
  stderrLogger,
  type Type,
} from "@statefun-ts/sdk";
import {
  type AddressProto,
  FromFunction,
  type ToFunction_Invocation as Invocation,
  type FromFunction_InvocationResponse as InvocationResponse,
  ToFunction,
} from "@statefun-ts/sdk/protocol";
import { DelayedMessages, type PendingDelayedMessage } from "./delayed-messages.js";
import {
  decodeValue,
  type EgressRecord,
  type KafkaRecord,
  readEgressRecord,
} from "./egress-record.js";
import { createEndpoint, type Endpoint, type EndpointSpec, servesTypename } from "./endpoint.js";
import { FunctionCallError, JobFailureError, RoundLimitError, TestRuntimeError } from "./errors.js";
import {
  describeExpiration,
  type StateExpiration,
  StateStore,
  sameExpiration,
  specExpiration,
} from "./state-store.js";

/** The default of {@link TestRuntimeOptions.maxRounds}. */
export const DEFAULT_MAX_ROUNDS = 1000;
/** The default of {@link TestRuntimeOptions.maxBatchSize}: module.yaml's `maxNumBatchRequests` default. */
export const DEFAULT_MAX_BATCH_SIZE = 1000;

/** What {@link TestRuntime} takes. */
export interface TestRuntimeOptions {
  /** Functions to run in process: every typename bound there is routed to `functions.handle`. */
  readonly functions?: StatefulFunctions;
  /** More endpoints, in process or over HTTP, as module.yaml's endpoint entries route them. */
  readonly endpoints?: readonly EndpointSpec[];
  /** Where the runtime's warnings go (they are also kept in {@link TestRuntime.warnings}). Default: standard error, warnings and up. */
  readonly logger?: Logger;
  /**
   * The most requests one call (`send`, `sendAll`, `advance`) may make before it gives up
   * with a {@link RoundLimitError}: what stops a message loop between functions. Default 1000.
   */
  readonly maxRounds?: number;
  /** The most invocations in one batch request (module.yaml's `maxNumBatchRequests`). Default 1000. */
  readonly maxBatchSize?: number;
  /** The virtual time the clock starts at, in milliseconds. Default 0. */
  readonly startMs?: number;
}

interface Instance {
  readonly address: AddressProto;
  readonly typename: string;
  readonly key: string;
  /** A request is in flight for this address. */
  busy: boolean;
  /** Messages that arrived while it was busy; they go together in the next batch. */
  readonly backlog: Invocation[];
}

interface Request {
  readonly instance: Instance;
  readonly invocations: Invocation[];
}

function addressKey(address: AddressProto): string {
  return `${address.namespace}/${address.type}:${address.id}`;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`${what} must be a positive whole number, got ${value}`);
  }
  return value;
}

function isMessage(value: unknown): value is Message {
  return (
    value instanceof Message ||
    (typeof value === "object" && value !== null && "targetAddress" in value && "rawValue" in value)
  );
}

/**
 * An in-memory StateFun runtime with a virtual clock, for tests. It drives functions
 * through the real protocol bytes (in process or over HTTP) and behaves as the runtime
 * does: state per address, registered through the missing-state handshake and attached to
 * every request; one request in flight per address, with the messages that arrive
 * meanwhile batched; messages between functions delivered; delayed messages and state
 * expiration on the virtual clock; egress records captured.
 *
 * Every call runs to rest before it resolves: `send` delivers its message and everything
 * that follows from it at the current virtual time (including delayed messages already
 * due); `advance` moves the clock, delivering due delayed messages in time order. Requests
 * take no virtual time, and nothing depends on real time, so a script gives the same
 * result on every run.
 *
 * @example
 * const runtime = new TestRuntime({ functions });
 * await runtime.send({ typename: "example/greeter", id: "Alice", value: { name: "Alice" }, valueType: GreetRequestType });
 * await runtime.advance(61_000);
 * runtime.takeKafka("example/greets", GreetResponseType).map((record) => record.value.greeting);
 */
export class TestRuntime {
  readonly #endpoints: Endpoint[] = [];
  readonly #instances = new Map<string, Instance>();
  readonly #queue: Request[] = [];
  readonly #states = new StateStore();
  readonly #delayed = new DelayedMessages();
  #egress: EgressRecord[] = [];
  readonly #warnings: string[] = [];
  readonly #warned = new Set<string>();
  readonly #logger: Logger;
  readonly #maxRounds: number;
  readonly #maxBatchSize: number;
  #now: number;
  #rounds = 0;
  #running = false;
  #failure: Error | undefined;

  constructor(options: TestRuntimeOptions = {}) {
    this.#logger = options.logger ?? stderrLogger("warn");
    this.#maxRounds = positiveInteger(options.maxRounds ?? DEFAULT_MAX_ROUNDS, "maxRounds");
    this.#maxBatchSize = positiveInteger(
      options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
      "maxBatchSize",
    );
    const start = options.startMs ?? 0;
    if (!Number.isSafeInteger(start) || start < 0) {
      throw new TypeError(
        `startMs must be a whole number of milliseconds, 0 or more, got ${start}`,
      );
    }
    this.#now = start;
    const { functions } = options;
    if (functions !== undefined) {
      for (const typename of functions.typenames)
        this.route({ functions: typename, handler: functions });
    }
    for (const endpoint of options.endpoints ?? []) this.route(endpoint);
  }

  /** The virtual time, in milliseconds since the clock's start (0 unless `startMs` said otherwise). */
  get now(): number {
    return this.#now;
  }

  /** The warnings so far: what the real runtime would do silently, such as ignoring a changed expiration. */
  get warnings(): readonly string[] {
    return [...this.#warnings];
  }

  /**
   * Routes functions to an endpoint. A route for the same `functions` pattern replaces the
   * earlier one, as redeploying a function does: state and registrations are kept.
   */
  route(spec: EndpointSpec): this {
    const endpoint = createEndpoint(spec);
    const index = this.#endpoints.findIndex((e) => e.functions === endpoint.functions);
    if (index >= 0) this.#endpoints[index] = endpoint;
    else this.#endpoints.push(endpoint);
    return this;
  }

  /**
   * Sends one message to a function, as an ingress does (without a caller), and runs until
   * everything that follows from it has happened at the current virtual time.
   *
   * @example
   * await runtime.send({ typename: "example/greeter", id: "Alice", value: { name: "Alice" }, valueType: GreetRequestType });
   */
  send<T>(message: MessageSpec<T> | Message): Promise<void> {
    let built: Message;
    try {
      built = isMessage(message) ? message : messageBuilder(message);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.sendAll([built]);
  }

  /**
   * Sends several messages at once, in order, as an ingress that read them together: the
   * first one to an idle address starts a request, the ones after it to the same address
   * wait and go together in the next batch. Then runs to rest, as {@link TestRuntime.send}.
   */
  sendAll(messages: readonly Message[]): Promise<void> {
    for (const message of messages) {
      const typename = message.targetAddress.typename;
      if (this.#endpointFor(typename) === undefined) {
        return Promise.reject(new TestRuntimeError(this.#unrouted(typename)));
      }
    }
    return this.#run(async () => {
      for (const message of messages) {
        const { namespace, name, id } = message.targetAddress;
        this.#deliver(
          { namespace, type: name, id },
          {
            caller: undefined,
            argument: { typename: message.typename, hasValue: true, value: message.rawValue },
          },
        );
      }
      await this.#settle();
    });
  }

  /**
   * Moves the virtual clock forward by `ms` milliseconds. Delayed messages that come due
   * are delivered in time order (those of one moment together), each time running to rest
   * before the clock moves on; state that expires in the meantime is gone afterwards.
   */
  advance(ms: number): Promise<void> {
    if (!Number.isSafeInteger(ms) || ms < 0) {
      return Promise.reject(
        new TypeError(`advance takes a whole number of milliseconds, 0 or more, got ${ms}`),
      );
    }
    return this.#run(async () => {
      const until = this.#now + ms;
      await this.#settle();
      for (;;) {
        const due = this.#delayed.takeDue(until);
        const first = due[0];
        if (first === undefined) break;
        this.#now = first.dueMs;
        for (const message of due) {
          this.#deliver(message.target, { caller: message.caller, argument: message.argument });
        }
        await this.#settle();
      }
      this.#now = until;
    });
  }

  /**
   * The value of a state of an address now, decoded with `type`: undefined when it has none,
   * it expired, or the function was never invoked. Reading does not count as an access.
   *
   * @throws {TypeError} when `type` is not the state's registered type, or the function
   *   registered other states but not this one (a misspelled name).
   * @example
   * runtime.state("example/greeter", "Alice", "seen_count", SeenCountType)?.seen // 2
   */
  state<T>(typename: string, id: string, name: string, type: Type<T>): T | undefined {
    const address = Address.of(typename, id);
    const registration = this.#states.registration(typename, name);
    if (registration === undefined) {
      const registered = this.#states.registered(typename);
      if (registered.length === 0) return undefined;
      throw new TypeError(
        `${typename} has no state "${name}"; its registered states are ${registered.map((s) => `"${s.name}"`).join(", ")}`,
      );
    }
    if (registration.typename !== type.typename) {
      throw new TypeError(
        `state "${name}" of ${typename} is registered as ${registration.typename}, not ${type.typename}`,
      );
    }
    const value = this.#states.peek(typename, address.toString(), name, this.#now);
    return value === undefined ? undefined : type.deserialize(value.value);
  }

  /** The delayed messages not yet delivered nor cancelled, earliest first. */
  pendingDelayed(): PendingDelayedMessage[] {
    return this.#delayed.list();
  }

  /** The records sent to an egress (`namespace/name`) and not yet taken, in the order they were sent. */
  egress(egressId: string): readonly EgressRecord[] {
    parseTypename(egressId, "egress id");
    return this.#egress.filter((record) => record.egress === egressId);
  }

  /** Returns and forgets the records sent to an egress so far, in the order they were sent. */
  takeEgress(egressId: string): EgressRecord[] {
    const taken = this.egress(egressId);
    this.#egress = this.#egress.filter((record) => record.egress !== egressId);
    return [...taken];
  }

  /**
   * Returns and forgets the records sent to a Kafka egress so far, with their values decoded.
   *
   * @throws {TestRuntimeError} when a record is not a Kafka record or does not decode as `valueType`.
   * @example
   * runtime.takeKafka("example/greets", GreetResponseType).map((r) => r.value.greeting)
   */
  takeKafka<T>(egressId: string, valueType: Type<T>): KafkaRecord<T>[] {
    const records = this.egress(egressId);
    const decoded = records.map((record) => {
      if (record.kind !== "kafka") {
        throw new TestRuntimeError(
          `${egressId} holds a ${record.kind} record (from ${record.from}); takeKafka reads Kafka records only`,
        );
      }
      return {
        topic: record.topic,
        key: record.key,
        value: decodeValue(record, valueType),
        atMs: record.atMs,
      };
    });
    this.takeEgress(egressId);
    return decoded;
  }

  // ---- the run loop ----

  async #run(work: () => Promise<void>): Promise<void> {
    if (this.#failure !== undefined) {
      throw new TestRuntimeError(
        `the runtime stopped at an earlier failure: ${this.#failure.message}`,
        { cause: this.#failure },
      );
    }
    if (this.#running) {
      throw new TestRuntimeError(
        "a send or advance is still running: await each call before making the next",
      );
    }
    this.#running = true;
    this.#rounds = 0;
    try {
      await work();
    } catch (error) {
      this.#failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      this.#running = false;
    }
  }

  /** Runs requests, and delayed messages due now, until nothing is left to do at this time. */
  async #settle(): Promise<void> {
    for (;;) {
      const request = this.#queue.shift();
      if (request !== undefined) {
        await this.#invoke(request);
        continue;
      }
      const due = this.#delayed.takeDue(this.#now);
      if (due.length === 0) return;
      for (const message of due) {
        this.#deliver(message.target, { caller: message.caller, argument: message.argument });
      }
    }
  }

  /** A message arrives at an address: it starts a request, or waits if one is in flight. */
  #deliver(target: AddressProto, invocation: Invocation, from?: string): void {
    const typename = `${target.namespace}/${target.type}`;
    if (this.#endpointFor(typename) === undefined) {
      throw new JobFailureError(
        `${from ?? "a message"} to ${addressKey(target)}: ${this.#unrouted(typename)}`,
      );
    }
    if (target.id === "") {
      throw new JobFailureError(`${from ?? "a message"} to ${typename} has no id`);
    }
    const key = addressKey(target);
    let instance = this.#instances.get(key);
    if (instance === undefined) {
      instance = { address: { ...target }, typename, key, busy: false, backlog: [] };
      this.#instances.set(key, instance);
    }
    if (instance.busy) {
      instance.backlog.push(invocation);
    } else {
      this.#start(instance, [invocation]);
    }
  }

  #start(instance: Instance, invocations: Invocation[]): void {
    instance.busy = true;
    this.#queue.push({ instance, invocations });
  }

  /** One request, with the missing-state handshake, then its reply applied. */
  async #invoke({ instance, invocations }: Request): Promise<void> {
    const { typename, key } = instance;
    const endpoint = this.#endpointFor(typename);
    if (endpoint === undefined) throw new JobFailureError(this.#unrouted(typename));
    this.#warnAboutDeclarations(endpoint, typename);
    for (;;) {
      this.#countRound(key);
      const body = ToFunction.encode({
        invocation: {
          target: instance.address,
          state: this.#states.attach(typename, key, this.#now),
          invocations,
        },
      }).finish();
      const reply = this.#decodeReply(key, await endpoint.call(key, body));
      const incomplete = reply.incompleteInvocationContext;
      if (incomplete !== undefined) {
        const { added, ignored } = this.#states.register(typename, key, incomplete.missingValues);
        for (const { name, registered, declared } of ignored) {
          this.#warnChangedExpiration(typename, name, registered, declared);
        }
        if (added.length === 0) {
          throw new JobFailureError(
            `${key} reported missing states that the runtime already sends (${incomplete.missingValues.map((s) => `"${s.stateName}"`).join(", ")}); it would be asked again forever`,
          );
        }
        continue; // registered: the same invocations again, now with the states
      }
      const result = reply.invocationResult;
      if (result === undefined) {
        throw new FunctionCallError(`${key} answered a FromFunction without a result`, {
          target: key,
          status: 200,
          body: "",
        });
      }
      this.#apply(instance, result);
      return;
    }
  }

  #apply(instance: Instance, result: InvocationResponse): void {
    const { typename, key } = instance;
    this.#states.apply(typename, key, key, result.stateMutations, this.#now);
    const egress = result.outgoingEgresses.map((message) =>
      readEgressRecord(message, key, this.#now),
    );

    instance.busy = false;
    if (instance.backlog.length > 0) {
      this.#start(instance, instance.backlog.splice(0, this.#maxBatchSize));
    }
    for (const message of result.outgoingMessages) {
      if (message.target === undefined || message.argument === undefined) {
        throw new JobFailureError(
          `${key} sent a message without a ${message.target ? "value" : "target"}`,
        );
      }
      this.#deliver(message.target, { caller: instance.address, argument: message.argument }, key);
    }
    for (const delayed of result.delayedInvocations) {
      const token = delayed.cancellationToken;
      if (delayed.isCancellationRequest) {
        if (token === "") throw new JobFailureError(`${key} sent a cancellation without a token`);
        this.#delayed.cancel(key, token);
        continue;
      }
      const { target, argument } = delayed;
      if (target === undefined || argument === undefined) {
        throw new JobFailureError(
          `${key} sent a delayed message without a ${target ? "value" : "target"}`,
        );
      }
      if (!Number.isSafeInteger(delayed.delayInMs) || delayed.delayInMs < 0) {
        throw new JobFailureError(
          `${key} sent a delayed message with a delay of ${delayed.delayInMs}ms`,
        );
      }
      this.#delayed.schedule({
        dueMs: this.#now + delayed.delayInMs,
        from: key,
        to: addressKey(target),
        cancellationToken: token === "" ? undefined : token,
        typename: argument.typename,
        caller: instance.address,
        target,
        argument,
      });
    }
    this.#egress.push(...egress);
  }

  #decodeReply(target: string, bytes: Uint8Array): FromFunction {
    if (bytes.length === 0) {
      throw new FunctionCallError(`${target} answered an empty body`, {
        target,
        status: 200,
        body: "",
      });
    }
    try {
      return FromFunction.decode(bytes);
    } catch (cause) {
      throw new FunctionCallError(
        `${target} answered ${bytes.length} bytes that are not a FromFunction message: ${cause instanceof Error ? cause.message : String(cause)}`,
        { target, status: 200, body: "" },
        { cause },
      );
    }
  }

  #countRound(target: string): void {
    this.#rounds++;
    if (this.#rounds > this.#maxRounds) {
      throw new RoundLimitError(
        `gave up after ${this.#maxRounds} requests in one call without coming to rest (the last one for ${target}): functions that keep messaging each other or themselves never stop. Raise maxRounds if this much work is intended.`,
      );
    }
  }

  #endpointFor(typename: string): Endpoint | undefined {
    return (
      this.#endpoints.find((e) => e.functions === typename) ??
      this.#endpoints.find((e) => servesTypename(e.functions, typename))
    );
  }

  #unrouted(typename: string): string {
    const served = this.#endpoints.map((e) => e.functions);
    return `no endpoint serves ${typename}; the runtime routes ${served.length > 0 ? served.join(", ") : "no functions"}`;
  }

  // ---- warnings: what the real runtime does without a word ----

  #warn(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#warnings.push(message);
    this.#logger.warn(message);
  }

  #warnAboutDeclarations(endpoint: Endpoint, typename: string): void {
    const declared = endpoint.declaredSpecs(typename);
    if (declared === undefined) return;
    for (const spec of declared) {
      const registered = this.#states.registration(typename, spec.name);
      if (registered === undefined) continue;
      if (registered.typename !== spec.type.typename) {
        this.#warn(
          `${typename} declares state "${spec.name}" as ${spec.type.typename}, but the runtime registered it as ${registered.typename}: a state's type cannot change, and writing it will fail the job`,
        );
      }
      const expiration = specExpiration(spec);
      if (!sameExpiration(expiration, registered.expiration)) {
        this.#warnChangedExpiration(typename, spec.name, registered.expiration, expiration);
      }
    }
  }

  #warnChangedExpiration(
    typename: string,
    name: string,
    registered: StateExpiration,
    declared: StateExpiration,
  ): void {
    this.#warn(
      `${typename} declares state "${name}" with expiration ${describeExpiration(declared)}, but the runtime registered it with ${describeExpiration(registered)} and keeps that (the real runtime does so without a word); start from fresh state for the new expiration to apply`,
    );
  }
}
