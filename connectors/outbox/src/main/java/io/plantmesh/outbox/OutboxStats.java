package io.plantmesh.outbox;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of the Outbox's state and counters, for the node to expose as meters. Counts are since
 * {@link Outbox#open} (monotonic, for counters); backlog figures are current (for gauges).
 *
 * @param classes per priority class
 * @param diskBytes bytes of all segment files (bounded by {@code maxBytes})
 * @param maxBytes {@code outbox.max-bytes}
 * @param backlogRecords records not yet acknowledged (in flight included), all classes
 * @param backlogBytes their frame bytes on disk
 * @param oldestRecordAge age of the oldest unacknowledged record; zero if there is none
 * @param appendedRecords records appended
 * @param acknowledgedRecords records acknowledged
 * @param evictedRecords unacknowledged records evicted because the log was full
 * @param evictedBytes their bytes
 * @param refusedRecords records of appends refused ({@link OutboxFullException})
 * @param corruptRecords records lost to corruption (bad CRC), never served
 * @param tornTailBytes bytes of torn tails (writes cut by a crash) removed when the log was opened
 * @param liveOverflows records a {@link LiveTail} could not queue (they are served as backlog)
 * @param appendRate records appended per second over the last 10 s
 * @param acknowledgeRate records acknowledged per second over the last 10 s
 * @param replayRate backlog records read from disk per second over the last 10 s
 * @param secondsToDrain backlog / (acknowledge rate - append rate): 0 if the backlog is empty,
 *     {@link Double#POSITIVE_INFINITY} if it is not shrinking
 */
public record OutboxStats(
    Map<Priority, ClassStats> classes,
    long diskBytes,
    long maxBytes,
    long backlogRecords,
    long backlogBytes,
    Duration oldestRecordAge,
    long appendedRecords,
    long acknowledgedRecords,
    long evictedRecords,
    long evictedBytes,
    long refusedRecords,
    long corruptRecords,
    long tornTailBytes,
    long liveOverflows,
    double appendRate,
    double acknowledgeRate,
    double replayRate,
    double secondsToDrain) {

  public OutboxStats {
    classes = Map.copyOf(classes);
  }

  /** The figures of one class. */
  public ClassStats of(Priority p) {
    return classes.get(p);
  }

  /**
   * One priority class.
   *
   * @param backlogRecords records not yet acknowledged (in flight included)
   * @param backlogBytes their frame bytes
   * @param inFlightRecords records handed out and neither acknowledged nor released
   * @param segments segment files on disk
   * @param oldestRecordAge age of the oldest unacknowledged record; zero if none
   * @param appended records appended
   * @param acknowledged records acknowledged
   * @param evictedRecords unacknowledged records evicted
   * @param evictedBytes their bytes
   * @param corruptRecords records lost to corruption
   * @param replayed records served from disk by {@link Outbox#readBacklog}
   */
  public record ClassStats(
      long backlogRecords,
      long backlogBytes,
      long inFlightRecords,
      int segments,
      Duration oldestRecordAge,
      long appended,
      long acknowledged,
      long evictedRecords,
      long evictedBytes,
      long corruptRecords,
      long replayed) {}
}
