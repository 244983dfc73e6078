/**
 * Every line the demo prints, in the generator's layout: a tag padded to one column
 * (`greeting`, `summary`, ...), two spaces, then the text.
 */
import { formatLine, formatSeconds } from "@statefun-ts/generator";
import type { DemoOptions } from "./demo-options.js";

/** What the demo is (and is not), then its configuration. */
export function formatBanner(options: DemoOptions, seed: number): string[] {
  const forget = options.solution === "classic" ? "never" : `${options.forgetAfterMs}ms`;
  return [
    formatLine(
      "demo",
      "A LOCAL SIMULATION: the greeter runs in this process on @statefun-ts/testing,",
    ),
    formatLine(
      "demo",
      "an in-memory runtime with a virtual clock (advanced by real time). No Kafka, no Flink.",
    ),
    formatLine(
      "demo",
      "The real runtime: `docker compose up` (or `pnpm local`), with the generator printing greetings.",
    ),
    formatLine(
      "config",
      `solution=${options.solution} forget-after=${forget} interval=${options.intervalMs}ms count=${options.count ?? "unlimited"} seed=${seed}`,
    ),
    formatLine("config", `names=${options.names.join(",")}`),
  ];
}

/** Greetings print exactly as the generator prints them. */
export { formatGreeting } from "@statefun-ts/generator";

/** `forgot    Alice  last seen 2.1s ago` */
export function formatForgotten(
  name: string,
  nameWidth: number,
  unseenMs: number | undefined,
): string {
  const since = unseenMs === undefined ? "" : `  last seen ${formatSeconds(unseenMs)} ago`;
  return formatLine("forgot", `${name.padEnd(nameWidth)}${since}`);
}

/** What a run did so far. */
export interface DemoSummary {
  readonly sent: number;
  readonly greeted: number;
  readonly remembered: number;
  readonly names: number;
  readonly virtualMs: number;
}

/** `summary   sent 20  greeted 20  remembered 5 of 6 names  virtual time 6.0s`, tagged `final` at the end. */
export function formatSummary(summary: DemoSummary, tag: "summary" | "final" = "summary"): string {
  return formatLine(
    tag,
    `sent ${summary.sent}  greeted ${summary.greeted}  remembered ${summary.remembered} of ${summary.names} names  virtual time ${formatSeconds(summary.virtualMs)}`,
  );
}
