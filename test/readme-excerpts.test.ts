/**
 * README.md quotes the walkthrough's own files: the messages, the greeting, the function, the
 * express app and module.yaml. Each quote must still be what the file says (comments aside), so
 * that a reader who opens the file finds the code the walkthrough showed them. (The German
 * version's code blocks are kept byte-identical to these by walkthrough-de.test.ts.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

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
