package io.plantmesh.node.internal;

import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxRecord;
import io.plantmesh.outbox.Priority;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends alarm steps and rule events to the Outbox as they happen, on the thread that made them (a
 * rule's action lane, or a REST request acknowledging an alarm). When the Outbox refuses (full of
 * what it may not evict, or a storage error), the records wait in memory, in order, and are
 * appended again with the next record or the upstream's next tick; beyond {@value #MAX_PENDING}
 * records the oldest are dropped, counted and logged. Thread-safe.
 */
final class DecisionAppender {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionAppender.class);

  /** Records held in memory while the Outbox refuses them. */
  static final int MAX_PENDING = 10_000;

  private final Outbox outbox;
  private final Deque<OutboxRecord> pending = new ArrayDeque<>();
  private final AtomicLong alarms = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong failedAppends = new AtomicLong();
  private volatile String lastError;
  private boolean closed;

  DecisionAppender(Outbox outbox) {
    this.outbox = outbox;
  }

  /**
   * Appends {@code r} after any records still waiting. Never throws.
   *
   * @return whether {@code r} is in the Outbox now (false: waiting in memory, or refused after
   *     close)
   */
  synchronized boolean append(OutboxRecord r) {
    if (closed) {
      lost.incrementAndGet();
      LOG.error("{} {} arrived after the upstream closed: not sent", kind(r), r.id());
      return false;
    }
    pending.addLast(r);
    flush();
    return pending.isEmpty();
  }

  /** Appends what waits in memory; called by the upstream's ticker. */
  synchronized void flush() {
    while (!pending.isEmpty()) {
      List<OutboxRecord> batch = new ArrayList<>(pending);
      try {
        outbox.append(batch);
        batch.forEach(this::count);
        pending.clear();
        if (lastError != null) {
          LOG.info("Outbox: alarms and events are appended again");
          lastError = null;
        }
      } catch (IllegalArgumentException e) {
        appendEach();
        return;
      } catch (RuntimeException e) {
        failed(e);
        return;
      }
    }
  }

  /** One record does not fit a segment: the others go one by one, that one is dropped. */
  private void appendEach() {
    while (!pending.isEmpty()) {
      OutboxRecord r = pending.peekFirst();
      try {
        outbox.append(r);
        count(r);
      } catch (IllegalArgumentException e) {
        lost.incrementAndGet();
        LOG.error(
            "{} {} is too large for the Outbox, dropped: {}", kind(r), r.id(), e.getMessage());
      } catch (RuntimeException e) {
        failed(e);
        return;
      }
      pending.pollFirst();
    }
  }

  private void failed(RuntimeException e) {
    long n = failedAppends.incrementAndGet();
    String why = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (lastError == null || n % 100 == 0) {
      LOG.warn(
          "Outbox: cannot append {} alarm/event records, kept in memory and retried: {}",
          pending.size(),
          why);
    }
    lastError = why;
    while (pending.size() > MAX_PENDING) {
      OutboxRecord r = pending.pollFirst();
      lost.incrementAndGet();
      LOG.error(
          "{} {} dropped: more than {} records waited for the Outbox",
          kind(r),
          r.id(),
          MAX_PENDING);
    }
  }

  private void count(OutboxRecord r) {
    (r.priority() == Priority.ALARM ? alarms : events).incrementAndGet();
  }

  private static String kind(OutboxRecord r) {
    return r.priority() == Priority.ALARM ? "Alarm step" : "Event";
  }

  /** A last attempt before the Outbox closes; what still waits is lost (logged). */
  synchronized void close() {
    flush();
    closed = true;
    if (!pending.isEmpty()) {
      lost.addAndGet(pending.size());
      LOG.error(
          "{} alarm/event records could not be stored at shutdown and are lost: {}",
          pending.size(),
          lastError);
      pending.clear();
    }
  }

  /** Alarm steps in the Outbox. */
  long alarmsAppended() {
    return alarms.get();
  }

  /** Events in the Outbox. */
  long eventsAppended() {
    return events.get();
  }

  /** Records dropped before the Outbox (too large, memory bound, after close). */
  long lost() {
    return lost.get();
  }

  /** Records waiting in memory for the Outbox. */
  synchronized int pending() {
    return pending.size();
  }

  long failedAppends() {
    return failedAppends.get();
  }
}
