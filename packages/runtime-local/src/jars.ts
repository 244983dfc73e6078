import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { JarResolutionError, JavaNotFoundError } from "./errors.js";
import { type Logger, silentLogger } from "./logger.js";
import { trackChild } from "./registry.js";
import { detectJava, detectMaven } from "./tools.js";

/** The package's own folder (holding maven/, java/ and, once resolved, jars/). */
export const packageRoot = fileURLToPath(new URL("..", import.meta.url));

/** Where the jars go unless `jarsDir` says otherwise: `packages/runtime-local/jars`. */
export const defaultJarsDir = join(packageRoot, "jars");

/** Options of {@link ensureJars}. */
export interface EnsureJarsOptions {
  /** Where the jars go; default `packages/runtime-local/jars` (ignored by git). */
  readonly jarsDir?: string;
  /** The `java` executable; default `$JAVA_HOME/bin/java`, else `java` on the PATH. */
  readonly javaPath?: string;
  /** The `mvn` executable; default `mvn` on the PATH. Only run when jars are missing. */
  readonly mavenPath?: string;
  /** Receives progress lines, including a "still downloading" line every few seconds. */
  readonly logger?: Logger;
  /** How often the "still downloading" line comes, in ms; default 5000. */
  readonly progressIntervalMs?: number;
}

/** The resolved jars, and the classpaths built from them. */
export interface RuntimeJars {
  /** The folder holding everything below. */
  readonly jarsDir: string;
  /** The StateFun runtime's jars (Harness, Flink, the Kafka connector, the web UI). */
  readonly statefunDir: string;
  /** The Kafka broker's jars. */
  readonly kafkaDir: string;
  /** The compiled launcher classes (`Launcher`, `WithParent`). */
  readonly launcherDir: string;
  /** The classpath of the StateFun runtime, without the module folder (which goes first). */
  readonly statefunClasspath: string;
  /** The classpath of the Kafka broker. */
  readonly kafkaClasspath: string;
  /** The `java` executable that was checked (Java 17+). */
  readonly javaPath: string;
}

/** One Maven project that copies jars into one folder. */
interface JarSet {
  readonly name: string;
  readonly pom: string;
  readonly dir: string;
}

const MARKER = ".resolved-by.json";

interface Marker {
  readonly pom: string;
  readonly sha256: string;
  readonly files: readonly string[];
}

const inFlight = new Map<string, Promise<RuntimeJars>>();

/**
 * Makes sure the runtime jars are in `jarsDir`: when both folders are complete (a marker records
 * the pom that produced each one, and its files are all there) nothing runs and this takes
 * milliseconds; otherwise Maven resolves them, which downloads ~310 MB into `~/.m2` the first time
 * and takes seconds afterwards. Also compiles the small Java launcher once. Concurrent calls for
 * the same folder share one resolution.
 *
 * Throws {@link JavaNotFoundError}, {@link MavenNotFoundError} (only if Maven must run) or
 * {@link JarResolutionError}.
 *
 * @example
 * const jars = await ensureJars({ logger: consoleLogger });
 * console.log(jars.statefunDir);
 */
export function ensureJars(options: EnsureJarsOptions = {}): Promise<RuntimeJars> {
  const jarsDir = resolve(options.jarsDir ?? defaultJarsDir);
  let pending = inFlight.get(jarsDir);
  if (pending === undefined) {
    pending = resolveJars(jarsDir, options).finally(() => inFlight.delete(jarsDir));
    inFlight.set(jarsDir, pending);
  }
  return pending;
}

async function resolveJars(jarsDir: string, options: EnsureJarsOptions): Promise<RuntimeJars> {
  const logger = options.logger ?? silentLogger;
  const java = await detectJava(options.javaPath);
  const sets: JarSet[] = [
    {
      name: "StateFun 3.3.0",
      pom: join(packageRoot, "maven", "statefun", "pom.xml"),
      dir: "statefun",
    },
    { name: "Kafka 3.9.1", pom: join(packageRoot, "maven", "kafka", "pom.xml"), dir: "kafka" },
  ].map((set) => ({ ...set, dir: join(jarsDir, set.dir) }));

  const missing = sets.filter((set) => !isComplete(set));
  if (missing.length > 0) {
    await detectMaven(options.mavenPath);
    const firstTime = !existsSync(
      join(homedir(), ".m2", "repository", "org", "apache", "flink", "statefun-flink-harness"),
    );
    logger.info(
      `resolving runtime jars (${missing.map((set) => set.name).join(", ")}) with Maven into ${jarsDir}` +
        (firstTime
          ? ": the first run downloads ~310 MB into ~/.m2, this can take a few minutes"
          : ""),
    );
    for (const set of missing) {
      await runMaven(set, options, logger);
    }
  }

  const launcherDir = join(jarsDir, "launcher");
  const statefunDir = sets[0]!.dir;
  const kafkaDir = sets[1]!.dir;
  await compileLauncher(launcherDir, statefunDir, java.javacPath, java.javaPath, logger);
  return {
    jarsDir,
    statefunDir,
    kafkaDir,
    launcherDir,
    statefunClasspath: [launcherDir, join(statefunDir, "*")].join(delimiter),
    kafkaClasspath: [launcherDir, join(kafkaDir, "*")].join(delimiter),
    javaPath: java.javaPath,
  };
}

function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

function readMarker(dir: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MARKER), "utf8")) as Marker;
  } catch {
    return undefined;
  }
}

function isComplete(set: JarSet): boolean {
  const marker = readMarker(set.dir);
  return (
    marker !== undefined &&
    marker.sha256 === sha256(readFileSync(set.pom)) &&
    marker.files.length > 0 &&
    marker.files.every((file) => existsSync(join(set.dir, file)))
  );
}

async function runMaven(set: JarSet, options: EnsureJarsOptions, logger: Logger): Promise<void> {
  // Jars of an older pom must not stay on the classpath.
  rmSync(set.dir, { recursive: true, force: true });
  mkdirSync(set.dir, { recursive: true });
  const started = Date.now();
  const args = ["-B", "-Dstyle.color=never", "-f", set.pom, `-Djars.dir=${set.dir}`, "package"];
  const mavenPath = options.mavenPath ?? "mvn";
  let files = 0;
  let bytes = 0;
  const recent: string[] = [];
  const timer = setInterval(() => {
    logger.info(
      `still resolving ${set.name} jars: ${files} files, ${(bytes / 1e6).toFixed(1)} MB downloaded ` +
        `so far (${Math.round((Date.now() - started) / 1000)} s)`,
    );
  }, options.progressIntervalMs ?? 5000);
  try {
    const code = await new Promise<number | null>((resolvePromise, reject) => {
      const child = spawn(mavenPath, args, { stdio: ["ignore", "pipe", "pipe"] });
      // Ctrl-C or SIGTERM during the first download must not leave Maven running.
      trackChild("Maven", child);
      let partial = "";
      const onData = (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          recent.push(line);
          if (recent.length > 40) recent.shift();
          const downloaded = /Downloaded from \S+: \S+ \(([\d.]+) (B|kB|MB|GB) at/.exec(line);
          if (downloaded !== null) {
            files += 1;
            bytes += Number(downloaded[1]) * UNITS[downloaded[2] as keyof typeof UNITS];
          }
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("error", reject);
      child.once("close", resolvePromise);
    });
    if (code !== 0) {
      throw new JarResolutionError(
        `Maven failed to resolve the ${set.name} jars (exit code ${code}; command: ` +
          `${mavenPath} ${args.join(" ")}). Last lines of its output:\n${recent.join("\n")}`,
      );
    }
  } finally {
    clearInterval(timer);
  }
  const jarFiles = readdirSync(set.dir).filter((file) => file.endsWith(".jar"));
  if (jarFiles.length === 0) {
    throw new JarResolutionError(`Maven succeeded but copied no jars into ${set.dir}`);
  }
  const marker: Marker = {
    pom: set.pom,
    sha256: sha256(readFileSync(set.pom)),
    files: jarFiles.sort(),
  };
  writeFileSync(join(set.dir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  logger.info(
    `resolved ${jarFiles.length} ${set.name} jars in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      (files > 0 ? ` (downloaded ${files} files, ${(bytes / 1e6).toFixed(1)} MB)` : ""),
  );
}

const UNITS = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 } as const;

const LAUNCHER_SOURCES = ["Launcher.java", "WithParent.java"];

/** Compiles the launcher once (a compiled class starts ~1 s faster than a source file). */
async function compileLauncher(
  launcherDir: string,
  statefunDir: string,
  javacPath: string | undefined,
  javaPath: string,
  logger: Logger,
): Promise<void> {
  const sources = LAUNCHER_SOURCES.map((file) => join(packageRoot, "java", file));
  const digest = sha256(sources.map((file) => readFileSync(file, "utf8")).join("\0"));
  const markerFile = join(launcherDir, MARKER);
  if (existsSync(markerFile) && readFileSync(markerFile, "utf8").trim() === digest) return;
  if (javacPath === undefined) {
    throw new JavaNotFoundError(
      `\`${javaPath}\` has no javac next to it: a JDK is needed, not only a JRE; install OpenJDK 17: ` +
        "`apt-get install openjdk-17-jdk-headless`",
      javaPath,
    );
  }
  rmSync(launcherDir, { recursive: true, force: true });
  mkdirSync(launcherDir, { recursive: true });
  logger.info("compiling the Java launcher");
  const output = await new Promise<{ code: number | null; text: string }>(
    (resolvePromise, reject) => {
      const child = spawn(
        javacPath,
        ["-d", launcherDir, "-cp", join(statefunDir, "*"), ...sources],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      trackChild("javac", child);
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.once("error", reject);
      child.once("close", (code) => resolvePromise({ code, text }));
    },
  );
  if (output.code !== 0) {
    throw new JarResolutionError(`javac failed to compile the launcher:\n${output.text}`);
  }
  writeFileSync(markerFile, `${digest}\n`);
}
