import type { ValueSpec } from "@statefun-ts/sdk";
import {
  FromFunction_ExpirationSpec_ExpireMode as ExpireMode,
  FromFunction_PersistedValueMutation_MutationType as MutationType,
  type ToFunction_PersistedValue as PersistedValue,
  type FromFunction_PersistedValueMutation as PersistedValueMutation,
  type FromFunction_PersistedValueSpec as PersistedValueSpec,
  type TypedValue,
} from "@statefun-ts/sdk/protocol";
import { JobFailureError } from "./errors.js";

/** A state as the runtime registered it for a function type. */
export interface RegisteredState {
  readonly name: string;
  readonly typename: string;
  readonly expiration: StateExpiration;
}

/** How a registered state expires, in virtual milliseconds. */
export type StateExpiration =
  | { readonly mode: "none" }
  | { readonly mode: "after-invoke"; readonly afterMs: number }
  | { readonly mode: "after-write"; readonly afterMs: number };

interface StoredValue {
  readonly value: TypedValue;
  readonly writtenAt: number;
  /** The last write, or the last invocation of the address since (for AFTER_INVOKE). */
  accessedAt: number;
}

/** What registering the specs of an IncompleteInvocationContext did. */
export interface Registration {
  /** States registered now. */
  readonly added: readonly string[];
  /** Specs that differ from the registration only in expiration: the registered one stays. */
  readonly ignored: readonly IgnoredExpiration[];
}

/** A declared expiration the runtime did not apply, because the state was registered before. */
export interface IgnoredExpiration {
  readonly name: string;
  readonly registered: StateExpiration;
  readonly declared: StateExpiration;
}

/** The expiration of an SDK value spec, in the runtime's terms. */
export function specExpiration(spec: ValueSpec): StateExpiration {
  const { expiration } = spec;
  if (expiration.mode === "after-call")
    return { mode: "after-invoke", afterMs: expiration.afterMs };
  if (expiration.mode === "after-write")
    return { mode: "after-write", afterMs: expiration.afterMs };
  return { mode: "none" };
}

function toExpiration(spec: PersistedValueSpec): StateExpiration {
  const expiration = spec.expirationSpec;
  if (expiration === undefined || expiration.mode === ExpireMode.NONE) return { mode: "none" };
  const afterMs = expiration.expireAfterMillis;
  if (expiration.mode === ExpireMode.AFTER_INVOKE) return { mode: "after-invoke", afterMs };
  if (expiration.mode === ExpireMode.AFTER_WRITE) return { mode: "after-write", afterMs };
  return { mode: "none" };
}

/** `none`, `after-invoke 60000ms`: an expiration as a person reads it. */
export function describeExpiration(expiration: StateExpiration): string {
  return expiration.mode === "none" ? "none" : `${expiration.mode} ${expiration.afterMs}ms`;
}

/** Whether two expirations are the same. */
export function sameExpiration(a: StateExpiration, b: StateExpiration): boolean {
  if (a.mode === "none" || b.mode === "none") return a.mode === b.mode;
  return a.mode === b.mode && a.afterMs === b.afterMs;
}

function expired(stored: StoredValue, expiration: StateExpiration, now: number): boolean {
  switch (expiration.mode) {
    case "none":
      return false;
    case "after-write":
      return now >= stored.writtenAt + expiration.afterMs;
    case "after-invoke":
      return now >= stored.accessedAt + expiration.afterMs;
  }
}

/**
 * The state of the runtime: which states each function type registered (name, type,
 * expiration, fixed at the first registration), and the values of each address, expired
 * on the virtual clock as Flink's state TTL does (a value is gone once `now` reaches its
 * last write, or last access, plus the period).
 */
export class StateStore {
  /** function typename -> state name -> registration */
  readonly #registered = new Map<string, Map<string, RegisteredState>>();
  /** address key -> state name -> value */
  readonly #values = new Map<string, Map<string, StoredValue>>();

  /** The registered states of a function type, in registration order. */
  registered(typename: string): readonly RegisteredState[] {
    return [...(this.#registered.get(typename)?.values() ?? [])];
  }

  /** The registration of one state, if any. */
  registration(typename: string, name: string): RegisteredState | undefined {
    return this.#registered.get(typename)?.get(name);
  }

  /**
   * Registers the states a function reported missing. A state keeps the type and the
   * expiration of its first registration: another type fails, as it fails the job; another
   * expiration is not applied and is reported in {@link Registration.ignored}.
   */
  register(typename: string, target: string, specs: readonly PersistedValueSpec[]): Registration {
    let states = this.#registered.get(typename);
    if (states === undefined) {
      states = new Map();
      this.#registered.set(typename, states);
    }
    const added: string[] = [];
    const ignored: IgnoredExpiration[] = [];
    for (const spec of specs) {
      const expiration = toExpiration(spec);
      const known = states.get(spec.stateName);
      if (known === undefined) {
        if (spec.stateName === "" || spec.typeTypename === "") {
          throw new JobFailureError(
            `${target} reported a missing state without ${spec.stateName === "" ? "a name" : `a type (state "${spec.stateName}")`}`,
          );
        }
        states.set(spec.stateName, {
          name: spec.stateName,
          typename: spec.typeTypename,
          expiration,
        });
        added.push(spec.stateName);
      } else if (known.typename !== spec.typeTypename) {
        throw new JobFailureError(
          `${target} declares state "${spec.stateName}" as ${spec.typeTypename}, but it is registered as ${known.typename}; a state's type cannot change once registered (the runtime fails the job)`,
        );
      } else if (!sameExpiration(known.expiration, expiration)) {
        ignored.push({ name: spec.stateName, registered: known.expiration, declared: expiration });
      }
    }
    return { added, ignored };
  }

  /**
   * The states to attach to a request for an address at `now`: every registered state,
   * without a value when it has none or it expired. Counts as an invocation of the address
   * for AFTER_INVOKE expiration.
   */
  attach(typename: string, key: string, now: number): PersistedValue[] {
    const values = this.#values.get(key);
    return this.registered(typename).map((state) => {
      const stored = this.#live(values, state, now);
      if (stored !== undefined) stored.accessedAt = now;
      return { stateName: state.name, stateValue: stored?.value };
    });
  }

  /** Applies a reply's mutations to an address at `now`. */
  apply(
    typename: string,
    key: string,
    target: string,
    mutations: readonly PersistedValueMutation[],
    now: number,
  ): void {
    let values = this.#values.get(key);
    for (const mutation of mutations) {
      const state = this.registration(typename, mutation.stateName);
      if (state === undefined) {
        throw new JobFailureError(
          `${target} changed state "${mutation.stateName}", which it never declared (registered: ${this.#names(typename)})`,
        );
      }
      if (mutation.mutationType === MutationType.DELETE) {
        values?.delete(state.name);
        continue;
      }
      if (mutation.mutationType !== MutationType.MODIFY) {
        throw new JobFailureError(
          `${target} sent an unknown mutation type ${mutation.mutationType} for state "${state.name}"`,
        );
      }
      const value = mutation.stateValue;
      if (value === undefined || !value.hasValue) {
        throw new JobFailureError(`${target} modified state "${state.name}" without a value`);
      }
      if (value.typename !== state.typename) {
        throw new JobFailureError(
          `${target} wrote state "${state.name}" as ${value.typename || "(no typename)"}, but it is registered as ${state.typename}; the runtime fails the job on such a write`,
        );
      }
      if (values === undefined) {
        values = new Map();
        this.#values.set(key, values);
      }
      values.set(state.name, { value, writtenAt: now, accessedAt: now });
    }
  }

  /** The live value of a state at `now` (expired values are dropped), without touching it. */
  peek(typename: string, key: string, name: string, now: number): TypedValue | undefined {
    const state = this.registration(typename, name);
    if (state === undefined) return undefined;
    return this.#live(this.#values.get(key), state, now)?.value;
  }

  #live(
    values: Map<string, StoredValue> | undefined,
    state: RegisteredState,
    now: number,
  ): StoredValue | undefined {
    const stored = values?.get(state.name);
    if (stored === undefined) return undefined;
    if (expired(stored, state.expiration, now)) {
      values!.delete(state.name);
      return undefined;
    }
    return stored;
  }

  #names(typename: string): string {
    const names = this.registered(typename).map((state) => `"${state.name}"`);
    return names.length > 0 ? names.join(", ") : "none";
  }
}
