package io.plantmesh.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One observation of a tag, as the collecting node received it. Immutable.
 *
 * @param path the tag's plant-wide name
 * @param value the value; {@link Value.Null} when the server sent none (typically with BAD)
 * @param quality the quality, with the server's raw status code
 * @param sourceTime when the value was sampled at the device; null when the server gave none
 * @param serverTime when the server processed it; null when the server gave none
 * @param receivedTime when this node received it
 * @param originNode the name of the node that collected it
 * @param sequence a per-source sequence number, strictly increasing in the order readings were
 *     delivered, so that two readings of a tag with the same source time can still be ordered
 */
public record Reading(
    TagPath path,
    Value value,
    Quality quality,
    Instant sourceTime,
    Instant serverTime,
    Instant receivedTime,
    String originNode,
    long sequence) {

  public Reading {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(receivedTime, "receivedTime");
    Objects.requireNonNull(originNode, "originNode");
  }

  /** The best time for the value: source time, else server time, else the time it was received. */
  public Instant effectiveTime() {
    return sourceTime != null ? sourceTime : serverTime != null ? serverTime : receivedTime;
  }

  /**
   * Whether this reading is newer than {@code other} of the same tag: later effective time, then a
   * higher sequence. Used so that an older reading never overwrites a newer one.
   */
  public boolean isNewerThan(Reading other) {
    int c = effectiveTime().compareTo(other.effectiveTime());
    return c > 0 || (c == 0 && sequence > other.sequence);
  }
}
