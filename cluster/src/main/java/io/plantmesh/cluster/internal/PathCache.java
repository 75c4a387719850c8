package io.plantmesh.cluster.internal;

import io.plantmesh.core.TagPath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parsed {@link TagPath}s by their UTF-8 bytes, so that a peer decoding 100,000 readings/s finds
 * each path without building a String first (decoding the bytes, hashing the String and comparing
 * it cost more than the rest of a reading's decoding, and its garbage was a tenth of a peer's) and
 * the table holds one copy of each path.
 *
 * <p>Open addressing with linear probing, at most half full; bounded: beyond {@code maxEntries}
 * paths are parsed and returned without being kept. Decoding threads (one per topic stripe) share
 * it under a lock they rarely contend for.
 */
final class PathCache {
  private final int maxEntries;
  private byte[][] keys = new byte[1024][];
  private TagPath[] values = new TagPath[1024];
  private int[] hashes = new int[1024];
  private int size;

  PathCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * The path whose UTF-8 bytes are {@code buf[off, off + len)}.
   *
   * @throws IllegalArgumentException when they are not a valid tag path
   */
  TagPath get(byte[] buf, int off, int len) {
    int h = hash(buf, off, len);
    synchronized (this) {
      int mask = keys.length - 1;
      for (int i = h & mask; keys[i] != null; i = (i + 1) & mask) {
        if (hashes[i] == h && Arrays.equals(keys[i], 0, keys[i].length, buf, off, off + len)) {
          return values[i];
        }
      }
    }
    TagPath p = TagPath.of(new String(buf, off, len, StandardCharsets.UTF_8));
    synchronized (this) {
      if (size < maxEntries) {
        if (2 * (size + 1) > keys.length) {
          grow();
        }
        insert(Arrays.copyOfRange(buf, off, off + len), h, p);
      }
    }
    return p;
  }

  synchronized int size() {
    return size;
  }

  /** Inserts unless present (another thread may have parsed the same path meanwhile). */
  private void insert(byte[] key, int h, TagPath p) {
    int mask = keys.length - 1;
    int i = h & mask;
    for (; keys[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == h && Arrays.equals(keys[i], key)) {
        return;
      }
    }
    keys[i] = key;
    hashes[i] = h;
    values[i] = p;
    size++;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    TagPath[] oldValues = values;
    int[] oldHashes = hashes;
    keys = new byte[oldKeys.length * 2][];
    values = new TagPath[oldKeys.length * 2];
    hashes = new int[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldHashes[i], oldValues[i]);
      }
    }
  }

  /** String's polynomial, spread: paths that differ in their last characters fall apart. */
  private static int hash(byte[] buf, int off, int len) {
    int h = 0;
    for (int i = off, end = off + len; i < end; i++) {
      h = 31 * h + buf[i];
    }
    return h ^ (h >>> 16);
  }
}
