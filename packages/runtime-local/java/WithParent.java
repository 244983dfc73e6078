/*
 * Runs another main class, and exits the JVM when stdin closes, that is when the process that
 * started it is gone: used for the Kafka broker so that no broker outlives its parent.
 *
 *   java -cp <kafka jars>/* WithParent.java kafka.Kafka server.properties
 */
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

public final class WithParent {
  private WithParent() {}

  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      System.err.println("WithParent: expected a main class and its arguments");
      System.exit(2);
    }
    Thread watch = new Thread(WithParent::waitForEndOfInput, "exit-with-parent");
    watch.setDaemon(true);
    watch.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
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
