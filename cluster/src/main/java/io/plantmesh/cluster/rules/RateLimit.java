package io.plantmesh.cluster.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code max} actions in any window of length {@code per} (a sliding window). A write
 * beyond it is skipped, logged and shown in the rule's status, so a flapping condition cannot
 * hammer a PLC.
 *
 * @param max at least 1
 * @param per a positive window
 */
public record RateLimit(int max, Duration per) {
  public RateLimit {
    Objects.requireNonNull(per, "per");
    if (max < 1) {
      throw new IllegalArgumentException("rate limit: max must be at least 1, not " + max);
    }
    if (per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException("rate limit: the window must be positive, not " + per);
    }
  }

  @Override
  public String toString() {
    return max + "/" + per;
  }
}
