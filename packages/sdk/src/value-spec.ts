import type { Type } from "./type.js";

/** How a state value expires. Durations are in milliseconds. */
export type Expiration =
  | { readonly mode: "none" }
  | { readonly mode: "after-call"; readonly afterMs: number }
  | { readonly mode: "after-write"; readonly afterMs: number };

/** The options of a value spec: at most one of the two expirations. */
export interface ValueSpecOptions {
  /** Expire the value when it was neither read nor written for this many milliseconds. */
  readonly expireAfterCall?: number;
  /** Expire the value this many milliseconds after its last write. */
  readonly expireAfterWrite?: number;
}

/** A declared state: its name, its type and its expiration. */
export interface ValueSpec<Name extends string = string, T = unknown> {
  readonly name: Name;
  readonly type: Type<T>;
  readonly expiration: Expiration;
}

const STATE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkDuration(name: string, option: string, ms: number): number {
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new TypeError(
      `value spec "${name}": ${option} must be a positive whole number of milliseconds, got ${ms}`,
    );
  }
  return ms;
}

/**
 * Declares a state a function keeps.
 *
 * @example
 * valueSpec("seen_count", SeenCountType)                               // never expires
 * valueSpec("seen_count", SeenCountType, { expireAfterCall: 60_000 })  // forgotten after 60 s unused
 */
export function valueSpec<const Name extends string, T>(
  name: Name,
  type: Type<T>,
  options: ValueSpecOptions = {},
): ValueSpec<Name, T> {
  if (typeof name !== "string" || !STATE_NAME.test(name)) {
    throw new TypeError(
      `invalid value spec name ${JSON.stringify(name)}: use letters, digits and "_", not starting with a digit`,
    );
  }
  if (type === null || typeof type !== "object" || typeof type.typename !== "string") {
    throw new TypeError(
      `value spec "${name}" needs a type (e.g. Types.string or Types.protobuf(...))`,
    );
  }
  const { expireAfterCall, expireAfterWrite } = options;
  if (expireAfterCall !== undefined && expireAfterWrite !== undefined) {
    throw new TypeError(
      `value spec "${name}" sets both expireAfterCall and expireAfterWrite: choose one`,
    );
  }
  let expiration: Expiration = { mode: "none" };
  if (expireAfterCall !== undefined) {
    expiration = {
      mode: "after-call",
      afterMs: checkDuration(name, "expireAfterCall", expireAfterCall),
    };
  } else if (expireAfterWrite !== undefined) {
    expiration = {
      mode: "after-write",
      afterMs: checkDuration(name, "expireAfterWrite", expireAfterWrite),
    };
  }
  return Object.freeze({ name, type, expiration });
}

/**
 * Checks a spec handed to `bind`, which may have been written by hand or come from plain
 * JavaScript, by building it again with {@link valueSpec}. Throws a `TypeError` that names
 * the function and the spec.
 */
export function checkValueSpec(spec: unknown, owner: string): ValueSpec {
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(
      `function ${owner}: specs must be made with valueSpec(...), got ${String(spec)}`,
    );
  }
  const { name, type, expiration } = spec as {
    name?: unknown;
    type?: unknown;
    expiration?: unknown;
  };
  const options = expirationOptions(expiration);
  if (options === undefined) {
    throw new TypeError(
      `function ${owner}: value spec ${JSON.stringify(name)} has no valid expiration; make specs with valueSpec(name, type, options)`,
    );
  }
  try {
    return valueSpec(name as string, type as Type<unknown>, options);
  } catch (error) {
    throw new TypeError(
      `function ${owner}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

function expirationOptions(expiration: unknown): ValueSpecOptions | undefined {
  if (expiration === null || typeof expiration !== "object") return undefined;
  const { mode, afterMs } = expiration as { mode?: unknown; afterMs?: unknown };
  if (mode === "none") return {};
  if (typeof afterMs !== "number") return undefined;
  if (mode === "after-call") return { expireAfterCall: afterMs };
  if (mode === "after-write") return { expireAfterWrite: afterMs };
  return undefined;
}
