/**
 * The deployment checkers, fed broken inputs: each mistake they exist to catch
 * must produce a problem (and the fixed input none), or deployment.test.ts
 * could pass on files that do not fit together.
 */
import { describe, expect, it } from "vitest";
import {
  checkBuilds,
  checkCheckpointing,
  checkCopySources,
  checkEndpoint,
  checkExactlyOnceEgress,
  checkImagesPinned,
  checkKafkaAddress,
  checkNodeDockerfile,
  checkSingleNodeKafka,
  checkStartOrder,
  checkTopicsCreated,
  dockerignore,
  flinkConfAppends,
  imagePinProblem,
  parseDuration,
  transactionTimeoutMs,
} from "./deployment/checks.js";
import type { Compose, ComposeService } from "./deployment/compose.js";
import { parseListeners, readCompose } from "./deployment/compose.js";
import { envOf, parseCopy, parseDockerfile, stagesOf } from "./deployment/dockerfile.js";
import type { KafkaEgress } from "./deployment/module.js";
import { readModule } from "./deployment/module.js";

function serviceOf(name: string, settings: Partial<ComposeService> = {}): ComposeService {
  return {
    name,
    image: undefined,
    build: undefined,
    environment: {},
    dependsOn: {},
    healthcheck: undefined,
    ports: [],
    expose: [],
    command: [],
    entrypoint: [],
    restart: undefined,
    volumes: [],
    watch: [],
    ...settings,
  };
}

function composeOf(services: Record<string, Partial<ComposeService>>): Compose {
  return {
    services: Object.fromEntries(
      Object.entries(services).map(([name, settings]) => [name, serviceOf(name, settings)]),
    ),
  };
}

const kafkaEnv = {
  KAFKA_NODE_ID: "1",
  KAFKA_PROCESS_ROLES: "broker,controller",
  KAFKA_LISTENERS: "INTERNAL://:9092,CONTROLLER://:9093",
  KAFKA_ADVERTISED_LISTENERS: "INTERNAL://kafka:9092",
  KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
  KAFKA_CONTROLLER_QUORUM_VOTERS: "1@kafka:9093",
  KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
  KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
  KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
};
const kafka = serviceOf("kafka", { image: "apache/kafka:3.9.1", environment: kafkaEnv });

describe("parseDuration", () => {
  it("reads Flink durations into milliseconds", () => {
    expect(parseDuration("5min")).toBe(300_000);
    expect(parseDuration("10s")).toBe(10_000);
    expect(parseDuration("2 m")).toBe(120_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("1500")).toBe(1_500);
  });

  it("rejects what is not a duration", () => {
    expect(() => parseDuration("five minutes")).toThrow(/not a duration/);
    expect(() => parseDuration("5 fortnights")).toThrow(/not a duration/);
    expect(() => parseDuration("-1s")).toThrow(/not a duration/);
  });
});

describe("imagePinProblem", () => {
  it("accepts exact versions and digests", () => {
    expect(imagePinProblem("apache/kafka:3.9.1")).toBeUndefined();
    expect(imagePinProblem("node:20.20.2-bookworm-slim")).toBeUndefined();
    expect(imagePinProblem(`node@sha256:${"a".repeat(64)}`)).toBeUndefined();
  });

  it("rejects latest, missing tags and moving tags", () => {
    expect(imagePinProblem("apache/kafka")).toMatch(/has no tag/);
    expect(imagePinProblem("localhost:5000/kafka")).toMatch(/has no tag/);
    expect(imagePinProblem("apache/kafka:latest")).toMatch(/:latest/);
    expect(imagePinProblem("node:20")).toMatch(/moving tag :20/);
    expect(imagePinProblem("node:20-bookworm-slim")).toMatch(/moving tag/);
    expect(imagePinProblem("node:20.19")).toMatch(/moving tag/);
  });

  it("checks compose images and Dockerfile bases, but not build stages or built images", () => {
    const compose = composeOf({
      kafka: { image: "apache/kafka:latest" },
      greeter: { image: "local/greeter", build: { context: ".", dockerfile: "Dockerfile" } },
    });
    const dockerfile = parseDockerfile("FROM node:20 AS build\nFROM build\nFROM node:20.20.2\n");
    expect(checkImagesPinned(compose, { "x/Dockerfile": dockerfile })).toEqual([
      "docker-compose.yml service kafka: apache/kafka:latest uses :latest: pin an exact version",
      "x/Dockerfile FROM: node:20 has the moving tag :20: pin a full major.minor.patch version",
    ]);
  });
});

describe("checkBuilds", () => {
  it("reports a missing context and a missing Dockerfile", () => {
    const compose = composeOf({
      greeter: { build: { context: ".", dockerfile: "greeter/Dockerfile" } },
      other: { build: { context: "nowhere", dockerfile: "Dockerfile" } },
    });
    const files = new Set(["."]);
    expect(checkBuilds(compose, (path) => files.has(path))).toEqual([
      "service greeter: Dockerfile greeter/Dockerfile does not exist",
      "service other: build context nowhere does not exist",
    ]);
    files.add("greeter/Dockerfile").add("nowhere").add("nowhere/Dockerfile");
    expect(checkBuilds(compose, (path) => files.has(path))).toEqual([]);
  });
});

describe("checkStartOrder", () => {
  const required = {
    "statefun-manager": { kafka: "service_healthy", topics: "service_completed_successfully" },
    "statefun-worker": { kafka: "service_healthy", "statefun-manager": "service_started" },
  };
  const healthy = (service: ComposeService) => service.healthcheck !== undefined;

  it("accepts conditions met directly or through a dependency", () => {
    const compose = composeOf({
      kafka: { healthcheck: ["CMD", "true"] },
      topics: { dependsOn: { kafka: "service_healthy" } },
      "statefun-manager": {
        dependsOn: { kafka: "service_healthy", topics: "service_completed_successfully" },
      },
      "statefun-worker": { dependsOn: { "statefun-manager": "service_started" } },
    });
    expect(checkStartOrder(compose, required, healthy)).toEqual([]);
  });

  it("reports a dependency that is only started, not healthy", () => {
    const compose = composeOf({
      kafka: { healthcheck: ["CMD", "true"] },
      topics: {},
      "statefun-manager": {
        dependsOn: { kafka: "service_started", topics: "service_completed_successfully" },
      },
      "statefun-worker": { dependsOn: { "statefun-manager": "service_started" } },
    });
    expect(checkStartOrder(compose, required, healthy)).toEqual([
      "statefun-manager must start after kafka (condition: service_healthy); add it to " +
        "statefun-manager's depends_on or to a service statefun-manager already depends on",
      "statefun-worker must start after kafka (condition: service_healthy); add it to " +
        "statefun-worker's depends_on or to a service statefun-worker already depends on",
    ]);
  });

  it("reports waiting for health that never comes, a restarting one-shot and sleeps", () => {
    const compose = composeOf({
      kafka: {},
      topics: { restart: "always", command: ["sleep 10 && kafka-topics.sh --create"] },
      "statefun-manager": {
        dependsOn: { kafka: "service_healthy", topics: "service_completed_successfully" },
      },
      "statefun-worker": { dependsOn: { "statefun-manager": "service_started", ghost: "" } },
    });
    expect(checkStartOrder(compose, required, healthy)).toEqual([
      "topics sleeps in its command: order services with depends_on conditions",
      "statefun-manager waits for kafka to be healthy, but kafka has no health check " +
        "(compose healthcheck: or Dockerfile HEALTHCHECK), so it never will be",
      "statefun-manager waits for topics to exit, but topics has restart: always; a one-shot " +
        "service must not restart",
      "statefun-worker depends on ghost, which is not a service",
    ]);
  });

  it("reports a required service that does not exist", () => {
    expect(checkStartOrder(composeOf({}), { generator: {} }, healthy)).toEqual([
      "docker-compose.yml has no service generator",
    ]);
  });
});

describe("checkEndpoint", () => {
  const port = (service: ComposeService) =>
    service.environment["PORT"] === undefined ? undefined : Number(service.environment["PORT"]);
  const compose = composeOf({ greeter: { environment: { PORT: "8000" } } });

  it("accepts the greeter's host and port", () => {
    const endpoint = { functions: "example/*", urlPathTemplate: "http://greeter:8000/statefun" };
    expect(checkEndpoint(endpoint, compose, port)).toEqual([]);
  });

  it("reports an unknown host and a wrong port", () => {
    expect(
      checkEndpoint(
        { functions: "example/*", urlPathTemplate: "http://localhost:8000/statefun" },
        compose,
        port,
      ),
    ).toEqual([
      "endpoint http://localhost:8000/statefun names host localhost, which is not a service in " +
        "docker-compose.yml (services: greeter)",
    ]);
    expect(
      checkEndpoint(
        { functions: "example/*", urlPathTemplate: "http://greeter:8080/{function.name}" },
        compose,
        port,
      ),
    ).toEqual([
      "endpoint http://greeter:8080/{function.name} calls port 8080, but service greeter " +
        "listens on 8000",
    ]);
  });
});

describe("checkKafkaAddress", () => {
  it("accepts the advertised internal listener", () => {
    expect(checkKafkaAddress("kafka:9092", composeOf({ kafka }))).toEqual([]);
  });

  it("reports an address that is not a service or not advertised", () => {
    expect(checkKafkaAddress("broker:9092", composeOf({ kafka }))).toEqual([
      "Kafka address broker:9092: broker is not a service in docker-compose.yml",
    ]);
    const hostOnly = {
      ...kafka,
      environment: { ...kafkaEnv, KAFKA_ADVERTISED_LISTENERS: "INTERNAL://localhost:9092" },
    };
    expect(checkKafkaAddress("kafka:9092", composeOf({ kafka: hostOnly }))).toEqual([
      "Kafka address kafka:9092: service kafka does not advertise it " +
        "(KAFKA_ADVERTISED_LISTENERS=INTERNAL://localhost:9092); clients would bootstrap and " +
        "then be sent somewhere else",
    ]);
  });

  it("reports an advertised listener that is not bound on that port", () => {
    const unbound = {
      ...kafka,
      environment: { ...kafkaEnv, KAFKA_LISTENERS: "INTERNAL://:29092,CONTROLLER://:9093" },
    };
    expect(checkKafkaAddress("kafka:9092", composeOf({ kafka: unbound }))).toEqual([
      "Kafka address kafka:9092: listener INTERNAL is advertised on 9092 but KAFKA_LISTENERS " +
        "does not bind it there",
    ]);
  });

  it("parses listener lists", () => {
    expect(parseListeners("INTERNAL://:9092,EXTERNAL://localhost:9094")).toEqual([
      { name: "INTERNAL", host: "", port: 9092 },
      { name: "EXTERNAL", host: "localhost", port: 9094 },
    ]);
    expect(() => parseListeners("kafka:9092")).toThrow(/not a Kafka listener/);
  });
});

describe("checkSingleNodeKafka", () => {
  it("accepts one combined KRaft node with single-replica internal topics", () => {
    expect(checkSingleNodeKafka(kafka)).toEqual([]);
  });

  it("reports the defaults that need three brokers, and a quorum that is not this node", () => {
    const { KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: _, ...rest } = kafkaEnv;
    const broken = serviceOf("kafka", {
      environment: { ...rest, KAFKA_CONTROLLER_QUORUM_VOTERS: "2@kafka:9093" },
    });
    expect(checkSingleNodeKafka(broken)).toEqual([
      "kafka: KAFKA_TRANSACTION_STATE_LOG_MIN_ISR is unset (Kafka's default needs 2-3 brokers); " +
        "a single broker needs 1, or transactions (exactly-once) and consumer groups never start",
      "kafka: KAFKA_CONTROLLER_QUORUM_VOTERS (2@kafka:9093) must list node 1 on a port of a " +
        "KAFKA_CONTROLLER_LISTENER_NAMES listener",
    ]);
  });
});

describe("the exactly-once egress", () => {
  const egressOf = (settings: Partial<KafkaEgress>): KafkaEgress => ({
    id: "example/greets",
    address: "kafka:9092",
    deliverySemantic: "exactly-once",
    transactionTimeout: undefined,
    transactionTimeoutMillis: undefined,
    ...settings,
  });

  it("reads both spellings of the transaction timeout", () => {
    expect(transactionTimeoutMs(egressOf({ transactionTimeout: "5min" }))).toBe(300_000);
    expect(transactionTimeoutMs(egressOf({ transactionTimeoutMillis: 60_000 }))).toBe(60_000);
  });

  it("reports a duration string under transactionTimeoutMillis, which StateFun reads as 0", () => {
    expect(
      checkExactlyOnceEgress(egressOf({ transactionTimeoutMillis: "5min" }), kafka, 10_000),
    ).toEqual([
      'egress example/greets: transactionTimeoutMillis is "5min", which StateFun reads as 0; ' +
        "write a plain number of milliseconds, or use transactionTimeout: 5min",
    ]);
  });

  it("reports a missing, doubled or unreadable timeout, and a weaker semantic", () => {
    const check = (settings: Partial<KafkaEgress>) =>
      checkExactlyOnceEgress(egressOf(settings), kafka, undefined);
    expect(check({})).toEqual([
      "egress example/greets: exactly-once needs transactionTimeout (e.g. 5min)",
    ]);
    expect(check({ transactionTimeout: "1min", transactionTimeoutMillis: 60_000 })).toEqual([
      "egress example/greets: set transactionTimeout or transactionTimeoutMillis, not both",
    ]);
    expect(check({ transactionTimeout: "soon" })).toEqual([
      'egress example/greets: transactionTimeout: not a duration: "soon" (write e.g. 10s, 5min, 1h)',
    ]);
    expect(check({ deliverySemantic: "at-least-once", transactionTimeout: "1min" })).toEqual([
      "egress example/greets: deliverySemantic.type is at-least-once; the walkthrough promises " +
        "exactly-once",
    ]);
  });

  it("reports a timeout above Kafka's 15 min maximum unless the broker raises it", () => {
    const egress = egressOf({ transactionTimeout: "20min" });
    expect(checkExactlyOnceEgress(egress, kafka, 10_000)).toEqual([
      "egress example/greets: transaction timeout 1200000 ms exceeds the broker's " +
        "transaction.max.timeout.ms (900000 ms), so Kafka rejects the producer; lower it or set " +
        "KAFKA_TRANSACTION_MAX_TIMEOUT_MS on kafka",
    ]);
    const raised = serviceOf("kafka", {
      environment: { ...kafkaEnv, KAFKA_TRANSACTION_MAX_TIMEOUT_MS: "3600000" },
    });
    expect(checkExactlyOnceEgress(egress, raised, 10_000)).toEqual([]);
  });

  it("reports a timeout no longer than the checkpoint interval", () => {
    expect(checkExactlyOnceEgress(egressOf({ transactionTimeout: "1min" }), kafka, 60_000)).toEqual(
      [
        "egress example/greets: transaction timeout 60000 ms is not longer than the checkpoint " +
          "interval (60000 ms); transactions would expire before commit",
      ],
    );
  });
});

describe("checkTopicsCreated", () => {
  const line = (topic: string, extra = "--if-not-exists", server = "kafka:9092") =>
    `kafka-topics.sh --bootstrap-server ${server} --create ${extra} --topic ${topic}`;

  it("accepts idempotent creation of every topic", () => {
    const service = serviceOf("create-topics", {
      command: [`${line("names")}\n${line("greetings")}`],
    });
    expect(checkTopicsCreated(service, ["names", "greetings"], "kafka:9092")).toEqual([]);
  });

  it("reports a missing topic, a non-idempotent create and the wrong broker", () => {
    const service = serviceOf("create-topics", {
      command: [`${line("names", "")}\n${line("greets", "--if-not-exists", "localhost:9094")}`],
    });
    expect(checkTopicsCreated(service, ["names", "greetings"], "kafka:9092")).toEqual([
      "create-topics: creating names without --if-not-exists fails on the second `docker compose up`",
      "create-topics: creates greets on localhost:9094, not on kafka:9092",
      "create-topics does not create topic greetings (it creates: names, greets)",
    ]);
  });
});

describe("checkpointing in the StateFun Dockerfile", () => {
  const appending = parseDockerfile(
    "FROM apache/flink-statefun:3.3.0\n" +
      "RUN printf '%s\\n' \\\n" +
      "      'execution.checkpointing.interval: 10s' \\\n" +
      '      >> "$FLINK_HOME/conf/flink-conf.yaml"\n',
  );

  it("reads the appended settings", () => {
    const { settings, problems } = flinkConfAppends(appending);
    expect(problems).toEqual([]);
    expect(settings).toEqual({ "execution.checkpointing.interval": "10s" });
    expect(checkCheckpointing(settings)).toEqual({ intervalMs: 10_000, problems: [] });
  });

  it("reports overwriting flink-conf.yaml, and no checkpointing at all", () => {
    const overwriting = parseDockerfile(
      "FROM x:1.0.0\nRUN echo 'execution.checkpointing.interval: 10s' > $FLINK_HOME/conf/flink-conf.yaml\n",
    );
    expect(flinkConfAppends(overwriting).problems).toEqual([
      'line 2: write to "$FLINK_HOME/conf/flink-conf.yaml" with >> (append); replacing it drops ' +
        "the settings StateFun needs",
    ]);
    expect(flinkConfAppends(parseDockerfile("FROM x:1.0.0\n")).problems).toEqual([
      "no RUN appends to $FLINK_HOME/conf/flink-conf.yaml",
    ]);
    expect(checkCheckpointing({}).problems).toEqual([
      "checkpointing is off (no execution.checkpointing.interval): exactly-once egress would " +
        "silently deliver nothing reliable",
    ]);
    expect(
      checkCheckpointing({
        "execution.checkpointing.interval": "10s",
        "execution.checkpointing.mode": "AT_LEAST_ONCE",
      }).problems,
    ).toEqual([
      "execution.checkpointing.mode is AT_LEAST_ONCE; exactly-once egress needs EXACTLY_ONCE",
    ]);
  });
});

describe("dockerignore", () => {
  const ignored = dockerignore("# comment\n**/node_modules\n**/dist\n.git\n*.log\n!keep.log\n");

  it("matches at any depth, and everything under a matched directory", () => {
    expect(ignored("node_modules")).toBe(true);
    expect(ignored("greeter/node_modules/express/index.js")).toBe(true);
    expect(ignored("packages/sdk/dist")).toBe(true);
    expect(ignored(".git/HEAD")).toBe(true);
    expect(ignored("debug.log")).toBe(true);
  });

  it("lets other files and re-included ones through", () => {
    expect(ignored("module.yaml")).toBe(false);
    expect(ignored("greeter/src/server.ts")).toBe(false);
    expect(ignored("distribution.txt")).toBe(false);
    expect(ignored("keep.log")).toBe(false);
  });
});

describe("checkCopySources", () => {
  const dockerfile = parseDockerfile(
    "FROM x:1.0.0 AS build\nCOPY module.yaml missing.yaml /a/\nCOPY dist/ /b/\n" +
      "FROM x:1.0.0\nCOPY --from=build /out ./\nCOPY . .\n",
  );
  const files = new Set(["module.yaml", "dist"]);

  it("reports a source that does not exist and one .dockerignore drops", () => {
    expect(
      checkCopySources("Dockerfile", dockerfile, (path) => files.has(path), dockerignore("dist\n")),
    ).toEqual([
      "Dockerfile line 2: COPY source missing.yaml is not in the repository",
      "Dockerfile line 3: COPY source dist/ is excluded by .dockerignore",
    ]);
  });
});

describe("checkNodeDockerfile", () => {
  const expected = {
    packageName: "@statefun-ts/greeter",
    packageDir: "greeter",
    pnpmVersion: "10.34.8",
    startScript: "node dist/server.js",
    injectsWorkspacePackages: false,
  };
  const exists = (path: string) => path === "greeter/src/server.ts";
  const good = [
    "FROM node:20.20.2-bookworm-slim AS build",
    "RUN npm install --global pnpm@10.34.8",
    "COPY . .",
    "RUN pnpm install --frozen-lockfile && pnpm exec tsc -b greeter",
    "RUN pnpm deploy --legacy --filter @statefun-ts/greeter --prod /out",
    "FROM node:20.20.2-bookworm-slim",
    "COPY --from=build /out ./",
    "USER node",
    'CMD ["node", "dist/server.js"]',
  ];
  const check = (lines: string[], overrides: Partial<typeof expected> = {}) =>
    checkNodeDockerfile(
      "greeter/Dockerfile",
      parseDockerfile(lines.join("\n")),
      { ...expected, ...overrides },
      exists,
    );

  it("accepts a multi-stage, production-only, non-root image", () => {
    expect(check(good)).toEqual([]);
  });

  it("reports a single stage", () => {
    expect(check(["FROM node:20.20.2", 'CMD ["node", "dist/server.js"]'])).toEqual([
      "greeter/Dockerfile: use a build stage and a runtime stage (multi-stage), found 1",
    ]);
  });

  it("reports dev dependencies, the wrong package, no --legacy and the wrong pnpm", () => {
    const lines = good.map((line) =>
      line
        .replace(
          "pnpm deploy --legacy --filter @statefun-ts/greeter --prod",
          "pnpm deploy --filter @statefun-ts/sdk",
        )
        .replace("pnpm@10.34.8", "pnpm@9.0.0"),
    );
    expect(check(lines)).toEqual([
      "greeter/Dockerfile: install pnpm@10.34.8 (the root packageManager), found pnpm@9.0.0",
      "greeter/Dockerfile line 5: pnpm deploy needs --prod (no devDependencies)",
      "greeter/Dockerfile line 5: pnpm deploy must --filter @statefun-ts/greeter, found @statefun-ts/sdk",
      "greeter/Dockerfile line 5: pnpm 10 refuses to deploy without --legacy unless " +
        "pnpm-workspace.yaml sets injectWorkspacePackages: true",
    ]);
    expect(
      check(
        good.map((line) => line.replace("--legacy ", "")),
        { injectsWorkspacePackages: true },
      ),
    ).toEqual([]);
  });

  it("reports root, a CMD that is not the start script, and a CMD with no source", () => {
    const lines = good
      .filter((line) => line !== "USER node")
      .map((line) => line.replace("dist/server.js", "dist/serve.js"));
    expect(check(lines)).toEqual([
      "greeter/Dockerfile: the final stage runs as root; add USER node",
      "greeter/Dockerfile: CMD is node dist/serve.js, but the package's start script is node dist/server.js",
      "greeter/Dockerfile: CMD runs dist/serve.js, but greeter/src/serve.ts (what compiles to it) does not exist",
    ]);
  });

  it("reports installing in the final stage and a missing compile step", () => {
    const lines = [...good.filter((line) => !line.includes("tsc -b")), "RUN pnpm install --prod"];
    expect(check(lines)).toEqual([
      "greeter/Dockerfile: no `tsc -b greeter` compiles the package",
      "greeter/Dockerfile: the final stage installs packages; copy the deployed bundle instead",
    ]);
  });
});

describe("the readers", () => {
  it("joins continued lines, drops comments and splits stages", () => {
    const instructions = parseDockerfile(
      "# top\nFROM node:20.20.2 AS build\nRUN a \\\n  # inside\n  && b\nENV PORT=8000 NODE_ENV=production\nFROM node:20.20.2\nENV PORT 9000\n",
    );
    expect(instructions.map((i) => [i.keyword, i.args, i.line])).toEqual([
      ["FROM", "node:20.20.2 AS build", 2],
      ["RUN", "a && b", 3],
      ["ENV", "PORT=8000 NODE_ENV=production", 6],
      ["FROM", "node:20.20.2", 7],
      ["ENV", "PORT 9000", 8],
    ]);
    const stages = stagesOf(instructions);
    expect(stages.map((stage) => [stage.from, stage.name])).toEqual([
      ["node:20.20.2", "build"],
      ["node:20.20.2", undefined],
    ]);
    expect(stages.map((stage) => envOf(stage, "PORT"))).toEqual(["8000", "9000"]);
    expect(parseCopy('["a b", "c", "/d/"]')).toEqual({
      from: undefined,
      sources: ["a b", "c"],
      destination: "/d/",
    });
  });

  it("normalises compose's alternative spellings", () => {
    const compose = readCompose(
      [
        "services:",
        "  a:",
        "    build: ./a",
        "    environment: [PORT=8000, EMPTY]",
        "    depends_on: [b]",
        "  b:",
        "    image: x:1.0.0",
        "    environment: { N: 1 }",
        "    healthcheck: { test: NONE }",
      ].join("\n"),
    );
    expect(compose.services["a"]).toMatchObject({
      build: { context: "./a", dockerfile: "Dockerfile" },
      environment: { PORT: "8000", EMPTY: "" },
      dependsOn: { b: "service_started" },
    });
    expect(compose.services["b"]).toMatchObject({
      environment: { N: "1" },
      healthcheck: undefined,
    });
    expect(() => readCompose("services: []")).toThrow(/services/);
  });

  it("reads module.yaml's documents by kind, and rejects a malformed one", () => {
    const module = readModule(
      [
        "kind: io.statefun.kafka.v1/egress",
        "spec:",
        "  id: example/greets",
        "  address: kafka:9092",
        "  deliverySemantic: { type: exactly-once, transactionTimeoutMillis: 5min }",
        "---",
        "kind: io.statefun.kafka.v1/ingress",
        "spec: { id: example/names, address: kafka:9092, topics: [{ topic: names, valueType: t/v, targets: [example/greeter] }] }",
      ].join("\n"),
    );
    expect(module.egresses).toEqual([
      {
        id: "example/greets",
        address: "kafka:9092",
        deliverySemantic: "exactly-once",
        transactionTimeout: undefined,
        transactionTimeoutMillis: "5min",
      },
    ]);
    expect(module.ingresses[0]?.startupPosition).toBeUndefined();
    expect(() =>
      readModule("kind: io.statefun.endpoints.v2/http\nspec: { functions: x/* }"),
    ).toThrow(/urlPathTemplate must be a non-empty string/);
  });
});
