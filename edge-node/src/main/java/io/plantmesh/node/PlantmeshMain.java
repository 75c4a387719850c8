package io.plantmesh.node;

import io.plantmesh.node.config.ConfigFileSourceFactory;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's entry point: {@code java -jar plantmesh-edge-node.jar [--config plantmesh.yaml]}.
 *
 * <p>{@code --config} is turned into the {@code plantmesh.config} system property before Quarkus
 * reads its configuration, which gives it precedence over {@code -Dplantmesh.config} and {@code
 * PLANTMESH_CONFIG}. Everything else happens in {@link io.plantmesh.node.internal.NodeRuntime}, at
 * start-up, after the configuration has been validated.
 */
@QuarkusMain
public final class PlantmeshMain implements QuarkusApplication {

  public static void main(String... args) {
    String previous = System.getProperty(ConfigFileSourceFactory.PROPERTY);
    try {
      Quarkus.run(PlantmeshMain.class, takeConfigOption(args));
    } finally {
      // Restore, so that an in-JVM launch (tests) leaves no trace for the next one.
      if (previous == null) {
        System.clearProperty(ConfigFileSourceFactory.PROPERTY);
      } else {
        System.setProperty(ConfigFileSourceFactory.PROPERTY, previous);
      }
    }
  }

  /**
   * Removes {@code --config <path>} / {@code --config=<path>} from {@code args} and sets the system
   * property from it.
   *
   * @throws UsageError if {@code --config} has no path
   */
  static String[] takeConfigOption(String... args) {
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String path = null;
      if (a.equals("--config")) {
        if (i + 1 >= args.length || args[i + 1].isBlank() || args[i + 1].startsWith("--")) {
          throw new UsageError("--config needs a path: --config /etc/plantmesh.yaml");
        }
        path = args[++i];
      } else if (a.startsWith("--config=")) {
        path = a.substring("--config=".length());
        if (path.isBlank()) {
          throw new UsageError("--config needs a path: --config=/etc/plantmesh.yaml");
        }
      } else {
        rest.add(a);
        continue;
      }
      System.setProperty(ConfigFileSourceFactory.PROPERTY, path);
    }
    return rest.toArray(String[]::new);
  }

  /**
   * A command line the node cannot use. It carries no stack trace, so the JVM prints one line
   * naming the problem and exits with status 1.
   */
  public static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public int run(String... args) {
    Quarkus.waitForExit();
    return 0;
  }
}
