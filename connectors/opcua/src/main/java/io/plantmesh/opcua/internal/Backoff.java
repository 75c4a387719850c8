package io.plantmesh.opcua.internal;

import io.plantmesh.opcua.ReconnectPolicy;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with "equal jitter": attempt {@code n} waits between half and all of
 * {@code min(max, initial * 2^n)}. The random half spreads the retries of many nodes, and the fixed
 * half keeps a node from hammering a server that is down.
 */
public final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private final DoubleSupplier random;
  private int attempt;

  public Backoff(ReconnectPolicy policy, DoubleSupplier random) {
    this.initialNanos = policy.initialDelay().toNanos();
    this.maxNanos = policy.maxDelay().toNanos();
    this.random = random;
  }

  /** The cap for attempt {@code n}, before jitter. */
  public Duration ceiling(int n) {
    long d = initialNanos;
    for (int i = 0; i < n && d < maxNanos; i++) {
      d = d > maxNanos / 2 ? maxNanos : d * 2;
    }
    return Duration.ofNanos(Math.min(d, maxNanos));
  }

  /** The delay before the next attempt; each call moves one attempt on. */
  public Duration next() {
    long ceiling = ceiling(attempt).toNanos();
    if (attempt < 64) {
      attempt++;
    }
    long half = ceiling / 2;
    return Duration.ofNanos(half + (long) (random.getAsDouble() * (ceiling - half)));
  }

  /** Back to the initial delay, after a success. */
  public void reset() {
    attempt = 0;
  }

  public int attempts() {
    return attempt;
  }
}
