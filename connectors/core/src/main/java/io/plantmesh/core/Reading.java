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
 *     delivered, also across restarts of the source on this node (see {@link #isNewerThan})
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
   * Whether this reading is newer than {@code other} of the same tag, so that an older reading
   * never overwrites a newer one.
   *
   * <p>From the same origin node, the sequence decides: one collector's delivery order is the
   * device's own order, and it stays right when the device's clock steps back, and for readings the
   * node makes itself without a device time (a BAD status after a connection loss), which would
   * otherwise be compared between two different clocks. Sequences must therefore only grow for a
   * tag on one node, also across restarts of its source. From different origin nodes (the mesh,
   * after a failover), the effective time decides, then the sequence.
   */
  public boolean isNewerThan(Reading other) {
    if (originNode.equals(other.originNode)) {
      return sequence > other.sequence;
    }
    int c = effectiveTime().compareTo(other.effectiveTime());
    return c > 0 || (c == 0 && sequence > other.sequence);
  }
}
