/** Turning a thrown value into the short reason printed on one line. */

/**
 * Describes anything that was thrown in one line: the message, followed by the messages of its
 * causes when they add something (KafkaJS wraps the useful reason, such as `connect
 * ECONNREFUSED`, in a more general error).
 *
 * @example
 * ```ts
 * describeError(new Error("no broker", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") }));
 * // "no broker (cause: connect ECONNREFUSED 127.0.0.1:1)"
 * ```
 */
export function describeError(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  // A few levels are plenty; the bound also protects against a cause that points back at itself.
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const message = messageOf(current);
    if (message !== "" && !messages.some((seen) => seen.includes(message))) messages.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  const [first, ...causes] = messages;
  if (first === undefined) return "unknown error";
  return causes.length === 0 ? first : `${first} (cause: ${causes.join("; ")})`;
}

function messageOf(value: unknown): string {
  if (value instanceof Error) {
    const message = value.message.replace(/\s+/g, " ").trim();
    // Plain errors are named by their message; a specific class (TypeError, ...) says more.
    if (value.name === "Error" || value.name.startsWith("KafkaJS") || message === "") {
      return message || value.name;
    }
    return `${value.name}: ${message}`;
  }
  return String(value);
}
