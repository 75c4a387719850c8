package io.plantmesh.outbox.internal;

/**
 * Events per second over the last {@link #SECONDS} whole seconds (the current, partial second is
 * left out so that a rate does not dip at the start of each second). Thread-safe.
 */
public final class RateWindow {
  public static final int SECONDS = 10;
  private final long[] counts = new long[SECONDS + 1];
  private final long[] epochs = new long[SECONDS + 1];

  public synchronized void record(long n, long nowNanos) {
    long sec = nowNanos / 1_000_000_000L;
    int i = (int) Math.floorMod(sec, (long) counts.length);
    if (epochs[i] != sec) {
      epochs[i] = sec;
      counts[i] = 0;
    }
    counts[i] += n;
  }

  public synchronized double perSecond(long nowNanos) {
    long sec = nowNanos / 1_000_000_000L;
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      if (epochs[i] < sec && epochs[i] >= sec - SECONDS) {
        sum += counts[i];
      }
    }
    return sum / (double) SECONDS;
  }
}
