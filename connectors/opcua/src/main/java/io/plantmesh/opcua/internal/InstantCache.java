package io.plantmesh.opcua.internal;

import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;

/**
 * Converts OPC UA DateTimes to Instants, reusing the last two results. A server stamps the values
 * of one scan with one source time and one server time, so a publish response of thousands of
 * notifications carries only a few distinct timestamps: reusing them saves two objects per reading
 * in the node's store and their allocation on the ingest path. Not thread-safe: one per {@link
 * Dispatcher}, used under its delivery lock.
 */
final class InstantCache {
  private long ticksA = Long.MIN_VALUE;
  private Instant instantA;
  private long ticksB = Long.MIN_VALUE;
  private Instant instantB;
  private boolean replaceA = true;

  /** As {@link Timestamps#toInstantOrNull}: null for OPC UA's null DateTime. */
  Instant toInstantOrNull(DateTime t) {
    if (t == null) {
      return null;
    }
    long ticks = t.utcTime();
    if (ticks <= 0) {
      return null;
    }
    if (ticks == ticksA) {
      return instantA;
    }
    if (ticks == ticksB) {
      return instantB;
    }
    Instant i = Timestamps.toInstant(t);
    if (replaceA) {
      ticksA = ticks;
      instantA = i;
    } else {
      ticksB = ticks;
      instantB = i;
    }
    replaceA = !replaceA;
    return i;
  }
}
