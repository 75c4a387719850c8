package io.plantmesh.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mesh benchmark (issue: the mesh's figures beside a bare Hazelcast baseline, same run): three
 * packaged edge nodes meshed on loopback, the owner of the simulator's source collecting, the two
 * others seeing every change through the mesh; and three bare Hazelcast members (no plantmesh code)
 * doing one {@code IMap.set} per change with entry listeners on the two others. Against the same
 * simulator JVM, one after the other, at about 10,000 and 100,000 changes/s. Prints latency from a
 * change to visibility on a peer (p50, p99, max), memory per 100,000 tags, and failover after
 * {@code kill -9} of the owner, cold and with {@code standby: hot} (and what standing by costs);
 * writes {@code target/bench/mesh.txt} and {@code mesh.json}.
 *
 * <p>Run: {@code ./mvnw -pl integration-tests -Pbench verify -Dtest=MeshBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (after {@code ./mvnw install -DskipTests}). Options:
 * {@code -Dbench.tags=10000}, {@code -Dbench.rate=100} (ms), {@code -Dbench.scale=1000x1000},
 * {@code -Dbench.warmup=8}, {@code -Dbench.window=20} (seconds), {@code -Dbench.failovers=3},
 * {@code -Dbench.async=false}, {@code -Dbench.hot=false}, {@code -Dbench.hotcost=10} (seconds),
 * {@code -Dbench.mesh.jvm="..."}.
 */
class MeshBenchmark {
  /**
   * Scale points: tags and the simulator's change interval, which is also the sampling and
   * publishing interval. About 10,000 changes/s in one publish per second; about 100,000/s in
   * publishes of 10,000 every 100 ms; about 100,000/s in one publish of 100,000 per second (also
   * memory per 100,000 tags).
   */
  private static final int[][] SCALES = scales();

  /** {@code -Dbench.scale=1000x1000} (tags x interval ms) replaces the three, e.g. for failover. */
  private static int[][] scales() {
    String custom = System.getProperty("bench.scale", "");
    if (custom.isBlank()) {
      return new int[][] {{10_000, 1_000}, {10_000, 100}, {100_000, 1_000}};
    }
    String[] f = custom.split("x");
    if (f.length != 2) {
      throw new IllegalArgumentException(
          "bench.scale: '" + custom + "' is not <tags>x<interval ms>, e.g. 1000x1000");
    }
    return new int[][] {{Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim())}};
  }

  private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 8));
  private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("bench.window", 20));
  private static final int FAILOVERS = Integer.getInteger("bench.failovers", 3);
  private static final boolean ASYNC =
      Boolean.parseBoolean(System.getProperty("bench.async", "true"));

  /**
   * false: no failovers with {@code standby: hot} (a second set of three nodes, started after the
   * cold ones, at the scale where failovers are measured).
   */
  private static final boolean HOT = Boolean.parseBoolean(System.getProperty("bench.hot", "true"));

  /** How long the nodes' CPU is measured with the hot standby ready. */
  private static final Duration HOT_COST = Duration.ofSeconds(Long.getLong("bench.hotcost", 10));

  /** false: the bare baseline only (e.g. while iterating on it). */
  private static final boolean NODES =
      Boolean.parseBoolean(System.getProperty("bench.nodes", "true"));

  /** false: the nodes only. */
  private static final boolean BARE =
      Boolean.parseBoolean(System.getProperty("bench.bare", "true"));

  private static final Path OUT = Path.of("target", "bench");
  private static final String ROOT = "nsu=urn:plantmesh:plc-simulator;s=Plant";

  /**
   * The gateway settings of {@link BenchSupport#GATEWAY_JVM_OPTS} with a larger heap (a mesh node
   * holds the plant-wide table beside its own store) and with C2: with C1 only, the owner collected
   * about 47,000 of the ~100,000 changes/s at 100,000 tags, with C2 all of them (measured on the
   * shared 2-core machine). The bare members get the same settings.
   */
  static final String MESH_JVM_OPTS =
      BenchSupport.GATEWAY_JVM_OPTS
          .replace("-Xmx160m", "-Xmx256m")
          .replace(" -XX:TieredStopAtLevel=1", "")
          .replace("-XX:ReservedCodeCacheSize=32m", "-XX:ReservedCodeCacheSize=64m");

  static final List<String> JVM =
      List.of(System.getProperty("bench.mesh.jvm", MESH_JVM_OPTS).split(" "));

  @Test
  void meshBesideBareHazelcast() throws Exception {
    Files.createDirectories(OUT);
    int only = Integer.getInteger("bench.tags", 0);
    int onlyRate = Integer.getInteger("bench.rate", 0);
    List<MeshReport.Scale> scales = new ArrayList<>();
    for (int[] scale : SCALES) {
      if ((only != 0 && scale[0] != only) || (onlyRate != 0 && scale[1] != onlyRate)) {
        continue;
      }
      scales.add(measure(scale[0], scale[1]));
    }
    String text = MeshReport.text(scales, JVM);
    System.out.println(text);
    Files.writeString(OUT.resolve("mesh.txt"), text);
    Files.writeString(OUT.resolve("mesh.json"), MeshReport.json(scales));
    for (MeshReport.Scale s : scales) {
      assertTrue(
          !NODES || s.mesh().peer().count() > 0,
          "peers saw readings through the mesh: " + s.tags());
      for (BarePhase.Result b : s.bare()) {
        assertTrue(b.window().peerMicros().length > 0, "bare listeners saw puts: " + s.tags());
      }
    }
  }

  private MeshReport.Scale measure(int tags, int rateMillis) throws Exception {
    int simPort = MeshNodes.freePort();
    boolean memory = tags == 100_000;
    int failovers = tags == SCALES[0][0] && rateMillis == SCALES[0][1] ? FAILOVERS : 0;
    try (JvmProcess sim =
        BenchSupport.startSimulator(
            "mesh-sim-" + tags + "-" + rateMillis + "ms", simPort, tags, rateMillis, OUT)) {
      String endpoint = BenchSupport.endpoint(simPort);
      List<BarePhase.Result> bare = new ArrayList<>();
      List<String> modes = ASYNC ? List.of("sync", "async") : List.of("sync");
      for (String mode : BARE ? modes : List.<String>of()) {
        BarePhase.Result r =
            BarePhase.run(
                mode,
                endpoint,
                ROOT,
                tags,
                rateMillis,
                JVM,
                WARMUP,
                WINDOW,
                memory && mode.equals("sync"),
                mode.equals("sync"),
                OUT);
        System.out.println(MeshReport.bareLine(tags, r));
        bare.add(r);
      }
      MeshPhase.Result mesh =
          NODES
              ? MeshPhase.run(
                  endpoint, tags, rateMillis, JVM, WARMUP, WINDOW, memory, failovers, OUT)
              : null;
      MeshPhase.Hot hot =
          NODES && HOT && failovers > 0
              ? MeshPhase.hot(endpoint, tags, rateMillis, JVM, HOT_COST, failovers, OUT)
              : null;
      return new MeshReport.Scale(tags, rateMillis, mesh, bare, hot);
    }
  }
}
