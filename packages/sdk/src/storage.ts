import {
  FromFunction_PersistedValueMutation_MutationType as MutationType,
  type ToFunction_PersistedValue as PersistedValue,
  type FromFunction_PersistedValueMutation as PersistedValueMutation,
  type TypedValue,
} from "./generated/io/statefun/sdk/reqreply/request-reply.js";
import type { ValueSpec } from "./value-spec.js";

/**
 * The typed view of a function's state, inferred from its value specs: each declared
 * name reads as `T | undefined`, is written with a `T`, and is removed with `delete`.
 * Assign to persist a change: the value is captured when assigned, so mutating an object
 * in place afterwards (or one read from storage) is not seen.
 *
 * @example
 * const seen = context.storage.seen_count?.seen ?? 0;
 * context.storage.seen_count = { seen: seen + 1 };
 * delete context.storage.seen_count;
 */
export type Storage<Specs extends readonly ValueSpec[]> = {
  -readonly [S in Specs[number] as S["name"]]?: S extends ValueSpec<string, infer T> ? T : never;
};

enum CellState {
  Clean = 0,
  Written = 1,
  Deleted = 2,
}

interface Cell {
  readonly spec: ValueSpec;
  readonly stored: TypedValue | undefined;
  state: CellState;
  decoded: boolean;
  value: unknown;
  /** The bytes of the last write, captured when it was assigned. */
  written: Uint8Array | undefined;
}

// Property names that generic code probes on any object (await, JSON.stringify, inspection);
// they read as undefined instead of failing as unknown states.
const PROBED = new Set([
  "then",
  "toJSON",
  "constructor",
  "inspect",
  "asymmetricMatch",
  "$$typeof",
  "nodeType",
]);

function decodeCell(cell: Cell): unknown {
  if (!cell.decoded) {
    const stored = cell.stored;
    if (stored === undefined || !stored.hasValue) {
      cell.value = undefined;
    } else if (stored.typename !== cell.spec.type.typename) {
      throw new TypeError(
        `state "${cell.spec.name}" holds a value of type ${stored.typename}, but its spec declares ${cell.spec.type.typename} (a state's type cannot change once the runtime registered it)`,
      );
    } else {
      try {
        cell.value = cell.spec.type.deserialize(stored.value);
      } catch (cause) {
        throw new TypeError(
          `state "${cell.spec.name}" does not decode as ${cell.spec.type.typename}: ${cause instanceof Error ? cause.message : String(cause)}`,
          { cause },
        );
      }
    }
    cell.decoded = true;
  }
  return cell.value;
}

/**
 * The proxy's target: holds its tracker. It has no own properties and a null prototype as
 * far as user code can see (every trap answers from the tracker).
 */
class StorageTarget {
  constructor(readonly tracker: StateTracker) {}
}

// One handler for every batch: its traps find the tracker through the target, so a batch
// allocates a proxy, not a fresh set of closures.
const STORAGE_HANDLER: ProxyHandler<StorageTarget> = {
  get(target, key) {
    if (typeof key === "symbol") return undefined;
    const cell = target.tracker.cell(key);
    if (cell === undefined) {
      if (PROBED.has(key)) return undefined;
      throw target.tracker.unknown(key);
    }
    return decodeCell(cell);
  },
  set(target, key, value: unknown) {
    const cell = target.tracker.cell(key);
    if (cell === undefined) throw target.tracker.unknown(String(key));
    target.tracker.write(cell, value);
    return true;
  },
  deleteProperty(target, key) {
    const cell = target.tracker.cell(key);
    if (cell === undefined) throw target.tracker.unknown(String(key));
    target.tracker.remove(cell);
    return true;
  },
  has(target, key) {
    const cell = target.tracker.cell(key);
    return cell !== undefined && decodeCell(cell) !== undefined;
  },
  ownKeys(target) {
    return [...target.tracker.cells()]
      .filter((c) => decodeCell(c) !== undefined)
      .map((c) => c.spec.name);
  },
  getOwnPropertyDescriptor(target, key) {
    const cell = target.tracker.cell(key);
    if (cell === undefined) return undefined;
    const value = decodeCell(cell);
    if (value === undefined) return undefined;
    return { value, writable: true, enumerable: true, configurable: true };
  },
  getPrototypeOf: () => null,
  defineProperty: () => false,
  setPrototypeOf: () => false,
};

/**
 * Holds the state of one batch: decodes values lazily, tracks writes and deletes, and
 * yields one final mutation per changed state.
 */
export class StateTracker {
  readonly #cells = new Map<string, Cell>();
  readonly #owner: string;
  /** The typed view handed to the function. */
  readonly storage: object;

  constructor(
    specs: readonly ValueSpec[],
    stored: ReadonlyMap<string, TypedValue | undefined>,
    owner: string,
  ) {
    this.#owner = owner;
    for (const spec of specs) {
      this.#cells.set(spec.name, {
        spec,
        stored: stored.get(spec.name),
        state: CellState.Clean,
        decoded: false,
        value: undefined,
        written: undefined,
      });
    }
    this.storage = new Proxy(new StorageTarget(this), STORAGE_HANDLER);
  }

  /** The cell of a declared state, or undefined. */
  cell(key: string | symbol): Cell | undefined {
    return typeof key === "string" ? this.#cells.get(key) : undefined;
  }

  /** The declared states, in declaration order. */
  cells(): IterableIterator<Cell> {
    return this.#cells.values();
  }

  write(cell: Cell, value: unknown): void {
    if (value === undefined) {
      this.#delete(cell);
      return;
    }
    // Serialize now: a bad value fails at the line that wrote it, and the stored
    // value is the one assigned, whatever happens to the object afterwards.
    cell.written = cell.spec.type.serialize(value);
    cell.value = value;
    cell.decoded = true;
    cell.state = CellState.Written;
  }

  remove(cell: Cell): void {
    this.#delete(cell);
  }

  unknown(key: string): TypeError {
    return this.#unknown(key);
  }

  #delete(cell: Cell): void {
    cell.value = undefined;
    cell.written = undefined;
    cell.decoded = true;
    cell.state = CellState.Deleted;
  }

  #unknown(key: string): TypeError {
    const declared = [...this.#cells.keys()];
    return new TypeError(
      `${this.#owner} has no state "${key}"; its declared states are ${declared.length > 0 ? declared.map((n) => `"${n}"`).join(", ") : "none"}`,
    );
  }

  /** One mutation per state that changed in the batch: MODIFY with the final value, or DELETE. */
  mutations(): PersistedValueMutation[] {
    const mutations: PersistedValueMutation[] = [];
    for (const cell of this.#cells.values()) {
      if (cell.state === CellState.Written) {
        mutations.push({
          mutationType: MutationType.MODIFY,
          stateName: cell.spec.name,
          stateValue: {
            typename: cell.spec.type.typename,
            hasValue: true,
            value: cell.written ?? new Uint8Array(0),
          },
        });
      } else if (cell.state === CellState.Deleted && cell.stored?.hasValue === true) {
        // Deleting a state that had no value changes nothing, so nothing is sent.
        mutations.push({
          mutationType: MutationType.DELETE,
          stateName: cell.spec.name,
          stateValue: undefined,
        });
      }
    }
    return mutations;
  }
}

/** Collects the request's states by name; a missing name means the runtime has not registered it. */
export function indexStates(
  states: readonly PersistedValue[],
): Map<string, TypedValue | undefined> {
  const byName = new Map<string, TypedValue | undefined>();
  for (const state of states) byName.set(state.stateName, state.stateValue);
  return byName;
}
