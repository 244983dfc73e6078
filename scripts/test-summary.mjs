#!/usr/bin/env node
// Prints one line that totals the Vitest runs of `pnpm verify` (the unit and integration
// tests, and the end-to-end suite), from the JSON reports they write to test-results/.
// A report that is missing means that run did not happen (an earlier step failed).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runs = [
  ["unit", join(root, "test-results", "unit.json")],
  ["e2e", join(root, "test-results", "e2e.json")],
];

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const [name, file] of runs) {
  if (!existsSync(file)) {
    missing.push(name);
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
if (missing.length > 0) console.log(`tests: no report from ${missing.join(" and ")} (not run)`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
