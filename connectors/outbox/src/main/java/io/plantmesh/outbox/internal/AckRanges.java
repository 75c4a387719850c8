package io.plantmesh.outbox.internal;

import java.util.function.BiConsumer;

/**
 * The acknowledged sequences of a class, seen as disjoint, non-adjacent ranges (start to end
 * inclusive) by the checkpoint. Acknowledgements arrive out of order (live records and the backlog
 * side by side, and per Kafka partition), so they are kept as bits ({@link SeqBits}): one word
 * operation each however fragmented they are, the ranges computed only when the checkpoint is
 * written. Not thread-safe.
 */
public final class AckRanges {
  private final SeqBits bits = new SeqBits();

  /** Adds {@code seq}; false if it was already in. */
  public boolean add(long seq) {
    return bits.add(seq);
  }

  /**
   * Adds {@code [start, end]} above every range already in (loading a checkpoint, which lists them
   * in order).
   */
  public void appendRange(long start, long end) {
    if (start > end || start <= max() + 1 && max() >= 0) {
      throw new IllegalArgumentException("range " + start + ".." + end + " out of order");
    }
    bits.addRange(start, end);
  }

  public boolean contains(long seq) {
    return bits.contains(seq);
  }

  /** The smallest sequence {@code >= seq} that is not in the set. */
  public long nextAbsent(long seq) {
    return bits.nextAbsent(seq);
  }

  /** Forgets every sequence below {@code seq} (their segments are gone). */
  public void removeBelow(long seq) {
    bits.removeBelow(seq);
  }

  /** How many of {@code [start, end]} are in the set. */
  public long countIn(long start, long end) {
    return bits.countIn(start, end);
  }

  /** The largest sequence in the set, or -1. */
  public long max() {
    return bits.max();
  }

  public int rangeCount() {
    int[] n = {0};
    forEach((s, e) -> n[0]++);
    return n[0];
  }

  public void forEach(BiConsumer<Long, Long> startEnd) {
    for (long s = bits.nextPresent(0); s >= 0; ) {
      long end = bits.nextAbsent(s) - 1;
      startEnd.accept(s, end);
      s = bits.nextPresent(end + 1);
    }
  }
}
