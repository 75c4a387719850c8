package io.plantmesh.kafka.summary.internal;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Value;

/**
 * One tag's accumulator for one open window: a few counters and references, no list of readings, so
 * that 100,000 tags stay cheap. Windows of a tag form a list ordered by start.
 */
final class WindowAcc {
  final long start;
  WindowAcc next;

  /** {@link ValueKinds} of the window, set by the first typed value; -1 while unknown. */
  int kind = -1;

  long count;
  long good;
  long uncertain;
  long bad;
  long outOfOrder;
  long excluded;

  long firstTime = Long.MAX_VALUE;
  Value firstValue;
  Quality firstQuality;
  long lastTime = Long.MIN_VALUE;
  Value lastValue;
  Quality lastQuality;

  long initialTime;
  Value initialValue;
  Quality initialQuality;

  NumericAcc numeric;
  StateAcc states;

  WindowAcc(long start) {
    this.start = start;
  }

  /** Counts a reading: severity, first and last (ties go to the one taken first / last). */
  void count(long t, Value v, Quality q) {
    count++;
    switch (q.severity()) {
      case GOOD -> good++;
      case UNCERTAIN -> uncertain++;
      default -> bad++;
    }
    if (t < firstTime) {
      firstTime = t;
      firstValue = v;
      firstQuality = q;
    }
    if (t >= lastTime) {
      lastTime = t;
      lastValue = v;
      lastQuality = q;
    }
  }

  /** Sets the window's kind if unknown; whether {@code k} is the window's kind. */
  boolean accepts(int k) {
    if (kind == -1) {
      kind = k;
      if (k == ValueKinds.NUMERIC) {
        numeric = new NumericAcc();
      } else {
        states = new StateAcc();
      }
      return true;
    }
    return kind == k;
  }
}
