package io.plantmesh.outbox.internal;

import io.plantmesh.outbox.OutboxStats;
import io.plantmesh.outbox.Priority;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Takes an {@link OutboxStats} snapshot of a {@link LogEngine}. */
public final class StatsBuilder {
  private StatsBuilder() {}

  public static OutboxStats snapshot(LogEngine e) {
    long now = System.nanoTime();
    long nowMillis = e.clock().millis();
    Map<Priority, OutboxStats.ClassStats> classes = new EnumMap<>(Priority.class);
    long backlog = 0;
    long backlogBytes = 0;
    long appended = 0;
    long acked = 0;
    long evicted = 0;
    long evictedBytes = 0;
    long corrupt = 0;
    long torn = 0;
    long oldest = -1;
    long disk;
    long refused;
    long overflows;
    synchronized (e) {
      for (ClassLog l : e.logs.values()) {
        long o = oldestQuietly(l);
        if (o >= 0 && (oldest < 0 || o < oldest)) {
          oldest = o;
        }
        classes.put(
            l.priority,
            new OutboxStats.ClassStats(
                l.pendingRecords,
                l.pendingBytes,
                l.inFlightCount(),
                l.segments.size(),
                age(o, nowMillis),
                l.appended,
                l.acknowledged,
                l.evictedRecords,
                l.evictedBytes,
                l.corruptRecords,
                l.served));
        backlog += l.pendingRecords;
        backlogBytes += l.pendingBytes;
        appended += l.appended;
        acked += l.acknowledged;
        evicted += l.evictedRecords;
        evictedBytes += l.evictedBytes;
        corrupt += l.corruptRecords;
        torn += l.truncatedBytes;
      }
      disk = e.diskBytes();
      refused = e.refused;
      overflows = e.liveOverflows;
    }
    double in = e.appendRate.perSecond(now);
    double out = e.ackRate.perSecond(now);
    double drain = backlog == 0 ? 0 : out > in ? backlog / (out - in) : Double.POSITIVE_INFINITY;
    return new OutboxStats(
        classes,
        disk,
        e.config.maxBytes(),
        backlog,
        backlogBytes,
        age(oldest, nowMillis),
        appended,
        acked,
        evicted,
        evictedBytes,
        refused,
        corrupt,
        torn,
        overflows,
        in,
        out,
        e.replayRate.perSecond(now),
        drain);
  }

  private static long oldestQuietly(ClassLog l) {
    try {
      return l.oldestPendingMillis();
    } catch (IOException ex) {
      return -1;
    }
  }

  private static Duration age(long appendedMillis, long nowMillis) {
    return appendedMillis < 0
        ? Duration.ZERO
        : Duration.ofMillis(Math.max(0, nowMillis - appendedMillis));
  }
}
