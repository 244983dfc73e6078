import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Document, isMap, isScalar, parseAllDocuments, type Scalar, type YAMLMap } from "yaml";
import { RuntimeLocalError } from "./errors.js";

/** The `kind` of a module.yaml document that names where functions are served. */
export const HTTP_ENDPOINT_KIND = "io.statefun.endpoints.v2/http";
/** The `kind`s of the documents that hold a Kafka address. */
export const KAFKA_KINDS: readonly string[] = [
  "io.statefun.kafka.v1/ingress",
  "io.statefun.kafka.v1/egress",
];

/** What {@link rewriteModuleYaml} and {@link writeLocalModule} replace. */
export interface LocalModuleOptions {
  /**
   * The local URL of each endpoint: either keyed by the endpoint's `spec.functions`
   * (`{ "example/*": "http://127.0.0.1:8000/statefun" }`; every endpoint must be listed), or a
   * function from the endpoint's current `urlPathTemplate` (and its `functions`) to the new one.
   */
  readonly endpoints:
    | Readonly<Record<string, string>>
    | ((urlPathTemplate: string, functions: string) => string);
  /** The broker every Kafka ingress and egress uses, such as `127.0.0.1:9092`. */
  readonly kafkaAddress?: string;
  /**
   * When given, each endpoint's `spec.transport.call` timeout (such as `"5s"`); left as written
   * otherwise.
   */
  readonly transportCall?: string;
}

/** The local copy written by {@link writeLocalModule}. */
export interface LocalModule {
  /** The folder holding `module.yaml`: put it first on the runtime's classpath. */
  readonly moduleDir: string;
  /** The `module.yaml` written. */
  readonly moduleYaml: string;
  /** Its text. */
  readonly text: string;
}

/**
 * Writes `<targetDir>/module.yaml`: a copy of `sourceModuleYaml` with only the addresses
 * replaced (see {@link rewriteModuleYaml}). StateFun 3.3.0 reads module.yaml literally, without
 * placeholders, so a local run points a copy at local addresses instead.
 *
 * @example
 * const module = writeLocalModule("module.yaml", ".local/module", {
 *   endpoints: { "example/*": "http://127.0.0.1:8000/statefun" },
 *   kafkaAddress: kafka.bootstrapServers,
 * });
 * await startStateFun({ moduleDir: module.moduleDir });
 */
export function writeLocalModule(
  sourceModuleYaml: string,
  targetDir: string,
  options: LocalModuleOptions,
): LocalModule {
  const source = resolve(sourceModuleYaml);
  let original: string;
  try {
    original = readFileSync(source, "utf8");
  } catch (error) {
    throw new RuntimeLocalError(
      `cannot read the module file ${source}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const text = rewriteModuleYaml(original, options, source);
  const moduleDir = resolve(targetDir);
  mkdirSync(moduleDir, { recursive: true });
  const moduleYaml = join(moduleDir, "module.yaml");
  writeFileSync(moduleYaml, text);
  return { moduleDir, moduleYaml, text };
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** What must hold in the result: `path` of document `index` reads `value`. */
interface Expectation {
  readonly index: number;
  readonly path: readonly string[];
  readonly value: string;
}

/**
 * Replaces, in the text of a module.yaml (a stream of `---`-separated documents), each HTTP
 * endpoint's `spec.urlPathTemplate`, each Kafka ingress's and egress's `spec.address`, and, only
 * when `transportCall` is given, each endpoint's `spec.transport.call`. Everything else (comments,
 * order, quoting, the other values) stays byte for byte: the values are replaced in place in the
 * source text, not re-serialized.
 *
 * Throws {@link RuntimeLocalError} for a file that is not valid YAML, an endpoint without a
 * local URL, a Kafka document when no `kafkaAddress` is given, or an `endpoints` key that names
 * no endpoint (a typo would otherwise leave a remote address in place).
 */
export function rewriteModuleYaml(
  text: string,
  options: LocalModuleOptions,
  sourceName = "module.yaml",
): string {
  const documents = parseStream(text, sourceName);
  const edits: Edit[] = [];
  const expectations: Expectation[] = [];
  const usedEndpointKeys = new Set<string>();

  documents.forEach((document, index) => {
    const kind = document.get("kind");
    const where = `${sourceName}, document ${index + 1} (${String(kind)})`;
    if (kind === HTTP_ENDPOINT_KIND) {
      const functions = document.getIn(["spec", "functions"]);
      const url = scalarAt(document, ["spec", "urlPathTemplate"], where);
      const current = String(url.value);
      let next: string | undefined;
      if (typeof options.endpoints === "function") {
        next = options.endpoints(current, String(functions));
      } else {
        const key = String(functions);
        next = Object.hasOwn(options.endpoints, key) ? options.endpoints[key] : undefined;
        if (next === undefined) {
          throw new RuntimeLocalError(
            `${where}: no local URL for the endpoint of functions '${key}' (now ${current}); ` +
              `add endpoints['${key}']`,
          );
        }
        usedEndpointKeys.add(key);
      }
      edits.push(replaceScalar(url, next));
      expectations.push({ index, path: ["spec", "urlPathTemplate"], value: next });
      if (options.transportCall !== undefined) {
        edits.push(setTransportCall(text, document, options.transportCall, where));
        expectations.push({
          index,
          path: ["spec", "transport", "call"],
          value: options.transportCall,
        });
      }
    } else if (typeof kind === "string" && KAFKA_KINDS.includes(kind)) {
      if (options.kafkaAddress === undefined) {
        throw new RuntimeLocalError(`${where} uses Kafka: pass kafkaAddress`);
      }
      const address = scalarAt(document, ["spec", "address"], where);
      edits.push(replaceScalar(address, options.kafkaAddress));
      expectations.push({ index, path: ["spec", "address"], value: options.kafkaAddress });
    }
  });

  if (typeof options.endpoints !== "function") {
    const unused = Object.keys(options.endpoints).filter((key) => !usedEndpointKeys.has(key));
    if (unused.length > 0) {
      throw new RuntimeLocalError(
        `${sourceName} has no HTTP endpoint for functions ${unused.map((key) => `'${key}'`).join(", ")}`,
      );
    }
  }

  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }

  // The edits are textual: check that the result says what was meant.
  const rewritten = parseStream(result, `${sourceName} (local copy)`);
  for (const { index, path, value } of expectations) {
    const actual = rewritten[index]?.getIn(path);
    if (actual !== value) {
      throw new RuntimeLocalError(
        `rewriting ${sourceName} failed: document ${index + 1} ${path.join(".")} reads ` +
          `${JSON.stringify(actual)} instead of ${JSON.stringify(value)}`,
      );
    }
  }
  return result;
}

function parseStream(text: string, sourceName: string): Document[] {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return [];
  for (const document of documents) {
    const error = document.errors[0];
    if (error !== undefined) {
      throw new RuntimeLocalError(`${sourceName} is not valid YAML: ${error.message}`);
    }
  }
  return documents;
}

function scalarAt(document: Document, path: readonly string[], where: string): Scalar {
  const node = document.getIn(path, true);
  if (!isScalar(node) || node.range == null || typeof node.value !== "string") {
    throw new RuntimeLocalError(`${where}: ${path.join(".")} must be a string`);
  }
  return node;
}

/** Replaces a scalar's source text, keeping its quoting style when the new value allows it. */
function replaceScalar(node: Scalar, value: string): Edit {
  const [start, end] = node.range!;
  return { start, end, text: formatScalar(value, node.type) };
}

function formatScalar(value: string, type: Scalar["type"]): string {
  if (type === "QUOTE_SINGLE") return `'${value.replaceAll("'", "''")}'`;
  if (type === "QUOTE_DOUBLE") return JSON.stringify(value);
  // A plain scalar stays plain if it reads back as the same string.
  const [document] = parseAllDocuments(`x: ${value}\n`) as Document[];
  const readBack = document?.errors.length === 0 ? document.getIn(["x"]) : undefined;
  return readBack === value && !value.includes("#") ? value : JSON.stringify(value);
}

/** Replaces `spec.transport.call`, or inserts it (and `transport`) where missing. */
function setTransportCall(text: string, document: Document, call: string, where: string): Edit {
  const spec = document.get("spec", true);
  if (!isMap(spec)) throw new RuntimeLocalError(`${where}: spec must be a mapping`);
  const transport = spec.get("transport", true);
  if (transport === undefined) {
    const indent = blockIndent(text, spec, where);
    return insertLines(text, spec.range![1], [
      `${indent}transport:`,
      `${indent}  type: io.statefun.transports.v1/async`,
      `${indent}  call: ${formatScalar(call, "PLAIN")}`,
    ]);
  }
  if (!isMap(transport)) throw new RuntimeLocalError(`${where}: spec.transport must be a mapping`);
  const current = transport.get("call", true);
  if (current !== undefined) {
    if (!isScalar(current))
      throw new RuntimeLocalError(`${where}: spec.transport.call must be a duration`);
    return replaceScalar(current, call);
  }
  const indent = blockIndent(text, transport, where);
  return insertLines(text, transport.range![1], [`${indent}call: ${formatScalar(call, "PLAIN")}`]);
}

/** The indentation of a block mapping's keys; flow mappings (`{ ... }`) are not edited. */
function blockIndent(text: string, map: YAMLMap, where: string): string {
  const first = map.items[0]?.key;
  if (map.flow === true || !isScalar(first) || first.range == null) {
    throw new RuntimeLocalError(`${where}: cannot add transport.call to a flow or empty mapping`);
  }
  const start = first.range[0];
  return " ".repeat(start - (text.lastIndexOf("\n", start - 1) + 1));
}

/** Inserts whole lines at the end of a mapping, whether or not `at` is at a line start. */
function insertLines(text: string, at: number, lines: readonly string[]): Edit {
  const atLineStart = at === 0 || text[at - 1] === "\n";
  const inserted = atLineStart ? `${lines.join("\n")}\n` : `\n${lines.join("\n")}`;
  return { start: at, end: at, text: inserted };
}
