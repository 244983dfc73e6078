import type { Context } from "./context.js";
import { handleRequest } from "./invocation.js";
import type { Message } from "./message.js";
import { parseTypename } from "./typename.js";
import { checkValueSpec, type ValueSpec } from "./value-spec.js";

/** A function body: handles one message; may be async. */
export type StatefulFunction<Specs extends readonly ValueSpec[]> = (
  context: Context<Specs>,
  message: Message,
) => void | Promise<void>;

/** What {@link StatefulFunctions.bind} takes. */
export interface FunctionSpec<Specs extends readonly ValueSpec[]> {
  /** The function's typename, `namespace/name`, as module.yaml routes to it. */
  readonly typename: string;
  /** The states the function keeps; `context.storage` is typed from them. */
  readonly specs?: Specs;
  readonly fn: StatefulFunction<Specs>;
}

/** A bound function, as the invocation core sees it. */
export interface BoundFunction {
  readonly typename: string;
  readonly specs: readonly ValueSpec[];
  readonly fn: StatefulFunction<readonly ValueSpec[]>;
}

/**
 * The functions one endpoint serves. Bind functions, then hand the registry to an adapter
 * (`createNodeHandler`, `createExpressHandler`) or call {@link StatefulFunctions.handle}.
 *
 * @example
 * const functions = new StatefulFunctions().bind({
 *   typename: "example/greeter",
 *   specs: [valueSpec("seen_count", Types.int)],
 *   fn(context, message) {
 *     const seen = (context.storage.seen_count ?? 0) + 1;
 *     context.storage.seen_count = seen;
 *   },
 * });
 */
export class StatefulFunctions {
  readonly #functions = new Map<string, BoundFunction>();

  /**
   * Binds a function to its typename with its value specs. Throws, naming the culprit,
   * for an invalid typename, a typename bound twice, or invalid or duplicate spec names.
   */
  bind<const Specs extends readonly ValueSpec[] = readonly []>(spec: FunctionSpec<Specs>): this {
    const { typename } = spec;
    parseTypename(typename, "function typename");
    if (typename.includes("*")) {
      throw new TypeError(
        `invalid function typename "${typename}": "*" is for module.yaml patterns`,
      );
    }
    if (this.#functions.has(typename)) {
      throw new TypeError(`function ${typename} is already bound`);
    }
    if (typeof spec.fn !== "function") {
      throw new TypeError(`function ${typename} needs an fn`);
    }
    if (spec.specs !== undefined && !Array.isArray(spec.specs)) {
      throw new TypeError(`function ${typename}: specs must be an array of valueSpec(...)`);
    }
    const specs: readonly ValueSpec[] = (spec.specs ?? []).map((value) =>
      checkValueSpec(value, typename),
    );
    const seen = new Set<string>();
    for (const value of specs) {
      if (seen.has(value.name)) {
        throw new TypeError(`function ${typename} declares the state "${value.name}" twice`);
      }
      seen.add(value.name);
    }
    this.#functions.set(typename, {
      typename,
      specs,
      fn: spec.fn as unknown as StatefulFunction<readonly ValueSpec[]>,
    });
    return this;
  }

  /** The bound function for a typename, if any. */
  get(typename: string): BoundFunction | undefined {
    return this.#functions.get(typename);
  }

  /** The typenames bound here. */
  get typenames(): string[] {
    return [...this.#functions.keys()];
  }

  /**
   * The invocation core: the bytes of a `ToFunction` in, the bytes of a `FromFunction` out.
   * Rejects with a `StatefunError` whose `status` says how an adapter answers.
   */
  handle(body: Uint8Array): Promise<Uint8Array> {
    return handleRequest(this, body);
  }
}
