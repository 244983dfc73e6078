import { GreetRequest } from "@statefun-ts/greeter/messages";
import { describe, expect, it } from "vitest";
import { greetRequestRecord } from "../src/greet-request-record.js";

describe("greetRequestRecord", () => {
  it.each(["Alice", "Zoë", "Tzu-Li"])(
    "keys the record by %s and encodes a GreetRequest for it",
    (name) => {
      const record = greetRequestRecord(name);
      expect(record.key).toBe(name);
      expect(GreetRequest.decode(record.value)).toEqual({ name });
    },
  );

  it("produces the protobuf bytes of GreetRequest { name: 1 }", () => {
    // Field 1, wire type 2 (0x0a), length 3, "Bob".
    expect([...greetRequestRecord("Bob").value]).toEqual([0x0a, 3, 0x42, 0x6f, 0x62]);
  });

  it("hands KafkaJS a Buffer", () => {
    expect(Buffer.isBuffer(greetRequestRecord("Alice").value)).toBe(true);
  });
});
