package io.plantmesh.cluster.rules.internal;

import io.plantmesh.cluster.rules.RateLimit;
import java.time.Instant;
import java.util.ArrayDeque;

/** A sliding window that admits at most {@code max} events per {@code per}. */
final class RateWindow {
  private final RateLimit limit;
  private final ArrayDeque<Instant> admitted = new ArrayDeque<>();

  RateWindow(RateLimit limit) {
    this.limit = limit;
  }

  /** Admits and records an event at {@code now}, or refuses it when the window is full. */
  boolean tryAcquire(Instant now) {
    Instant horizon = now.minus(limit.per());
    while (!admitted.isEmpty() && !admitted.peekFirst().isAfter(horizon)) {
      admitted.pollFirst();
    }
    if (admitted.size() >= limit.max()) {
      return false;
    }
    admitted.addLast(now);
    return true;
  }
}
