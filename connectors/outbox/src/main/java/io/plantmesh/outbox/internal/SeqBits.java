package io.plantmesh.outbox.internal;

import java.util.Arrays;

/**
 * A set of sequences, one bit each from a base that follows the lowest one still wanted. The
 * forwarder acknowledges and takes tens of thousands of records a second, out of order (Kafka
 * answers per partition); a bit per sequence makes each of those a word operation instead of a
 * boxed tree or hash update. Memory is one bit per sequence between the lowest and the highest in
 * the set, i.e. at most one bit per record the Outbox holds on disk. Not thread-safe.
 */
final class SeqBits {
  private static final long[] NONE = new long[0];

  /** The sequence of bit 0 of {@code words[0]}; a multiple of 64. */
  private long base;

  private long[] words = NONE;
  private long count;

  /** The largest sequence in the set, or -1; exact, kept up by every change. */
  private long max = -1;

  boolean contains(long seq) {
    long i = seq - base;
    return i >= 0 && i < (long) words.length << 6 && (words[(int) (i >>> 6)] & (1L << seq)) != 0;
  }

  /** Adds {@code seq}; false if it was already in. */
  boolean add(long seq) {
    int w = wordOf(seq);
    long m = 1L << seq;
    if ((words[w] & m) != 0) {
      return false;
    }
    words[w] |= m;
    count++;
    max = Math.max(max, seq);
    return true;
  }

  /** Adds every sequence of {@code [start, end]}. */
  void addRange(long start, long end) {
    if (start > end) {
      return;
    }
    wordOf(end);
    int first = wordOf(start);
    int last = (int) ((end - base) >>> 6);
    for (int w = first; w <= last; w++) {
      long lo = w == first ? start & 63 : 0;
      long hi = w == last ? end & 63 : 63;
      long mask = (-1L >>> (63 - hi)) & (-1L << lo);
      count += Long.bitCount(mask & ~words[w]);
      words[w] |= mask;
    }
    max = Math.max(max, end);
  }

  /** Removes {@code seq}; false if it was not in. */
  boolean remove(long seq) {
    if (!contains(seq)) {
      return false;
    }
    words[(int) ((seq - base) >>> 6)] &= ~(1L << seq);
    if (--count == 0) {
      clear();
    } else if (seq == max) {
      max = previousPresent(seq);
    }
    return true;
  }

  /** Removes every sequence of {@code [start, end)}. */
  void removeRange(long start, long end) {
    long from = Math.max(start, base);
    long to = Math.min(end, base + ((long) words.length << 6));
    for (long s = nextPresent(from); s >= 0 && s < to; s = nextPresent(s + 1)) {
      remove(s);
    }
  }

  /** Forgets every sequence below {@code seq}, and the memory that held them. */
  void removeBelow(long seq) {
    if (count == 0 || seq <= base) {
      return;
    }
    if (seq > max) {
      clear();
      return;
    }
    int k = (int) ((seq - base) >>> 6);
    for (int w = 0; w < k; w++) {
      count -= Long.bitCount(words[w]);
    }
    long keep = words[k] & (-1L << seq);
    count -= Long.bitCount(words[k] & ~keep);
    words[k] = keep;
    if (k > 0) {
      words = Arrays.copyOfRange(words, k, Math.max(words.length, k + 16));
      base += (long) k << 6;
    }
  }

  void clear() {
    words = NONE;
    base = 0;
    count = 0;
    max = -1;
  }

  long size() {
    return count;
  }

  long max() {
    return max;
  }

  /** The smallest sequence {@code >= seq} in the set, or -1. */
  long nextPresent(long seq) {
    long i = Math.max(seq - base, 0);
    if (seq > max) {
      return -1;
    }
    int w = (int) (i >>> 6);
    long bits = words[w] & (-1L << i);
    while (bits == 0) {
      if (++w == words.length) {
        return -1;
      }
      bits = words[w];
    }
    return base + ((long) w << 6) + Long.numberOfTrailingZeros(bits);
  }

  /** The smallest sequence {@code >= seq} not in the set. */
  long nextAbsent(long seq) {
    long i = seq - base;
    if (i < 0 || seq > max) {
      return seq;
    }
    int w = (int) (i >>> 6);
    long bits = ~words[w] & (-1L << i);
    while (bits == 0) {
      if (++w == words.length) {
        return base + ((long) w << 6);
      }
      bits = ~words[w];
    }
    return base + ((long) w << 6) + Long.numberOfTrailingZeros(bits);
  }

  /** How many of {@code [start, end]} are in the set. */
  long countIn(long start, long end) {
    long n = 0;
    for (long s = nextPresent(start); s >= 0 && s <= end; s = nextPresent(s + 1)) {
      long runEnd = Math.min(nextAbsent(s) - 1, end);
      n += runEnd - s + 1;
      s = runEnd;
    }
    return n;
  }

  private long previousPresent(long seq) {
    long i = seq - base - 1;
    if (i < 0) {
      return -1;
    }
    int w = (int) (i >>> 6);
    long bits = words[w] & (-1L >>> (63 - (i & 63)));
    while (bits == 0) {
      if (--w < 0) {
        return -1;
      }
      bits = words[w];
    }
    return base + ((long) w << 6) + 63 - Long.numberOfLeadingZeros(bits);
  }

  /** The index of {@code seq}'s word, growing (or moving the base down) to hold it. */
  private int wordOf(long seq) {
    if (seq < 0) {
      throw new IllegalArgumentException("sequence " + seq + " is negative");
    }
    if (words.length == 0) {
      base = seq & ~63L;
      words = new long[16];
    } else if (seq < base) {
      long newBase = seq & ~63L;
      int shift = Math.toIntExact((base - newBase) >>> 6);
      long[] w = new long[Math.addExact(words.length, shift)];
      System.arraycopy(words, 0, w, shift, words.length);
      words = w;
      base = newBase;
    }
    long w = (seq - base) >>> 6;
    if (w >= words.length) {
      int n = Math.toIntExact(Math.max(w + 1, (long) words.length * 2));
      words = Arrays.copyOf(words, n);
    }
    return (int) w;
  }
}
