#!/usr/bin/env node
/**
 * The generator's command line: `node dist/main.js` (or `pnpm --dir generator start`), configured
 * by environment variables (see `config.ts`). SIGTERM and SIGINT stop it cleanly. Exit codes: 0
 * after a clean stop or when MAX_MESSAGES were sent, 2 for invalid configuration, 1 for anything
 * else.
 */

import { ConfigError, loadConfig, loadSeed } from "./config.js";
import { describeError } from "./describe-error.js";
import { formatLine } from "./format.js";
import { runGenerator } from "./run-generator.js";

const EXIT_INVALID_CONFIG = 2;

async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  let seed: number | undefined;
  try {
    config = loadConfig(process.env);
    seed = loadSeed(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(formatLine("error", error.message));
      return EXIT_INVALID_CONFIG;
    }
    throw error;
  }

  const controller = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      // A second signal means "now": the first one's clean stop is taking too long.
      if (controller.signal.aborted) process.exit(130);
      controller.abort(signal);
    });
  }

  await runGenerator(config, {
    signal: controller.signal,
    ...(seed === undefined ? {} : { seed }),
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(formatLine("error", describeError(error)));
    process.exit(1);
  },
);
