package io.plantmesh.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
  @TempDir Path dir;

  private OutboxConfig small() {
    return OutboxConfig.of(dir).withSegmentBytes(4096).withMaxBytes(1 << 20);
  }

  @Test
  void roundTripKeepsEveryFieldAndOrder() {
    try (Outbox outbox = Outbox.open(small())) {
      List<OutboxRecord> in = new ArrayList<>(Records.batch(Priority.SUMMARY, 0, 50));
      in.add(
          new OutboxRecord(
              Priority.ALARM, "", "alarm-é-1", java.util.Map.of("k", "v ü"), new byte[0]));
      List<Position> pos = outbox.append(in);
      assertEquals(51, pos.size());
      for (int i = 0; i < 50; i++) {
        assertEquals(new Position(Priority.SUMMARY, i), pos.get(i));
      }
      assertEquals(new Position(Priority.ALARM, 0), pos.get(50));

      List<StoredRecord> out = outbox.readBacklog(Priority.SUMMARY, 1000);
      assertEquals(50, out.size());
      for (int i = 0; i < 50; i++) {
        assertEquals(i, out.get(i).sequence());
        assertEquals(i, Records.index(out.get(i)));
        assertTrue(Records.intact(out.get(i), 200));
      }
      StoredRecord alarm = outbox.readBacklog(Priority.ALARM, 10).get(0);
      assertEquals("alarm-é-1", alarm.id());
      assertEquals("", alarm.key());
      assertEquals("v ü", alarm.headers().get("k"));
      assertEquals(0, alarm.payload().length);
    }
  }

  /**
   * Records read one after another share identical headers: a record whose headers differ from the
   * one before (by a value, by their order, or with none) must still read back its own.
   */
  @Test
  void eachRecordKeepsItsOwnHeadersWhenNeighboursShareOrDifferInThem() {
    List<java.util.Map<String, String>> kinds = new ArrayList<>();
    kinds.add(java.util.Map.of("kind", "summary"));
    java.util.Map<String, String> two = new java.util.LinkedHashMap<>();
    two.put("kind", "summary");
    two.put("node", "n1");
    kinds.add(two);
    java.util.Map<String, String> swapped = new java.util.LinkedHashMap<>();
    swapped.put("node", "n1");
    swapped.put("kind", "summary");
    kinds.add(swapped);
    kinds.add(java.util.Map.of());
    kinds.add(java.util.Map.of("kind", "summarY"));
    int[] order = {0, 0, 1, 1, 2, 0, 3, 3, 4, 0, 4};
    try (Outbox outbox = Outbox.open(small())) {
      List<OutboxRecord> in = new ArrayList<>();
      for (int i = 0; i < order.length; i++) {
        in.add(new OutboxRecord(Priority.EVENT, "k", "e-" + i, kinds.get(order[i]), new byte[3]));
      }
      outbox.append(in);
      List<StoredRecord> out = outbox.readBacklog(Priority.EVENT, 100);
      assertEquals(order.length, out.size());
      for (int i = 0; i < order.length; i++) {
        java.util.Map<String, String> want = kinds.get(order[i]);
        assertEquals(want, out.get(i).headers(), "headers of record " + i);
        assertEquals(
            List.copyOf(want.keySet()),
            List.copyOf(out.get(i).headers().keySet()),
            "header order of record " + i);
      }
    }
  }

  @Test
  void sequencesGrowAcrossBatchesAndSegmentsRoll() throws IOException {
    try (Outbox outbox = Outbox.open(small())) {
      for (int b = 0; b < 10; b++) {
        List<Position> pos = outbox.append(Records.batch(Priority.EVENT, b * 20L, 20));
        assertEquals(b * 20L, pos.get(0).sequence());
      }
      assertTrue(outbox.stats().of(Priority.EVENT).segments() > 5, "4 KiB segments rolled");
      try (Stream<Path> files = Files.list(dir.resolve("event"))) {
        for (Path f : files.toList()) {
          assertTrue(Files.size(f) <= 4096, f + " is within outbox.segment-bytes");
        }
      }
      List<StoredRecord> all = new ArrayList<>();
      for (List<StoredRecord> got; !(got = outbox.readBacklog(Priority.EVENT, 7)).isEmpty(); ) {
        all.addAll(got);
      }
      assertEquals(200, all.size());
      for (int i = 0; i < 200; i++) {
        assertEquals(i, Records.index(all.get(i)));
      }
    }
  }

  @Test
  void recordsInFlightAreNotHandedOutTwiceAndReleasedOnesComeBack() {
    try (Outbox outbox = Outbox.open(small())) {
      outbox.append(Records.batch(Priority.SUMMARY, 0, 10));
      List<StoredRecord> first = outbox.readBacklog(Priority.SUMMARY, 4);
      List<StoredRecord> second = outbox.readBacklog(Priority.SUMMARY, 4);
      assertEquals(List.of(0L, 1L, 2L, 3L), seqs(first));
      assertEquals(List.of(4L, 5L, 6L, 7L), seqs(second));
      assertEquals(8, outbox.inFlight(Priority.SUMMARY).size());

      outbox.release(List.of(first.get(1).position(), first.get(3).position()));
      outbox.acknowledge(Records.positions(second));
      assertEquals(List.of(1L, 3L, 8L, 9L), seqs(outbox.readBacklog(Priority.SUMMARY, 10)));
      assertTrue(outbox.readBacklog(Priority.SUMMARY, 10).isEmpty());

      outbox.releaseAll();
      assertEquals(List.of(0L, 1L, 2L, 3L, 8L, 9L), seqs(outbox.readBacklog(Priority.SUMMARY, 10)));
      assertEquals(6, outbox.stats().of(Priority.SUMMARY).backlogRecords());
    }
  }

  @Test
  void segmentsAreDeletedOnceAllTheirRecordsAreAcknowledgedInAnyOrder() throws IOException {
    try (Outbox outbox = Outbox.open(small())) {
      List<Position> pos = outbox.append(Records.batch(Priority.SUMMARY, 0, 100));
      int segments = outbox.stats().of(Priority.SUMMARY).segments();
      assertTrue(segments >= 5, "100 records of ~280 B fill several 4 KiB segments");
      outbox.readBacklog(Priority.SUMMARY, 100);

      List<Position> shuffled = new ArrayList<>(pos.subList(0, 90));
      Collections.shuffle(shuffled, new java.util.Random(42));
      for (Position p : shuffled.subList(0, 89)) {
        outbox.acknowledge(p);
      }
      int left = outbox.stats().of(Priority.SUMMARY).segments();
      assertTrue(left < segments && left >= 2, "fully acknowledged segments deleted: " + left);
      outbox.releaseAll();
      assertEquals(
          List.of(shuffled.get(89).sequence()),
          seqs(outbox.readBacklog(Priority.SUMMARY, 1)),
          "the segment of the one not acknowledged is still there");
      outbox.acknowledge(shuffled.get(89));
      OutboxStats s = outbox.stats();
      assertTrue(s.of(Priority.SUMMARY).segments() <= 2, "only the segments holding 90..99 stay");
      assertEquals(10, s.of(Priority.SUMMARY).backlogRecords());
      assertEquals(90, s.acknowledgedRecords());
      assertEquals(0, outbox.acknowledge(pos.get(3)), "acknowledging twice counts once");
      try (Stream<Path> files = Files.list(dir.resolve("summary"))) {
        assertEquals(s.of(Priority.SUMMARY).segments(), files.count());
      }
    }
  }

  @Test
  void restartResumesAfterTheCheckpointedAcknowledgements() throws IOException {
    List<Position> pos;
    try (Outbox outbox = Outbox.open(small())) {
      pos = outbox.append(Records.batch(Priority.ALARM, 0, 30));
      outbox.readBacklog(Priority.ALARM, 30);
      outbox.acknowledge(pos.subList(0, 10));
      outbox.acknowledge(pos.subList(20, 25));
      outbox.checkpoint();
    }
    try (Outbox outbox = Outbox.open(small())) {
      List<StoredRecord> again = outbox.readBacklog(Priority.ALARM, 100);
      List<Long> expected = new ArrayList<>();
      for (long i = 10; i < 20; i++) {
        expected.add(i);
      }
      for (long i = 25; i < 30; i++) {
        expected.add(i);
      }
      assertEquals(expected, seqs(again));
      assertEquals(30, outbox.append(Records.of(Priority.ALARM, 30)).sequence());
      assertEquals(16, outbox.stats().of(Priority.ALARM).backlogRecords());
    }
  }

  @Test
  void liveTailHandsOverAppendsAndTheBacklogDoesNotRepeatThem() throws Exception {
    try (Outbox outbox = Outbox.open(small());
        LiveTail live = outbox.openLiveTail(5)) {
      outbox.append(Records.batch(Priority.SUMMARY, 0, 3));
      List<StoredRecord> got = live.poll(10, Duration.ofSeconds(1));
      assertEquals(List.of(0L, 1L, 2L), seqs(got));
      assertTrue(Records.intact(got.get(1), 200));
      assertTrue(outbox.readBacklog(Priority.SUMMARY, 10).isEmpty(), "all three in flight");

      outbox.append(Records.batch(Priority.SUMMARY, 3, 8));
      assertEquals(3, outbox.stats().liveOverflows(), "a queue of 5 overflowed by 3");
      List<StoredRecord> backlog = outbox.readBacklog(Priority.SUMMARY, 2);
      assertEquals(List.of(3L, 4L), seqs(backlog));
      assertEquals(List.of(5L, 6L, 7L), seqs(live.poll(10, Duration.ofSeconds(1))));
      assertEquals(List.of(8L, 9L, 10L), seqs(outbox.readBacklog(Priority.SUMMARY, 10)));
      assertTrue(live.poll(10, Duration.ofMillis(10)).isEmpty());
    }
  }

  @Test
  void statsCountBacklogAgeAndRates() {
    java.time.Instant t0 = java.time.Instant.parse("2026-11-25T08:00:00Z");
    MutableClock clock = new MutableClock(t0);
    try (Outbox outbox = Outbox.open(small(), clock)) {
      outbox.append(Records.batch(Priority.EVENT, 0, 10));
      clock.now = t0.plusSeconds(90);
      outbox.append(Records.batch(Priority.SUMMARY, 0, 5));
      clock.now = t0.plusSeconds(100);
      OutboxStats s = outbox.stats();
      assertEquals(15, s.backlogRecords());
      assertEquals(Duration.ofSeconds(100), s.oldestRecordAge());
      assertEquals(Duration.ofSeconds(10), s.of(Priority.SUMMARY).oldestRecordAge());
      assertEquals(s.diskBytes(), s.backlogBytes());
      assertTrue(s.backlogBytes() > 15 * 200);
      outbox.acknowledge(Records.positions(outbox.readBacklog(Priority.EVENT, 10)));
      assertEquals(Duration.ofSeconds(10), outbox.stats().oldestRecordAge());
      assertEquals(Double.POSITIVE_INFINITY, outbox.stats().secondsToDrain(), 0.0);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> outbox.stats().appendRate() > 0 && outbox.stats().acknowledgeRate() > 0);
      assertEquals(1.5, outbox.stats().appendRate(), 1e-9, "15 records over a 10 s window");
    }
  }

  @Test
  void aSecondOutboxOnTheSameDirectoryIsRefused() {
    try (Outbox outbox = Outbox.open(small())) {
      OutboxException e = assertThrows(OutboxException.class, () -> Outbox.open(small()));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
    Outbox.open(small()).close();
  }

  @Test
  void aRecordLargerThanASegmentIsRefusedAndClosedOutboxesSaySo() {
    Outbox outbox = Outbox.open(small());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> outbox.append(Records.of(Priority.SUMMARY, 1, 5000)));
    assertTrue(e.getMessage().contains("outbox.segment-bytes"), e.getMessage());
    outbox.close();
    assertThrows(IllegalStateException.class, () -> outbox.append(Records.of(Priority.ALARM, 1)));
    assertFalse(Files.exists(dir.resolve("summary").resolve("x")));
  }

  @Test
  void theIntervalPolicyAppendsWithoutWaitingForTheDeviceAndKeepsEverythingOnClose() {
    OutboxConfig c = small().withFsync(FsyncPolicy.INTERVAL, Duration.ofMillis(20));
    try (Outbox outbox = Outbox.open(c)) {
      for (int b = 0; b < 20; b++) {
        outbox.append(Records.batch(Priority.SUMMARY, b * 10L, 10));
      }
    }
    try (Outbox outbox = Outbox.open(c)) {
      List<StoredRecord> all = EvictionTest.drain(outbox, Priority.SUMMARY);
      assertEquals(200, all.size());
      all.forEach(r -> assertTrue(Records.intact(r, 200)));
    }
  }

  static List<Long> seqs(List<StoredRecord> rs) {
    return rs.stream().map(StoredRecord::sequence).toList();
  }

  static final class MutableClock extends java.time.Clock {
    volatile java.time.Instant now;

    MutableClock(java.time.Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
  }
}
