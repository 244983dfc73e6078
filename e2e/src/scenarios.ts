/**
 * Scenarios written once, as data, and run on both runtimes with the same expected greetings:
 * on `@statefun-ts/testing` (a pause advances the virtual clock) and on the real StateFun 3.3.0
 * runtime with Kafka (a pause is a real sleep). If the in-memory runtime and the real one ever
 * disagree about the walkthrough, one of these fails.
 */

import type { GreeterSolution } from "@statefun-ts/walkthrough/pipeline";

/** One step: a visit of a user (a GreetRequest keyed by the name), or time passing. */
export type Step = { readonly send: string } | { readonly pause: number };

/** A script of visits and the greetings every user must get, in order. */
export interface FidelityScenario {
  readonly name: string;
  /** The greeter that runs (`GREETER_SOLUTION`). */
  readonly solution: GreeterSolution;
  /** `FORGET_AFTER_MS` of the ttl and timer solutions. */
  readonly forgetAfterMs?: number;
  readonly steps: readonly Step[];
  /** Every user's greetings, complete and in order. */
  readonly expected: Readonly<Record<string, readonly string[]>>;
}

/** The exercise's period in these scenarios: short, so that a real run takes seconds. */
export const FORGET_AFTER_MS = 4_000;
/** Well within the period, even on a loaded machine. */
const SOON = 1_500;
/** Well past the period. */
const LATER = 7_000;

const send = (name: string): Step => ({ send: name });
const pause = (ms: number): Step => ({ pause: ms });

/** The classic walkthrough: several users, each with a different number of visits. */
export const classicVisits: FidelityScenario = {
  name: "classic greeter: several users with different visit counts",
  solution: "classic",
  steps: [
    send("Alice"),
    send("Bob"),
    send("Alice"),
    send("Carol"),
    send("Alice"),
    send("Bob"),
    send("Alice"),
    send("Alice"),
    send("Dave"),
    // The classic greeter never forgets, however long a user stays away.
    pause(LATER),
    send("Bob"),
    send("Alice"),
  ],
  expected: {
    Alice: [
      "Welcome Alice",
      "Nice to see you again Alice",
      "Third time is a charm Alice",
      "Nice to see you at the 4-nth time Alice!",
      "Nice to see you at the 5-nth time Alice!",
      "Nice to see you at the 6-nth time Alice!",
    ],
    Bob: ["Welcome Bob", "Nice to see you again Bob", "Third time is a charm Bob"],
    Carol: ["Welcome Carol"],
    Dave: ["Welcome Dave"],
  },
};

/**
 * The exercise's script: Alice comes back soon (remembered), then after a long pause
 * (forgotten); Bob is forgotten; Carol keeps coming back within the period, so she is remembered
 * for longer than the period in total, until she too stays away.
 */
function forgettingScenario(solution: "ttl" | "timer"): FidelityScenario {
  return {
    name: `${solution} solution: remembered within ${FORGET_AFTER_MS} ms, forgotten after`,
    solution,
    forgetAfterMs: FORGET_AFTER_MS,
    steps: [
      send("Alice"),
      send("Bob"),
      send("Carol"),
      pause(SOON),
      send("Alice"),
      send("Carol"),
      pause(SOON),
      send("Carol"),
      pause(SOON),
      send("Carol"),
      pause(LATER),
      send("Alice"),
      send("Bob"),
      send("Carol"),
      pause(SOON),
      send("Alice"),
    ],
    expected: {
      Alice: [
        "Welcome Alice",
        "Nice to see you again Alice",
        "Welcome Alice",
        "Nice to see you again Alice",
      ],
      Bob: ["Welcome Bob", "Welcome Bob"],
      Carol: [
        "Welcome Carol",
        "Nice to see you again Carol",
        "Third time is a charm Carol",
        "Nice to see you at the 4-nth time Carol!",
        "Welcome Carol",
      ],
    },
  };
}

/** The exercise solved with state expiration. */
export const ttlForgets = forgettingScenario("ttl");
/** The exercise solved with a delayed "forget" message. */
export const timerForgets = forgettingScenario("timer");

/** Every scenario both runtimes run. */
export const FIDELITY_SCENARIOS: readonly FidelityScenario[] = [
  classicVisits,
  ttlForgets,
  timerForgets,
];

/** The expected greetings as a map, for comparing with what a run produced. */
export function expectedGreetings(scenario: FidelityScenario): Map<string, string[]> {
  return new Map(
    Object.entries(scenario.expected).map(([user, greetings]) => [user, [...greetings]]),
  );
}
