#!/usr/bin/env node
// The `statefun-local` command: a committed entry so that pnpm can link it before the first
// build; the CLI itself is compiled to dist/cli.js (`pnpm build`).
import "../dist/cli.js";
