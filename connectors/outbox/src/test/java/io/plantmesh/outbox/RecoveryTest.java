package io.plantmesh.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torn tails and bit rot in the segment files, as a crash or a failing disk leaves them. */
class RecoveryTest {
  @TempDir Path dir;

  private OutboxConfig config() {
    return OutboxConfig.of(dir).withSegmentBytes(64 * 1024).withMaxBytes(1 << 20);
  }

  @Test
  void aTornLastFrameIsCutAtEveryByteOffsetAndTheRecordsBeforeItAreKept() throws IOException {
    try (Outbox outbox = Outbox.open(config())) {
      outbox.append(Records.batch(Priority.SUMMARY, 0, 10));
    }
    Path seg = onlySegment("summary");
    byte[] whole = Files.readAllBytes(seg);
    List<Integer> frames = frameOffsets(whole);
    assertEquals(10, frames.size());
    int lastStart = frames.get(9);
    for (int cut = lastStart; cut < whole.length; cut++) {
      Files.write(seg, Arrays.copyOf(whole, cut));
      try (Outbox outbox = Outbox.open(config())) {
        List<StoredRecord> got = outbox.readBacklog(Priority.SUMMARY, 100);
        assertEquals(9, got.size(), "cut at " + cut);
        for (int i = 0; i < 9; i++) {
          assertEquals(i, got.get(i).sequence());
          assertTrue(Records.intact(got.get(i), 200));
        }
        assertEquals(lastStart, Files.size(seg), "the torn tail is cut off the file");
        assertEquals(9, outbox.append(Records.of(Priority.SUMMARY, 9)).sequence());
        assertEquals(0, outbox.stats().corruptRecords(), "a torn tail is not corruption");
      }
      assertEquals(whole.length, Files.size(seg), "the re-appended record is complete again");
    }
  }

  @Test
  void zerosOrGarbageAfterTheLastFrameAreCut() throws IOException {
    try (Outbox outbox = Outbox.open(config())) {
      outbox.append(Records.batch(Priority.EVENT, 0, 5));
    }
    Path seg = onlySegment("event");
    byte[] whole = Files.readAllBytes(seg);
    byte[] garbage = new byte[3000];
    new java.util.Random(7).nextBytes(garbage);
    for (byte[] tail : List.of(new byte[4096], garbage)) {
      byte[] withTail = Arrays.copyOf(whole, whole.length + tail.length);
      System.arraycopy(tail, 0, withTail, whole.length, tail.length);
      Files.write(seg, withTail);
      try (Outbox outbox = Outbox.open(config())) {
        assertEquals(5, outbox.readBacklog(Priority.EVENT, 100).size());
        assertEquals(whole.length, Files.size(seg));
      }
    }
  }

  @Test
  void aBitFlipInAMiddleFrameLosesThatRecordOnlyAndIsCounted() throws IOException {
    try (Outbox outbox = Outbox.open(config())) {
      outbox.append(Records.batch(Priority.ALARM, 0, 10));
    }
    Path seg = onlySegment("alarm");
    byte[] whole = Files.readAllBytes(seg);
    int frame4 = frameOffsets(whole).get(4);
    // A flip in the payload (CRC fails), then one in the length field (the frame cannot be
    // delimited: recovery must find frame 5 by scanning).
    for (int at : new int[] {frame4 + 100, frame4 + 1}) {
      byte[] rotten = whole.clone();
      rotten[at] ^= 0x10;
      Files.write(seg, rotten);
      try (Outbox outbox = Outbox.open(config())) {
        List<StoredRecord> got = outbox.readBacklog(Priority.ALARM, 100);
        assertEquals(List.of(0L, 1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L), OutboxTest.seqs(got), "at " + at);
        got.forEach(r -> assertTrue(Records.intact(r, 200)));
        assertEquals(1, outbox.stats().corruptRecords());
        assertEquals(1, outbox.stats().of(Priority.ALARM).corruptRecords());
        assertEquals(10, outbox.append(Records.of(Priority.ALARM, 10)).sequence());
      }
      Files.write(seg, whole);
    }
  }

  @Test
  void aBitFlipInAnOlderSegmentIsSkippedAndTheLaterSegmentsServed() throws IOException {
    OutboxConfig c = OutboxConfig.of(dir).withSegmentBytes(2048).withMaxBytes(1 << 20);
    try (Outbox outbox = Outbox.open(c)) {
      outbox.append(Records.batch(Priority.SUMMARY, 0, 40));
    }
    Path first;
    try (Stream<Path> s = Files.list(dir.resolve("summary"))) {
      first = s.sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(first);
    List<Integer> frames = frameOffsets(bytes);
    int lastFrame = frames.get(frames.size() - 1);
    bytes[lastFrame + 50] ^= 0x01;
    Files.write(first, bytes);
    try (Outbox outbox = Outbox.open(c)) {
      List<StoredRecord> got = outbox.readBacklog(Priority.SUMMARY, 100);
      assertEquals(39, got.size());
      assertEquals(1, outbox.stats().corruptRecords());
      assertTrue(got.stream().noneMatch(r -> r.sequence() == frames.size() - 1));
    }
  }

  @Test
  void bitRotAfterOpenIsCaughtWhenTheRecordIsRead() throws IOException {
    try (Outbox outbox = Outbox.open(config())) {
      outbox.append(Records.batch(Priority.SUMMARY, 0, 6));
      Path seg = onlySegment("summary");
      byte[] bytes = Files.readAllBytes(seg);
      int frame2 = frameOffsets(bytes).get(2);
      try (var ch =
          java.nio.channels.FileChannel.open(seg, java.nio.file.StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(new byte[] {(byte) (bytes[frame2 + 60] ^ 0x04)}), frame2 + 60);
      }
      List<StoredRecord> got = outbox.readBacklog(Priority.SUMMARY, 100);
      assertEquals(List.of(0L, 1L, 3L, 4L, 5L), OutboxTest.seqs(got));
      OutboxStats s = outbox.stats();
      assertEquals(1, s.corruptRecords());
      assertEquals(5, s.backlogRecords());
    }
  }

  @Test
  void aDamagedCheckpointMeansResendingNotLosing() throws IOException {
    try (Outbox outbox = Outbox.open(config())) {
      List<Position> pos = outbox.append(Records.batch(Priority.EVENT, 0, 5));
      outbox.acknowledge(pos.subList(0, 3));
    }
    Path ckpt = dir.resolve("checkpoint");
    byte[] b = Files.readAllBytes(ckpt);
    b[b.length / 2] ^= 0x40;
    Files.write(ckpt, b);
    try (Outbox outbox = Outbox.open(config())) {
      assertEquals(5, outbox.readBacklog(Priority.EVENT, 10).size());
    }
  }

  private Path onlySegment(String cls) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve(cls))) {
      List<Path> all = s.toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  /** Start offsets of the frames in a segment file that holds only valid frames. */
  static List<Integer> frameOffsets(byte[] segment) {
    List<Integer> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(segment);
    for (int off = 0; off < segment.length; off += 8 + b.getInt(off)) {
      out.add(off);
    }
    return out;
  }
}
