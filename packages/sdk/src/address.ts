import { parseTypename } from "./typename.js";

/** The address of one function instance: its typename (`namespace/name`) and its id. */
export class Address {
  readonly namespace: string;
  readonly name: string;
  readonly id: string;

  constructor(namespace: string, name: string, id: string) {
    this.namespace = namespace;
    this.name = name;
    this.id = id;
  }

  /**
   * Builds an address from a function typename and an id.
   *
   * @example
   * Address.of("example/greeter", "Alice")
   */
  static of(typename: string, id: string): Address {
    const { namespace, name } = parseTypename(typename, "function typename");
    if (typeof id !== "string" || id.length === 0) {
      throw new TypeError(`the id of an address for ${typename} must be a non-empty string`);
    }
    return new Address(namespace, name, id);
  }

  /** The function typename, `namespace/name`. */
  get typename(): string {
    return `${this.namespace}/${this.name}`;
  }

  toString(): string {
    return `${this.typename}:${this.id}`;
  }
}
