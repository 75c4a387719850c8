package io.plantmesh.opcua;

import io.plantmesh.core.Reading;
import io.plantmesh.core.ReadingSink;
import io.plantmesh.core.TagPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records every batch, and checks the SPI's delivery contract as it goes: never two calls at once,
 * sequence numbers strictly increasing.
 */
final class TestSink implements ReadingSink {
  private final List<List<Reading>> batches = new ArrayList<>();
  private final ConcurrentHashMap<TagPath, List<Reading>> byPath = new ConcurrentHashMap<>();
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicLong lastSequence = new AtomicLong(0);
  private volatile String violation;

  @Override
  public void accept(List<Reading> batch) {
    if (inside.incrementAndGet() != 1) {
      violation = "two sink calls at once";
    }
    try {
      for (Reading r : batch) {
        if (r.sequence() <= lastSequence.get()) {
          violation = "sequence " + r.sequence() + " after " + lastSequence.get();
        }
        lastSequence.set(r.sequence());
        byPath.computeIfAbsent(r.path(), p -> new ArrayList<>());
        synchronized (this) {
          byPath.get(r.path()).add(r);
        }
      }
      synchronized (this) {
        batches.add(batch);
      }
    } finally {
      inside.decrementAndGet();
    }
  }

  /** The contract violation seen, or null. */
  String violation() {
    return violation;
  }

  synchronized List<Reading> of(TagPath path) {
    List<Reading> l = byPath.get(path);
    return l == null ? List.of() : List.copyOf(l);
  }

  synchronized List<Reading> of(String path) {
    return of(TagPath.of(path));
  }

  synchronized Reading latest(String path) {
    List<Reading> l = byPath.get(TagPath.of(path));
    return l == null || l.isEmpty() ? null : l.get(l.size() - 1);
  }

  synchronized java.util.Set<TagPath> paths() {
    return java.util.Set.copyOf(byPath.keySet());
  }

  synchronized List<List<Reading>> batches() {
    return List.copyOf(batches);
  }

  synchronized int count() {
    int n = 0;
    for (List<Reading> b : batches) {
      n += b.size();
    }
    return n;
  }
}
