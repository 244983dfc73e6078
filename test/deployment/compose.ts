/**
 * docker-compose.yml read into one shape: compose accepts several spellings of
 * the same thing (environment as a map or a list, depends_on as a list or a
 * map, build as a string or an object); the checks see only one.
 */
import { parse } from "yaml";

/** A compose service, normalised. Absent settings are empty, not missing. */
export interface ComposeService {
  readonly name: string;
  readonly image: string | undefined;
  /** Paths as written, relative to the compose file. */
  readonly build: { readonly context: string; readonly dockerfile: string } | undefined;
  readonly environment: Readonly<Record<string, string>>;
  /** Dependency name to its condition (`service_started` for the short list form). */
  readonly dependsOn: Readonly<Record<string, string>>;
  /** The health check's test, or undefined when the service defines none (or disables it). */
  readonly healthcheck: readonly string[] | undefined;
  readonly ports: readonly string[];
  readonly expose: readonly string[];
  readonly command: readonly string[];
  readonly entrypoint: readonly string[];
  readonly restart: string | undefined;
  readonly volumes: readonly string[];
  readonly watch: readonly { readonly action: string; readonly path: string }[];
}

/** The parts of a compose file the deployment checks read. */
export interface Compose {
  readonly services: Readonly<Record<string, ComposeService>>;
}

/** True for a plain YAML mapping. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function scalar(value: unknown, where: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`${where}: expected a string or number, got ${JSON.stringify(value)}`);
}

function optionalScalar(value: unknown, where: string): string | undefined {
  return value === undefined || value === null ? undefined : scalar(value, where);
}

function list(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) throw new Error(`${where}: expected a list`);
  return value.map((item, index) => scalar(item, `${where}[${index}]`));
}

function environment(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value)) {
    const entries = value.map((item, index): [string, string] => {
      const text = scalar(item, `${where}[${index}]`);
      const equals = text.indexOf("=");
      return equals < 0 ? [text, ""] : [text.slice(0, equals), text.slice(equals + 1)];
    });
    return Object.fromEntries(entries);
  }
  if (!isRecord(value)) throw new Error(`${where}: expected a map or a list`);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      optionalScalar(item, `${where}.${key}`) ?? "",
    ]),
  );
}

function dependsOn(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(list(value, where).map((name) => [name, "service_started"]));
  }
  if (!isRecord(value)) throw new Error(`${where}: expected a map or a list`);
  return Object.fromEntries(
    Object.entries(value).map(([name, spec]) => {
      const condition = isRecord(spec) ? spec["condition"] : undefined;
      return [name, optionalScalar(condition, `${where}.${name}.condition`) ?? "service_started"];
    }),
  );
}

function build(value: unknown, where: string): ComposeService["build"] {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return { context: value, dockerfile: "Dockerfile" };
  if (!isRecord(value)) throw new Error(`${where}: expected a path or a map`);
  return {
    context: optionalScalar(value["context"], `${where}.context`) ?? ".",
    dockerfile: optionalScalar(value["dockerfile"], `${where}.dockerfile`) ?? "Dockerfile",
  };
}

function healthcheck(value: unknown, where: string): string[] | undefined {
  if (!isRecord(value) || value["disable"] === true) return undefined;
  const test = list(value["test"], `${where}.test`);
  return test.length === 0 || test[0] === "NONE" ? undefined : test;
}

function watch(value: unknown, where: string): ComposeService["watch"] {
  const rules = isRecord(value) ? value["watch"] : undefined;
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) throw new Error(`${where}.watch: expected a list`);
  return rules.map((rule, index) => {
    if (!isRecord(rule)) throw new Error(`${where}.watch[${index}]: expected a map`);
    return {
      action: scalar(rule["action"], `${where}.watch[${index}].action`),
      path: scalar(rule["path"], `${where}.watch[${index}].path`),
    };
  });
}

/** Normalises an already parsed compose document. Throws on a shape compose would reject. */
export function normalizeCompose(document: unknown): Compose {
  if (!isRecord(document) || !isRecord(document["services"])) {
    throw new Error("docker-compose.yml: expected a top-level `services:` map");
  }
  const services: Record<string, ComposeService> = {};
  for (const [name, raw] of Object.entries(document["services"])) {
    const where = `services.${name}`;
    if (!isRecord(raw)) throw new Error(`${where}: expected a map`);
    services[name] = {
      name,
      image: optionalScalar(raw["image"], `${where}.image`),
      build: build(raw["build"], `${where}.build`),
      environment: environment(raw["environment"], `${where}.environment`),
      dependsOn: dependsOn(raw["depends_on"], `${where}.depends_on`),
      healthcheck: healthcheck(raw["healthcheck"], `${where}.healthcheck`),
      ports: list(raw["ports"], `${where}.ports`),
      expose: list(raw["expose"], `${where}.expose`),
      command: list(raw["command"], `${where}.command`),
      entrypoint: list(raw["entrypoint"], `${where}.entrypoint`),
      restart: optionalScalar(raw["restart"], `${where}.restart`),
      volumes: list(raw["volumes"], `${where}.volumes`),
      watch: watch(raw["develop"], `${where}.develop`),
    };
  }
  return { services };
}

/** Parses and normalises the text of a compose file. */
export function readCompose(text: string): Compose {
  return normalizeCompose(parse(text));
}

/** A Kafka listener (`NAME://host:port`); an empty host means "every interface". */
export interface Listener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** Reads a Kafka listener list such as `INTERNAL://:9092,EXTERNAL://localhost:9094`. */
export function parseListeners(value: string | undefined): Listener[] {
  if (value === undefined || value.trim() === "") return [];
  return value.split(",").map((entry) => {
    const match = /^([A-Za-z0-9_]+):\/\/([^:]*):(\d+)$/.exec(entry.trim());
    if (!match) throw new Error(`not a Kafka listener (NAME://host:port): ${entry}`);
    return { name: match[1] ?? "", host: match[2] ?? "", port: Number(match[3]) };
  });
}
