const utf8 = new TextEncoder();

/**
 * A bounded cache of strings already encoded as UTF-8, for the constant strings a reply
 * repeats (egress namespaces and types, topics, typenames): written as bytes, they skip
 * protobufjs's per-write length scan and encoding.
 */
export class Utf8Cache {
  readonly #encoded = new Map<string, Uint8Array>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The UTF-8 bytes of `text`; remembered while the cache has room. */
  get(text: string): Uint8Array {
    let bytes = this.#encoded.get(text);
    if (bytes === undefined) {
      bytes = utf8.encode(text);
      // Bounded, so that strings built from ids (keys, per-user topics) cannot grow it forever.
      if (this.#encoded.size < this.#limit) this.#encoded.set(text, bytes);
    }
    return bytes;
  }
}
