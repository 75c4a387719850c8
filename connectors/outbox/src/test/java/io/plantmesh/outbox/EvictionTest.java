package io.plantmesh.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy when {@code outbox.max-bytes} is reached. */
class EvictionTest {
  private static final long MAX = 16 * 1024;

  @TempDir Path dir;

  private OutboxConfig config() {
    return OutboxConfig.of(dir).withSegmentBytes(2048).withMaxBytes(MAX);
  }

  @Test
  void oldestSummariesGoFirstAndAlarmsStay() {
    try (Outbox outbox = Outbox.open(config())) {
      outbox.append(Records.batch(Priority.ALARM, 0, 10));
      outbox.append(Records.batch(Priority.EVENT, 0, 5));
      long appended = 0;
      for (int b = 0; b < 40; b++) {
        outbox.append(Records.batch(Priority.SUMMARY, appended, 5));
        appended += 5;
        assertTrue(outbox.stats().diskBytes() <= MAX, "bound holds after batch " + b);
      }
      OutboxStats s = outbox.stats();
      List<StoredRecord> summaries = drain(outbox, Priority.SUMMARY);
      long kept = summaries.size();
      assertTrue(kept > 0 && kept < appended, "some evicted, some kept: " + kept);
      for (int i = 0; i < kept; i++) {
        assertEquals(appended - kept + i, Records.index(summaries.get(i)), "the newest are kept");
        assertTrue(Records.intact(summaries.get(i), 200));
      }
      assertEquals(appended - kept, s.of(Priority.SUMMARY).evictedRecords());
      assertEquals(appended - kept, s.evictedRecords());
      assertTrue(s.of(Priority.SUMMARY).evictedBytes() > (appended - kept) * 200);
      assertEquals(0, s.of(Priority.ALARM).evictedRecords());
      assertEquals(0, s.of(Priority.EVENT).evictedRecords(), "events go only after summaries");
      assertEquals(10, drain(outbox, Priority.ALARM).size());
      assertEquals(5, drain(outbox, Priority.EVENT).size());
    }
  }

  @Test
  void eventsAreEvictedForAlarmsOnceNoSummaryIsLeft() {
    try (Outbox outbox = Outbox.open(config())) {
      long events = 0;
      while (outbox.stats().diskBytes() < MAX - 2048) {
        outbox.append(Records.batch(Priority.EVENT, events, 5));
        events += 5;
      }
      long alarms = 0;
      for (int b = 0; b < 10; b++) {
        outbox.append(Records.batch(Priority.ALARM, alarms, 5));
        alarms += 5;
      }
      OutboxStats s = outbox.stats();
      assertTrue(s.of(Priority.EVENT).evictedRecords() > 0);
      assertTrue(s.diskBytes() <= MAX);
      List<StoredRecord> left = drain(outbox, Priority.EVENT);
      assertEquals(events - s.of(Priority.EVENT).evictedRecords(), left.size());
      assertEquals(events - 1, Records.index(left.get(left.size() - 1)), "oldest events went");
      assertEquals(alarms, drain(outbox, Priority.ALARM).size());
    }
  }

  @Test
  void summariesNeverDisplaceEvents() {
    try (Outbox outbox = Outbox.open(config())) {
      long events = 0;
      while (outbox.stats().diskBytes() < MAX - 1000) {
        outbox.append(Records.batch(Priority.EVENT, events, 1));
        events++;
      }
      OutboxFullException e =
          assertThrows(
              OutboxFullException.class,
              () -> outbox.append(Records.batch(Priority.SUMMARY, 0, 5)));
      assertTrue(e.getMessage().contains("outbox.max-bytes"), e.getMessage());
      assertTrue(e.getMessage().contains("SUMMARY"), e.getMessage());
      assertEquals(5, outbox.stats().refusedRecords());
      assertEquals(events, drain(outbox, Priority.EVENT).size());
      assertEquals(0, outbox.stats().evictedRecords());
    }
  }

  @Test
  void aLogFullOfAlarmsRefusesMoreAndAcceptsAgainOnceDrained() {
    try (Outbox outbox = Outbox.open(config())) {
      long alarms = 0;
      OutboxFullException refused = null;
      while (refused == null) {
        try {
          outbox.append(Records.batch(Priority.ALARM, alarms, 5));
          alarms += 5;
        } catch (OutboxFullException e) {
          refused = e;
        }
      }
      assertTrue(refused.getMessage().startsWith("outbox full"), refused.getMessage());
      assertTrue(refused.neededBytes() > 0);
      OutboxStats s = outbox.stats();
      assertEquals(5, s.refusedRecords());
      assertEquals(0, s.evictedRecords());
      assertTrue(s.diskBytes() <= MAX && s.diskBytes() > MAX - 2048, "full: " + s.diskBytes());
      assertEquals(alarms, s.of(Priority.ALARM).backlogRecords());

      List<StoredRecord> old = outbox.readBacklog(Priority.ALARM, 20);
      outbox.acknowledge(Records.positions(old));
      assertEquals(
          alarms, outbox.append(Records.batch(Priority.ALARM, alarms, 5)).get(0).sequence());
      List<StoredRecord> rest = drain(outbox, Priority.ALARM);
      assertEquals(alarms + 5 - 20, rest.size());
      assertEquals(20, rest.get(0).sequence());
    }
  }

  @Test
  void alarmsCanBeMadeEvictable() {
    OutboxConfig c = config().withEvictable(java.util.EnumSet.allOf(Priority.class));
    try (Outbox outbox = Outbox.open(c)) {
      for (int b = 0; b < 40; b++) {
        outbox.append(Records.batch(Priority.ALARM, b * 5L, 5));
      }
      OutboxStats s = outbox.stats();
      assertTrue(s.of(Priority.ALARM).evictedRecords() > 0);
      assertEquals(0, s.refusedRecords());
      assertTrue(s.diskBytes() <= MAX);
    }
  }

  static List<StoredRecord> drain(Outbox outbox, Priority p) {
    List<StoredRecord> all = new ArrayList<>();
    for (List<StoredRecord> got; !(got = outbox.readBacklog(p, 1000)).isEmpty(); ) {
      all.addAll(got);
    }
    outbox.release(Records.positions(all));
    return all;
  }
}
