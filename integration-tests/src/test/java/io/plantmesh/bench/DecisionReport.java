package io.plantmesh.bench;

import io.plantmesh.simulator.EchoStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

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
                "echo period %d ms (the simulator's fastest sampling and publishing interval is"
                    + " 10 ms); warm-up %d s, window %d s; measured by the simulator on its own"
                    + " clock\n",
                intervalMillis,
                warmup.toSeconds(),
                window.toSeconds()))
        .append("client/node JVM: ")
        .append(String.join(" ", jvm))
        .append("\n\n")
        .append(line(bare))
        .append('\n')
        .append("  revised: ")
        .append(bare.revisedIntervals())
        .append(
            String.format(
                Locale.ROOT,
                "; by its reports each second (so the window only roughly), the client saw %d"
                    + " changes (%d of them a value seen before) and wrote %d; %d writes failed in"
                    + " all\n",
                bare.notifications(),
                bare.repeats(),
                bare.writes(),
                bare.failedWrites()));
    if (mesh == null) {
      sb.append("plantmesh path: not run (-Dbench.decision.mesh=true once the nodes run rules)\n");
    } else {
      sb.append(line(mesh)).append('\n');
    }
    sb.append('\n')
        .append(goal("bare", bare.stats().p99Millis()))
        .append(mesh == null ? "" : goal("plantmesh", mesh.stats().p99Millis()));
    if (mesh != null) {
      double ratio = mesh.stats().p99Millis() / bare.stats().p99Millis();
      sb.append(
          String.format(
              Locale.ROOT,
              "goal plantmesh p99 <= %.0fx bare p99: %.2fx -> %s\n",
              GOAL_RATIO,
              ratio,
              ratio <= GOAL_RATIO ? "met" : "NOT met"));
    }
    return sb.toString();
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
