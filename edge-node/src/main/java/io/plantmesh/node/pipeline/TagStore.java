package io.plantmesh.node.pipeline;

import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest {@link Reading} of every tag the node has seen. A reading never replaces a newer one
 * ({@link Reading#isNewerThan}), so that a late, reordered delivery cannot roll a value back.
 *
 * <p>Written by one thread only (the pipeline's dispatcher), read by any. A tag's slot is created
 * once and then updated in place through a volatile field: an update costs one hash lookup and no
 * allocation, with no lock. Sorted listings use an array of the paths, rebuilt by a listing when
 * tags were added since the last one; tags arrive in bursts (a source's setup), so that is rare,
 * and a sorted array costs a tenth of the memory of a concurrent sorted set.
 */
public final class TagStore {

  /**
   * One tag's cell. The source is fixed: when another source delivers the tag, the slot is
   * replaced, so that a reader always sees a reading with the source that delivered it.
   */
  private static final class Slot {
    final String sourceId;
    volatile Reading latest;

    Slot(String sourceId, Reading latest) {
      this.sourceId = sourceId;
      this.latest = latest;
    }
  }

  /** One page of a listing: {@code total} tags matched, {@code tags} is the requested window. */
  public record Page(int total, List<StoredTag> tags) {}

  private static final TagPath[] NO_PATHS = {};

  private final ConcurrentHashMap<TagPath, Slot> slots = new ConcurrentHashMap<>();

  /** Tags added so far; written by the dispatcher after the slot is in the map. */
  private volatile int added;

  /** All paths, sorted, as of the last listing that found them stale. */
  private volatile TagPath[] sorted = NO_PATHS;

  /**
   * Applies a reading unless the store already holds a newer one for its tag. Only the dispatcher
   * calls this: the read-compare-write is safe because there is a single writer.
   *
   * @return whether the reading is now the tag's latest
   */
  public boolean apply(String sourceId, Reading reading) {
    TagPath path = reading.path();
    Slot slot = slots.get(path);
    if (slot == null) {
      slots.put(path, new Slot(sourceId, reading));
      added++; // single writer
      return true;
    }
    if (!reading.isNewerThan(slot.latest)) {
      return false;
    }
    if (slot.sourceId.equals(sourceId)) {
      slot.latest = reading;
    } else {
      slots.put(path, new Slot(sourceId, reading));
    }
    return true;
  }

  /** The tag's latest reading, if any. */
  public Optional<StoredTag> get(TagPath path) {
    Slot slot = slots.get(path);
    return slot == null ? Optional.empty() : Optional.of(stored(slot));
  }

  /** Tags in the store. */
  public int size() {
    return slots.size();
  }

  /**
   * Tags at or below {@code prefix} (all tags if null), sorted by path, skipping {@code offset} and
   * returning at most {@code limit}, with the total that matched.
   */
  public Page list(TagPath prefix, int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative");
    }
    TagPath[] paths = sortedPaths();
    int from = 0;
    if (prefix != null) {
      int i = Arrays.binarySearch(paths, prefix);
      from = i >= 0 ? i : -i - 1;
    }
    String prefixText = prefix == null ? null : prefix.toString();
    List<StoredTag> window = new ArrayList<>(Math.min(limit, 1024));
    int total = 0;
    for (int i = from; i < paths.length; i++) {
      TagPath p = paths[i];
      if (prefix != null) {
        // Paths that share the prefix's characters are contiguous in sorted order.
        if (!p.toString().startsWith(prefixText)) {
          break;
        }
        if (!p.startsWith(prefix)) {
          continue;
        }
      }
      if (total >= offset && window.size() < limit) {
        window.add(stored(slots.get(p)));
      }
      total++;
    }
    return new Page(total, window);
  }

  private static StoredTag stored(Slot slot) {
    return new StoredTag(slot.sourceId, slot.latest);
  }

  /**
   * The sorted paths, rebuilt when tags were added since. Paths are never removed and have a single
   * writer, so an array as long as the count of added tags holds all of them.
   */
  private TagPath[] sortedPaths() {
    TagPath[] current = sorted;
    if (current.length == added) {
      return current;
    }
    synchronized (this) {
      current = sorted;
      if (current.length != added) {
        current = slots.keySet().toArray(NO_PATHS);
        Arrays.sort(current);
        sorted = current;
      }
      return current;
    }
  }
}
