#!/usr/bin/env node
// Generates the request-reply protocol with ts-proto 2.x (on @bufbuild/protobuf) into
// src/generated-bufbuild/, for the codec comparison. Same options as the SDK's generation
// (scripts/gen.mjs at the root), so the two codecs differ only by ts-proto's major version.
// The output is committed and never edited by hand; `--check` fails when it is stale.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const bench = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(bench, "..");
const protoRoot = join(root, "packages", "sdk", "proto");
const protoFile = "io/statefun/sdk/reqreply/request-reply.proto";
const outDir = join(bench, "src", "generated-bufbuild");

const options = [
  "esModuleInterop=true",
  "importSuffix=.js",
  "forceLong=number",
  "outputJsonMethods=false",
  "outputServices=false",
  "outputTypeAnnotations=static-only",
  "useExactTypes=false",
];

const buf = join(root, "node_modules", ".bin", "buf");
// The alias `ts-proto-v2` keeps ts-proto 2.x apart from the 1.x the SDK is generated with.
const plugin = join(bench, "node_modules", "ts-proto-v2", "protoc-gen-ts_proto");

function generate(out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const template = JSON.stringify({
    version: "v2",
    plugins: [{ local: plugin, out, opt: options }],
  });
  const result = spawnSync(
    buf,
    ["generate", protoRoot, "--path", join(protoRoot, protoFile), "--template", template],
    { cwd: root, stdio: "inherit" },
  );
  if (result.status !== 0) {
    throw new Error(`buf generate failed (exit ${result.status})`);
  }
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path).map((p) => join(name, p)) : [name];
  });
}

if (process.argv.includes("--check")) {
  const scratch = mkdtempSync(join(tmpdir(), "statefun-bench-gen-"));
  try {
    generate(scratch);
    const fresh = listFiles(scratch).sort();
    const committed = listFiles(outDir).sort();
    const same =
      fresh.length === committed.length &&
      fresh.every(
        (file, i) =>
          file === committed[i] &&
          readFileSync(join(scratch, file)).equals(readFileSync(join(outDir, file))),
      );
    if (!same) {
      console.error(
        `${relative(root, outDir)} is out of date; run \`pnpm --filter @statefun-ts/bench gen\``,
      );
      process.exit(1);
    }
    console.log(`${relative(root, outDir)} is up to date`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
} else {
  generate(outDir);
  console.log(`generated ${relative(root, outDir)} from ${protoFile} with ts-proto 2.x`);
}
