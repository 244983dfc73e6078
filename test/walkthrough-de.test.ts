/**
 * docs/walkthrough.de.md is README.md in German. Prose is translated, code is
 * not: both files must have the same sections, and the same fenced code blocks,
 * byte for byte, in the same order and in the same section. When README.md
 * changes a command or a line of code, this test fails until the German
 * version follows.
 */
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const ENGLISH = "README.md";
const GERMAN = "docs/walkthrough.de.md";

/** A fenced code block, fences included, with where it was found. */
interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** Number of `## ` headings before it (0: before the first one). */
  section: number;
  /** The block's lines, fences and indentation included, joined by "\n". */
  text: string;
}

/** What both versions must share, read from one Markdown file. */
interface Outline {
  /** The `## ` headings, in order, without the `## `. */
  sections: string[];
  blocks: CodeBlock[];
  /** Targets of the inline links `[text](target)` outside code blocks. */
  links: string[];
}

const OPENING_FENCE = /^( *)(`{3,}|~{3,})(.*)$/;
const CLOSING_FENCE = /^ *(`{3,}|~{3,})\s*$/;
const INLINE_LINK = /\]\(([^)\s]+)\)/g;

function outline(markdown: string, file: string): Outline {
  const sections: string[] = [];
  const blocks: CodeBlock[] = [];
  const links: string[] = [];
  let open: { fence: string; line: number; lines: string[] } | undefined;

  markdown.split("\n").forEach((line, i) => {
    if (open !== undefined) {
      open.lines.push(line);
      const closing = CLOSING_FENCE.exec(line)?.[1];
      if (
        closing !== undefined &&
        closing[0] === open.fence[0] &&
        closing.length >= open.fence.length
      ) {
        blocks.push({ line: open.line, section: sections.length, text: open.lines.join("\n") });
        open = undefined;
      }
      return;
    }
    const opening = OPENING_FENCE.exec(line);
    if (opening?.[2] !== undefined) {
      open = { fence: opening[2], line: i + 1, lines: [line] };
      return;
    }
    if (line.startsWith("## ")) sections.push(line.slice(3).trim());
    for (const match of line.matchAll(INLINE_LINK)) {
      if (match[1] !== undefined) links.push(match[1]);
    }
  });

  if (open !== undefined) {
    throw new Error(`${file}: the code block opened at line ${open.line} is never closed`);
  }
  return { sections, blocks, links };
}

/** The first line of the block, e.g. "```ts", to name a block in a message. */
function opener(block: CodeBlock): string {
  return block.text.split("\n")[0]?.trim() ?? "";
}

/**
 * Compares the code blocks of both versions, in order. Returns undefined when
 * they agree, or a message naming the first block that does not.
 */
function codeBlockDifference(english: Outline, german: Outline): string | undefined {
  const count = Math.max(english.blocks.length, german.blocks.length);
  for (let i = 0; i < count; i++) {
    const en = english.blocks[i];
    const de = german.blocks[i];
    const number = i + 1;
    if (en === undefined || de === undefined) {
      const extra = en ?? de;
      const where = en !== undefined ? ENGLISH : GERMAN;
      return (
        `${ENGLISH} has ${english.blocks.length} code blocks, ${GERMAN} has ` +
        `${german.blocks.length}: code block ${number} (${opener(extra!)} at ${where} line ` +
        `${extra!.line}) has no counterpart`
      );
    }
    const named = `code block ${number} (${opener(en)} at ${ENGLISH} line ${en.line}, ${GERMAN} line ${de.line})`;
    if (en.text !== de.text) {
      const enLines = en.text.split("\n");
      const deLines = de.text.split("\n");
      let k = 0;
      while (enLines[k] === deLines[k]) k++;
      return (
        `${named} differs at line ${k + 1} of the block:\n` +
        `  ${ENGLISH}: ${JSON.stringify(enLines[k] ?? "(block ends)")}\n` +
        `  ${GERMAN}: ${JSON.stringify(deLines[k] ?? "(block ends)")}`
      );
    }
    if (en.section !== de.section) {
      return `${named} is in section ${en.section} of ${ENGLISH} but in section ${de.section} of ${GERMAN}`;
    }
  }
  return undefined;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to "-". */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function isRelativeFileLink(target: string): boolean {
  return !target.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(target);
}

function read(file: string): string {
  return readFileSync(join(root, file), "utf8");
}

describe("the outline reader", () => {
  it("finds indented and tilde fences, and ignores headings inside code", () => {
    const markdown = [
      "## One",
      "- item",
      "",
      "  ```ts",
      "  const a = 1;",
      "  ```",
      "~~~sh",
      "## not a heading",
      "```",
      "~~~",
      "## Two [link](../x.md)",
    ].join("\n");
    const { sections, blocks, links } = outline(markdown, "sample.md");
    expect(sections).toEqual(["One", "Two [link](../x.md)"]);
    expect(blocks).toEqual([
      { line: 4, section: 1, text: "  ```ts\n  const a = 1;\n  ```" },
      { line: 7, section: 1, text: "~~~sh\n## not a heading\n```\n~~~" },
    ]);
    expect(links).toEqual(["../x.md"]);
  });

  it("rejects a block that is never closed, naming its line", () => {
    expect(() => outline("text\n```sh\npnpm local\n", "broken.md")).toThrow(
      "broken.md: the code block opened at line 2 is never closed",
    );
  });
});

describe(`${GERMAN} is in step with ${ENGLISH}`, () => {
  const english = outline(read(ENGLISH), ENGLISH);
  const german = outline(read(GERMAN), GERMAN);

  it("says at the top that it is the German version of README.md", () => {
    const first = read(GERMAN).split("\n")[0] ?? "";
    expect(first).toContain("deutsche Fassung");
    expect(first).toContain("(../README.md)");
  });

  it("has as many sections", () => {
    expect(
      german.sections.length,
      `${ENGLISH} has sections ${JSON.stringify(english.sections)}, ` +
        `${GERMAN} has ${JSON.stringify(german.sections)}`,
    ).toBe(english.sections.length);
  });

  it("has the same code blocks, byte for byte, in the same order and sections", () => {
    expect(english.blocks.length).toBeGreaterThan(0);
    const difference = codeBlockDifference(english, german);
    expect(difference, difference).toBeUndefined();
  });

  it("links to the same files, relative to docs/", () => {
    const fromRoot = english.links.filter(isRelativeFileLink).map((t) => posix.normalize(t));
    const fromDocs = german.links
      .filter(isRelativeFileLink)
      .map((t) => posix.normalize(posix.join("docs", t)))
      .filter((t) => t !== ENGLISH);
    expect(fromDocs).toEqual(fromRoot);
  });

  it("links only to anchors of its own headings", () => {
    const anchors = german.sections.map((heading) => `#${anchorOf(heading)}`);
    const targets = german.links.filter((t) => t.startsWith("#"));
    expect(targets.length).toBe(english.links.filter((t) => t.startsWith("#")).length);
    for (const target of targets) expect(anchors).toContain(target);
  });
});

// The comparison itself, checked by changing README.md in memory and comparing
// it with the unchanged README.md, so that these cases do not depend on the
// German file being in step.
describe("the code block comparison", () => {
  const english = outline(read(ENGLISH), ENGLISH);

  it("names the block that differs when README.md changes one", () => {
    const changed = read(ENGLISH).replace('"Welcome %s"', '"Hi there %s"');
    const index = english.blocks.findIndex((b) => b.text.includes('"Welcome %s"'));
    expect(index).toBeGreaterThanOrEqual(0);
    const block = english.blocks[index]!;

    const difference = codeBlockDifference(outline(changed, ENGLISH), english);

    expect(difference).toContain(
      `code block ${index + 1} (\`\`\`ts at README.md line ${block.line},`,
    );
    expect(difference).toContain(`${ENGLISH}: "const TEMPLATES = [\\"\\", \\"Hi there %s\\"`);
    expect(difference).toContain(`${GERMAN}: "const TEMPLATES = [\\"\\", \\"Welcome %s\\"`);
  });

  it("reports a block that README.md adds", () => {
    const added = `${read(ENGLISH)}\n\`\`\`sh\npnpm new-command\n\`\`\`\n`;
    const difference = codeBlockDifference(outline(added, ENGLISH), english);
    const count = english.blocks.length;
    expect(difference).toContain(
      `${ENGLISH} has ${count + 1} code blocks, ${GERMAN} has ${count}: code block ${count + 1}`,
    );
  });

  it("finds nothing to report between identical files", () => {
    expect(codeBlockDifference(english, english)).toBeUndefined();
  });
});
