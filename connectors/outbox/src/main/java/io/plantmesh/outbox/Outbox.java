package io.plantmesh.outbox;

import io.plantmesh.outbox.internal.LogEngine;
import io.plantmesh.outbox.internal.StatsBuilder;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A durable, bounded log on local disk between the node's summaries, alarms and events and the
 * upstream forwarder. Thread-safe. See the module README for the guarantees and the on-disk format.
 *
 * <p>The forwarder's loop:
 *
 * <pre>{@code
 * LiveTail live = outbox.openLiveTail(10_000);
 * while (running) {
 *   send(live.poll(500, Duration.ofMillis(100)));        // live first
 *   for (Priority p : Priority.values()) {                // then the backlog, alarms first
 *     if (producerHasRoom()) send(outbox.readBacklog(p, 500));
 *   }
 * }
 * // in the send callback: outbox.acknowledge(positions) on success,
 * //                       outbox.release(positions) on failure (they are served again)
 * }</pre>
 *
 * Every record handed out (by {@link LiveTail#poll} or {@link #readBacklog}) is in flight until it
 * is acknowledged or released: it is not handed out a second time meanwhile.
 */
public final class Outbox implements AutoCloseable {
  private final LogEngine engine;

  private Outbox(LogEngine engine) {
    this.engine = engine;
  }

  /**
   * Opens the Outbox in {@code config.dir()}, creating it if needed, recovering it otherwise: every
   * segment is checked (a torn tail is cut, a corrupt frame counted and skipped) and the
   * checkpoint's acknowledgements applied. Holds an exclusive lock on the directory until {@link
   * #close}.
   *
   * @throws OutboxException if the directory is in use by another Outbox or cannot be read
   */
  public static Outbox open(OutboxConfig config) {
    return open(config, Clock.systemUTC());
  }

  /** As {@link #open(OutboxConfig)}, with the clock that stamps append times. */
  public static Outbox open(OutboxConfig config, Clock clock) {
    return new Outbox(LogEngine.open(config, clock));
  }

  public OutboxConfig config() {
    return engine.config();
  }

  /**
   * Appends {@code records} and returns their positions, in the same order, once durable as {@code
   * outbox.fsync} says. All or nothing: on an exception none of them is in the log.
   *
   * @throws OutboxFullException if they do not fit in {@code outbox.max-bytes} even after evicting
   *     what the policy allows (nothing is evicted then)
   * @throws OutboxStorageException if the disk failed (full: {@code ENOSPC}); the log is unchanged
   *     and the next append works once there is room
   * @throws IllegalArgumentException if a record's frame is larger than {@code
   *     outbox.segment-bytes}
   */
  public List<Position> append(List<OutboxRecord> records) {
    return engine.append(List.copyOf(records));
  }

  /** Appends one record: a batch of one (one fsync; batch when you can). */
  public Position append(OutboxRecord record) {
    return engine.append(List.of(record)).get(0);
  }

  /**
   * A new live tail holding up to {@code capacity} records not yet polled (more go to the backlog).
   * Close it when done.
   */
  public LiveTail openLiveTail(int capacity) {
    return new LiveTail(engine, capacity);
  }

  /**
   * Up to {@code maxRecords} of the oldest records of {@code priority} that are neither
   * acknowledged nor in flight, in sequence order, read from disk; they are in flight on return. A
   * record that fails its CRC is never returned (it is counted in {@link
   * OutboxStats#corruptRecords()}). Empty when there is nothing to send.
   */
  public List<StoredRecord> readBacklog(Priority priority, int maxRecords) {
    return engine.readBacklog(priority, maxRecords);
  }

  /**
   * Records that the upstream has these records (in any order). A segment whose records are all
   * acknowledged is deleted. Positions unknown, evicted or already acknowledged are ignored.
   *
   * @return how many were newly acknowledged
   */
  public int acknowledge(Collection<Position> positions) {
    return engine.acknowledge(positions);
  }

  public int acknowledge(Position position) {
    return engine.acknowledge(List.of(position));
  }

  /** Hands in-flight records back (the send failed): the backlog serves them again, in order. */
  public void release(Collection<Position> positions) {
    engine.release(positions);
  }

  /** Hands every in-flight record back (e.g. the forwarder lost its producer and starts over). */
  public void releaseAll() {
    engine.releaseAll();
  }

  /** The sequences of {@code priority} in flight now. */
  public Set<Long> inFlight(Priority priority) {
    return engine.inFlight(priority);
  }

  /**
   * Writes the acknowledgement checkpoint now (it is otherwise written every {@code
   * outbox.checkpoint-interval} and on {@link #close}).
   */
  public void checkpoint() throws IOException {
    engine.writeCheckpoint();
  }

  public OutboxStats stats() {
    return StatsBuilder.snapshot(engine);
  }

  /** Forces the log, writes the checkpoint and releases the directory. */
  @Override
  public void close() {
    engine.close();
  }
}
