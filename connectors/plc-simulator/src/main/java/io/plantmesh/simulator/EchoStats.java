package io.plantmesh.simulator;

import java.util.List;
import java.util.Locale;

/**
 * The echo's statistics over one window (from the start or the last reset until now), measured by
 * the simulator on its own clock: latency is the time from setting a Counter value to the first
 * write of that value to Echo arriving. Percentiles are nearest-rank over every first arrival.
 *
 * @param window windows started by a reset before this one (0 for the first window)
 * @param count Counter values echoed (first arrivals; each is one latency sample)
 * @param p50Millis median latency in milliseconds, NaN when {@code count} is 0
 * @param p99Millis 99th percentile latency in milliseconds, NaN when {@code count} is 0
 * @param maxMillis highest latency in milliseconds, NaN when {@code count} is 0
 * @param missed Counter values of this window with no echo within the grace period ({@code max(1 s,
 *     echo period)}); a later echo still counts, and the value is then no longer missed
 * @param duplicates further echoes of a value already echoed (not latency samples)
 * @param unexpected echoes of a value not set in this window: never set, set before the reset, or
 *     older than the values the simulator remembers (65,536 periods)
 * @param published Counter values set in this window
 */
public record EchoStats(
    long window,
    long count,
    double p50Millis,
    double p99Millis,
    double maxMillis,
    long missed,
    long duplicates,
    long unexpected,
    long published) {

  /**
   * Reads the statistics from the values of {@link EchoTags#STATISTICS}, in that order, as a client
   * reads them from the variables (numbers of any type).
   *
   * @throws IllegalArgumentException if there are not exactly as many values, or one is no number
   */
  public static EchoStats fromValues(List<?> values) {
    if (values.size() != EchoTags.STATISTICS.size()) {
      throw new IllegalArgumentException(
          "values: expected " + EchoTags.STATISTICS.size() + ", got " + values.size());
    }
    Number[] n = new Number[values.size()];
    for (int i = 0; i < n.length; i++) {
      if (!(values.get(i) instanceof Number number)) {
        throw new IllegalArgumentException(
            EchoTags.STATISTICS.get(i) + "=" + values.get(i) + ": not a number");
      }
      n[i] = number;
    }
    return new EchoStats(
        n[0].longValue(),
        n[1].longValue(),
        n[2].doubleValue(),
        n[3].doubleValue(),
        n[4].doubleValue(),
        n[5].longValue(),
        n[6].longValue(),
        n[7].longValue(),
        n[8].longValue());
  }

  /** One line for a log or a report. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "window %d: %d echoes of %d values, latency p50 %.3f ms, p99 %.3f ms, max %.3f ms;"
            + " missed %d, duplicates %d, unexpected %d",
        window,
        count,
        published,
        p50Millis,
        p99Millis,
        maxMillis,
        missed,
        duplicates,
        unexpected);
  }
}
