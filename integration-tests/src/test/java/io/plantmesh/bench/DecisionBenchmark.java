package io.plantmesh.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.simulator.EchoStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Decision benchmark (issue 5): latency from a value change in the simulator to a write caused by
 * it arriving back at the simulator, measured by the simulator itself (its echo: a Counter it sets
 * every period, an Echo a client writes the value back to; see the simulator's README), so no clock
 * is shared between processes. Paths, one after the other against the same simulator JVM:
 *
 * <ul>
 *   <li>bare: {@link BareEchoClient}, a Milo client in its own JVM that writes each change back;
 *   <li>plantmesh: three packaged nodes, n1 owning the PLC and n3 evaluating the echo rule ({@link
 *       DecisionMesh}); every node's {@code GET /api/rules} and {@code GET /api/sources} must say
 *       so before and after the window.
 * </ul>
 *
 * Goal: p99 ≤ 50 ms at the fastest interval the simulator allows (10 ms), and the plantmesh path ≤
 * 2× the bare one. Prints p50/p99/max and writes {@code target/bench/decision.txt}.
 *
 * <p>Run: {@code ./mvnw -o -pl integration-tests -Pbench verify -Dtest=DecisionBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (after {@code ./mvnw install -DskipTests}). Options:
 * {@code -Dbench.decision.interval=10} (ms: sampling and publishing interval), {@code
 * -Dbench.decision.echo-period=10} (ms: how often the Counter changes; default the interval),
 * {@code -Dbench.warmup=10}, {@code -Dbench.window=60} (seconds), {@code
 * -Dbench.decision.mesh=false} (the bare path only).
 */
class DecisionBenchmark {
  static final int INTERVAL_MS = Integer.getInteger("bench.decision.interval", 10);
  static final int ECHO_PERIOD_MS = Integer.getInteger("bench.decision.echo-period", INTERVAL_MS);
  private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 10));

  /**
   * The mesh path's warm-up, from its first echo: three freshly started node JVMs compile the path
   * while the loop already runs at full rate, and the backlog of their first seconds takes a while
   * to drain (shown in the report as the warm-up's figures).
   */
  private static final Duration MESH_WARMUP =
      Duration.ofSeconds(Long.getLong("bench.decision.mesh-warmup", 30));

  private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("bench.window", 60));

  private static final boolean MESH =
      Boolean.parseBoolean(System.getProperty("bench.decision.mesh", "true"));

  private static final Path OUT = Path.of("target", "bench");

  /**
   * What one path measured: the simulator's statistics of the window, and what the path itself
   * reported about it ({@code notes}, one line each, for the report).
   */
  record Phase(
      String name, EchoStats stats, double seconds, long failedWrites, List<String> notes) {}

  @Test
  void decisionLatencyBesideTheBareBaseline() throws Exception {
    Files.createDirectories(OUT);
    int port = Ports.free();
    String endpoint = BenchSupport.endpoint(port);
    try (JvmProcess sim = startSimulator(port);
        EchoControl control = EchoControl.connect(endpoint)) {
      Phase bare = bare(endpoint, control);
      Phase mesh = MESH ? plantmesh(endpoint, control) : null;
      String text =
          DecisionReport.text(
              INTERVAL_MS, ECHO_PERIOD_MS, WARMUP, WINDOW, bare, mesh, MeshBenchmark.JVM);
      System.out.println(text);
      Files.writeString(OUT.resolve("decision.txt"), text);
      assertTrue(bare.stats().count() > 0, "the bare client echoed: " + bare.stats().describe());
      assertEquals(0, bare.failedWrites(), "the bare client's writes all succeeded");
      if (mesh != null) {
        assertTrue(mesh.stats().count() > 0, () -> "the mesh echoed: " + mesh.stats().describe());
        assertEquals(0, mesh.failedWrites(), () -> "the rule's writes all succeeded: " + mesh);
      }
    }
  }

  /**
   * The simulator from its CLI with the echo on and a small plant, in its own JVM. From its CLI jar
   * when built (it logs the echo's statistics each second through slf4j-simple; on the test class
   * path slf4j is bound to the JBoss LogManager, which logs nothing unconfigured), else from the
   * test class path.
   */
  private static JvmProcess startSimulator(int port) throws Exception {
    Path jar =
        Path.of(
            System.getProperty(
                "plantmesh.simulator.jar",
                "../connectors/plc-simulator/target/plantmesh-plc-simulator-0.1.0-SNAPSHOT-cli.jar"));
    String classPath =
        Files.isRegularFile(jar) ? jar.toString() : System.getProperty("java.class.path");
    JvmProcess sim =
        JvmProcess.start(
            "decision-sim",
            List.of("-Xmx512m"),
            List.of(
                "-cp",
                classPath,
                "io.plantmesh.simulator.PlcSimulatorCli",
                "--tags",
                "8",
                "--rate",
                "1s",
                "--port",
                Integer.toString(port),
                "--security",
                "none",
                "--pki-dir",
                OUT.resolve("pki-decision-sim").toString(),
                "--echo-period",
                ECHO_PERIOD_MS + "ms"),
            Map.of(),
            OUT);
    sim.awaitLine(l -> l.startsWith("PLC simulator ready"), Duration.ofMinutes(2));
    return sim;
  }

  /** The bare baseline: warm-up, a reset, the window, the simulator's statistics. */
  private static Phase bare(String endpoint, EchoControl control) throws Exception {
    try (JvmProcess client =
        JvmProcess.start(
            "decision-bare",
            MeshBenchmark.JVM,
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                BareEchoClient.class.getName(),
                endpoint,
                Integer.toString(INTERVAL_MS)),
            Map.of(),
            OUT)) {
      String ready = client.awaitLine(l -> l.startsWith("READY "), Duration.ofMinutes(1));
      BarePhase.pause(WARMUP);
      long[] before = echoCounts(client);
      EchoWindow w = EchoWindow.measure(control, WINDOW);
      long[] after = echoCounts(client);
      client.send("stop");
      client.awaitLine(l -> l.startsWith("STOPPED "), Duration.ofSeconds(30));
      String[] r = ready.split(" ");
      return new Phase(
          "bare Milo client",
          w.stats(),
          w.seconds(),
          after[2],
          List.of(
              String.format(
                  Locale.ROOT,
                  "revised: publishing %s ms, sampling %s ms, queue size 1; by its reports each"
                      + " second (so the window only roughly), the client saw %d changes (%d of"
                      + " them a value seen before) and wrote %d; %d writes failed in all",
                  r[1],
                  r[2],
                  after[0] - before[0],
                  after[3] - before[3],
                  after[1] - before[1],
                  after[2]),
              w.progressNote(),
              w.load()));
    }
  }

  /** The client's latest {@code ECHO} counts: notifications, good and failed writes, repeats. */
  private static long[] echoCounts(JvmProcess client) {
    String line = client.lastLine(l -> l.startsWith("ECHO "));
    if (line == null) {
      throw new IllegalStateException("the bare client reported no counts:\n" + client.tail(20));
    }
    String[] f = line.split(" ");
    return new long[] {
      Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5])
    };
  }

  /**
   * The plantmesh path: n1 owns the PLC, n3 evaluates {@link DecisionMesh#ruleYaml} and its writes
   * go through the mesh to n1, which writes to the simulator. Measured exactly like the bare path,
   * by the simulator; the placement is checked on every node before and after the window, and the
   * writes n3 routed are read from its metrics.
   */
  private static Phase plantmesh(String endpoint, EchoControl control) throws Exception {
    try (DecisionMesh mesh = DecisionMesh.start(endpoint, INTERVAL_MS, MeshBenchmark.JVM, OUT)) {
      mesh.awaitPlacement(Duration.ofMinutes(3));
      mesh.awaitEchoes(control, Duration.ofMinutes(2));
      BarePhase.pause(MESH_WARMUP);
      EchoStats warmup = control.stats();
      DecisionProbe.Placement atStart = mesh.placement();
      assertPlacement(atStart, "before the window");
      Map<String, Long> writesBefore = mesh.evaluatorWrites();
      PromHistogram hopBefore = mesh.evaluatorPeerDelay();
      EchoWindow w = EchoWindow.measure(control, WINDOW);
      Map<String, Long> writes = DecisionProbe.minus(mesh.evaluatorWrites(), writesBefore);
      PromHistogram hop = mesh.evaluatorPeerDelay().minus(hopBefore);
      DecisionProbe.Placement atEnd = mesh.placement();
      assertPlacement(atEnd, "after the window");
      long failed =
          writes.entrySet().stream()
              .filter(e -> !e.getKey().startsWith("Good"))
              .mapToLong(Map.Entry::getValue)
              .sum();
      return new Phase(
          "plantmesh (n1 owns the PLC, n3 decides)",
          w.stats(),
          w.seconds(),
          failed,
          DecisionReport.meshNotes(INTERVAL_MS, atStart, writes, hop, warmup, MESH_WARMUP, w));
    }
  }

  private static void assertPlacement(DecisionProbe.Placement p, String when) {
    assertTrue(
        p.is(DecisionMesh.EVALUATOR, DecisionMesh.OWNER),
        () ->
            "rule evaluated on "
                + DecisionMesh.EVALUATOR
                + " and the PLC owned by "
                + DecisionMesh.OWNER
                + " "
                + when
                + ": "
                + p.describe());
  }
}
