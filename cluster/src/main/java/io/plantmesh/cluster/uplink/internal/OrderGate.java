package io.plantmesh.cluster.uplink.internal;

import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a sender's batches in order at the relay. A sender has several batches in flight and
 * Hazelcast runs them on several threads, so batch 4 may reach the producer before batch 3; the
 * producer keeps per-partition order only for what it is handed in order. A batch waits here
 * (bounded) until every earlier batch of its stream has been handed on or refused; a batch that
 * never comes (lost with a connection) is skipped when the wait ends.
 */
final class OrderGate {
  private static final long IDLE_NANOS = Duration.ofMinutes(5).toNanos();
  private static final long PRUNE_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

  private static final class Stream {
    long next;
    final TreeSet<Long> passed = new TreeSet<>();
    long usedAt = System.nanoTime();
  }

  private final Map<UUID, Stream> streams = new ConcurrentHashMap<>();
  private volatile long prunedAt = System.nanoTime();

  /**
   * Waits until batch {@code seq} of {@code stream} is next, at most {@code max}.
   *
   * @return false when it stopped waiting for an earlier batch (which is then skipped)
   */
  boolean awaitTurn(UUID stream, long seq, Duration max) throws InterruptedException {
    prune();
    Stream s = streams.computeIfAbsent(stream, k -> new Stream());
    synchronized (s) {
      s.usedAt = System.nanoTime();
      long deadline = System.nanoTime() + max.toNanos();
      while (s.next < seq) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          s.next = seq;
          s.passed.headSet(seq).clear();
          return false;
        }
        s.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Batch {@code seq} was handed on (or refused): the next may go. */
  void passed(UUID stream, long seq) {
    Stream s = streams.computeIfAbsent(stream, k -> new Stream());
    synchronized (s) {
      s.usedAt = System.nanoTime();
      if (seq < s.next) {
        return;
      }
      s.passed.add(seq);
      while (s.passed.remove(s.next)) {
        s.next++;
      }
      s.notifyAll();
    }
  }

  int streams() {
    return streams.size();
  }

  private void prune() {
    long now = System.nanoTime();
    if (now - prunedAt < PRUNE_EVERY_NANOS) {
      return;
    }
    prunedAt = now;
    streams
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                return now - e.getValue().usedAt > IDLE_NANOS;
              }
            });
  }
}
