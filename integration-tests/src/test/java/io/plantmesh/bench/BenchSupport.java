package io.plantmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starting the simulator and the node as separate JVMs, the way an operator runs them. */
final class BenchSupport {
  /**
   * JVM settings for a small gateway: what edge-node/README.md ("Running on a small gateway")
   * recommends and what the memory figures are measured with; the bare Milo client gets the same.
   * Serial GC: one or two cores do not gain from a parallel one. 160 MB of heap keep the ~95 MB
   * live at 100,000 tags under 60%; a 40 MB young generation with survivor spaces of 10 MB holds a
   * publishing cycle's readings until the next one replaces them, so they die young instead of
   * filling the old generation. C1 only: the ingest path is far from CPU-bound, and C2's compiler
   * arenas and larger code cache cost about 20 MB of resident memory. With C1 only,
   * MALLOC_ARENA_MAX=2 and a periodic native-heap trim changed resident memory by less than
   * run-to-run noise (a few MB), so they are left out.
   */
  static final String GATEWAY_JVM_OPTS =
      "-Xms64m -Xmx160m -Xmn40m -XX:SurvivorRatio=2 -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
          + " -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=32m -Xss512k"
          + " -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError";

  /**
   * What Hazelcast asks of the JVM (see cluster/pom.xml's argLine); without them it logs a warning
   * and takes slower paths. Given to the mesh nodes and the bare Hazelcast members alike.
   */
  static final List<String> HAZELCAST_JVM_FLAGS =
      List.of(
          "--add-modules",
          "java.se",
          "--add-exports",
          "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.lang=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens",
          "java.management/sun.management=ALL-UNNAMED",
          "--add-opens",
          "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  /** Tags in the node's store (a Micrometer gauge). */
  static final String TAGS_METRIC = "plantmesh_store_tags";

  /** Readings applied to the node's store: the end of the node's ingest path. */
  static final String INGESTED_METRIC = "plantmesh_readings_ingested_total";

  private BenchSupport() {}

  static String endpoint(int port) {
    return "opc.tcp://127.0.0.1:" + port + "/plantmesh";
  }

  /** The PLC simulator from its CLI, security None, in its own JVM with room for 100k tags. */
  static JvmProcess startSimulator(String name, int port, int tags, int rateMillis, Path out)
      throws IOException {
    JvmProcess sim =
        JvmProcess.start(
            name,
            List.of("-Xmx2g"),
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "io.plantmesh.simulator.PlcSimulatorCli",
                "--tags",
                Integer.toString(tags),
                "--rate",
                rateMillis + "ms",
                "--port",
                Integer.toString(port),
                "--security",
                "none",
                "--pki-dir",
                out.resolve("pki-" + name).toString(),
                "--max-monitored-items-per-call",
                "5000",
                "--max-nodes-per-read",
                "5000"),
            Map.of(),
            out);
    sim.awaitLine(l -> l.startsWith("PLC simulator ready"), Duration.ofMinutes(3));
    return sim;
  }

  /** The packaged edge node ({@code quarkus-run.jar}) with {@code config} as its plantmesh.yaml. */
  static JvmProcess startNode(String name, Path config, int httpPort, List<String> jvm, Path out)
      throws IOException {
    return startNode(name, config, httpPort, jvm, Map.of(), out);
  }

  /** As above, with extra environment variables (e.g. the mesh's cluster key). */
  static JvmProcess startNode(
      String name, Path config, int httpPort, List<String> jvm, Map<String, String> env, Path out)
      throws IOException {
    Path jar = nodeJar();
    List<String> jvmArgs = new ArrayList<>(jvm);
    jvmArgs.add("-Dquarkus.http.port=" + httpPort);
    jvmArgs.add("-Dquarkus.http.host=127.0.0.1");
    return JvmProcess.start(
        name, jvmArgs, List.of("-jar", jar.toString()), withConfig(env, config), out);
  }

  private static Map<String, String> withConfig(Map<String, String> env, Path config) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("PLANTMESH_CONFIG", config.toAbsolutePath().toString());
    return all;
  }

  static Path nodeJar() {
    Path jar =
        Path.of(
            System.getProperty(
                "plantmesh.node.jar", "../edge-node/target/quarkus-app/quarkus-run.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the packaged edge node is missing at "
              + jar.toAbsolutePath()
              + ": build it first (./mvnw -pl edge-node -am package -DskipTests)");
    }
    return jar;
  }

  /** A node reading {@code tags} tags of the simulator by browsing its Plant folder. */
  static String nodeConfig(String endpoint, int tags, int rateMillis) {
    return """
        plantmesh:
          node:
            name: bench-node
          sources:
        """
        + sourceConfig(endpoint, tags, rateMillis, "target/bench/pki-node", "");
  }

  /**
   * The simulator as source {@code sim} (a list item under {@code plantmesh.sources}), with its own
   * client PKI directory and {@code extra} lines (e.g. {@code placement: n1,n2}).
   */
  static String sourceConfig(
      String endpoint, int tags, int rateMillis, String pkiDir, String extra) {
    return """
            - id: sim
              type: opcua
              endpoint-url: %s
              security: { policy: none, mode: none }
              pki: { dir: %s, auto-accept-untrusted: false }
              path-prefix: bench
              collection:
                mode: subscribe
                sampling-interval: %dms
                publishing-interval: %dms
                queue-size: 10
              browse:
                - root: "nsu=urn:plantmesh:plc-simulator;s=Plant"
                  max-depth: 5
                  exclude: ["Static", "Static/**"]
                  max-tags: %d
        """
            .formatted(endpoint, pkiDir, rateMillis, rateMillis, tags)
        + extra.lines().map(l -> "      " + l + "\n").reduce("", String::concat);
  }
}
