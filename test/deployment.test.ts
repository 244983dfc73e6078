/**
 * The Docker wiring of the walkthrough, checked without a Docker engine: the
 * files are read, and every name, address, port and setting that has to agree
 * across module.yaml, docker-compose.yml, the Dockerfiles and the code is
 * compared. The checkers themselves are tested in deployment-checks.test.ts.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "@statefun-ts/generator";
import {
  GREETER_TYPENAME,
  GREETINGS_TOPIC,
  GREETS_EGRESS,
  GreetRequestType,
} from "@statefun-ts/greeter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
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
  joinPath,
  parseDuration,
} from "./deployment/checks.js";
import type { ComposeService } from "./deployment/compose.js";
import { isRecord, readCompose } from "./deployment/compose.js";
import type { Instruction } from "./deployment/dockerfile.js";
import {
  commandWords,
  envOf,
  parseCopy,
  parseDockerfile,
  stagesOf,
} from "./deployment/dockerfile.js";
import { readModule } from "./deployment/module.js";
import type { RunningServer } from "./deployment/process.js";
import { exitCodeOf, startServer } from "./deployment/process.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), "utf8");
const exists = (path: string): boolean => existsSync(join(root, path));

const compose = readCompose(read("docker-compose.yml"));
const statefunModule = readModule(read("module.yaml"));
const ignored = dockerignore(read(".dockerignore"));
const rootPackage: unknown = JSON.parse(read("package.json"));
const workspace: unknown = parse(read("pnpm-workspace.yaml"));

const dockerfiles: Record<string, Instruction[]> = Object.fromEntries(
  ["Dockerfile", "greeter/Dockerfile", "generator/Dockerfile"].map((file) => [
    file,
    parseDockerfile(read(file)),
  ]),
);

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

function dockerfileOf(target: ComposeService): Instruction[] {
  if (target.build === undefined) throw new Error(`service ${target.name} is not built`);
  return parseDockerfile(read(joinPath(target.build.context, target.build.dockerfile)));
}

/** The compose health check, or the HEALTHCHECK of the image the service builds. */
function hasHealthcheck(target: ComposeService): boolean {
  if (target.healthcheck !== undefined) return true;
  if (target.build === undefined) return false;
  const final = stagesOf(dockerfileOf(target)).at(-1);
  const check = final?.instructions.filter((i) => i.keyword === "HEALTHCHECK").at(-1);
  return check !== undefined && check.args !== "NONE";
}

/** The port a Node service listens on: its PORT, from compose or else from its image. */
function listeningPort(target: ComposeService): number | undefined {
  const final = target.build === undefined ? undefined : stagesOf(dockerfileOf(target)).at(-1);
  const port = target.environment["PORT"] ?? (final && envOf(final, "PORT"));
  return port === undefined ? undefined : Number(port);
}

function packageJson(dir: string): { name: string; start: string } {
  const value: unknown = JSON.parse(read(joinPath(dir, "package.json")));
  const scripts = isRecord(value) ? value["scripts"] : undefined;
  const name = isRecord(value) ? value["name"] : undefined;
  const start = isRecord(scripts) ? scripts["start"] : undefined;
  if (typeof name !== "string" || typeof start !== "string") {
    throw new Error(`${dir}/package.json needs a name and a start script`);
  }
  return { name, start };
}

const pnpmVersion = ((): string => {
  const manager = isRecord(rootPackage) ? rootPackage["packageManager"] : undefined;
  const match = typeof manager === "string" ? /^pnpm@(.+)$/.exec(manager) : null;
  if (!match?.[1]) throw new Error('root package.json needs "packageManager": "pnpm@<version>"');
  return match[1];
})();

const [endpoint] = statefunModule.endpoints;
const [ingress] = statefunModule.ingresses;
const [egress] = statefunModule.egresses;
const checkpointing = flinkConfAppends(dockerfiles["Dockerfile"] ?? []);
// What the generator container runs with: its compose environment over the defaults.
const generatorConfig = loadConfig({ ...service("generator").environment });

/** The words of the final stage's last `keyword` instruction (CMD, or HEALTHCHECK's CMD). */
function finalCommand(file: string, keyword: "CMD" | "HEALTHCHECK"): string[] {
  const final = stagesOf(dockerfiles[file] ?? []).at(-1);
  const args = final?.instructions.filter((i) => i.keyword === keyword).at(-1)?.args ?? "";
  const command = keyword === "HEALTHCHECK" ? args.slice(args.indexOf("CMD") + 3).trim() : args;
  return command === "" ? [] : commandWords(command);
}

describe("module.yaml", () => {
  it("holds one HTTP endpoint, one Kafka ingress and one Kafka egress", () => {
    expect(statefunModule.endpoints).toHaveLength(1);
    expect(statefunModule.ingresses).toHaveLength(1);
    expect(statefunModule.egresses).toHaveLength(1);
    expect(statefunModule.otherKinds).toEqual([]);
  });

  it("routes the generator's names topic, from the earliest offset, to the greeter", () => {
    expect(ingress?.startupPosition).toBe("earliest");
    expect(ingress?.topics).toEqual([
      {
        topic: generatorConfig.namesTopic,
        valueType: GreetRequestType.typename,
        targets: [GREETER_TYPENAME],
      },
    ]);
  });

  it("sends the greeter's function type to the endpoint", () => {
    const functions = endpoint?.functions ?? "";
    const served = functions.endsWith("/*")
      ? GREETER_TYPENAME.startsWith(functions.slice(0, -1))
      : functions === GREETER_TYPENAME;
    expect(served, `endpoint functions ${functions} does not cover ${GREETER_TYPENAME}`).toBe(true);
  });

  it("declares the egress the greeter writes to, and the generator reads its topic", () => {
    expect(egress?.id).toBe(GREETS_EGRESS);
    expect(GREETINGS_TOPIC).toBe(generatorConfig.greetingsTopic);
  });

  it("makes the egress exactly-once, with a transaction timeout Kafka accepts", () => {
    expect(checkpointing.problems).toEqual([]);
    const { intervalMs } = checkCheckpointing(checkpointing.settings);
    expect(egress && checkExactlyOnceEgress(egress, service("kafka"), intervalMs)).toEqual([]);
  });
});

describe("module.yaml and docker-compose.yml", () => {
  it("calls the greeter service on the port it listens on", () => {
    expect(endpoint && checkEndpoint(endpoint, compose, listeningPort)).toEqual([]);
  });

  it("has the greeter image expose the port it listens on", () => {
    const greeter = service("greeter");
    const port = String(listeningPort(greeter));
    const final = stagesOf(dockerfileOf(greeter)).at(-1);
    const exposed = final?.instructions
      .filter((i) => i.keyword === "EXPOSE")
      .flatMap((i) => commandWords(i.args).map((word) => word.replace(/\/tcp$/, "")));
    expect(exposed, "greeter/Dockerfile must EXPOSE the greeter's port").toContain(port);
    if (greeter.expose.length > 0) expect(greeter.expose).toContain(port);
  });

  it("points the ingress, the egress and the generator at Kafka's internal listener", () => {
    const addresses = [ingress?.address ?? "", egress?.address ?? "", ...generatorConfig.brokers];
    expect(addresses.flatMap((address) => checkKafkaAddress(address, compose))).toEqual([]);
    expect(new Set(addresses).size, `one broker address, found ${addresses.join(", ")}`).toBe(1);
  });

  it("runs Kafka as a single KRaft node that supports transactions", () => {
    expect(checkSingleNodeKafka(service("kafka"))).toEqual([]);
  });

  it("creates every topic the walkthrough uses before StateFun starts", () => {
    const topics = [...(ingress?.topics.map((t) => t.topic) ?? []), GREETINGS_TOPIC];
    expect(checkTopicsCreated(service("create-topics"), topics, ingress?.address ?? "")).toEqual(
      [],
    );
  });
});

describe("docker-compose.yml", () => {
  it("starts services in order through health conditions", () => {
    const statefun = {
      kafka: "service_healthy",
      "create-topics": "service_completed_successfully",
      greeter: "service_healthy",
    };
    const problems = checkStartOrder(
      compose,
      {
        "create-topics": { kafka: "service_healthy" },
        "statefun-manager": statefun,
        "statefun-worker": { ...statefun, "statefun-manager": "service_started" },
        generator: { kafka: "service_healthy", "create-topics": "service_completed_successfully" },
      },
      hasHealthcheck,
    );
    expect(problems).toEqual([]);
  });

  it("pins every image, in compose and in the Dockerfiles, to an exact version", () => {
    expect(checkImagesPinned(compose, dockerfiles)).toEqual([]);
  });

  it("builds every built service from a context and Dockerfile that exist", () => {
    expect(checkBuilds(compose, exists)).toEqual([]);
    const built = Object.values(compose.services).filter((s) => s.build !== undefined);
    expect(built.map((s) => s.name).sort()).toEqual(
      ["generator", "greeter", "statefun-manager", "statefun-worker"].sort(),
    );
  });

  it("runs StateFun as a manager and a worker that find each other", () => {
    const manager = service("statefun-manager");
    const worker = service("statefun-worker");
    expect(manager.build).toEqual({ context: ".", dockerfile: "Dockerfile" });
    expect(worker.build).toEqual(manager.build);
    expect(manager.environment).toMatchObject({ ROLE: "master", MASTER_HOST: manager.name });
    expect(worker.environment).toMatchObject({ ROLE: "worker", MASTER_HOST: manager.name });
    expect(manager.ports.some((port) => /(^|:)8081:8081$/.test(port))).toBe(true);
  });

  it("gives the manager and the worker the same checkpoint directory", () => {
    const dir = checkpointing.settings["state.checkpoints.dir"]?.replace(/^file:\/\//, "");
    expect(dir, "the root Dockerfile must set state.checkpoints.dir: file:///...").toMatch(/^\//);
    const mounts = (name: string) =>
      service(name).volumes.filter((volume) => volume.split(":")[1] === dir);
    expect(mounts("statefun-manager")).toHaveLength(1);
    expect(mounts("statefun-worker")).toEqual(mounts("statefun-manager"));
  });

  it("gives the greeter longer to stop than its own in-flight fallback", () => {
    // server.ts closes the connections still open this long after SIGTERM; Docker sends
    // SIGKILL after stop_grace_period (default 10 s), which must come later.
    const fallback = /setTimeout\([\s\S]*?\},\s*([\d_]+)\)\.unref\(\)/.exec(
      read("greeter/src/server.ts"),
    )?.[1];
    expect(fallback, "greeter/src/server.ts has no setTimeout(...).unref() fallback").toBeDefined();
    const raw: unknown = parse(read("docker-compose.yml"));
    const services = isRecord(raw) ? raw["services"] : undefined;
    const greeter = isRecord(services) ? services["greeter"] : undefined;
    const grace = isRecord(greeter) ? greeter["stop_grace_period"] : undefined;
    expect(grace).toBe("15s");
    expect(parseDuration(String(grace))).toBeGreaterThan(Number(fallback!.replaceAll("_", "")));
  });

  it("rebuilds the greeter when its source changes (docker compose up --watch)", () => {
    const rules = service("greeter").watch;
    expect(rules).toContainEqual({ action: "rebuild", path: "./greeter/src" });
    for (const rule of rules) expect(exists(rule.path), `${rule.path} does not exist`).toBe(true);
  });
});

describe("Dockerfile (the StateFun runtime)", () => {
  const instructions = dockerfiles["Dockerfile"] ?? [];

  it("starts from the StateFun 3.3.0 image", () => {
    expect(stagesOf(instructions).map((stage) => stage.from)).toEqual([
      "apache/flink-statefun:3.3.0",
    ]);
  });

  it("installs module.yaml as the greeter module", () => {
    const copies = instructions
      .filter((i) => i.keyword === "COPY")
      .map((i) => parseCopy(i.args))
      .filter((copy) => copy.sources.includes("module.yaml"));
    const destinations = copies.map((copy) => copy.destination);
    const installed = destinations.filter((destination) =>
      /^\/opt\/statefun\/modules\/greeter\/(module\.yaml)?$/.test(destination),
    );
    expect(
      installed,
      `COPY module.yaml to /opt/statefun/modules/greeter/, found ${destinations}`,
    ).toHaveLength(1);
  });

  it("turns checkpointing on, exactly-once", () => {
    expect(checkCheckpointing(checkpointing.settings).problems).toEqual([]);
  });
});

describe("the Node images", () => {
  const injects = isRecord(workspace) && workspace["injectWorkspacePackages"] === true;

  for (const dir of ["greeter", "generator"]) {
    it(`${dir}/Dockerfile builds a production image of ${dir} as a non-root user`, () => {
      const { name, start } = packageJson(dir);
      const problems = checkNodeDockerfile(
        `${dir}/Dockerfile`,
        dockerfiles[`${dir}/Dockerfile`] ?? [],
        {
          packageName: name,
          packageDir: dir,
          pnpmVersion,
          startScript: start,
          injectsWorkspacePackages: injects,
        },
        exists,
      );
      expect(problems).toEqual([]);
    });
  }
});

/**
 * Runs the build stage's `pnpm deploy` step of a Node Dockerfile as it is written, into a fresh
 * folder instead of /out, from this (installed and built) workspace: what the image's final
 * stage copies to its WORKDIR. Returns that folder and the final stage's ENV for NODE_ENV.
 */
function deployAsTheImageDoes(file: string): { dir: string; env: Record<string, string> } {
  const stages = stagesOf(dockerfiles[file] ?? []);
  const deploy = stages
    .flatMap((stage) => stage.instructions)
    .find((i) => i.keyword === "RUN" && /\bpnpm deploy\b/.test(i.args));
  if (deploy === undefined) throw new Error(`${file} has no RUN pnpm deploy step`);
  const words = deploy.args.split(/\s+/);
  const out = words.at(-1);
  const final = stages.at(-1);
  const copiesOut = final?.instructions.some(
    (i) => i.keyword === "COPY" && i.args.includes("--from=") && i.args.includes(` ${out} `),
  );
  if (!copiesOut) throw new Error(`${file}'s final stage does not copy ${out}`);
  const dir = join(mkdtempSync(join(tmpdir(), "image-app-")), "app");
  execFileSync(words[0] ?? "pnpm", [...words.slice(1, -1), dir], { cwd: root, stdio: "pipe" });
  const nodeEnv = final === undefined ? undefined : envOf(final, "NODE_ENV");
  return { dir, env: nodeEnv === undefined ? {} : { NODE_ENV: nodeEnv } };
}

describe("the greeter image's bundle, CMD and HEALTHCHECK, run as local processes", () => {
  const cmd = finalCommand("greeter/Dockerfile", "CMD");
  const healthcheck = finalCommand("greeter/Dockerfile", "HEALTHCHECK");
  let server: RunningServer | undefined;
  let app = "";

  beforeAll(async () => {
    if (!exists("greeter/dist/server.js")) {
      throw new Error("greeter/dist/server.js is missing: run `pnpm build` first");
    }
    // What the image's WORKDIR holds: the Dockerfile's own deploy step, run here.
    const deployed = deployAsTheImageDoes("greeter/Dockerfile");
    app = deployed.dir;
    server = await startServer(cmd, app, { ...deployed.env, PORT: "0" });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("holds the built greeter and its production dependencies only", () => {
    expect(existsSync(join(app, "dist", "server.js"))).toBe(true);
    expect(existsSync(join(app, "node_modules", "@statefun-ts", "sdk", "dist", "index.js"))).toBe(
      true,
    );
    expect(existsSync(join(app, "node_modules", "express"))).toBe(true);
    // Neither the sources and tests nor the dev dependencies.
    expect(existsSync(join(app, "src"))).toBe(false);
    expect(existsSync(join(app, "test"))).toBe(false);
    expect(existsSync(join(app, "node_modules", "@statefun-ts", "testing"))).toBe(false);
  });

  it("serves module.yaml's endpoint path (and only that one)", async () => {
    const post = async (path: string): Promise<number> => {
      const response = await fetch(`http://127.0.0.1:${server?.port}${path}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: new Uint8Array(),
      });
      await response.arrayBuffer();
      return response.status;
    };
    const path = new URL(endpoint?.urlPathTemplate ?? "").pathname;
    expect(await post(path), `the greeter does not serve POST ${path}`).not.toBe(404);
    expect(await post("/not-the-endpoint")).toBe(404);
  });

  it("checks health with node alone, passing while the server is up and failing without it", async () => {
    // Slim images have no curl or wget.
    expect(healthcheck[0]).toBe("node");
    expect(await exitCodeOf(healthcheck, { PORT: String(server?.port) })).toBe(0);
    expect(await exitCodeOf(healthcheck, { PORT: String(await unusedPort()) })).toBe(1);
  });
});

/** A port nothing listens on (it was free a moment ago). */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe("the generator image's bundle and CMD, run as a local process", () => {
  it("starts, prints its configuration and waits for Kafka, and stops on SIGTERM", async () => {
    const { dir, env } = deployAsTheImageDoes("generator/Dockerfile");
    expect(existsSync(join(dir, "node_modules", "kafkajs"))).toBe(true);
    const [file = "node", ...args] = finalCommand("generator/Dockerfile", "CMD");
    const child = spawn(file, args, {
      cwd: dir,
      env: { ...process.env, ...env, KAFKA_BROKERS: `127.0.0.1:${await unusedPort()}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = once(child, "exit");
    try {
      const deadline = Date.now() + 15_000;
      while (!output.includes("waiting for Kafka at") && Date.now() < deadline) {
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output).toContain("config    brokers=127.0.0.1:");
      expect(output).toContain("waiting for Kafka at");
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = (await exited) as [number | null];
    expect(code, output).toBe(0);
  }, 120_000);
});

describe("every Dockerfile", () => {
  it("copies only files that exist and that .dockerignore lets through", () => {
    const problems = Object.entries(dockerfiles).flatMap(([file, instructions]) =>
      checkCopySources(file, instructions, exists, ignored),
    );
    expect(problems).toEqual([]);
  });

  it("builds from source: .dockerignore keeps host builds and dependencies out", () => {
    for (const path of [
      "node_modules",
      "greeter/node_modules",
      "greeter/dist",
      "packages/sdk/dist",
      ".git",
      "packages/runtime-local/jars",
      ".local",
    ]) {
      expect(ignored(path), `.dockerignore should exclude ${path}`).toBe(true);
    }
  });
});
