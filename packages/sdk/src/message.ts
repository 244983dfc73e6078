import { Address } from "./address.js";
import { InvalidMessageError, TypeMismatchError } from "./errors.js";
import type { Type } from "./type.js";

/**
 * A message to or from a function: a typed value and the address it goes to.
 * Read it with `is` and `as`; build one with {@link messageBuilder}.
 */
export class Message {
  /** The function instance this message is addressed to. */
  readonly targetAddress: Address;
  /** The typename of the value, e.g. `type.googleapis.com/example.GreetRequest`. */
  readonly typename: string;
  /** The value's bytes, as they travel. */
  readonly rawValue: Uint8Array;

  constructor(targetAddress: Address, typename: string, rawValue: Uint8Array) {
    this.targetAddress = targetAddress;
    this.typename = typename;
    this.rawValue = rawValue;
  }

  /** Whether the value is of `type` (compares typenames; does not decode). */
  is<T>(type: Type<T>): boolean {
    return this.typename === type.typename;
  }

  /**
   * The value as a `T`.
   *
   * @throws {TypeMismatchError} when the value's typename is not `type.typename`.
   * @throws {InvalidMessageError} when the bytes do not decode as `type`.
   */
  as<T>(type: Type<T>): T {
    if (this.typename !== type.typename) {
      throw new TypeMismatchError(
        `expected a message of type ${type.typename}, got ${this.typename || "(no typename)"}`,
        this.typename,
      );
    }
    try {
      return type.deserialize(this.rawValue);
    } catch (cause) {
      throw new InvalidMessageError(
        `the ${this.rawValue.length}-byte value does not decode as ${type.typename}: ${cause instanceof Error ? cause.message : String(cause)}`,
        this.typename,
        { cause },
      );
    }
  }
}

/** What {@link messageBuilder} needs. */
export interface MessageSpec<T> {
  /** The target function's typename, `namespace/name`. */
  readonly typename: string;
  /** The target instance's id. */
  readonly id: string;
  readonly value: T;
  readonly valueType: Type<T>;
}

/**
 * Builds a message to any function address.
 *
 * @example
 * context.send(messageBuilder({ typename: "example/counter", id: "Alice", value: 1, valueType: Types.int }));
 */
export function messageBuilder<T>(spec: MessageSpec<T>): Message {
  const target = Address.of(spec.typename, spec.id);
  if (spec.valueType === undefined) {
    throw new TypeError(`a message to ${target} needs a valueType`);
  }
  return new Message(target, spec.valueType.typename, spec.valueType.serialize(spec.value));
}
