package io.plantmesh.bench;

import io.plantmesh.simulator.EchoStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.milo.opcua.stack.core.UaException;

/**
 * One measured window of the simulator's echo: a reset, then the window's statistics read at each
 * sixth of it. The simulator gives percentiles per window only, so the reads along the way (the
 * window so far) show whether a tail came early (a start-up backlog draining: the cumulative p99
 * falls) or throughout.
 *
 * @param stats the whole window's statistics (the last read)
 * @param seconds the window's length as measured here
 * @param progress the window so far, at each sixth
 * @param load the machine's load averages at the end of the window
 */
record EchoWindow(EchoStats stats, double seconds, List<EchoStats> progress, String load) {
  private static final int STEPS = 6;

  static EchoWindow measure(EchoControl control, Duration window) throws UaException {
    control.reset();
    long t0 = System.nanoTime();
    List<EchoStats> progress = new ArrayList<>();
    for (int i = 1; i <= STEPS; i++) {
      long due = t0 + window.toNanos() * i / STEPS;
      BarePhase.pause(Duration.ofNanos(Math.max(0, due - System.nanoTime())));
      progress.add(control.stats());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new EchoWindow(
        progress.get(STEPS - 1),
        seconds,
        List.copyOf(progress),
        DecisionReport.load("at the end of the window"));
  }

  /** The window so far at each sixth: echoes and p50/p99/max. */
  String progressNote() {
    StringBuilder sb = new StringBuilder("the window so far (echoes, p50/p99/max ms):");
    for (int i = 0; i < progress.size(); i++) {
      EchoStats s = progress.get(i);
      sb.append(i == 0 ? " " : "; ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%.0f s %d %.1f/%.1f/%.1f",
                  seconds * (i + 1) / progress.size(),
                  s.count(),
                  s.p50Millis(),
                  s.p99Millis(),
                  s.maxMillis()));
    }
    return sb.toString();
  }
}
