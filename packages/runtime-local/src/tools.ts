import { spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { JavaNotFoundError, MavenNotFoundError } from "./errors.js";

/** The oldest Java that runs StateFun 3.3.0 with the flags used here. */
export const MINIMUM_JAVA = 17;

const INSTALL_JAVA =
  "install OpenJDK 17: `apt-get install openjdk-17-jdk-headless` (macOS: `brew install openjdk@17`), " +
  "or set JAVA_HOME / pass javaPath";
const INSTALL_MAVEN =
  "install Maven 3.6+: `apt-get install maven` (macOS: `brew install maven`), or pass mavenPath";

/** The `java` to use when none is given: `$JAVA_HOME/bin/java`, else `java` on the PATH. */
export function defaultJavaPath(): string {
  const home = process.env["JAVA_HOME"];
  return home !== undefined && home !== "" ? join(home, "bin", "java") : "java";
}

/** A Java that was found and is recent enough. */
export interface JavaInstallation {
  /** The executable, as given. */
  readonly javaPath: string;
  /** The major version, such as 17 or 21. */
  readonly major: number;
  /** `javac` next to it, when it is a JDK; `undefined` for a bare JRE. */
  readonly javacPath: string | undefined;
}

/**
 * Checks that `javaPath` runs and is Java 17 or newer; throws {@link JavaNotFoundError} saying
 * what to install otherwise.
 */
export async function detectJava(javaPath: string = defaultJavaPath()): Promise<JavaInstallation> {
  let output: string;
  try {
    output = await run(javaPath, ["-version"]);
  } catch (error) {
    throw new JavaNotFoundError(
      `Java ${MINIMUM_JAVA}+ is needed to run StateFun and Kafka, but \`${javaPath}\` could not be run ` +
        `(${(error as Error).message}): ${INSTALL_JAVA}`,
      javaPath,
      { cause: error },
    );
  }
  const version = /version "([^"]+)"/.exec(output)?.[1];
  const major = version === undefined ? Number.NaN : javaMajor(version);
  if (!(major >= MINIMUM_JAVA)) {
    throw new JavaNotFoundError(
      `Java ${MINIMUM_JAVA}+ is needed to run StateFun and Kafka, but \`${javaPath}\` is ` +
        `${version === undefined ? "of an unknown version" : `Java ${version}`}: ${INSTALL_JAVA}`,
      javaPath,
    );
  }
  return { javaPath, major, javacPath: findJavac(javaPath) };
}

/** "1.8.0_392" -> 8, "17.0.15" -> 17, "21" -> 21. */
function javaMajor(version: string): number {
  const [first, second] = version.split(/[.\-+_]/);
  return first === "1" ? Number(second) : Number(first);
}

function findJavac(javaPath: string): string | undefined {
  try {
    const resolved = javaPath.includes("/") ? javaPath : whichSync(javaPath);
    if (resolved === undefined) return undefined;
    const javac = join(dirname(realpathSync(resolved)), "javac");
    return existsSync(javac) ? javac : undefined;
  } catch {
    return undefined;
  }
}

function whichSync(command: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(":")) {
    if (dir === "") continue;
    const candidate = join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Checks that `mavenPath` runs; throws {@link MavenNotFoundError} saying what to install. */
export async function detectMaven(mavenPath = "mvn"): Promise<void> {
  try {
    await run(mavenPath, ["-v"]);
  } catch (error) {
    throw new MavenNotFoundError(
      `Maven is needed once to download the runtime jars, but \`${mavenPath}\` could not be run ` +
        `(${(error as Error).message}): ${INSTALL_MAVEN}`,
      mavenPath,
      { cause: error },
    );
  }
}

/** Runs a short command and resolves its stdout and stderr together; rejects on failure. */
function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else
        reject(new Error(`exited with ${signal ?? `code ${code}`}: ${output.trim().slice(-500)}`));
    });
  });
}
