package io.plantmesh.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The mesh benchmark's table and JSON. The bare baseline's latencies are counted into the node's
 * histogram buckets and read with the same interpolation, so the p99 ratio compares like with like;
 * its exact percentiles are printed beside them.
 */
final class MeshReport {
  /** One scale point: the plantmesh window and the bare windows against the same simulator. */
  record Scale(
      int tags,
      int rateMillis,
      MeshPhase.Result mesh,
      List<BarePhase.Result> bare,
      MeshPhase.Hot hot) {}

  private MeshReport() {}

  private static final String ROW = "%-13s %-30s %11s %11s %8s %8s %8s %8s %8s %8s%n";

  static String text(List<Scale> scales, List<String> jvm) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nMesh: a PLC change -> visible on a peer, 3 members per path on loopback, latencies in"
                + " ms%n(peer = apply on the peer - receive on the collecting member; src = apply"
                + " on the peer - the PLC's source time; plantmesh's max: the highest bucket"
                + " observed in the window)%n"));
    sb.append(
        String.format(
            Locale.ROOT,
            ROW,
            "tags@change",
            "path",
            "collected/s",
            "per peer/s",
            "peer p50",
            "peer p99",
            "peer max",
            "src p50",
            "src p99",
            "src max"));
    for (Scale s : scales) {
      MeshPhase.Result m = s.mesh();
      if (m == null) {
        for (BarePhase.Result b : s.bare()) {
          sb.append(bareLine(s.tags(), b)).append('\n');
        }
        continue;
      }
      sb.append(
          row(
              scale(s),
              "plantmesh (3 edge nodes)",
              m.ingestedPerSecond(),
              m.deliveredPerSecond(),
              m.peer(),
              m.source(),
              true));
      for (BarePhase.Result b : s.bare()) {
        PromHistogram peer = PromHistogram.ofSamples(b.window().peerMicros(), m.peer().les());
        PromHistogram src = PromHistogram.ofSamples(b.window().sourceMicros(), m.source().les());
        sb.append(
            row(scale(s), label(b), b.setPerSecond(), b.deliveredPerSecond(), peer, src, false));
        sb.append(
            String.format(
                Locale.ROOT,
                "%-13s %-30s exact: peer p50 %.2f, p99 %.2f; src p50 %.2f, p99 %.2f;"
                    + " its Milo client received %.0f/s since subscribing%n",
                "",
                "",
                ms(PromHistogram.exact(b.window().peerMicros(), 0.5)),
                ms(PromHistogram.exact(b.window().peerMicros(), 0.99)),
                ms(PromHistogram.exact(b.window().sourceMicros(), 0.5)),
                ms(PromHistogram.exact(b.window().sourceMicros(), 0.99)),
                b.receivedPerSecond()));
        double ratio = m.peer().quantile(0.99) / peer.quantile(0.99);
        sb.append(
            String.format(
                Locale.ROOT,
                "%-13s %-30s peer p99 plantmesh / bare = %.3f (goal <= 1.5 and <= 20 ms)%n",
                "",
                "ratio vs " + label(b),
                ratio));
      }
    }
    memory(sb, scales);
    failover(sb, scales);
    sb.append("JVM settings of every node and bare member: ").append(String.join(" ", jvm));
    return sb.append('\n').toString();
  }

  private static void memory(StringBuilder sb, List<Scale> scales) {
    for (Scale s : scales) {
      MeshPhase.Result m = s.mesh();
      if (m == null || m.rss()[0] == 0) {
        continue;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%nMemory with %,d tags (RSS; live heap after a full GC)%n%-34s %8s %10s%n",
              s.tags(),
              "process",
              "RSS",
              "live heap"));
      for (int i = 0; i < 3; i++) {
        String role = m.names()[i].equals(m.owner()) ? " (owner, collects)" : " (peer)";
        sb.append(memRow("plantmesh " + m.names()[i] + role, m.rss()[i], m.heap()[i]));
      }
      for (BarePhase.Result b : s.bare()) {
        if (b.rss()[0] == 0) {
          continue;
        }
        String[] roles = {"A (Milo client + puts)", "B (listener)", "C (listener)"};
        for (int i = 0; i < 3; i++) {
          sb.append(memRow("bare " + roles[i], b.rss()[i], b.heap()[i]));
        }
      }
    }
  }

  private static void failover(StringBuilder sb, List<Scale> scales) {
    sb.append(String.format(Locale.ROOT, "%nFailover (kill -9)%n"));
    for (Scale s : scales) {
      List<MeshPhase.Failover> failovers = s.mesh() == null ? List.of() : s.mesh().failovers();
      for (MeshPhase.Failover f : failovers) {
        sb.append(failoverLine(s.tags(), "standby: cold", f));
      }
      if (s.hot() != null) {
        for (MeshPhase.Failover f : s.hot().failovers()) {
          sb.append(failoverLine(s.tags(), "standby: hot", f));
        }
        hotCost(sb, s.tags(), s.hot());
      }
      for (BarePhase.Result b : s.bare()) {
        if (!Double.isNaN(b.detectionSeconds())) {
          sb.append(
              String.format(
                  Locale.ROOT,
                  "bare Hazelcast, %,d tags: kill -9 of the putting member -> removed on a"
                      + " listener after %.2f s (detection only: nothing takes over)%n",
                  s.tags(),
                  b.detectionSeconds()));
        }
      }
    }
  }

  private static String failoverLine(int tags, String mode, MeshPhase.Failover f) {
    return String.format(
        Locale.ROOT,
        "plantmesh, %,d tags, %s: kill -9 %s -> %s owned the source after %.2f s, its first"
            + " reading received after %.2f s (%s; goal <= 3 s)%n",
        tags,
        mode,
        f.killed(),
        f.newOwner(),
        f.acquiredSeconds(),
        f.seconds(),
        f.warm() ? "opened its warm instance" : "started cold");
  }

  private static void hotCost(StringBuilder sb, int tags, MeshPhase.Hot h) {
    sb.append(
        String.format(
            Locale.ROOT,
            "%nWhat the hot standby costs, %,d tags (the successor holds a second Session; CPU"
                + " over %.0f s with it ready, RSS, live heap after a full GC)%n%-34s %8s %8s %10s%n",
            tags,
            h.costSeconds(),
            "process",
            "CPU",
            "RSS",
            "live heap"));
    for (int i = 0; i < 3; i++) {
      String n = h.names()[i];
      String role =
          n.equals(h.owner())
              ? " (owner, collects)"
              : n.equals(h.successor()) ? " (hot standby)" : " (peer)";
      sb.append(
          String.format(
              Locale.ROOT,
              "%-34s %7.1f%% %6dMB %8.1fMB%n",
              "plantmesh " + n + role,
              h.cpuPercent()[i],
              h.rss()[i] >> 20,
              h.heap()[i] / (1024.0 * 1024.0)));
    }
  }

  private static String memRow(String name, long rss, long heap) {
    return String.format(
        Locale.ROOT, "%-34s %6dMB %8.1fMB%n", name, rss >> 20, heap / (1024.0 * 1024.0));
  }

  static String bareLine(int tags, BarePhase.Result b) {
    return String.format(
        Locale.ROOT,
        "bare %s, %d tags: Milo received %.0f/s since subscribing, put %.0f/s,"
            + " per listener %.0f/s, exact peer p50 %.2f"
            + " p99 %.2f max %.2f ms",
        b.mode(),
        tags,
        b.receivedPerSecond(),
        b.setPerSecond(),
        b.deliveredPerSecond(),
        ms(PromHistogram.exact(b.window().peerMicros(), 0.5)),
        ms(PromHistogram.exact(b.window().peerMicros(), 0.99)),
        ms(PromHistogram.exact(b.window().peerMicros(), 1.0)));
  }

  private static String label(BarePhase.Result b) {
    return b.mode().equals("sync") ? "bare IMap.set per change" : "bare IMap.setAsync per change";
  }

  /** A row; {@code bounds}: the max columns show the window's highest bucket bound (≤). */
  private static String scale(Scale s) {
    return s.tags()
        + "@"
        + (s.rateMillis() % 1000 == 0 ? s.rateMillis() / 1000 + "s" : s.rateMillis() + "ms");
  }

  private static String row(
      String scale,
      String path,
      double collected,
      double perPeer,
      PromHistogram p,
      PromHistogram s,
      boolean bounds) {
    return String.format(
        Locale.ROOT,
        ROW,
        scale,
        path,
        String.format(Locale.ROOT, "%.0f", collected),
        String.format(Locale.ROOT, "%.0f", perPeer),
        f2(ms(p.quantile(0.5))),
        f2(ms(p.quantile(0.99))),
        bounds ? bound(p) : f2(ms(p.max())),
        f2(ms(s.quantile(0.5))),
        f2(ms(s.quantile(0.99))),
        bounds ? bound(s) : f2(ms(s.max())));
  }

  private static String bound(PromHistogram h) {
    double b = h.maxBound();
    return Double.isInfinite(b)
        ? ">" + f2(ms(h.les()[h.les().length - 2]))
        : "<=" + String.format(Locale.ROOT, "%.0f", ms(b));
  }

  private static double ms(double seconds) {
    return seconds * 1000;
  }

  private static String f2(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String seconds(List<MeshPhase.Failover> failovers) {
    return failovers.stream()
        .map(f -> String.format(Locale.ROOT, "%.3f", f.seconds()))
        .toList()
        .toString();
  }

  private static String hotJson(MeshPhase.Hot h) {
    if (h == null) {
      return "null";
    }
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(
          String.format(
              Locale.ROOT,
              "{\"node\": \"%s\", \"role\": \"%s\", \"cpuPercent\": %.1f, \"rssBytes\": %d,"
                  + " \"liveHeapBytes\": %d}",
              h.names()[i],
              h.names()[i].equals(h.owner())
                  ? "owner"
                  : h.names()[i].equals(h.successor()) ? "hot standby" : "peer",
              h.cpuPercent()[i],
              h.rss()[i],
              h.heap()[i]));
    }
    return "[" + String.join(", ", nodes) + "]";
  }

  static String json(List<Scale> scales) {
    List<String> items = new ArrayList<>();
    for (Scale s : scales) {
      MeshPhase.Result m = s.mesh();
      if (m == null) {
        continue;
      }
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "  {\"tags\": %d, \"changeIntervalMs\": %d, \"mesh\": {\"collectedPerSecond\": %.0f,"
                  + " \"perPeerPerSecond\": %.0f, \"peerP50Ms\": %.3f, \"peerP99Ms\": %.3f,"
                  + " \"peerMaxBucketMs\": %.3f, \"peerMicrometerMaxMs\": %.3f, \"sourceP50Ms\": %.3f, \"sourceP99Ms\": %.3f,"
                  + " \"rssBytes\": [%d, %d, %d], \"liveHeapBytes\": [%d, %d, %d],"
                  + " \"failoverSeconds\": %s, \"hotFailoverSeconds\": %s,"
                  + " \"hotCost\": %s}, \"bare\": [",
              s.tags(),
              s.rateMillis(),
              m.ingestedPerSecond(),
              m.deliveredPerSecond(),
              ms(m.peer().quantile(0.5)),
              ms(m.peer().quantile(0.99)),
              ms(m.peer().maxBound()),
              ms(m.peer().max()),
              ms(m.source().quantile(0.5)),
              ms(m.source().quantile(0.99)),
              m.rss()[0],
              m.rss()[1],
              m.rss()[2],
              m.heap()[0],
              m.heap()[1],
              m.heap()[2],
              seconds(m.failovers()),
              s.hot() == null ? "[]" : seconds(s.hot().failovers()),
              hotJson(s.hot())));
      List<String> bare = new ArrayList<>();
      for (BarePhase.Result r : s.bare()) {
        PromHistogram peer = PromHistogram.ofSamples(r.window().peerMicros(), m.peer().les());
        bare.add(
            String.format(
                Locale.ROOT,
                "{\"mode\": \"%s\", \"receivedPerSecond\": %.0f, \"putPerSecond\": %.0f,"
                    + " \"perListenerPerSecond\": %.0f, \"peerP50Ms\": %.3f, \"peerP99Ms\": %.3f,"
                    + " \"exactPeerP50Ms\": %.3f, \"exactPeerP99Ms\": %.3f, \"peerMaxMs\": %.3f,"
                    + " \"exactSourceP99Ms\": %.3f, \"rssBytes\": [%d, %d, %d],"
                    + " \"liveHeapBytes\": [%d, %d, %d]}",
                r.mode(),
                r.receivedPerSecond(),
                r.setPerSecond(),
                r.deliveredPerSecond(),
                ms(peer.quantile(0.5)),
                ms(peer.quantile(0.99)),
                ms(PromHistogram.exact(r.window().peerMicros(), 0.5)),
                ms(PromHistogram.exact(r.window().peerMicros(), 0.99)),
                ms(PromHistogram.exact(r.window().peerMicros(), 1.0)),
                ms(PromHistogram.exact(r.window().sourceMicros(), 0.99)),
                r.rss()[0],
                r.rss()[1],
                r.rss()[2],
                r.heap()[0],
                r.heap()[1],
                r.heap()[2]));
      }
      b.append(String.join(", ", bare)).append("]}");
      items.add(b.toString());
    }
    return "[\n" + String.join(",\n", items) + "\n]\n";
  }
}
