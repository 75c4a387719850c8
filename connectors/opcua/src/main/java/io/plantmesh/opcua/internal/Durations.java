package io.plantmesh.opcua.internal;

import java.time.Duration;

/** Durations as the edge node's YAML writes them ({@code 250ms}, {@code 1s}, {@code 1m30s}). */
public final class Durations {
  private Durations() {}

  public static String format(Duration d) {
    if (d == null) {
      return "null";
    }
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (d.isZero()) {
      return "0s";
    }
    long ms = d.toMillis();
    if (d.toNanos() % 1_000_000 != 0 || ms == 0) {
      return d.toNanos() + "ns";
    }
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    StringBuilder sb = new StringBuilder();
    if (s >= 3600) {
      sb.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      sb.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0) {
      sb.append(s).append('s');
    }
    return sb.toString();
  }

  /** Milliseconds as a double, as OPC UA's Duration type wants them. */
  public static double millis(Duration d) {
    return d.toNanos() / 1_000_000.0;
  }
}
