package io.plantmesh.cluster.internal;

import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.TagChangeListener;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's copy of the whole tag table, and the change feed.
 *
 * <p>One apply thread does every write and every listener call: a reading replaces the held one
 * only if it is newer, and only then is it a change. With one writer, the per-tag order of the feed
 * follows from the order of application, and no lock is needed on the map (readers on other threads
 * see whole entries).
 *
 * <p>Each entry holds the reading and the id of the source that delivered it, in one small object
 * rather than a second map (a map entry per tag costs more than the holder); source ids are
 * interned, as a plant has few sources and each tag would otherwise keep its own copy of the
 * string.
 *
 * <p>Batches wait in a queue bounded by a semaphore; callers wait when it is full (back-pressure,
 * counted) rather than drop. Subscribe and unsubscribe commands run on the apply thread too and
 * take no permit, so a listener may subscribe from its callback.
 */
public final class LocalView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalView.class);
  private static final Comparator<Reading> BY_PATH = Comparator.comparing(Reading::path);

  /** Beyond this many distinct source ids, ids are kept but no longer interned. */
  static final int MAX_INTERNED_SOURCES = 10_000;

  private final ConcurrentHashMap<TagPath, Held> table = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Semaphore room;
  private final Counters counters;
  private final RateLimitedLog listenerLog = new RateLimitedLog(LOG, 1000);

  /** Touched on the apply thread only. */
  private final List<Subscription> subscriptions = new ArrayList<>();

  /** One instance per source id for the whole table. Touched on the apply thread only. */
  private final Map<String, String> sourceIds = new HashMap<>();

  private final Thread thread;
  private volatile boolean running = true;

  public LocalView(String memberName, int capacity, Counters counters) {
    this.room = new Semaphore(capacity);
    this.counters = counters;
    this.thread = new Thread(this::run, "plantmesh-tagtable-" + memberName);
    thread.setDaemon(true);
    thread.start();
  }

  /** A held reading and the source that delivered it. */
  public record Held(Reading reading, String sourceId) {}

  /** A batch to apply (a local one, a peer's, or a snapshot chunk of several sources). */
  private record Batch(List<SourceBatch> groups) {
    int size() {
      int n = 0;
      for (SourceBatch g : groups) {
        n += g.readings().size();
      }
      return n;
    }
  }

  private static final class Subscription {
    final TagPath prefix;
    final TagChangeListener listener;
    volatile boolean closed;

    Subscription(TagPath prefix, TagChangeListener listener) {
      this.prefix = prefix;
      this.listener = listener;
    }

    boolean matches(Reading r) {
      return prefix == null || r.path().startsWith(prefix);
    }
  }

  /** Queues readings of one source for application; waits while the queue is full. */
  public void enqueue(String sourceId, List<Reading> readings) {
    enqueue(List.of(new SourceBatch(sourceId, readings)));
  }

  /**
   * Queues readings of one or more sources (a snapshot chunk) as one batch: applied together, and
   * their changes delivered together. Waits while the queue is full.
   */
  public void enqueue(List<SourceBatch> groups) {
    Batch batch = new Batch(groups);
    int readings = batch.size();
    if (readings == 0) {
      return;
    }
    try {
      if (!room.tryAcquire()) {
        counters.applyQueueWaits.increment();
        while (!room.tryAcquire(1, TimeUnit.SECONDS)) {
          if (!running) {
            LOG.warn("Tag table closed: {} readings not applied", readings);
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while waiting to apply {} readings: not applied", readings);
      return;
    }
    queue.add(batch);
  }

  public Registration subscribe(TagPath prefix, boolean replayCurrent, TagChangeListener listener) {
    Subscription s = new Subscription(prefix, listener);
    queue.add(
        (Runnable)
            () -> {
              if (replayCurrent) {
                List<Reading> current = new ArrayList<>();
                for (Held h : table.values()) {
                  if (s.matches(h.reading())) {
                    current.add(h.reading());
                  }
                }
                current.sort(BY_PATH);
                if (!current.isEmpty()) {
                  deliver(s, Collections.unmodifiableList(current));
                }
              }
              subscriptions.add(s);
            });
    return () -> {
      s.closed = true;
      queue.add((Runnable) () -> subscriptions.remove(s));
    };
  }

  /** Runs {@code r} on the apply thread once every batch queued before it has been applied. */
  public void afterQueued(Runnable r) {
    queue.add(r);
  }

  public Optional<Reading> get(TagPath path) {
    Held h = table.get(path);
    return h == null ? Optional.empty() : Optional.of(h.reading());
  }

  /** The source of the held reading of {@code path}. */
  public Optional<String> sourceOf(TagPath path) {
    Held h = table.get(path);
    return h == null ? Optional.empty() : Optional.of(h.sourceId());
  }

  public List<Reading> readings(TagPath prefix) {
    List<Reading> out = new ArrayList<>();
    for (Held h : table.values()) {
      Reading r = h.reading();
      if (prefix == null || r.path().startsWith(prefix)) {
        out.add(r);
      }
    }
    out.sort(BY_PATH);
    return out;
  }

  /** The held entries, unsorted: for streaming a snapshot. */
  public Iterable<Held> held() {
    return table.values();
  }

  public int size() {
    return table.size();
  }

  private void run() {
    while (running) {
      Object item;
      try {
        item = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (item instanceof Batch b) {
        room.release();
        apply(b);
      } else if (item instanceof Runnable r) {
        r.run();
      }
    }
  }

  private void apply(Batch batch) {
    int size = batch.size();
    List<Reading> changes = new ArrayList<>(size);
    for (SourceBatch g : batch.groups()) {
      String sourceId = intern(g.sourceId());
      for (Reading r : g.readings()) {
        Held held = table.get(r.path());
        if (held == null || r.isNewerThan(held.reading())) {
          table.put(r.path(), new Held(r, sourceId));
          changes.add(r);
        }
      }
    }
    counters.readingsApplied.add(changes.size());
    counters.readingsStale.add(size - changes.size());
    if (changes.isEmpty()) {
      return;
    }
    List<Reading> all = Collections.unmodifiableList(changes);
    for (Subscription s : subscriptions) {
      if (s.prefix == null) {
        deliver(s, all);
        continue;
      }
      List<Reading> mine = null;
      for (Reading r : changes) {
        if (s.matches(r)) {
          if (mine == null) {
            mine = new ArrayList<>();
          }
          mine.add(r);
        }
      }
      if (mine != null) {
        deliver(s, mine);
      }
    }
  }

  private String intern(String sourceId) {
    String known = sourceIds.get(sourceId);
    if (known != null) {
      return known;
    }
    if (sourceIds.size() < MAX_INTERNED_SOURCES) {
      sourceIds.put(sourceId, sourceId);
    }
    return sourceId;
  }

  private void deliver(Subscription s, List<Reading> changes) {
    if (s.closed) {
      return;
    }
    try {
      s.listener.onChanges(changes);
    } catch (RuntimeException e) {
      counters.listenerFailures.increment();
      listenerLog.warn("A tag change listener failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long left = queue.stream().filter(o -> o instanceof Batch).count();
    if (left > 0) {
      LOG.info("Tag table closed with {} batches not yet applied", left);
    }
  }
}
