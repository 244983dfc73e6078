/**
 * The greetings a user must receive, written out independently of the greeter's code: what a
 * person reading the walkthrough expects to see.
 */

/**
 * The exact greetings for `visits` visits of `name` in a row, from the first:
 * "Welcome Alice", "Nice to see you again Alice", "Third time is a charm Alice",
 * "Nice to see you at the 4-nth time Alice!", "Nice to see you at the 5-nth time Alice!", ...
 */
export function greetingsFor(name: string, visits: number): string[] {
  const greetings: string[] = [];
  for (let visit = 1; visit <= visits; visit++) {
    if (visit === 1) greetings.push(`Welcome ${name}`);
    else if (visit === 2) greetings.push(`Nice to see you again ${name}`);
    else if (visit === 3) greetings.push(`Third time is a charm ${name}`);
    else greetings.push(`Nice to see you at the ${visit}-nth time ${name}!`);
  }
  return greetings;
}

/** The expected greetings of every user, from how many requests each one sent. */
export function expectedFromCounts(counts: ReadonlyMap<string, number>): Map<string, string[]> {
  return new Map([...counts].map(([name, visits]) => [name, greetingsFor(name, visits)]));
}
