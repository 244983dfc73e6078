/**
 * README.md quotes the walkthrough's own files: the messages, the greeting, the function, the
 * express app and module.yaml. Each quote must still be what the file says (comments aside), so
 * that a reader who opens the file finds the code the walkthrough showed them. (The German
 * version's code blocks are kept byte-identical to these by walkthrough-de.test.ts.) The sample
 * of the generator's output is what the generator prints, built with its own formatters.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createNamePicker, loadConfig, seededRandom } from "@statefun-ts/generator";
import { computeGreeting } from "@statefun-ts/greeter";
import { describe, expect, it } from "vitest";
// Not all of the generator's line formats are part of its public API; the README shows them all.
import {
  formatConfig,
  formatConnected,
  formatGreeting,
  formatReady,
  formatSummary,
  formatTopics,
  formatWaiting,
} from "../generator/src/format.js";
import { readCompose } from "./deployment/compose.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const read = (file: string) => readFileSync(join(root, file), "utf8");

/** The README's fenced code blocks, each without its fences and its indentation. */
function codeBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const fence = /^( *)```[\w-]*\n([\s\S]*?)^\1```/gm;
  for (const [, indent = "", body = ""] of markdown.matchAll(fence)) {
    blocks.push(
      body
        .split("\n")
        .map((line) => line.slice(indent.length))
        .join("\n"),
    );
  }
  return blocks;
}

/** Code without comments or blank lines, so that a quote may leave a comment out. */
function code(text: string, comment: "//" | "#"): string {
  return text
    .split("\n")
    .map((line) => {
      const trimmed = line.trim();
      if (comment === "//" && /^(\/\/|\/\*\*?|\*\/?)/.test(trimmed)) return "";
      if (comment === "#" && trimmed.startsWith("#")) return "";
      const trailing = comment === "//" ? line.indexOf(" // ") : line.indexOf(" # ");
      return (trailing >= 0 ? line.slice(0, trailing) : line).trimEnd();
    })
    .filter((line) => line !== "")
    .join("\n");
}

/** A README block that quotes a file: the block that starts with `startsWith`. */
interface Quote {
  readonly file: string;
  readonly startsWith: string;
  readonly comment: "//" | "#";
}

const QUOTES: readonly Quote[] = [
  { file: "greeter/proto/messages.proto", startsWith: 'syntax = "proto3";', comment: "//" },
  { file: "greeter/src/greeter.ts", startsWith: "export const GreetRequestType", comment: "//" },
  { file: "greeter/src/greeter.ts", startsWith: "const TEMPLATES", comment: "//" },
  { file: "greeter/src/greeter.ts", startsWith: "export function bindGreeter(", comment: "//" },
  { file: "greeter/src/app.ts", startsWith: "export function createApp(", comment: "//" },
  { file: "module.yaml", startsWith: "kind: io.statefun.endpoints.v2/http", comment: "#" },
];

describe("the code README.md quotes", () => {
  const blocks = codeBlocks(read("README.md"));

  it.each(QUOTES)("is what $file says (the block starting $startsWith)", (quote) => {
    const block = blocks.find((candidate) => candidate.startsWith(quote.startsWith));
    expect(block, `README.md has no code block starting with ${quote.startsWith}`).toBeDefined();
    expect(code(read(quote.file), quote.comment)).toContain(code(block!, quote.comment));
  });

  it("quotes module.yaml whole", () => {
    const block = blocks.find((candidate) => candidate.startsWith("kind: io.statefun."));
    expect(code(block!, "#")).toBe(code(read("module.yaml"), "#"));
  });
});

/**
 * The lines of `file` that the block quotes verbatim, comments and layout included: the
 * block's first line is found in the file, and the file's lines from there, with that
 * line's indentation taken off, must be the block.
 */
function verbatimIn(file: string, block: string): { expected: string; actual: string } {
  const quoted = block.replace(/\n$/, "").split("\n");
  const lines = read(file).split("\n");
  const first = quoted[0] ?? "";
  const start = lines.findIndex((line) => line.trim() === first.trim() && first.trim() !== "");
  if (start < 0) return { expected: quoted.join("\n"), actual: `(${file} has no line ${first})` };
  const indent = (lines[start] ?? "").length - (lines[start] ?? "").trimStart().length;
  const actual = lines
    .slice(start, start + quoted.length)
    .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
    .join("\n");
  return { expected: quoted.join("\n"), actual };
}

describe("the exercise's solutions, as README.md quotes them", () => {
  const blocks = codeBlocks(read("README.md"));

  it("quotes the timer of solution (b) verbatim from greeter/src/greeter-timer.ts", () => {
    const block = blocks.find((b) =>
      b.startsWith("const previous = context.storage.forget_token;"),
    );
    expect(block, "README.md has no code block for solution (b)").toBeDefined();
    const { expected, actual } = verbatimIn("greeter/src/greeter-timer.ts", block!);
    expect(expected).toContain("context.sendAfter(");
    expect(actual).toBe(expected);
  });

  it("declares seen_count with expireAfterCall in solution (a), as greeter/src/greeter-ttl.ts does", () => {
    const block = blocks.find((b) => b.includes("expireAfterCall"));
    expect(block, "README.md has no code block with expireAfterCall").toBeDefined();
    const declaration = 'specs: [valueSpec("seen_count", SeenCountType, { expireAfterCall: ';
    expect(block).toContain(declaration);
    expect(read("greeter/src/greeter-ttl.ts")).toContain(declaration);
  });
});

describe("the generator's output, as README.md shows it", () => {
  const blocks = codeBlocks(read("README.md"));
  const sample = blocks.find((b) => b.startsWith("config    brokers="));
  const shown = (sample ?? "").replace(/\n$/, "").split("\n");

  /** The one line of the sample that matches `pattern`, with its groups. */
  function shownLine(pattern: RegExp): RegExpExecArray {
    const matches = shown.map((line) => pattern.exec(line)).filter((m) => m !== null);
    expect(matches, `README.md's sample has no single line matching ${pattern}`).toHaveLength(1);
    return matches[0]!;
  }

  it("is what the generator prints in compose, given the seed, group id and counts it shows", () => {
    expect(sample, "README.md has no sample of the generator's output").toBeDefined();
    // What differs from run to run: the random seed (SEED is unset in compose), the consumer
    // group's random suffix, and how many greetings have arrived by the first summary.
    const seed = Number(shownLine(/ seed=(\d+)$/)[1]);
    const groupId = shownLine(
      /^ready +joined consumer group (statefun-ts-generator-[0-9a-f]{8}) /,
    )[1]!;
    const [, sent, received] = shownLine(/^summary +sent (\d+) +received (\d+) /).map(Number);

    // The generator as compose runs it: its compose environment over the defaults.
    const generator = readCompose(read("docker-compose.yml")).services["generator"];
    expect(generator, "docker-compose.yml has no generator service").toBeDefined();
    const config = loadConfig({ ...generator!.environment });

    // The greetings of the first requests the seed picks, counted per name as the greeter does.
    const pick = createNamePicker(config.names, seededRandom(seed));
    const nameWidth = Math.max(...config.names.map((name) => name.length));
    const seen = new Map<string, number>();
    const greetings = Array.from({ length: received! }, () => {
      const name = pick();
      const count = (seen.get(name) ?? 0) + 1;
      seen.set(name, count);
      return formatGreeting(name, computeGreeting(name, count).greeting, nameWidth);
    });

    expect(shown).toEqual([
      ...formatConfig(config, seed),
      formatWaiting(config.brokers),
      formatConnected(config.brokers, 1),
      formatTopics([], [config.namesTopic, config.greetingsTopic]),
      formatReady(config, groupId),
      ...greetings,
      formatSummary({
        sent: sent!,
        received: received!,
        inFlight: sent! - received!,
        undecodable: 0,
        sendRetries: 0,
      }),
    ]);
  });
});
