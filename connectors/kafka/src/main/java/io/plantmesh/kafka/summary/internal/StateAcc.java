package io.plantmesh.kafka.summary.internal;

import io.plantmesh.kafka.summary.Summary.StateStats;
import java.util.HashMap;

/** A window's state statistics: changes, and time held per value. */
final class StateAcc {
  long changes;
  long trueMicros;
  long falseMicros;

  /** String states, created on the first one: boolean tags never pay for a map. */
  HashMap<String, long[]> texts;

  long otherMicros;
  long held;

  void hold(Object state, long micros) {
    held += micros;
    if (state instanceof Boolean b) {
      if (b) {
        trueMicros += micros;
      } else {
        falseMicros += micros;
      }
      return;
    }
    if (texts == null) {
      texts = new HashMap<>(4);
    }
    long[] t = texts.get(state);
    if (t == null) {
      if (texts.size() >= StateStats.MAX_STATES) {
        otherMicros += micros;
        return;
      }
      texts.put((String) state, new long[] {micros});
    } else {
      t[0] += micros;
    }
  }
}
