package io.plantmesh.outbox.internal;

import io.plantmesh.outbox.OutboxRecord;
import io.plantmesh.outbox.Position;
import io.plantmesh.outbox.StoredRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch under the append lock: frames go to the end of each class's open segment
 * (rolling to new segments as they fill), then are forced; if anything fails, every file is put
 * back as it was (new segments deleted, others cut to their old size) so that the log stays as
 * before the batch. Only {@link #commit} makes the records visible, under the state lock.
 */
final class BatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  /** One written record: where it is and where it came from in the batch. */
  record Slot(ClassLog log, Segment seg, long seq, int offset, int size, OutboxRecord record) {}

  private final long segmentBytes;
  private final long now;
  final List<Slot> slots = new ArrayList<>();
  private final Map<Segment, Long> sizeBefore = new LinkedHashMap<>();
  private final List<Segment> created = new ArrayList<>();
  private final Set<Path> newEntries = new LinkedHashSet<>();

  BatchWriter(long segmentBytes, long nowMillis) {
    this.segmentBytes = segmentBytes;
    this.now = nowMillis;
  }

  /** Writes {@code records} (all of {@code log}'s class; {@code sizes} their frame sizes). */
  void write(ClassLog log, List<OutboxRecord> records, int[] sizes) throws IOException {
    Segment seg = log.active;
    long seq = log.nextSeq;
    int i = 0;
    while (i < records.size()) {
      if (seg == null || seg.size() > 0 && seg.size() + sizes[i] > segmentBytes) {
        seg = Segment.create(log.dir, log.priority, seq);
        created.add(seg);
        newEntries.add(log.dir);
      } else if (!created.contains(seg)) {
        sizeBefore.putIfAbsent(seg, seg.size());
      }
      long room = segmentBytes - seg.size();
      int j = i;
      long bytes = 0;
      while (j < records.size() && (j == i || bytes + sizes[j] <= room)) {
        bytes += sizes[j++];
      }
      ByteBuffer buf = ByteBuffer.allocate((int) bytes);
      for (int k = i; k < j; k++) {
        int offset = (int) (seg.size() + buf.position());
        FrameCodec.encode(records.get(k), seq, now, buf);
        slots.add(new Slot(log, seg, seq++, offset, sizes[k], records.get(k)));
      }
      seg.write(buf.flip());
      i = j;
    }
  }

  /** Every segment this batch wrote to. */
  Set<Segment> touched() {
    Set<Segment> all = new LinkedHashSet<>(sizeBefore.keySet());
    all.addAll(created);
    return all;
  }

  /** Directories that got a new segment file. */
  Set<Path> newEntries() {
    return newEntries;
  }

  /** Forces the written bytes and new directory entries to the device. */
  void force() throws IOException {
    for (Segment s : touched()) {
      s.force();
    }
    for (Path dir : newEntries) {
      Checkpoint.forceDirectory(dir);
    }
  }

  /** Puts every file back as it was before the batch (best effort: a failure here is logged). */
  void rollback() {
    for (Segment s : created) {
      try {
        s.delete();
      } catch (IOException e) {
        LOG.error("outbox: rollback could not delete {}: {}", s.path, e.toString());
      }
    }
    for (Map.Entry<Segment, Long> e : sizeBefore.entrySet()) {
      try {
        e.getKey().truncate(e.getValue());
      } catch (IOException ex) {
        // The tail beyond the old size is overwritten by the next append or cut as a torn
        // tail by recovery: never served.
        LOG.error("outbox: rollback could not truncate {}: {}", e.getKey().path, ex.toString());
      }
    }
  }

  /** Makes the batch visible (state lock held). */
  void commit() {
    for (Slot s : slots) {
      s.log.commit(s.seg, s.seq, s.offset, s.size);
    }
  }

  /** The batch as stored records, for the live tails. */
  List<StoredRecord> stored() {
    List<StoredRecord> out = new ArrayList<>(slots.size());
    Instant at = Instant.ofEpochMilli(now);
    for (Slot s : slots) {
      OutboxRecord r = s.record;
      out.add(
          new StoredRecord(
              new Position(r.priority(), s.seq), at, r.key(), r.id(), r.headers(), r.payload()));
    }
    return out;
  }
}
