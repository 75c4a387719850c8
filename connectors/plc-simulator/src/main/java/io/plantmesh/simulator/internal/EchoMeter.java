package io.plantmesh.simulator.internal;

import io.plantmesh.simulator.EchoStats;
import java.util.Arrays;

/**
 * The echo's bookkeeping: when each Counter value was set, which were echoed, and the latencies of
 * first arrivals in the current window. Times are {@code System.nanoTime()} values passed in, so
 * the rules can be tested without a clock. Thread-safe: the Counter's thread, the threads handling
 * writes and readers of the statistics meet here, a few hundred times a second at most, so a plain
 * lock costs nothing that matters.
 */
public final class EchoMeter {
  /** Counter values remembered; an echo of an older value is unexpected. */
  static final int REMEMBERED = 1 << 16;

  /** Latencies kept per window for the percentiles (16 MB at most; 11.6 h at 10 ms). */
  static final int MAX_SAMPLES = 1 << 22;

  private static final int MASK = REMEMBERED - 1;

  private final long graceNanos;
  private final long[] setNanos = new long[REMEMBERED];
  private final boolean[] echoed = new boolean[REMEMBERED];
  private long counter;
  private long windowFirst = 1;
  private long window;
  private int[] micros = new int[1024];
  private int samples;
  private long count;
  private long maxNanos = Long.MIN_VALUE;
  private long duplicates;
  private long unexpected;
  private long forgottenMissed;
  private long version;
  private boolean capWarned;

  /** {@code graceNanos}: how long a value may wait for its echo before it counts as missed. */
  public EchoMeter(long graceNanos) {
    if (graceNanos <= 0) {
      throw new IllegalArgumentException("graceNanos=" + graceNanos + ": must be positive");
    }
    this.graceNanos = graceNanos;
  }

  /** Sets the next Counter value at {@code nanos}; returns it. Call before publishing it. */
  public synchronized long next(long nanos) {
    long v = ++counter;
    int i = (int) (v & MASK);
    long forgotten = v - REMEMBERED;
    if (forgotten >= windowFirst && !echoed[i]) {
      forgottenMissed++;
    }
    setNanos[i] = nanos;
    echoed[i] = false;
    return v;
  }

  /** The latest Counter value (0 before the first). */
  public synchronized long counter() {
    return counter;
  }

  /**
   * Records that a client wrote {@code value} to Echo at {@code nanos}.
   *
   * @return what the echo was; {@link Arrival#FIRST_BEYOND_CAP} once per window, for the first
   *     latency counted but not kept for the percentiles, so that the caller can warn
   */
  public synchronized Arrival echo(long value, long nanos) {
    version++;
    if (value < windowFirst || value > counter || value <= counter - REMEMBERED) {
      unexpected++;
      return Arrival.UNEXPECTED;
    }
    int i = (int) (value & MASK);
    if (echoed[i]) {
      duplicates++;
      return Arrival.DUPLICATE;
    }
    echoed[i] = true;
    long latency = nanos - setNanos[i];
    count++;
    maxNanos = Math.max(maxNanos, latency);
    if (samples == MAX_SAMPLES) {
      if (!capWarned) {
        capWarned = true;
        return Arrival.FIRST_BEYOND_CAP;
      }
      return Arrival.FIRST;
    }
    if (samples == micros.length) {
      micros = Arrays.copyOf(micros, Math.min(MAX_SAMPLES, samples * 2));
    }
    micros[samples++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, latency / 1_000));
    return Arrival.FIRST;
  }

  /** What an echo was. */
  public enum Arrival {
    FIRST,
    /** A first arrival once the window holds {@link #MAX_SAMPLES} latencies. */
    FIRST_BEYOND_CAP,
    DUPLICATE,
    UNEXPECTED
  }

  /** Ends the window and starts the next: values set from now on belong to it. */
  public synchronized void reset() {
    version++;
    window++;
    windowFirst = counter + 1;
    micros = new int[1024];
    samples = 0;
    count = 0;
    maxNanos = Long.MIN_VALUE;
    duplicates = 0;
    unexpected = 0;
    forgottenMissed = 0;
    capWarned = false;
  }

  /** Changes since construction: an echo or a reset. */
  public synchronized long version() {
    return version;
  }

  /** The window's statistics as of {@code nowNanos}. */
  public EchoStats stats(long nowNanos) {
    int[] sorted;
    long c;
    long max;
    long missed;
    long w;
    long dup;
    long unexp;
    long published;
    synchronized (this) {
      sorted = Arrays.copyOf(micros, samples);
      c = count;
      max = maxNanos;
      w = window;
      dup = duplicates;
      unexp = unexpected;
      published = Math.max(0, counter - windowFirst + 1);
      missed = forgottenMissed;
      for (long v = Math.max(windowFirst, counter - REMEMBERED + 1); v <= counter; v++) {
        int i = (int) (v & MASK);
        if (!echoed[i] && nowNanos - setNanos[i] > graceNanos) {
          missed++;
        }
      }
    }
    Arrays.sort(sorted);
    return new EchoStats(
        w,
        c,
        percentileMillis(sorted, 0.50),
        percentileMillis(sorted, 0.99),
        c == 0 ? Double.NaN : (max / 1_000) / 1_000.0, // whole µs, as the percentiles
        missed,
        dup,
        unexp,
        published);
  }

  /** Nearest rank: the smallest sample with at least {@code p} of the samples at or below it. */
  static double percentileMillis(int[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1_000.0;
  }
}
