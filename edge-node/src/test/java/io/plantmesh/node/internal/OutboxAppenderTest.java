package io.plantmesh.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.kafka.summary.Summary;
import io.plantmesh.kafka.summary.SummaryAggregator;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxConfig;
import io.plantmesh.outbox.Position;
import io.plantmesh.outbox.Priority;
import io.plantmesh.outbox.StoredRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appending summaries to a real Outbox that refuses them (full, nothing it may evict): they wait in
 * memory and go in once there is room; past the memory bound the oldest are dropped and counted.
 */
class OutboxAppenderTest {
  private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

  @TempDir Path dir;

  /** One summary per tag and 1 s window, {@code windows} windows of {@code tags} tags. */
  private static List<Summary> summaries(int tags, int windows) {
    SummaryAggregator a =
        new SummaryAggregator(
            SummaryConfig.fromMap(Map.of("default-window", "1s", "allowed-lateness", "0s")), T0);
    List<Reading> batch = new ArrayList<>();
    long seq = 0;
    for (int w = 0; w < windows; w++) {
      for (int t = 0; t < tags; t++) {
        Instant at = T0.plusSeconds(w).plusMillis(100);
        batch.add(
            new Reading(
                TagPath.of("line1/cell" + t + "/temp"),
                Value.of(20.0 + t + w),
                Quality.GOOD,
                at,
                null,
                at,
                "gw-t",
                ++seq));
      }
    }
    a.accept(batch);
    return a.advanceTo(T0.plusSeconds(windows));
  }

  /** 16 KiB in 4 KiB segments, nothing evictable: a handful of summaries fill it. */
  private Outbox smallOutbox() {
    return Outbox.open(OutboxConfig.of(dir).withSizes(16 << 10, 4 << 10).withEvictable(Set.of()));
  }

  private static void acknowledgeAll(Outbox o) {
    List<Position> done = new ArrayList<>();
    for (StoredRecord r : o.readBacklog(Priority.SUMMARY, 10_000)) {
      done.add(r.position());
    }
    o.acknowledge(done);
  }

  @Test
  void refusedSummariesWaitInMemoryAndGoInOnceThereIsRoom() {
    List<Summary> all = summaries(10, 6);
    try (Outbox o = smallOutbox()) {
      OutboxAppender appender = new OutboxAppender(o, "gw-t", 1 << 20);
      assertFalse(appender.append(all), "60 summaries do not fit 16 KiB");
      assertEquals(60, appender.pendingRecords(), "the batch is kept whole");
      assertNotNull(appender.lastError());
      assertEquals(1, appender.failedAppends());
      assertTrue(o.stats().refusedRecords() > 0, "refused by the Outbox's policy");
      // Retried with the next tick's summaries: still no room.
      assertFalse(appender.append(List.of()));
      assertEquals(2, appender.failedAppends());

      // Take the summaries in smaller batches as the forwarder drains the Outbox.
      OutboxAppender small = new OutboxAppender(o, "gw-t", 1 << 20);
      int stored = 0;
      for (int w = 0; w < 60; w += 5) {
        assertTrue(small.append(all.subList(w, w + 5)), "5 at a time fit once drained");
        stored += 5;
        acknowledgeAll(o);
      }
      assertEquals(60, stored);
      assertEquals(60, small.appended());
      assertEquals(0, small.pendingRecords());
      assertNull(small.lastError());
      assertEquals(0, small.lost(OutboxAppender.Loss.OUTBOX_UNAVAILABLE));
    }
  }

  @Test
  void thePendingSummariesComeOutInOrderOnceTheOutboxHasRoom() {
    List<Summary> all = summaries(4, 2);
    try (Outbox o = smallOutbox()) {
      OutboxAppender appender = new OutboxAppender(o, "gw-t", 1 << 20);
      // Fill the Outbox, then one more batch is refused and waits.
      while (appender.append(summaries(4, 1))) {
        // Keeps appending until the Outbox is full.
      }
      long waiting = appender.pendingRecords();
      assertTrue(waiting > 0);
      acknowledgeAll(o);
      assertTrue(appender.append(all), "the waiting batch and the new one go in together");
      assertEquals(0, appender.pendingRecords());
      List<StoredRecord> backlog = o.readBacklog(Priority.SUMMARY, 10_000);
      assertEquals(waiting + all.size(), backlog.size());
      List<String> ids = backlog.stream().map(StoredRecord::id).toList();
      assertEquals(
          all.stream().map(Summary::id).toList(),
          ids.subList(ids.size() - all.size(), ids.size()),
          "the new summaries after those that waited");
    }
  }

  @Test
  void pastTheMemoryBoundTheOldestAreDroppedAndCounted() {
    List<Summary> all = summaries(10, 6);
    try (Outbox o = smallOutbox()) {
      // Room in memory for about ten summaries' payloads.
      long bound = 10L * io.plantmesh.kafka.summary.SummaryJson.toBytes(all.get(0)).length;
      OutboxAppender appender = new OutboxAppender(o, "gw-t", bound);
      assertFalse(appender.append(all));
      assertTrue(appender.pendingBytes() <= bound, appender.pendingBytes() + " > " + bound);
      long lost = appender.lost(OutboxAppender.Loss.OUTBOX_UNAVAILABLE);
      assertTrue(lost >= 45, "dropped: " + lost);
      assertEquals(60, lost + appender.pendingRecords(), "every summary kept or counted");
    }
  }
}
