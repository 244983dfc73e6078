#!/usr/bin/env node
// Generates TypeScript from every .proto in the repository with ts-proto, run by
// buf (no protoc download). `--check` regenerates into a temporary folder and
// fails when the committed output differs, so generated code is never edited by hand.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Each proto source folder and where its TypeScript goes. */
const targets = [
  { proto: "packages/sdk/proto", out: "packages/sdk/src/generated" },
  { proto: "greeter/proto", out: "greeter/src/generated" },
];

const tsProtoOptions = [
  "esModuleInterop=true",
  "importSuffix=.js",
  "forceLong=number",
  "outputJsonMethods=false",
  "outputServices=false",
  "outputTypeAnnotations=static-only",
  "useExactTypes=false",
];

const buf = join(root, "node_modules", ".bin", "buf");
const plugin = join(root, "node_modules", ".bin", "protoc-gen-ts_proto");

function generate(target, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const template = JSON.stringify({
    version: "v2",
    plugins: [{ local: plugin, out: outDir, opt: tsProtoOptions }],
  });
  const result = spawnSync(buf, ["generate", join(root, target.proto), "--template", template], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    throw new Error(`buf generate failed for ${target.proto} (exit ${result.status})`);
  }
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path).map((p) => join(name, p)) : [name];
  });
}

const check = process.argv.includes("--check");
const stale = [];
for (const target of targets) {
  const committed = join(root, target.out);
  if (!check) {
    generate(target, committed);
    console.log(`generated ${target.out} from ${target.proto}`);
    continue;
  }
  const scratch = mkdtempSync(join(tmpdir(), "statefun-gen-"));
  try {
    generate(target, scratch);
    const fresh = listFiles(scratch).sort();
    const old = listFiles(committed).sort();
    for (const file of new Set([...fresh, ...old])) {
      const a = join(scratch, file);
      const b = join(committed, file);
      if (!existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b))) {
        stale.push(relative(root, b));
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
if (check) {
  if (stale.length > 0) {
    console.error(
      `generated code is out of date; run \`pnpm gen\` and commit:\n  ${stale.join("\n  ")}`,
    );
    process.exit(1);
  }
  console.log("generated code is up to date");
}
