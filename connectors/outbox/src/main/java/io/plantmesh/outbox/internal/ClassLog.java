package io.plantmesh.outbox.internal;

import io.plantmesh.outbox.Priority;
import io.plantmesh.outbox.StoredRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one priority class: its segments, which of its records are acknowledged or in flight,
 * and the backlog cursor. Every method is called with the Outbox's state lock held, except where
 * noted; file writes are done by {@link ClassWriter} under the append lock.
 */
public final class ClassLog {
  private static final Logger LOG = LoggerFactory.getLogger(ClassLog.class);

  /** The most bytes one backlog read takes from a segment in a single call to the disk. */
  private static final int READ_SPAN = 1 << 20;

  public final Priority priority;
  final Path dir;
  final TreeMap<Long, Segment> segments = new TreeMap<>();
  final AckRanges acked;
  private final SeqBits inFlight = new SeqBits();

  /** Header strings repeat from record to record: decoded once, shared after. */
  private final FrameCodec.Strings strings = new FrameCodec.Strings();

  /** The backlog's read buffer, reused from read to read (grown for a larger frame). */
  private ByteBuffer readBuffer;

  /** The sequences of one backlog read run, reused. */
  private long[] run = new long[256];

  /** The segment the last acknowledgement fell in: they come in runs. */
  private Segment lastAcked;

  /** The segment appends go to (the last one), or null until the next append creates one. */
  Segment active;

  /** The next sequence to assign: changed only under the append lock (and the state lock). */
  long nextSeq;

  private long cursor;
  long pendingRecords;
  long pendingBytes;
  public long appended;
  public long acknowledged;
  public long evictedRecords;
  public long evictedBytes;
  public long corruptRecords;
  public long served;
  public long truncatedBytes;

  private ClassLog(Priority priority, Path dir, AckRanges acked) {
    this.priority = priority;
    this.dir = dir;
    this.acked = acked;
  }

  /**
   * Opens the class's directory: scans every segment (the last one's torn tail is cut), applies the
   * checkpoint's acknowledgements and deletes the segments that are entirely acknowledged.
   */
  static ClassLog open(Path dir, Priority priority, Checkpoint.ClassState saved)
      throws IOException {
    Files.createDirectories(dir);
    ClassLog log = new ClassLog(priority, dir, saved.acked());
    TreeMap<Long, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.seg")) {
      for (Path f : ds) {
        long first = Segment.firstSeqOf(f);
        if (first >= 0) {
          files.put(first, f);
        } else {
          LOG.warn("outbox: ignoring {}: not a segment file name", f);
        }
      }
    }
    long end = 0;
    for (Map.Entry<Long, Path> e : files.entrySet()) {
      boolean last = e.getKey().equals(files.lastKey());
      Segment seg = Segment.open(e.getValue(), priority, e.getKey());
      SegmentScanner.Result r = SegmentScanner.scan(seg, last);
      Long nextFirst = files.higherKey(e.getKey());
      long lost = r.lostSlots();
      if (r.garbageBytes() > 0 && !last) {
        lost += Math.max(0, (nextFirst == null ? seg.endSeq() : nextFirst) - seg.endSeq());
        LOG.error(
            "outbox: {} has {} corrupt bytes; {} {} record(s) lost",
            seg.path,
            r.garbageBytes(),
            lost,
            priority);
      } else if (r.lostSlots() > 0) {
        LOG.error("outbox: {} has {} corrupt record(s), skipped", seg.path, r.lostSlots());
      }
      if (last && r.tornTail()) {
        log.truncatedBytes += r.garbageBytes();
        LOG.warn(
            "outbox: {}: cut a torn tail of {} bytes (a write interrupted by a crash)",
            seg.path,
            r.garbageBytes());
      }
      log.corruptRecords += lost;
      if (last && seg.size() == 0) {
        seg.delete();
        end = Math.max(end, seg.firstSeq);
        continue;
      }
      log.segments.put(seg.firstSeq, seg);
      end = Math.max(end, seg.endSeq());
    }
    log.nextSeq = Math.max(end, Math.max(saved.nextSeq(), log.acked.max() + 1));
    Map.Entry<Long, Segment> lastSeg = log.segments.lastEntry();
    if (lastSeg != null && lastSeg.getValue().endSeq() == log.nextSeq) {
      log.active = lastSeg.getValue();
    }
    for (Segment seg : new ArrayList<>(log.segments.values())) {
      for (long s = seg.firstSeq; s < seg.endSeq(); s++) {
        if (seg.holds(s) && !log.acked.contains(s)) {
          seg.pending++;
          seg.pendingBytes += seg.sizeOf(s);
        }
      }
      log.pendingRecords += seg.pending;
      log.pendingBytes += seg.pendingBytes;
      log.deleteIfDone(seg);
    }
    log.acked.removeBelow(log.lowestSeq());
    log.cursor = log.lowestSeq();
    return log;
  }

  /** The lowest sequence still on disk (or the next to assign when the log is empty). */
  long lowestSeq() {
    return segments.isEmpty() ? nextSeq : segments.firstKey();
  }

  /** Bytes of all segment files. */
  long diskBytes() {
    long n = 0;
    for (Segment s : segments.values()) {
      n += s.size();
    }
    return n;
  }

  /** Registers the slots of a committed batch (records the appender wrote and forced). */
  void commit(Segment seg, long seq, int offset, int frameSize) {
    if (seg != active) {
      Segment previous = active;
      segments.put(seg.firstSeq, seg);
      active = seg;
      if (previous != null) {
        deleteIfDone(previous);
      }
    }
    seg.addSlot(seq, offset, frameSize);
    seg.pending++;
    seg.pendingBytes += frameSize;
    pendingRecords++;
    pendingBytes += frameSize;
    appended++;
    nextSeq = seq + 1;
  }

  boolean isInFlight(long seq) {
    return inFlight.contains(seq);
  }

  /** Marks a live record in flight unless it is already handed out, acknowledged or gone. */
  boolean takeLive(long seq) {
    Map.Entry<Long, Segment> e = segments.floorEntry(seq);
    if (e == null || !e.getValue().holds(seq) || acked.contains(seq)) {
      return false;
    }
    return inFlight.add(seq);
  }

  /**
   * Up to {@code max} of the oldest records that are neither acknowledged nor in flight, in
   * sequence order, read from disk and marked in flight. A frame whose CRC fails is counted,
   * dropped and never served.
   */
  List<StoredRecord> readBacklog(int max) throws IOException {
    List<StoredRecord> out = new ArrayList<>();
    long seq = Math.max(cursor, lowestSeq());
    while (out.size() < max && seq < nextSeq) {
      seq = acked.nextAbsent(seq);
      Map.Entry<Long, Segment> e = segments.floorEntry(seq);
      if (seq >= nextSeq) {
        break;
      }
      if (e == null || seq >= e.getValue().endSeq()) {
        Long nextFirst = segments.higherKey(seq);
        seq = nextFirst == null ? nextSeq : nextFirst;
        continue;
      }
      Segment seg = e.getValue();
      int runLength = 0;
      long spanStart = -1;
      long spanEnd = -1;
      for (; seq < seg.endSeq() && out.size() + runLength < max; seq++) {
        if (!seg.holds(seq) || acked.contains(seq) || inFlight.contains(seq)) {
          continue;
        }
        long off = seg.offsetOf(seq);
        long end = off + seg.sizeOf(seq);
        if (spanStart >= 0 && end - spanStart > READ_SPAN) {
          break;
        }
        if (spanStart < 0) {
          spanStart = off;
        }
        spanEnd = end;
        if (runLength == run.length) {
          run = java.util.Arrays.copyOf(run, runLength * 2);
        }
        run[runLength++] = seq;
      }
      if (runLength == 0) {
        continue;
      }
      ByteBuffer buf;
      try {
        buf = read(seg, spanStart, (int) (spanEnd - spanStart));
      } catch (IOException ex) {
        if (out.isEmpty()) {
          throw ex;
        }
        // Hand out what was read (it is in flight); the failed run is read again next time.
        seq = run[0];
        break;
      }
      for (int i = 0; i < runLength; i++) {
        long s = run[i];
        int at = (int) (seg.offsetOf(s) - spanStart);
        int n = FrameCodec.validFrameLength(buf, at, buf.limit(), seg.sizeOf(s));
        if (n != seg.sizeOf(s) || FrameCodec.sequenceAt(buf, at) != s) {
          dropCorrupt(seg, s);
          continue;
        }
        out.add(FrameCodec.decode(buf, at, strings));
        inFlight.add(s);
      }
    }
    cursor = seq;
    served += out.size();
    return out;
  }

  /** Reads into the reused buffer: the records decoded from it copy what they keep. */
  private ByteBuffer read(Segment seg, long offset, int length) throws IOException {
    if (readBuffer == null || readBuffer.capacity() < length) {
      readBuffer = ByteBuffer.allocate(Math.max(length, READ_SPAN));
    }
    return seg.read(offset, length, readBuffer.clear().limit(length));
  }

  private void dropCorrupt(Segment seg, long seq) {
    LOG.error("outbox: {} record {} in {} fails its CRC: dropped", priority, seq, seg.path);
    int size = seg.sizeOf(seq);
    seg.dropSlot(seq);
    seg.pending--;
    seg.pendingBytes -= size;
    pendingRecords--;
    pendingBytes -= size;
    corruptRecords++;
    deleteIfDone(seg);
  }

  /** Acknowledges {@code seq}: true if it was pending (not already acknowledged, evicted, lost). */
  boolean acknowledge(long seq) {
    inFlight.remove(seq);
    Segment seg = lastAcked;
    if (seg == null || seq < seg.firstSeq || seq >= seg.endSeq()) {
      Map.Entry<Long, Segment> e = segments.floorEntry(seq);
      seg = e == null ? null : e.getValue();
      lastAcked = seg;
    }
    if (seg == null || !seg.holds(seq) || !acked.add(seq)) {
      return false;
    }
    int size = seg.sizeOf(seq);
    seg.pending--;
    seg.pendingBytes -= size;
    pendingRecords--;
    pendingBytes -= size;
    acknowledged++;
    deleteIfDone(seg);
    return true;
  }

  /** Drops the caches' references to {@code seg}, which is no longer in the log. */
  private void forget(Segment seg) {
    if (lastAcked == seg) {
      lastAcked = null;
    }
  }

  /** Hands {@code seq} back: the backlog serves it again. */
  void release(long seq) {
    if (inFlight.remove(seq) && seq < cursor) {
      cursor = seq;
    }
  }

  void releaseAll() {
    inFlight.clear();
    cursor = lowestSeq();
  }

  int inFlightCount() {
    return (int) inFlight.size();
  }

  /** Deletes {@code seg} if it holds nothing pending and is not the one appends go to. */
  private void deleteIfDone(Segment seg) {
    if (seg.pending == 0 && seg != active) {
      try {
        seg.delete();
      } catch (IOException ex) {
        LOG.warn("outbox: could not delete acknowledged segment {}: {}", seg.path, ex.toString());
        return;
      }
      segments.remove(seg.firstSeq);
      forget(seg);
      acked.removeBelow(lowestSeq());
      inFlight.removeBelow(lowestSeq());
    }
  }

  /** Deletes every segment, the open one included, whose records are all acknowledged. */
  long deleteDoneSegments() throws IOException {
    long freed = 0;
    for (Segment seg : new ArrayList<>(segments.values())) {
      if (seg.pending == 0) {
        freed += seg.size();
        remove(seg);
      }
    }
    return freed;
  }

  /** Segments eviction would take, oldest first (the open one last). */
  List<Segment> evictionOrder() {
    return new ArrayList<>(segments.values());
  }

  /** Evicts {@code seg}: its pending records are counted as evicted and are gone. */
  void evict(Segment seg) throws IOException {
    evictedRecords += seg.pending;
    evictedBytes += seg.pendingBytes;
    LOG.warn(
        "outbox: full: evicted {} {} record(s) ({} bytes) of {}",
        seg.pending,
        priority,
        seg.pendingBytes,
        seg.path);
    remove(seg);
  }

  private void remove(Segment seg) throws IOException {
    pendingRecords -= seg.pending;
    pendingBytes -= seg.pendingBytes;
    segments.remove(seg.firstSeq);
    if (seg == active) {
      active = null;
    }
    inFlight.removeRange(seg.firstSeq, seg.endSeq());
    forget(seg);
    seg.delete();
    acked.removeBelow(lowestSeq());
    inFlight.removeBelow(lowestSeq());
    cursor = Math.max(cursor, lowestSeq());
  }

  /** The append time (epoch ms) of the oldest pending record, or -1 if none. */
  long oldestPendingMillis() throws IOException {
    for (Segment seg : segments.values()) {
      if (seg.pending == 0) {
        continue;
      }
      for (long s = acked.nextAbsent(seg.firstSeq); s < seg.endSeq(); s = acked.nextAbsent(s + 1)) {
        if (seg.holds(s)) {
          ByteBuffer b = seg.read(seg.offsetOf(s), FrameCodec.PREFIX + 18);
          return FrameCodec.appendMillisAt(b, 0);
        }
      }
    }
    return -1;
  }

  /** Sequences in flight, for the checkpoint's consumers and tests. */
  Set<Long> inFlightView() {
    Set<Long> view = new HashSet<>();
    for (long s = inFlight.nextPresent(0); s >= 0; s = inFlight.nextPresent(s + 1)) {
      view.add(s);
    }
    return Set.copyOf(view);
  }

  void closeQuietly() {
    for (Segment s : segments.values()) {
      s.closeQuietly();
    }
  }
}
