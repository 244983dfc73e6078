// Summarises a V8 CPU profile (`node --cpu-prof`, or `pnpm bench -- --profile <server>`):
// the functions with the most self time, by name and source location.
// Usage: node dist/profile-summary.js <file.cpuprofile> [top=25]
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fixed, markdownTable } from "./stats.js";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function where(node: ProfileNode): string {
  const { url, lineNumber } = node.callFrame;
  if (url === "") return "(native)";
  const path = url.startsWith("file://") ? relative(process.cwd(), new URL(url).pathname) : url;
  const short = path.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "");
  return `${short}:${lineNumber + 1}`;
}

const [file, topArg] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: node dist/profile-summary.js <file.cpuprofile> [top]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
let idle = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]!);
  const dt = profile.timeDeltas[i] ?? 0;
  if (node === undefined) continue;
  const name = node.callFrame.functionName || "(anonymous)";
  if (name === "(idle)") {
    idle += dt;
    continue;
  }
  total += dt;
  const key = `${name} ${where(node)}`;
  self.set(key, (self.get(key) ?? 0) + dt);
}
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25));
console.log(
  `busy ${fixed(total / 1000, 0)} ms, idle ${fixed(idle / 1000, 0)} ms; top self time (share of busy time):\n`,
);
console.log(
  markdownTable(
    ["self %", "self ms", "function"],
    top.map(([key, us]) => [fixed((100 * us) / total, 1), fixed(us / 1000, 0), `\`${key}\``]),
  ),
);
