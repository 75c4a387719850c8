package io.plantmesh.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * A condition a routed write carries, re-checked by the source's owner with its own latest readings
 * just before it writes: the write happens only when the condition is TRUE. A rule's write carries
 * its interlock this way, because the mesh may take a while to route the command and the plant may
 * have changed meanwhile. The owner refuses the write otherwise ({@link
 * WriteRejectedException.Reason#INTERLOCK}), naming the condition and the input values it saw.
 *
 * @param condition a CEL bool expression over {@code tag()}, {@code quality()} and {@code age()}
 *     with literal paths (ADR 0009); UNKNOWN (a BAD, missing or stale input) refuses like FALSE
 * @param staleAfter inputs older than this are stale (unknown); null: never stale by age
 * @param uncertainAsUnknown whether an UNCERTAIN input is unknown rather than usable
 */
public record WriteInterlock(String condition, Duration staleAfter, boolean uncertainAsUnknown) {
  /** At most this long: the owner compiles it, and it travels in every such command. */
  public static final int MAX_LENGTH = 4096;

  public WriteInterlock {
    Objects.requireNonNull(condition, "condition");
    if (condition.isBlank() || condition.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "interlock: must be a condition of 1 to " + MAX_LENGTH + " characters");
    }
    if (staleAfter != null && (staleAfter.isNegative() || staleAfter.isZero())) {
      throw new IllegalArgumentException(
          "interlock: stale-after must be positive, not " + staleAfter);
    }
  }

  /** A condition with no staleness limit, UNCERTAIN inputs usable. */
  public static WriteInterlock of(String condition) {
    return new WriteInterlock(condition, null, false);
  }
}
