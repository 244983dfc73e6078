import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The end-to-end suite (`pnpm e2e`): the walkthrough on the real StateFun 3.3.0 runtime and a
// Kafka broker, as JVM processes. One scenario at a time, so that no two pipelines share the
// cores; each starts its own broker, greeter and runtime. The runtime-local package's own JVM
// tests run here too, since they need Java and Maven as well.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["e2e/test/**/*.e2e.test.ts", "packages/runtime-local/test/**/*.e2e.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    globalSetup: ["e2e/src/global-setup.ts"],
    fileParallelism: false,
    pool: "forks",
    testTimeout: 300_000,
    hookTimeout: 180_000,
    teardownTimeout: 120_000,
    // The JSON report feeds the one-line summary `.ci/run` prints (scripts/test-summary.mjs).
    reporters: ["default", ["json", { outputFile: "test-results/e2e.json" }]],
  },
});
