/**
 * Checks that the deployment files fit together. Each returns the problems it
 * found, as sentences a person can act on; an empty list means "fits". They
 * take plain values (and a file-exists function), so tests can feed them broken
 * inputs as well as the real files.
 */
import type { Compose, ComposeService } from "./compose.js";
import { parseListeners } from "./compose.js";
import type { Instruction } from "./dockerfile.js";
import { commandWords, parseCopy, stagesOf } from "./dockerfile.js";
import type { HttpEndpoint, KafkaEgress } from "./module.js";

/** Kafka's default `transaction.max.timeout.ms` (15 min). */
export const KAFKA_DEFAULT_TRANSACTION_MAX_TIMEOUT_MS = 900_000;

const DURATION_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1_000,
  sec: 1_000,
  secs: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/**
 * Reads a Flink duration (`10s`, `5min`, `2 m`, `1500`: no unit means
 * milliseconds) into milliseconds. Throws on anything else.
 */
export function parseDuration(value: string): number {
  const match = /^(\d+)\s*([a-zA-Z]*)$/.exec(value.trim());
  const factor = match ? DURATION_UNITS[(match[2] ?? "").toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new Error(`not a duration: ${JSON.stringify(value)} (write e.g. 10s, 5min, 1h)`);
  }
  return Number(match[1]) * factor;
}

/** Why an image reference is not pinned to an exact version, or undefined when it is. */
export function imagePinProblem(image: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const slash = image.lastIndexOf("/");
  const colon = image.indexOf(":", slash + 1);
  if (colon < 0) return `${image} has no tag, so it means :latest: pin an exact version`;
  const tag = image.slice(colon + 1);
  if (tag === "latest") return `${image} uses :latest: pin an exact version`;
  if (!/^v?\d+\.\d+\.\d+([-_.].*)?$/.test(tag)) {
    return `${image} has the moving tag :${tag}: pin a full major.minor.patch version`;
  }
  return undefined;
}

/** Every compose `image:` and every Dockerfile base image must be pinned. */
export function checkImagesPinned(
  compose: Compose,
  dockerfiles: Readonly<Record<string, readonly Instruction[]>>,
): string[] {
  const problems: string[] = [];
  for (const service of Object.values(compose.services)) {
    // A built service's image: is the name it is tagged with, not something pulled.
    if (service.image === undefined || service.build !== undefined) continue;
    const problem = imagePinProblem(service.image);
    if (problem) problems.push(`docker-compose.yml service ${service.name}: ${problem}`);
  }
  for (const [file, instructions] of Object.entries(dockerfiles)) {
    const stageNames = new Set<string>();
    for (const stage of stagesOf(instructions)) {
      if (!stageNames.has(stage.from)) {
        const problem = imagePinProblem(stage.from);
        if (problem) problems.push(`${file} FROM: ${problem}`);
      }
      if (stage.name !== undefined) stageNames.add(stage.name);
    }
  }
  return problems;
}

/** Every `build:` must point at a context and a Dockerfile that exist. */
export function checkBuilds(compose: Compose, exists: (path: string) => boolean): string[] {
  const problems: string[] = [];
  for (const service of Object.values(compose.services)) {
    if (service.build === undefined) continue;
    const { context, dockerfile } = service.build;
    if (!exists(context)) {
      problems.push(`service ${service.name}: build context ${context} does not exist`);
      continue;
    }
    // Compose resolves `dockerfile:` against the context.
    const path = joinPath(context, dockerfile);
    if (!exists(path)) {
      problems.push(`service ${service.name}: Dockerfile ${path} does not exist`);
    }
  }
  return problems;
}

/** Joins repository-relative paths, dropping `.` segments. */
export function joinPath(...parts: string[]): string {
  const segments = parts
    .join("/")
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".");
  return segments.length === 0 ? "." : segments.join("/");
}

/**
 * Every dependency a service waits for before it starts, with the strongest
 * condition: its own `depends_on` plus, since compose starts a dependency only
 * once that dependency's own conditions hold, everything its dependencies wait for.
 */
export function effectiveDependencies(compose: Compose, name: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const visit = (current: string, seen: Set<string>): void => {
    const service = compose.services[current];
    if (service === undefined || seen.has(current)) return;
    seen.add(current);
    for (const [dependency, condition] of Object.entries(service.dependsOn)) {
      const conditions = found.get(dependency) ?? new Set<string>();
      conditions.add(condition);
      found.set(dependency, conditions);
      visit(dependency, seen);
    }
  };
  visit(name, new Set());
  return found;
}

/**
 * Checks the start order: `required[service][dependency]` is the condition the
 * service must wait for (directly or through another dependency). Also: every
 * `service_healthy` target has a health check, every
 * `service_completed_successfully` target is a one-shot, and nobody sleeps.
 */
export function checkStartOrder(
  compose: Compose,
  required: Readonly<Record<string, Readonly<Record<string, string>>>>,
  hasHealthcheck: (service: ComposeService) => boolean,
): string[] {
  const problems: string[] = [];
  for (const [name, dependencies] of Object.entries(required)) {
    if (compose.services[name] === undefined) {
      problems.push(`docker-compose.yml has no service ${name}`);
      continue;
    }
    const effective = effectiveDependencies(compose, name);
    for (const [dependency, condition] of Object.entries(dependencies)) {
      const conditions = effective.get(dependency);
      const satisfied =
        conditions !== undefined && (condition === "service_started" || conditions.has(condition));
      if (!satisfied) {
        problems.push(
          `${name} must start after ${dependency} (condition: ${condition}); add it to ` +
            `${name}'s depends_on or to a service ${name} already depends on`,
        );
      }
    }
  }
  for (const service of Object.values(compose.services)) {
    for (const [dependency, condition] of Object.entries(service.dependsOn)) {
      const target = compose.services[dependency];
      if (target === undefined) {
        problems.push(`${service.name} depends on ${dependency}, which is not a service`);
      } else if (condition === "service_healthy" && !hasHealthcheck(target)) {
        problems.push(
          `${service.name} waits for ${dependency} to be healthy, but ${dependency} has no ` +
            `health check (compose healthcheck: or Dockerfile HEALTHCHECK), so it never will be`,
        );
      } else if (
        condition === "service_completed_successfully" &&
        (target.restart === "always" || target.restart === "unless-stopped")
      ) {
        problems.push(
          `${service.name} waits for ${dependency} to exit, but ${dependency} has ` +
            `restart: ${target.restart}; a one-shot service must not restart`,
        );
      }
    }
    if (/\bsleep\b/.test([...service.entrypoint, ...service.command].join(" "))) {
      problems.push(
        `${service.name} sleeps in its command: order services with depends_on conditions`,
      );
    }
  }
  return problems;
}

/** Splits `host:port`; throws when it is not that. */
export function hostPort(address: string): { host: string; port: number } {
  const match = /^([^:/]+):(\d+)$/.exec(address);
  if (!match) throw new Error(`not host:port: ${address}`);
  return { host: match[1] ?? "", port: Number(match[2]) };
}

/**
 * The endpoint URL must name a compose service and the port that service
 * listens on (`listeningPort`, e.g. from its PORT setting).
 */
export function checkEndpoint(
  endpoint: HttpEndpoint,
  compose: Compose,
  listeningPort: (service: ComposeService) => number | undefined,
): string[] {
  let url: URL;
  try {
    url = new URL(endpoint.urlPathTemplate.replaceAll("{function.name}", "name"));
  } catch {
    return [`endpoint urlPathTemplate ${endpoint.urlPathTemplate} is not a URL`];
  }
  const service = compose.services[url.hostname];
  if (service === undefined) {
    return [
      `endpoint ${endpoint.urlPathTemplate} names host ${url.hostname}, which is not a ` +
        `service in docker-compose.yml (services: ${Object.keys(compose.services).join(", ")})`,
    ];
  }
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  const listening = listeningPort(service);
  if (listening !== port) {
    return [
      `endpoint ${endpoint.urlPathTemplate} calls port ${port}, but service ${service.name} ` +
        `listens on ${listening ?? "no known port"}`,
    ];
  }
  return [];
}

/**
 * A Kafka `address` in module.yaml must be a compose service that advertises
 * exactly that host:port on a listener it also binds.
 */
export function checkKafkaAddress(address: string, compose: Compose): string[] {
  const { host, port } = hostPort(address);
  const service = compose.services[host];
  if (service === undefined) {
    return [`Kafka address ${address}: ${host} is not a service in docker-compose.yml`];
  }
  const advertised = parseListeners(service.environment["KAFKA_ADVERTISED_LISTENERS"]);
  const match = advertised.find((listener) => listener.host === host && listener.port === port);
  if (match === undefined) {
    return [
      `Kafka address ${address}: service ${host} does not advertise it ` +
        `(KAFKA_ADVERTISED_LISTENERS=${service.environment["KAFKA_ADVERTISED_LISTENERS"] ?? ""}); ` +
        `clients would bootstrap and then be sent somewhere else`,
    ];
  }
  const bound = parseListeners(service.environment["KAFKA_LISTENERS"]);
  if (!bound.some((listener) => listener.name === match.name && listener.port === port)) {
    return [
      `Kafka address ${address}: listener ${match.name} is advertised on ${port} but ` +
        `KAFKA_LISTENERS does not bind it there`,
    ];
  }
  return [];
}

/**
 * A single-node KRaft broker: internal topics (offsets, transaction state) must
 * ask for one replica, and the controller quorum must be this node.
 */
export function checkSingleNodeKafka(kafka: ComposeService): string[] {
  const env = kafka.environment;
  const problems: string[] = [];
  for (const key of [
    "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
  ]) {
    if (env[key] !== "1") {
      problems.push(
        `${kafka.name}: ${key} is ${env[key] ?? "unset (Kafka's default needs 2-3 brokers)"}; ` +
          `a single broker needs 1, or transactions (exactly-once) and consumer groups never start`,
      );
    }
  }
  const roles = (env["KAFKA_PROCESS_ROLES"] ?? "").split(",").map((role) => role.trim());
  if (!roles.includes("broker") || !roles.includes("controller")) {
    problems.push(
      `${kafka.name}: KAFKA_PROCESS_ROLES must be broker,controller for one KRaft node`,
    );
  }
  const controllerNames = (env["KAFKA_CONTROLLER_LISTENER_NAMES"] ?? "").split(",");
  const controllerPorts = parseListeners(env["KAFKA_LISTENERS"])
    .filter((listener) => controllerNames.includes(listener.name))
    .map((listener) => listener.port);
  const voters = (env["KAFKA_CONTROLLER_QUORUM_VOTERS"] ?? "").split(",");
  const self = voters.find((voter) => voter.startsWith(`${env["KAFKA_NODE_ID"]}@`));
  const selfPort = self === undefined ? undefined : Number(self.split(":").at(-1));
  if (selfPort === undefined || !controllerPorts.includes(selfPort)) {
    problems.push(
      `${kafka.name}: KAFKA_CONTROLLER_QUORUM_VOTERS (${env["KAFKA_CONTROLLER_QUORUM_VOTERS"]}) ` +
        `must list node ${env["KAFKA_NODE_ID"]} on a port of a KAFKA_CONTROLLER_LISTENER_NAMES listener`,
    );
  }
  return problems;
}

/** The egress's transaction timeout in ms, or a problem saying why it cannot be read. */
export function transactionTimeoutMs(egress: KafkaEgress): number | string {
  const { transactionTimeout, transactionTimeoutMillis } = egress;
  if (transactionTimeout !== undefined && transactionTimeoutMillis !== undefined) {
    return `egress ${egress.id}: set transactionTimeout or transactionTimeoutMillis, not both`;
  }
  if (transactionTimeoutMillis !== undefined) {
    if (typeof transactionTimeoutMillis !== "number") {
      return (
        `egress ${egress.id}: transactionTimeoutMillis is ${JSON.stringify(transactionTimeoutMillis)}, ` +
        `which StateFun reads as 0; write a plain number of milliseconds, or use ` +
        `transactionTimeout: 5min`
      );
    }
    if (!Number.isInteger(transactionTimeoutMillis) || transactionTimeoutMillis <= 0) {
      return `egress ${egress.id}: transactionTimeoutMillis must be a positive whole number`;
    }
    return transactionTimeoutMillis;
  }
  if (transactionTimeout === undefined) {
    return `egress ${egress.id}: exactly-once needs transactionTimeout (e.g. 5min)`;
  }
  try {
    const ms = parseDuration(String(transactionTimeout));
    return ms > 0 ? ms : `egress ${egress.id}: transactionTimeout must be above zero`;
  } catch (error) {
    return `egress ${egress.id}: transactionTimeout: ${(error as Error).message}`;
  }
}

/**
 * The egress must be exactly-once with a readable transaction timeout that the
 * broker accepts (at most its transaction.max.timeout.ms) and that outlasts a
 * checkpoint interval (transactions commit on checkpoints).
 */
export function checkExactlyOnceEgress(
  egress: KafkaEgress,
  kafka: ComposeService,
  checkpointIntervalMs: number | undefined,
): string[] {
  if (egress.deliverySemantic !== "exactly-once") {
    return [
      `egress ${egress.id}: deliverySemantic.type is ${egress.deliverySemantic ?? "unset (at-least-once)"}; ` +
        `the walkthrough promises exactly-once`,
    ];
  }
  const timeout = transactionTimeoutMs(egress);
  if (typeof timeout === "string") return [timeout];
  const override = kafka.environment["KAFKA_TRANSACTION_MAX_TIMEOUT_MS"];
  const max = override === undefined ? KAFKA_DEFAULT_TRANSACTION_MAX_TIMEOUT_MS : Number(override);
  const problems: string[] = [];
  if (timeout > max) {
    problems.push(
      `egress ${egress.id}: transaction timeout ${timeout} ms exceeds the broker's ` +
        `transaction.max.timeout.ms (${max} ms), so Kafka rejects the producer; lower it or set ` +
        `KAFKA_TRANSACTION_MAX_TIMEOUT_MS on ${kafka.name}`,
    );
  }
  if (checkpointIntervalMs !== undefined && checkpointIntervalMs >= timeout) {
    problems.push(
      `egress ${egress.id}: transaction timeout ${timeout} ms is not longer than the ` +
        `checkpoint interval (${checkpointIntervalMs} ms); transactions would expire before commit`,
    );
  }
  return problems;
}

/**
 * The one-shot topic service must create each topic with --if-not-exists,
 * against the broker's internal address.
 */
export function checkTopicsCreated(
  service: ComposeService,
  topics: readonly string[],
  bootstrap: string,
): string[] {
  const script = [...service.entrypoint, ...service.command].join("\n");
  const creates = script.split("\n").filter((line) => /kafka-topics(\.sh)?\s.*--create/.test(line));
  const problems: string[] = [];
  const created = new Set<string>();
  for (const line of creates) {
    const topic = /--topic[ =](\S+)/.exec(line)?.[1];
    if (topic !== undefined) created.add(topic);
    if (!line.includes("--if-not-exists")) {
      problems.push(
        `${service.name}: creating ${topic ?? "a topic"} without --if-not-exists fails on the ` +
          `second \`docker compose up\``,
      );
    }
    const server = /--bootstrap-server[ =](\S+)/.exec(line)?.[1];
    if (server !== bootstrap) {
      problems.push(
        `${service.name}: creates ${topic ?? "a topic"} on ${server ?? "no --bootstrap-server"}, ` +
          `not on ${bootstrap}`,
      );
    }
  }
  for (const topic of topics) {
    if (!created.has(topic)) {
      problems.push(
        `${service.name} does not create topic ${topic} (it creates: ${[...created].join(", ") || "none"})`,
      );
    }
  }
  return problems;
}

/**
 * The `key: value` lines a Dockerfile appends to Flink's flink-conf.yaml (in
 * `RUN printf ... 'key: value' ... >> .../flink-conf.yaml`).
 */
export function flinkConfAppends(instructions: readonly Instruction[]): {
  settings: Record<string, string>;
  problems: string[];
} {
  const runs = instructions.filter(
    (instruction) => instruction.keyword === "RUN" && instruction.args.includes("flink-conf.yaml"),
  );
  const settings: Record<string, string> = {};
  const problems: string[] = [];
  if (runs.length === 0) {
    problems.push("no RUN appends to $FLINK_HOME/conf/flink-conf.yaml");
  }
  for (const run of runs) {
    if (!/>>\s*"?\$\{?FLINK_HOME\}?\/conf\/flink-conf\.yaml/.test(run.args)) {
      problems.push(
        `line ${run.line}: write to "$FLINK_HOME/conf/flink-conf.yaml" with >> (append); ` +
          `replacing it drops the settings StateFun needs`,
      );
    }
    for (const match of run.args.matchAll(/'([A-Za-z0-9_.-]+):\s*([^']*)'/g)) {
      settings[match[1] ?? ""] = (match[2] ?? "").trim();
    }
  }
  return { settings, problems };
}

/** Checkpointing must be on (an interval) and exactly-once; returns the interval too. */
export function checkCheckpointing(settings: Readonly<Record<string, string>>): {
  intervalMs: number | undefined;
  problems: string[];
} {
  const interval = settings["execution.checkpointing.interval"];
  if (interval === undefined) {
    return {
      intervalMs: undefined,
      problems: [
        "checkpointing is off (no execution.checkpointing.interval): exactly-once egress " +
          "would silently deliver nothing reliable",
      ],
    };
  }
  const problems: string[] = [];
  let intervalMs: number | undefined;
  try {
    intervalMs = parseDuration(interval);
    if (intervalMs <= 0) problems.push("execution.checkpointing.interval must be above zero");
  } catch (error) {
    problems.push(`execution.checkpointing.interval: ${(error as Error).message}`);
  }
  const mode = settings["execution.checkpointing.mode"];
  if (mode !== undefined && mode !== "EXACTLY_ONCE") {
    problems.push(
      `execution.checkpointing.mode is ${mode}; exactly-once egress needs EXACTLY_ONCE`,
    );
  }
  return { intervalMs, problems };
}

/** Turns .dockerignore into a predicate on context-relative paths (last match wins, `!` re-includes). */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const include = line.startsWith("!");
      const pattern = joinPath(include ? line.slice(1) : line);
      const source = pattern
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) => {
          if (part === "**/") return "(?:.*/)?";
          if (part === "**") return ".*";
          if (part === "*") return "[^/]*";
          if (part === "?") return "[^/]";
          return part.replace(/[.+^${}()|[\]\\]/g, "\\$&");
        })
        .join("");
      // A pattern that matches a directory excludes everything beneath it.
      return { include, regex: new RegExp(`^${source}(?:/.*)?$`) };
    });
  return (path) => {
    const target = joinPath(path);
    let ignored = false;
    for (const rule of rules) {
      if (rule.regex.test(target)) ignored = !rule.include;
    }
    return ignored;
  };
}

/**
 * Every COPY/ADD source taken from the build context must exist there and not
 * be excluded by .dockerignore.
 */
export function checkCopySources(
  file: string,
  instructions: readonly Instruction[],
  exists: (path: string) => boolean,
  ignored: (path: string) => boolean,
): string[] {
  const problems: string[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword !== "COPY" && instruction.keyword !== "ADD") continue;
    const copy = parseCopy(instruction.args);
    if (copy.from !== undefined) continue;
    for (const source of copy.sources) {
      const path = joinPath(source);
      if (path === ".") continue;
      if (!exists(path)) {
        problems.push(
          `${file} line ${instruction.line}: COPY source ${source} is not in the repository`,
        );
      } else if (ignored(path)) {
        problems.push(
          `${file} line ${instruction.line}: COPY source ${source} is excluded by .dockerignore`,
        );
      }
    }
  }
  return problems;
}

/** What a Node service's Dockerfile must agree with. */
export interface NodeImageExpectations {
  /** The workspace package, e.g. `@statefun-ts/greeter`. */
  readonly packageName: string;
  /** Its folder, e.g. `greeter`. */
  readonly packageDir: string;
  /** The root package.json's pinned pnpm version. */
  readonly pnpmVersion: string;
  /** The package's `start` script, which CMD must run. */
  readonly startScript: string;
  /** True when pnpm-workspace.yaml sets injectWorkspacePackages (then deploy needs no --legacy). */
  readonly injectsWorkspacePackages: boolean;
}

/**
 * A Node service image: multi-stage, the pinned pnpm, a production-only
 * `pnpm deploy` of the right package, a non-root user, and CMD = the start script.
 */
export function checkNodeDockerfile(
  file: string,
  instructions: readonly Instruction[],
  expected: NodeImageExpectations,
  exists: (path: string) => boolean,
): string[] {
  const problems: string[] = [];
  const stages = stagesOf(instructions);
  const final = stages.at(-1);
  if (stages.length < 2 || final === undefined) {
    return [`${file}: use a build stage and a runtime stage (multi-stage), found ${stages.length}`];
  }
  const runs = instructions.filter((instruction) => instruction.keyword === "RUN");
  const runText = runs.map((run) => run.args).join("\n");
  const pnpmPins = [...runText.matchAll(/pnpm@(\S+)/g)].map((match) => match[1]);
  if (pnpmPins.length === 0 || pnpmPins.some((version) => version !== expected.pnpmVersion)) {
    problems.push(
      `${file}: install pnpm@${expected.pnpmVersion} (the root packageManager), found ` +
        `${pnpmPins.map((version) => `pnpm@${version}`).join(", ") || "no pinned pnpm"}`,
    );
  }
  const deploy = runs.find((run) => /\bpnpm\b.*\bdeploy\b/.test(run.args));
  if (deploy === undefined) {
    problems.push(`${file}: no \`pnpm deploy\` step cuts a production bundle`);
  } else {
    const words = commandWords(deploy.args);
    if (!words.includes("--prod") && !words.includes("-P")) {
      problems.push(`${file} line ${deploy.line}: pnpm deploy needs --prod (no devDependencies)`);
    }
    const filter = words.findIndex((word) => word === "--filter" || word === "-F");
    const target = filter >= 0 ? words[filter + 1] : /--filter=(\S+)/.exec(deploy.args)?.[1];
    if (target !== expected.packageName) {
      problems.push(
        `${file} line ${deploy.line}: pnpm deploy must --filter ${expected.packageName}, ` +
          `found ${target ?? "no filter"}`,
      );
    }
    if (!expected.injectsWorkspacePackages && !words.includes("--legacy")) {
      problems.push(
        `${file} line ${deploy.line}: pnpm 10 refuses to deploy without --legacy unless ` +
          `pnpm-workspace.yaml sets injectWorkspacePackages: true`,
      );
    }
    if (
      stages.indexOf(final) === stages.findIndex((stage) => stage.instructions.includes(deploy))
    ) {
      problems.push(`${file}: pnpm deploy runs in the final stage; run it in the build stage`);
    }
  }
  if (!new RegExp(`tsc -b ${expected.packageDir}\\b`).test(runText)) {
    problems.push(`${file}: no \`tsc -b ${expected.packageDir}\` compiles the package`);
  }
  const finalRuns = final.instructions.filter((instruction) => instruction.keyword === "RUN");
  if (finalRuns.some((run) => /\b(pnpm|npm)\s+(install|i|ci)\b/.test(run.args))) {
    problems.push(`${file}: the final stage installs packages; copy the deployed bundle instead`);
  }
  const user = final.instructions.filter((instruction) => instruction.keyword === "USER").at(-1);
  if (user === undefined || /^(root|0)(:|$)/.test(user.args)) {
    problems.push(`${file}: the final stage runs as root; add USER node`);
  }
  const cmd = final.instructions.filter((instruction) => instruction.keyword === "CMD").at(-1);
  const cmdWords = cmd === undefined ? [] : commandWords(cmd.args);
  if (cmdWords.join(" ") !== expected.startScript) {
    problems.push(
      `${file}: CMD is ${cmdWords.join(" ") || "missing"}, but the package's start script is ` +
        `${expected.startScript}`,
    );
  }
  const entry = cmdWords.find((word) => /^dist\/.+\.js$/.test(word));
  if (entry !== undefined) {
    const source = joinPath(
      expected.packageDir,
      entry.replace(/^dist\//, "src/").replace(/\.js$/, ".ts"),
    );
    if (!exists(source)) {
      problems.push(
        `${file}: CMD runs ${entry}, but ${source} (what compiles to it) does not exist`,
      );
    }
  }
  return problems;
}
