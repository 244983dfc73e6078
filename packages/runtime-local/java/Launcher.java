/*
 * Runs the StateFun 3.3.0 runtime in a local Flink MiniCluster through StateFun's Harness.
 *
 *   java -cp <module dir>:<statefun jars>/* Launcher.java key=value...
 *
 * Each key=value is a Flink setting (withConfiguration). The module.yaml is read from the
 * classpath, so the folder that holds it goes first on -cp. With
 * -Dstatefun.local.exitWithParent=true the JVM exits when its stdin closes, that is when the
 * process that started it is gone, so that no runtime outlives its parent.
 */
import org.apache.flink.statefun.flink.harness.Harness;

public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    Harness harness = new Harness();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        System.err.println("Launcher: expected key=value, got: " + arg);
        System.exit(2);
      }
      harness.withConfiguration(arg.substring(0, eq), arg.substring(eq + 1));
    }
    if (Boolean.getBoolean("statefun.local.exitWithParent")) {
      ParentWatch.start();
    }
    harness.start();
  }
}

/** Exits the JVM when stdin reaches end of file (the parent closed the pipe or died). */
final class ParentWatch {
  private ParentWatch() {}

  static void start() {
    Thread watch = new Thread(ParentWatch::waitForEndOfInput, "exit-with-parent");
    watch.setDaemon(true);
    watch.start();
  }

  private static void waitForEndOfInput() {
    try {
      byte[] buffer = new byte[256];
      while (System.in.read(buffer) != -1) {
        // Nothing is ever written; read only to notice the end.
      }
    } catch (java.io.IOException e) {
      // A broken stdin means the same: the parent is gone.
    }
    Thread halt = new Thread(() -> {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(1);
    }, "halt-after-grace");
    halt.setDaemon(true);
    halt.start();
    System.exit(1);
  }
}
