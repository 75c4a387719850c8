package io.plantmesh.kafka.summary.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Times as microseconds since the epoch in a long: exact for OPC UA's 100 ns clock down to the
 * microsecond, cheap to compare and to align, and good for ±292,000 years.
 */
public final class Micros {
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000 - 1;

  private Micros() {}

  /** The instant in microseconds; saturates at {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE}. */
  public static long of(Instant t) {
    long s = t.getEpochSecond();
    if (s > MAX_SECONDS) {
      return Long.MAX_VALUE;
    }
    if (s < -MAX_SECONDS) {
      return Long.MIN_VALUE;
    }
    return s * 1_000_000L + t.getNano() / 1000;
  }

  public static long of(Duration d) {
    return d.toNanos() / 1000;
  }

  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  public static Duration duration(long micros) {
    return Duration.ofNanos(micros * 1000);
  }

  /** The start of the window of length {@code window} that contains {@code t}. */
  public static long windowStart(long t, long window) {
    return Math.floorDiv(t, window) * window;
  }

  /** {@code a + b}, saturated instead of overflowing. */
  public static long add(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}
