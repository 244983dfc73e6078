/**
 * The processes below a pid, read from /proc (Linux), to check afterwards that none of them is
 * left running. A process is identified by its pid and its start time, so that a pid the kernel
 * has reused since is not mistaken for it.
 */

import { readdirSync, readFileSync } from "node:fs";

/** One process, as /proc described it when it was found. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** Clock ticks after boot when it started (field 22 of /proc/<pid>/stat). */
  readonly startTime: string;
  /** Its command line, arguments joined by spaces. */
  readonly command: string;
}

interface Stat {
  readonly ppid: number;
  readonly state: string;
  readonly startTime: string;
}

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const [state, ppid] = fields;
  const startTime = fields[19];
  if (state === undefined || ppid === undefined || startTime === undefined) return undefined;
  return { ppid: Number(ppid), state, startTime };
}

function readCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** Every process below `pid` (children, their children, ...), alive now. */
export function descendantsOf(pid: number): ProcessInfo[] {
  const parents = new Map<number, number[]>();
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat === undefined) continue;
    stats.set(Number(entry), stat);
    const siblings = parents.get(stat.ppid) ?? [];
    siblings.push(Number(entry));
    parents.set(stat.ppid, siblings);
  }
  const found: ProcessInfo[] = [];
  const queue = [...(parents.get(pid) ?? [])];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const stat = stats.get(next);
    if (stat === undefined || stat.state === "Z") continue;
    found.push({
      pid: next,
      ppid: stat.ppid,
      startTime: stat.startTime,
      command: readCommand(next),
    });
    queue.push(...(parents.get(next) ?? []));
  }
  return found;
}

/** Whether this very process still runs (a zombie, dead but not yet reaped, does not count). */
export function stillRunning(process: ProcessInfo): boolean {
  const stat = readStat(process.pid);
  return stat !== undefined && stat.startTime === process.startTime && stat.state !== "Z";
}

/** `pid command` lines, for failure messages. */
export function describeProcesses(processes: readonly ProcessInfo[]): string {
  return processes.map((p) => `  ${p.pid}  ${p.command.slice(0, 160)}`).join("\n") || "  (none)";
}
