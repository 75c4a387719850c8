package io.plantmesh.bench;

import io.plantmesh.simulator.EchoStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The decision benchmark's figures as text for the console and {@code decision.txt}. */
final class DecisionReport {
  static final double GOAL_P99_MS = 50.0;
  static final double GOAL_RATIO = 2.0;

  private DecisionReport() {}

  static String line(DecisionBenchmark.Phase p) {
    EchoStats s = p.stats();
    return String.format(
        Locale.ROOT,
        "%-42s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  echoes %d of %d values (%.1f/s),"
            + " missed %d, duplicates %d, unexpected %d",
        p.name(),
        s.p50Millis(),
        s.p99Millis(),
        s.maxMillis(),
        s.count(),
        s.published(),
        s.count() / p.seconds(),
        s.missed(),
        s.duplicates(),
        s.unexpected());
  }

  static String text(
      int intervalMillis,
      int echoPeriodMillis,
      Duration warmup,
      Duration window,
      DecisionBenchmark.Phase bare,
      DecisionBenchmark.Phase mesh,
      List<String> jvm) {
    StringBuilder sb = new StringBuilder();
    sb.append("Decision latency: simulator value change -> write back at the simulator\n")
        .append(
            String.format(
                Locale.ROOT,
                "Counter changes every %d ms; sampling and publishing interval %d ms (the"
                    + " simulator's fastest is 10 ms), queue size 1; warm-up %d s, window %d s;"
                    + " measured by the simulator on its own clock\n",
                echoPeriodMillis,
                intervalMillis,
                warmup.toSeconds(),
                window.toSeconds()))
        .append("client/node JVM: ")
        .append(String.join(" ", jvm))
        .append('\n')
        .append(
            String.format(
                Locale.ROOT,
                "machine: %d processors, shared with other builds (load averages below)\n\n",
                Runtime.getRuntime().availableProcessors()));
    phase(sb, bare);
    if (mesh == null) {
      sb.append("plantmesh path: not run (-Dbench.decision.mesh=false)\n");
    } else {
      phase(sb, mesh);
    }
    sb.append('\n')
        .append(goal("bare", bare.stats().p99Millis()))
        .append(mesh == null ? "" : goal("plantmesh", mesh.stats().p99Millis()));
    if (mesh != null) {
      double ratio = mesh.stats().p99Millis() / bare.stats().p99Millis();
      sb.append(
          String.format(
              Locale.ROOT,
              "goal plantmesh p99 <= %.0fx bare p99: %.2fx -> %s (p50: %.2fx)\n",
              GOAL_RATIO,
              ratio,
              ratio <= GOAL_RATIO ? "met" : "NOT met",
              mesh.stats().p50Millis() / bare.stats().p50Millis()));
    }
    return sb.toString();
  }

  private static void phase(StringBuilder sb, DecisionBenchmark.Phase p) {
    sb.append(line(p)).append('\n');
    for (String note : p.notes()) {
      sb.append("  ").append(note).append('\n');
    }
  }

  /** What the plantmesh path reports besides the simulator's figures. */
  static List<String> meshNotes(
      int intervalMillis,
      DecisionProbe.Placement placement,
      Map<String, Long> writes,
      PromHistogram hop,
      EchoStats warmup,
      Duration warmupLength,
      EchoWindow window) {
    return List.of(
        "placement, before and after the window (GET /api/rules, GET /api/sources on each node): "
            + placement.describe(),
        "n3 routed "
            + writes.values().stream().mapToLong(Long::longValue).sum()
            + " writes in the window by its plantmesh_writes_audited_total "
            + writes
            + " (counted as its audit stores them, scraped around the window)",
        String.format(
            Locale.ROOT,
            "readings n1 -> n3 (n3's plantmesh_mesh_peer_delay_seconds, sim's tags Counter and"
                + " Echo): %d, p50 %.2f ms, p99 %.2f ms (interpolated in histogram buckets)",
            (long) hop.count(),
            hop.quantile(0.5) * 1000,
            hop.quantile(0.99) * 1000),
        String.format(
            Locale.ROOT,
            "missed: a rule acts on transitions of its condition, here the Counter's parity, so"
                + " it answers each value n1 sees after one of the other parity. A value n1 never"
                + " sees (two changes in one %d ms publishing cycle, queue size 1) is missed as by"
                + " the bare client; when n1 then sees v after v-2, v has the parity of the last"
                + " value seen, so no transition and v is missed too. Latency counts only the"
                + " values answered.",
            intervalMillis),
        String.format(
            Locale.ROOT,
            "warm-up (%d s from the first echo through the mesh, not measured): %d echoes of %d"
                + " values, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
            warmupLength.toSeconds(),
            warmup.count(),
            warmup.published(),
            warmup.p50Millis(),
            warmup.p99Millis(),
            warmup.maxMillis()),
        window.progressNote(),
        window.load());
  }

  /** The machine's load averages now, from {@code /proc/loadavg}. */
  static String load(String when) {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return "load average " + when + " (1/5/15 min): " + f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "load average " + when + ": not available (" + e + ")";
    }
  }

  private static String goal(String name, double p99) {
    return String.format(
        Locale.ROOT,
        "goal %s p99 <= %.0f ms: %.2f ms -> %s\n",
        name,
        GOAL_P99_MS,
        p99,
        p99 <= GOAL_P99_MS ? "met" : "NOT met");
  }
}
