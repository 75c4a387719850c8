package io.plantmesh.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * One window of the plantmesh path: three packaged nodes, the owner of source {@code sim} collects,
 * the two others receive through the mesh. Latencies come from the peers' histograms (the
 * difference of two scrapes); optionally memory, and failover by {@code kill -9} of the owner.
 */
final class MeshPhase {
  /** What the window measured; failover seconds per repetition (empty when not measured). */
  record Result(
      String owner,
      double ingestedPerSecond,
      double deliveredPerSecond,
      PromHistogram peer,
      PromHistogram source,
      String[] names,
      long[] rss,
      long[] heap,
      List<Failover> failovers) {}

  /**
   * One {@code kill -9} of the owner: who took over, when it owned the source, when its first
   * reading was received, and whether it opened a warm instance (a hot standby) or started cold.
   */
  record Failover(
      String killed, String newOwner, double acquiredSeconds, double seconds, boolean warm) {}

  /**
   * The same failovers with the source configured {@code standby: hot}, and what standing by costs:
   * each node's RSS, CPU (percent of one core over a quiet interval with the successor ready) and
   * live heap, the successor holding a second Session beside a peer that holds none.
   */
  record Hot(
      List<Failover> failovers,
      String[] names,
      String owner,
      String successor,
      long[] rss,
      double[] cpuPercent,
      long[] heap,
      double costSeconds) {}

  private MeshPhase() {}

  /** Three nodes listing the simulator with placement {@code n1,n2}, hot standby or cold. */
  private static MeshNodes startNodes(
      String endpoint, int tags, int rateMillis, List<String> jvm, boolean hot, Path out)
      throws Exception {
    List<String> jvmArgs = new ArrayList<>(BenchSupport.HAZELCAST_JVM_FLAGS);
    jvmArgs.addAll(jvm);
    String label = tags + "-" + rateMillis + "ms" + (hot ? "-hot" : "");
    return MeshNodes.start(label, endpoint, tags, rateMillis, "n1,n2", hot, jvmArgs, out);
  }

  static Result run(
      String endpoint,
      int tags,
      int rateMillis,
      List<String> jvm,
      Duration warmup,
      Duration window,
      boolean memory,
      int failoverRepetitions,
      Path out)
      throws Exception {
    try (MeshNodes nodes = startNodes(endpoint, tags, rateMillis, jvm, false, out)) {
      nodes.awaitTables(tags, Duration.ofMinutes(6));
      String owner = awaitPreferredOwner(nodes);
      int o = nodes.index(owner);
      List<Integer> peers = new ArrayList<>(List.of(0, 1, 2));
      peers.remove(Integer.valueOf(o));
      BarePhase.pause(warmup);

      PromHistogram[] peer0 = new PromHistogram[2];
      PromHistogram[] src0 = new PromHistogram[2];
      for (int k = 0; k < 2; k++) {
        String body = nodes.metrics(peers.get(k));
        peer0[k] = PromHistogram.parse(body, MeshNodes.PEER_DELAY);
        src0[k] = PromHistogram.parse(body, MeshNodes.SOURCE_DELAY);
      }
      double ingested0 = nodes.metric(o, BenchSupport.INGESTED_METRIC);
      long t0 = System.nanoTime();
      BarePhase.pause(window);
      double ingested1 = nodes.metric(o, BenchSupport.INGESTED_METRIC);
      PromHistogram peer = null;
      PromHistogram source = null;
      for (int k = 0; k < 2; k++) {
        String body = nodes.metrics(peers.get(k));
        PromHistogram p = PromHistogram.parse(body, MeshNodes.PEER_DELAY).minus(peer0[k]);
        PromHistogram s = PromHistogram.parse(body, MeshNodes.SOURCE_DELAY).minus(src0[k]);
        peer = peer == null ? p : peer.plus(p);
        source = source == null ? s : source.plus(s);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;

      long[] rss = new long[3];
      long[] heap = new long[3];
      if (memory) {
        for (int i = 0; i < 3; i++) {
          heap[i] = nodes.process(i).liveHeapBytes();
          rss[i] = nodes.process(i).rssBytes();
        }
      }
      List<Failover> failovers = new ArrayList<>();
      for (int r = 0; r < failoverRepetitions; r++) {
        failovers.add(failover(nodes, tags, null));
      }
      return new Result(
          owner,
          (ingested1 - ingested0) / seconds,
          peer.count() / 2 / seconds,
          peer,
          source,
          nodes.names.toArray(String[]::new),
          rss,
          heap,
          failovers);
    }
  }

  /**
   * Three nodes with the source configured {@code standby: hot}: once the owner's successor reports
   * its warm instance ready, measures the nodes' CPU over {@code cost} and their memory, then
   * {@code repetitions} failovers, each waiting first until the successor stands by, ready, again.
   */
  static Hot hot(
      String endpoint,
      int tags,
      int rateMillis,
      List<String> jvm,
      Duration cost,
      int repetitions,
      Path out)
      throws Exception {
    try (MeshNodes nodes = startNodes(endpoint, tags, rateMillis, jvm, true, out)) {
      nodes.awaitTables(tags, Duration.ofMinutes(6));
      String owner = awaitPreferredOwner(nodes);
      String successor = awaitHotStandby(nodes);
      double[] cpu0 = new double[3];
      for (int i = 0; i < 3; i++) {
        cpu0[i] = nodes.process(i).cpuSeconds();
      }
      long t0 = System.nanoTime();
      BarePhase.pause(cost);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double[] cpu = new double[3];
      long[] rss = new long[3];
      long[] heap = new long[3];
      for (int i = 0; i < 3; i++) {
        cpu[i] = (nodes.process(i).cpuSeconds() - cpu0[i]) / seconds * 100;
        rss[i] = nodes.process(i).rssBytes();
      }
      for (int i = 0; i < 3; i++) {
        heap[i] = nodes.process(i).liveHeapBytes();
      }
      List<Failover> failovers = new ArrayList<>();
      for (int r = 0; r < repetitions; r++) {
        failovers.add(failover(nodes, tags, successor));
      }
      return new Hot(
          failovers, nodes.names.toArray(String[]::new), owner, successor, rss, cpu, heap, seconds);
    }
  }

  /** Lines of {@code OwnedSource} and {@code MeshNode} that tell where a node's instance stands. */
  private static boolean sourceState(String line) {
    return line.contains("Source sim: ")
        && (line.contains("warming up to take over")
            || line.contains("warm-up cancelled")
            || line.contains("warm, ready to take over")
            || line.contains("collecting (owner at epoch")
            || line.contains("handed over"));
  }

  /**
   * Waits until the preferred owner's successor (every node names it in {@code /api/cluster}) has
   * logged that its warm instance is ready, and nothing about the source since: a hot standby that
   * holds a first value of every tag. Returns its name.
   */
  private static String awaitHotStandby(MeshNodes nodes) {
    return Awaitility.await("the successor stands by for sim, warm and ready")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              String standby = nodes.standby(0);
              if (standby == null || nodes.index(standby) < 0) {
                return null;
              }
              String last = nodes.process(nodes.index(standby)).lastLine(MeshPhase::sourceState);
              return last != null && last.contains("warm, ready to take over") ? standby : null;
            },
            s -> s != null);
  }

  /**
   * Kills the owner, then polls both survivors' tables for the earliest reading received after the
   * kill by another node; restarts the killed node and waits until it is back in the mesh.
   */
  private static Failover failover(MeshNodes nodes, int tags, String hotStandby) throws Exception {
    String owner = awaitPreferredOwner(nodes);
    if (hotStandby != null) {
      String ready = awaitHotStandby(nodes);
      if (!ready.equals(hotStandby)) {
        throw new AssertionError("the successor is " + ready + ", not " + hotStandby);
      }
    }
    int o = nodes.index(owner);
    List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
    survivors.remove(Integer.valueOf(o));
    Instant killed = Instant.now();
    nodes.process(o).kill();
    Instant[] first = {null};
    String[] by = {null};
    long[] seenAt = {0};
    Awaitility.await("a reading collected by a survivor after killing " + owner)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              for (int s : survivors) {
                for (JsonNode t : nodes.tags(s, Math.min(tags, 10_000))) {
                  String origin = t.path("originNode").asText("");
                  String rt = t.path("receivedTime").asText(null);
                  if (rt == null || origin.equals(owner)) {
                    continue;
                  }
                  Instant received = Instant.parse(rt);
                  if (!received.isBefore(killed)
                      && (first[0] == null || received.isBefore(first[0]))) {
                    first[0] = received;
                    by[0] = origin;
                  }
                }
              }
              if (first[0] != null && seenAt[0] == 0) {
                seenAt[0] = System.nanoTime();
              }
              // Look a second longer: the earliest batch may reach a survivor's table a bit later.
              return seenAt[0] != 0 && System.nanoTime() - seenAt[0] > 1_000_000_000L;
            });
    double seconds = Duration.between(killed, first[0]).toNanos() / 1e9;
    Instant acquired = nodes.ownedSince(survivors.get(0), by[0]);
    double acquiredSeconds =
        acquired == null ? Double.NaN : Duration.between(killed, acquired).toNanos() / 1e9;
    String opened = nodes.process(nodes.index(by[0])).lastLine(MeshPhase::sourceState);
    boolean warm = opened != null && opened.contains("collecting") && opened.contains("warm");
    nodes.process(o).close();
    nodes.startNode(o);
    nodes.awaitTable(o, tags, Duration.ofMinutes(3));
    Awaitility.await(owner + " back in a mesh of 3")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> nodes.members(o) == 3);
    return new Failover(owner, by[0], acquiredSeconds, seconds, warm);
  }

  /**
   * Waits until the preferred node ({@code n1}, first in the placement, alive) owns the source, all
   * three agree and report the mesh safe, and n1's ingest counter has been moving for 3 s: a
   * restarted n1 takes its source back some time after rejoining, and killing a node during that
   * handover (or during a partition migration) would measure something else.
   */
  private static String awaitPreferredOwner(MeshNodes nodes) {
    String preferred = nodes.names.get(0);
    double[] lastIngested = {-1};
    long[] lastChange = {0};
    long[] since = {0};
    return Awaitility.await(preferred + " owns sim and collects, agreed and stable")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              double ingested = nodes.metric(0, BenchSupport.INGESTED_METRIC);
              long now = System.nanoTime();
              if (lastIngested[0] >= 0 && ingested > lastIngested[0]) {
                lastChange[0] = now;
              }
              lastIngested[0] = ingested;
              // publishes come once per publishing interval (up to 1 s): moving = a change lately
              boolean moving = lastChange[0] != 0 && now - lastChange[0] < 2_500_000_000L;
              boolean settled = moving;
              for (int i = 0; i < 3 && settled; i++) {
                settled = preferred.equals(nodes.owner(i)) && nodes.safe(i);
              }
              if (!settled) {
                since[0] = 0;
                return null;
              }
              if (since[0] == 0) {
                since[0] = System.nanoTime();
              }
              return System.nanoTime() - since[0] > 3_000_000_000L ? preferred : null;
            },
            o -> o != null);
  }
}
