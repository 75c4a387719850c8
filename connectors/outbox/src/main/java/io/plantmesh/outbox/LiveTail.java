package io.plantmesh.outbox;

import io.plantmesh.outbox.internal.LogEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The records appended from now on, handed over in memory (no disk read): what the forwarder sends
 * first when the uplink is up. Opened by {@link Outbox#openLiveTail}; thread-safe.
 *
 * <p>Each append offers its records, once durable, to a bounded queue. If the queue is full they
 * are not lost: they stay on disk and {@link Outbox#readBacklog} serves them (counted in {@link
 * OutboxStats#liveOverflows()}). A record {@link #poll} returns is in flight, exactly as one the
 * backlog returns: the forwarder must {@link Outbox#acknowledge} or {@link Outbox#release} it.
 */
public final class LiveTail implements AutoCloseable {
  private final LogEngine engine;
  private final ArrayBlockingQueue<StoredRecord> queue;
  private final Consumer<List<StoredRecord>> listener = this::offer;

  LiveTail(LogEngine engine, int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("live tail capacity must be positive, was " + capacity);
    }
    this.engine = engine;
    this.queue = new ArrayBlockingQueue<>(capacity);
    engine.addListener(listener);
  }

  private void offer(List<StoredRecord> batch) {
    long dropped = 0;
    for (StoredRecord r : batch) {
      if (!queue.offer(r)) {
        dropped++;
      }
    }
    if (dropped > 0) {
      engine.countLiveOverflow(dropped);
    }
  }

  /**
   * Up to {@code max} records in append order, waiting up to {@code timeout} for the first. Records
   * the backlog already handed out, or already acknowledged, are skipped: the result may be
   * shorter, even empty, before the timeout.
   */
  public List<StoredRecord> poll(int max, Duration timeout) throws InterruptedException {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive, was " + max);
    }
    StoredRecord first = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (first == null) {
      return List.of();
    }
    List<StoredRecord> got = new ArrayList<>(Math.min(max, queue.size() + 1));
    got.add(first);
    queue.drainTo(got, max - 1);
    return engine.takeLive(got);
  }

  /** Records waiting in the queue. */
  public int queued() {
    return queue.size();
  }

  /** Stops receiving appends; queued records are left to the backlog. */
  @Override
  public void close() {
    engine.removeListener(listener);
    queue.clear();
  }
}
