import { defineConfig } from "vitest/config";

// One test run for the workspace, with Node.js only. Whatever needs Java and Maven (the
// end-to-end suite in e2e/ and the runtime-local package's `*.e2e.test.ts`) runs on the real
// runtime through `pnpm e2e`, and benchmarks (bench/) are not tests.
export default defineConfig({
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "greeter/test/**/*.test.ts",
      "generator/test/**/*.test.ts",
      "walkthrough/test/**/*.test.ts",
      // The in-memory half of the fidelity scenarios; the real-runtime half runs in `pnpm e2e`.
      "e2e/test/**/*.memory.test.ts",
      "test/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/dist/**", "**/*.e2e.test.ts"],
    testTimeout: 20_000,
    // The JSON report feeds the one-line summary `.ci/run` prints (scripts/test-summary.mjs).
    reporters: ["default", ["json", { outputFile: "test-results/unit.json" }]],
  },
});
