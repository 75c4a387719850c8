package io.plantmesh.node.internal;

import io.plantmesh.kafka.forward.UpstreamRecords;
import io.plantmesh.kafka.summary.Summary;
import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxFullException;
import io.plantmesh.outbox.OutboxRecord;
import io.plantmesh.outbox.OutboxStorageException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends summaries to the Outbox, one batch per tick, following its policy: when the log is full
 * the Outbox itself evicts its oldest summaries (counted there); when it refuses anyway ({@link
 * OutboxFullException}) or the device fails ({@link OutboxStorageException}, e.g. a full file
 * system), the batch is kept in memory and appended again on the next tick, up to {@code
 * maxPendingBytes} of payload; beyond that the oldest are dropped, counted and logged. Used by one
 * thread (the ticker); the counters are read from any.
 */
final class OutboxAppender {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxAppender.class);

  /** Why summaries were dropped before reaching the Outbox. */
  enum Loss {
    /** Kept in memory while the Outbox refused them, past the memory bound. */
    OUTBOX_UNAVAILABLE,
    /** Larger than an Outbox segment: can never be stored. */
    TOO_LARGE
  }

  private final Outbox outbox;
  private final String node;
  private final long maxPendingBytes;
  private final Deque<OutboxRecord> pending = new ArrayDeque<>();
  private final AtomicLong pendingRecords = new AtomicLong();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong failedAppends = new AtomicLong();
  private final AtomicLong lostUnavailable = new AtomicLong();
  private final AtomicLong lostTooLarge = new AtomicLong();
  private volatile String lastError;

  OutboxAppender(Outbox outbox, String node, long maxPendingBytes) {
    this.outbox = outbox;
    this.node = node;
    this.maxPendingBytes = maxPendingBytes;
  }

  /**
   * Appends {@code summaries} after any still pending, in one batch. Never throws.
   *
   * @return whether everything pending is in the Outbox now
   */
  boolean append(List<Summary> summaries) {
    for (OutboxRecord r : UpstreamRecords.summaries(summaries, node)) {
      pending.addLast(r);
      pendingBytes.addAndGet(r.payloadLength());
    }
    pendingRecords.set(pending.size());
    if (pending.isEmpty()) {
      return true;
    }
    List<OutboxRecord> batch = new ArrayList<>(pending);
    try {
      outbox.append(batch);
      done(batch.size());
      return true;
    } catch (OutboxFullException | OutboxStorageException e) {
      failed(e);
    } catch (IllegalArgumentException e) {
      // One record does not fit a segment: the others go one by one, that one is dropped.
      appendEach();
    } catch (RuntimeException e) {
      failed(e);
    }
    return pending.isEmpty();
  }

  private void appendEach() {
    while (!pending.isEmpty()) {
      OutboxRecord r = pending.peekFirst();
      try {
        outbox.append(r);
        done(1);
      } catch (IllegalArgumentException e) {
        pending.pollFirst();
        pendingBytes.addAndGet(-r.payloadLength());
        lostTooLarge.incrementAndGet();
        LOG.error(
            "Summary {} ({} bytes) is too large for the Outbox, dropped: {}",
            r.id(),
            r.payloadLength(),
            e.getMessage());
      } catch (RuntimeException e) {
        failed(e);
        return;
      }
    }
    pendingRecords.set(0);
  }

  private void done(int n) {
    for (int i = 0; i < n; i++) {
      pendingBytes.addAndGet(-pending.pollFirst().payloadLength());
    }
    pendingRecords.set(pending.size());
    appended.addAndGet(n);
    if (lastError != null) {
      LOG.info("Outbox: appending works again ({} summaries held in memory meanwhile)", n);
      lastError = null;
    }
  }

  private void failed(RuntimeException e) {
    long n = failedAppends.incrementAndGet();
    String why = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (lastError == null || n % 100 == 0) {
      LOG.warn(
          "Outbox: cannot append {} summaries, kept in memory and retried ({} failed appends): {}",
          pending.size(),
          n,
          why);
    }
    lastError = why;
    long dropped = 0;
    while (pendingBytes.get() > maxPendingBytes && !pending.isEmpty()) {
      pendingBytes.addAndGet(-pending.pollFirst().payloadLength());
      dropped++;
    }
    if (dropped > 0) {
      long total = lostUnavailable.addAndGet(dropped);
      LOG.error(
          "Outbox: {} oldest summaries dropped: more than {} bytes waited in memory ({} dropped in"
              + " all)",
          dropped,
          maxPendingBytes,
          total);
    }
    pendingRecords.set(pending.size());
  }

  /** Summaries waiting in memory for the Outbox. */
  long pendingRecords() {
    return pendingRecords.get();
  }

  long pendingBytes() {
    return pendingBytes.get();
  }

  /** Summaries appended to the Outbox. */
  long appended() {
    return appended.get();
  }

  /** Appends the Outbox refused (each retried). */
  long failedAppends() {
    return failedAppends.get();
  }

  long lost(Loss why) {
    return why == Loss.TOO_LARGE ? lostTooLarge.get() : lostUnavailable.get();
  }

  /** Why the last append failed, while appends fail; else null. */
  String lastError() {
    return lastError;
  }
}
