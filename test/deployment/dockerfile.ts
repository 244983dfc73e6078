/**
 * A small Dockerfile reader for the deployment tests: enough of the syntax to
 * check what our own Dockerfiles say (stages, COPY sources, USER, EXPOSE,
 * HEALTHCHECK, CMD), without a Docker engine.
 */

/** One instruction, with line continuations joined and comments removed. */
export interface Instruction {
  /** Upper-case keyword: `FROM`, `RUN`, `COPY`, ... */
  readonly keyword: string;
  /** Everything after the keyword, on one line. */
  readonly args: string;
  /** 1-based line where the instruction starts, for failure messages. */
  readonly line: number;
}

/** A build stage: one `FROM` and the instructions up to the next one. */
export interface Stage {
  /** The image or earlier stage it starts from. */
  readonly from: string;
  /** The `AS` name, if any. */
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

/** Reads a Dockerfile into instructions. Continuation lines end with `\`. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = "";
  let start = 0;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const trimmed = raw.trim();
    // Comment lines may sit inside a continued instruction; they are dropped.
    if (trimmed.startsWith("#")) continue;
    if (pending === "") {
      if (trimmed === "") continue;
      start = index + 1;
    }
    if (trimmed.endsWith("\\")) {
      pending += trimmed.slice(0, -1).trimEnd() + " ";
      continue;
    }
    pending += trimmed;
    const match = /^(\S+)\s*(.*)$/s.exec(pending);
    if (match) {
      instructions.push({
        keyword: (match[1] ?? "").toUpperCase(),
        args: (match[2] ?? "").trim(),
        line: start,
      });
    }
    pending = "";
  }
  if (pending !== "") {
    throw new Error(`Dockerfile ends inside a continued instruction (line ${start})`);
  }
  return instructions;
}

/** Splits instructions into build stages, one per `FROM`. */
export function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: { from: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith("--"));
      const asIndex = words.findIndex((word) => word.toUpperCase() === "AS");
      stages.push({
        from: words[0] ?? "",
        name: asIndex >= 0 ? words[asIndex + 1] : undefined,
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/**
 * The arguments of an exec-form (`["node", "x.js"]`) or shell-form instruction
 * (`node x.js`, split at whitespace).
 */
export function commandWords(args: string): string[] {
  if (args.startsWith("[")) {
    const parsed: unknown = JSON.parse(args);
    if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === "string")) {
      throw new Error(`exec form is not a JSON array of strings: ${args}`);
    }
    return parsed;
  }
  return args.split(/\s+/).filter((word) => word !== "");
}

/** A `COPY`/`ADD`: its flags, its sources and its destination. */
export interface Copy {
  /** `--from=<stage or image>`, when it copies from somewhere other than the context. */
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly destination: string;
}

/** Reads the arguments of a `COPY` or `ADD` instruction. */
export function parseCopy(args: string): Copy {
  const words = commandWords(args);
  const flags = words.filter((word) => word.startsWith("--"));
  const paths = words.filter((word) => !word.startsWith("--"));
  const from = flags.find((flag) => flag.startsWith("--from="))?.slice("--from=".length);
  const destination = paths.at(-1);
  if (destination === undefined || paths.length < 2) {
    throw new Error(`COPY needs at least one source and a destination: ${args}`);
  }
  return { from, sources: paths.slice(0, -1), destination };
}

/** The value set by `ENV` in a stage (both `ENV K=V` and the old `ENV K V` forms). */
export function envOf(stage: Stage, name: string): string | undefined {
  let value: string | undefined;
  for (const instruction of stage.instructions) {
    if (instruction.keyword !== "ENV") continue;
    const old = /^(\S+)\s+([^=]*)$/.exec(instruction.args);
    if (old) {
      if (old[1] === name) value = old[2]?.trim();
      continue;
    }
    for (const match of instruction.args.matchAll(/(\S+?)=("([^"]*)"|\S*)/g)) {
      if (match[1] === name) value = match[3] ?? match[2];
    }
  }
  return value;
}
