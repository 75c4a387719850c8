package io.plantmesh.opcua;

import io.plantmesh.opcua.internal.Durations;
import java.time.Duration;

/**
 * How the source retries a server that is down: capped exponential backoff with jitter. Attempt
 * {@code n} (from 0) waits a random time between half and all of {@code min(maxDelay, initialDelay
 * * 2^n)}, so that many edge nodes restarting together do not hit a server in lockstep.
 *
 * @param initialDelay the first delay, > 0; default 1s
 * @param maxDelay the cap, >= initialDelay; default 30s
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay) {
  /** The longest delay between attempts (it is scheduled in nanoseconds). */
  public static final Duration MAX = Duration.ofDays(1);

  public static final ReconnectPolicy DEFAULTS =
      new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30));

  public ReconnectPolicy {
    initialDelay = initialDelay == null ? Duration.ofSeconds(1) : initialDelay;
    maxDelay = maxDelay == null ? Duration.ofSeconds(30) : maxDelay;
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new OpcUaConfigException(
          "initial-delay", "must be > 0, was " + Durations.format(initialDelay));
    }
    if (maxDelay.compareTo(MAX) > 0) {
      throw new OpcUaConfigException(
          "max-delay",
          "must be at most " + Durations.format(MAX) + ", was " + Durations.format(maxDelay));
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new OpcUaConfigException(
          "max-delay",
          "must be >= initial-delay ("
              + Durations.format(initialDelay)
              + "), was "
              + Durations.format(maxDelay));
    }
  }
}
