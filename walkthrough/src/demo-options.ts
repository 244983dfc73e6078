/** The command line of `pnpm demo`. */

import { DEFAULTS } from "@statefun-ts/generator";

/** The greeter the demo runs: the walkthrough's, or one of the exercise's solutions. */
export type Solution = "classic" | "ttl" | "timer";

/** What the demo was asked to do. */
export interface DemoOptions {
  readonly solution: Solution;
  /** For `ttl` and `timer`: forget a user after this many milliseconds without a visit. */
  readonly forgetAfterMs: number;
  /** Stop after this many requests; undefined runs until Ctrl-C. */
  readonly count: number | undefined;
  /** Real milliseconds between two requests. */
  readonly intervalMs: number;
  /** Real milliseconds between two summary lines. */
  readonly summaryIntervalMs: number;
  /** The seed of the name picker; undefined picks one (and prints it). */
  readonly seed: number | undefined;
  readonly names: readonly string[];
  readonly help: boolean;
}

/** The names the generator greets by default. */
export const DEFAULT_NAMES: readonly string[] = DEFAULTS.names;

/** How to call the demo, printed for `--help` and after a usage error. */
export const USAGE = `usage: pnpm demo -- [options]

The walkthrough's greeter on an in-memory runtime with a virtual clock: no Kafka, no Flink.

  --count N             send N requests, print their greetings, then exit (default: until Ctrl-C)
  --solution S          classic (never forgets), ttl or timer (the exercise's two solutions)
  --forget-after-ms N   for ttl and timer: forget a user unseen for N ms (default 60000)
  --interval-ms N       real milliseconds between two requests (default 300)
  --seed N              seed of the name picker, to repeat a run (default: random, printed)
  --names A,B,C         the names to greet (default ${DEFAULT_NAMES.join(",")})
  --help                this text`;

/** A command line the demo cannot run; the message says what to change. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

function wholeNumber(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || value === "" || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(
      `${flag} needs a whole number${min > 0 ? ` of at least ${min}` : ""}, got ${value === undefined ? "nothing" : `"${value}"`}`,
    );
  }
  return n;
}

/**
 * Reads the demo's arguments (`process.argv.slice(2)`).
 *
 * @throws {UsageError} for an unknown flag or a bad value.
 * @example
 * parseDemoOptions(["--count", "20", "--solution", "ttl"])
 */
export function parseDemoOptions(args: readonly string[]): DemoOptions {
  let solution: Solution = "classic";
  let forgetAfterMs = 60_000;
  let count: number | undefined;
  let intervalMs = 300;
  let seed: number | undefined;
  let names: readonly string[] = DEFAULT_NAMES;
  let help = false;
  // `pnpm demo -- --count 3` may hand over the `--` itself.
  const rest = args[0] === "--" ? args.slice(1) : [...args];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string | undefined => inline ?? rest[++i];
    switch (flag) {
      case "--count":
        count = wholeNumber(flag, value(), 1);
        break;
      case "--solution": {
        const given = value();
        if (given !== "classic" && given !== "ttl" && given !== "timer") {
          throw new UsageError(
            `--solution is classic, ttl or timer, got ${given === undefined ? "nothing" : `"${given}"`}`,
          );
        }
        solution = given;
        break;
      }
      case "--forget-after-ms":
        forgetAfterMs = wholeNumber(flag, value(), 1);
        break;
      case "--interval-ms":
        intervalMs = wholeNumber(flag, value(), 1);
        break;
      case "--seed":
        seed = wholeNumber(flag, value(), 0);
        break;
      case "--names": {
        const list = (value() ?? "")
          .split(",")
          .map((name) => name.trim())
          .filter((name) => name !== "");
        if (list.length === 0)
          throw new UsageError("--names needs a comma-separated list of names");
        names = list;
        break;
      }
      case "--help":
      case "-h":
        help = true;
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return {
    solution,
    forgetAfterMs,
    count,
    intervalMs,
    summaryIntervalMs: 10_000,
    seed,
    names,
    help,
  };
}
