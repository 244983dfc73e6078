import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type Address,
  type Context,
  kafkaEgressMessage,
  type Message,
  messageBuilder,
  StatefulFunctions,
  type Storage,
  Types,
  valueSpec,
} from "../src/index.js";
import { KafkaProducerRecord } from "../src/protocol.js";

// These tests are checked by the compiler (`pnpm typecheck` type-checks this folder):
// each `@ts-expect-error` line must be an error, or the check fails.

interface Profile {
  name: string;
  visits: number;
}

const specs = [
  valueSpec("seen", Types.int),
  valueSpec("total", Types.long, { expireAfterCall: 60_000 }),
  valueSpec("profile", Types.json<Profile>("example/Profile")),
  valueSpec("last_record", Types.protobuf(KafkaProducerRecord)),
] as const;

type GreeterStorage = Storage<typeof specs>;

describe("the type of context.storage", () => {
  it("is inferred from the declared specs: reads are T | undefined", () => {
    expectTypeOf<GreeterStorage["seen"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<GreeterStorage["total"]>().toEqualTypeOf<bigint | undefined>();
    expectTypeOf<GreeterStorage["profile"]>().toEqualTypeOf<Profile | undefined>();
    expectTypeOf<GreeterStorage["last_record"]>().toEqualTypeOf<KafkaProducerRecord | undefined>();
    expectTypeOf<keyof GreeterStorage>().toEqualTypeOf<
      "seen" | "total" | "profile" | "last_record"
    >();
  });

  it("is inferred inside bind, without naming a type", () => {
    new StatefulFunctions().bind({
      typename: "example/typed",
      specs: [valueSpec("seen", Types.int), valueSpec("name", Types.string)],
      fn(context) {
        expectTypeOf(context.storage.seen).toEqualTypeOf<number | undefined>();
        expectTypeOf(context.storage.name).toEqualTypeOf<string | undefined>();
        expectTypeOf(context.self).toEqualTypeOf<Address>();
        expectTypeOf(context.caller).toEqualTypeOf<Address | undefined>();
      },
    });
  });

  it("has no states when a function declares none", () => {
    new StatefulFunctions().bind({
      typename: "example/stateless",
      fn(context) {
        expectTypeOf<keyof typeof context.storage>().toEqualTypeOf<never>();
      },
    });
  });

  it("hands out no any anywhere in the public API", () => {
    expectTypeOf<GreeterStorage["seen"]>().not.toBeAny();
    expectTypeOf<ReturnType<Message["as"]>>().not.toBeAny();
    expectTypeOf<Context["storage"]>().not.toBeAny();
    expectTypeOf(Types.json("example/Anything").deserialize).returns.toBeUnknown();
    expectTypeOf(messageBuilder).parameter(0).not.toBeAny();
    expectTypeOf(kafkaEgressMessage).parameter(0).not.toBeAny();
  });
});

/** Never called: it exists for the compiler, which must reject each marked line. */
export function compileTimeChecks(context: Context<typeof specs>): void {
  context.storage.seen = 1;
  context.storage.total = 10n;
  context.storage.profile = { name: "Alice", visits: 1 };
  delete context.storage.profile;

  // @ts-expect-error a string is not an int
  context.storage.seen = "1";
  // @ts-expect-error a long is a bigint, not a number
  context.storage.total = 10;
  // @ts-expect-error a Profile needs its visits
  context.storage.profile = { name: "Alice" };
  // @ts-expect-error deleting is explicit: `delete context.storage.seen`
  context.storage.seen = undefined;
  // @ts-expect-error no state "seen_count" is declared
  context.storage.seen_count = 1;
  // @ts-expect-error no state "seen_count" is declared (reading)
  void context.storage.seen_count;
  // @ts-expect-error messageBuilder checks the value against its type
  messageBuilder({ typename: "example/greeter", id: "Alice", value: 1, valueType: Types.string });
  // @ts-expect-error a Kafka value that is not bytes or a string needs a valueType
  kafkaEgressMessage({ typename: "example/greets", topic: "greetings", value: 1 });
}

describe("the declaration files of the package", () => {
  // `pnpm build` writes them; they are the API a user compiles against.
  const dist = new URL("../dist/", import.meta.url).pathname;

  function declarationFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return declarationFiles(path);
      return entry.name.endsWith(".d.ts") ? [path] : [];
    });
  }

  function anyKeywords(path: string): string[] {
    const source = ts.createSourceFile(
      path,
      readFileSync(path, "utf8"),
      ts.ScriptTarget.ES2022,
      true,
    );
    const found: string[] = [];
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.AnyKeyword) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${path.slice(dist.length)}:${line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  }

  it("never declare a type as any", () => {
    const files = declarationFiles(dist);
    expect(files.map((path) => path.slice(dist.length))).toContain("index.d.ts");
    expect(files.flatMap(anyKeywords)).toEqual([]);
  });
});
