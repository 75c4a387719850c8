package io.plantmesh.node.pipeline;

import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The latest {@link Reading} of every tag the node has seen. A reading never replaces a newer one
 * ({@link Reading#isNewerThan}), so that a late, reordered delivery cannot roll a value back.
 *
 * <p>Written by one thread only (the pipeline's dispatcher), read by any. A tag's slot is created
 * once and then updated in place through a volatile field: an update costs one hash lookup and one
 * small record, with no lock. Paths are also kept in a sorted set, touched only when a tag first
 * appears, for ordered prefix listings.
 */
public final class TagStore {

  /** One tag's mutable cell; the reading and its source are read together often enough. */
  private static final class Slot {
    volatile StoredTag latest;

    Slot(StoredTag latest) {
      this.latest = latest;
    }
  }

  /** One page of a listing: {@code total} tags matched, {@code tags} is the requested window. */
  public record Page(int total, List<StoredTag> tags) {}

  private final ConcurrentHashMap<TagPath, Slot> slots = new ConcurrentHashMap<>();
  private final NavigableSet<TagPath> paths = new ConcurrentSkipListSet<>();

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
      slots.put(path, new Slot(new StoredTag(sourceId, reading)));
      paths.add(path);
      return true;
    }
    StoredTag current = slot.latest;
    if (!reading.isNewerThan(current.reading())) {
      return false;
    }
    slot.latest = new StoredTag(sourceId, reading);
    return true;
  }

  /** The tag's latest reading, if any. */
  public Optional<StoredTag> get(TagPath path) {
    Slot slot = slots.get(path);
    return slot == null ? Optional.empty() : Optional.of(slot.latest);
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
    Iterable<TagPath> candidates = prefix == null ? paths : paths.tailSet(prefix, true);
    String prefixText = prefix == null ? null : prefix.toString();
    List<StoredTag> window = new ArrayList<>(Math.min(limit, 1024));
    int total = 0;
    for (TagPath p : candidates) {
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
        window.add(slots.get(p).latest);
      }
      total++;
    }
    return new Page(total, window);
  }
}
