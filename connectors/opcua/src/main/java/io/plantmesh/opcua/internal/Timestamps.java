package io.plantmesh.opcua.internal;

import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;

/** OPC UA DateTime (100 ns ticks since 1601) to {@link Instant}, without detours via Date. */
public final class Timestamps {
  /** 100 ns ticks between 1601-01-01 and 1970-01-01. */
  private static final long EPOCH_OFFSET_TICKS = 116_444_736_000_000_000L;

  private Timestamps() {}

  /** The instant, or null for OPC UA's "null" DateTime (0, or the minimum value). */
  public static Instant toInstantOrNull(DateTime t) {
    if (t == null || t.utcTime() <= 0) {
      return null;
    }
    return toInstant(t);
  }

  public static Instant toInstant(DateTime t) {
    long ticks = t.utcTime() - EPOCH_OFFSET_TICKS;
    return Instant.ofEpochSecond(
        Math.floorDiv(ticks, 10_000_000L), Math.floorMod(ticks, 10_000_000L) * 100);
  }
}
