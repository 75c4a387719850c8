package io.plantmesh.outbox.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A set of sequences kept as disjoint, non-adjacent ranges (start to end inclusive):
 * acknowledgements arrive out of order (live records and the backlog side by side), but they
 * cluster, so the set stays a handful of ranges. Not thread-safe.
 */
public final class AckRanges {
  private final TreeMap<Long, Long> ranges = new TreeMap<>();

  /** Adds {@code seq}; false if it was already in. */
  public boolean add(long seq) {
    Map.Entry<Long, Long> below = ranges.floorEntry(seq);
    if (below != null && below.getValue() >= seq) {
      return false;
    }
    long start = seq;
    long end = seq;
    if (below != null && below.getValue() == seq - 1) {
      start = below.getKey();
    }
    Long next = ranges.get(seq + 1);
    if (next != null) {
      end = next;
      ranges.remove(seq + 1);
    }
    ranges.put(start, end);
    return true;
  }

  /**
   * Adds {@code [start, end]} above every range already in (loading a checkpoint, which lists them
   * in order).
   */
  public void appendRange(long start, long end) {
    if (start > end || start <= max() + 1 && !ranges.isEmpty()) {
      throw new IllegalArgumentException("range " + start + ".." + end + " out of order");
    }
    ranges.put(start, end);
  }

  public boolean contains(long seq) {
    Map.Entry<Long, Long> below = ranges.floorEntry(seq);
    return below != null && below.getValue() >= seq;
  }

  /** The smallest sequence {@code >= seq} that is not in the set. */
  public long nextAbsent(long seq) {
    Map.Entry<Long, Long> below = ranges.floorEntry(seq);
    return below != null && below.getValue() >= seq ? below.getValue() + 1 : seq;
  }

  /** Forgets every sequence below {@code seq} (their segments are gone). */
  public void removeBelow(long seq) {
    while (!ranges.isEmpty() && ranges.firstKey() < seq) {
      Map.Entry<Long, Long> first = ranges.pollFirstEntry();
      if (first.getValue() >= seq) {
        ranges.put(seq, first.getValue());
      }
    }
  }

  /** How many of {@code [start, end]} are in the set. */
  public long countIn(long start, long end) {
    long n = 0;
    Map.Entry<Long, Long> below = ranges.floorEntry(start);
    Long from = below != null && below.getValue() >= start ? below.getKey() : start;
    for (Map.Entry<Long, Long> r : ranges.tailMap(from, true).entrySet()) {
      if (r.getKey() > end) {
        break;
      }
      n += Math.min(end, r.getValue()) - Math.max(start, r.getKey()) + 1;
    }
    return n;
  }

  /** The largest sequence in the set, or -1. */
  public long max() {
    return ranges.isEmpty() ? -1 : ranges.lastEntry().getValue();
  }

  public int rangeCount() {
    return ranges.size();
  }

  public void forEach(BiConsumer<Long, Long> startEnd) {
    ranges.forEach(startEnd);
  }
}
