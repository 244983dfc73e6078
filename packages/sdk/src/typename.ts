/** The parts of a typename such as `example/greeter` or `type.googleapis.com/example.GreetRequest`. */
export interface TypenameParts {
  readonly namespace: string;
  readonly name: string;
}

const MAX_REMEMBERED = 1024;
const parsed = new Map<string, TypenameParts>();

/**
 * Splits a typename at its last `/` into namespace and name, as the runtime does.
 * Throws a `TypeError` naming the typename when it is not of the form `namespace/name`.
 */
export function parseTypename(typename: string, what = "typename"): TypenameParts {
  const known = parsed.get(typename);
  if (known !== undefined) return known;
  if (typeof typename !== "string") {
    throw new TypeError(
      `${what} must be a string of the form "namespace/name", got ${typeof typename}`,
    );
  }
  const slash = typename.lastIndexOf("/");
  const namespace = typename.slice(0, slash);
  const name = typename.slice(slash + 1);
  if (slash <= 0 || name.length === 0 || /\s/.test(typename) || namespace.endsWith("/")) {
    throw new TypeError(
      `invalid ${what} "${typename}": expected the form "namespace/name", e.g. "example/greeter"`,
    );
  }
  const parts = Object.freeze({ namespace, name });
  // Functions name the same few typenames on every call (an egress per greeting): remember
  // the valid ones, up to a bound so that ids built into typenames cannot grow it forever.
  if (parsed.size < MAX_REMEMBERED) parsed.set(typename, parts);
  return parts;
}
