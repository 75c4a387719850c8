package io.plantmesh.outbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Rebuilds a segment's index on open by checking every frame. A frame that fails (bad length, CRC
 * or body) is skipped up to the next valid frame, byte by byte; if no valid frame follows, the rest
 * is a torn tail (a write cut by a crash): it is cut off the open segment so that appends continue
 * after the last complete record.
 */
final class SegmentScanner {
  /** What a scan found. */
  record Result(int validRecords, int lostSlots, long garbageBytes, boolean tornTail) {}

  private SegmentScanner() {}

  /**
   * Scans {@code seg}; {@code truncateTail} for the last segment of its class, whose torn tail is
   * cut off (and the cut forced to disk).
   */
  static Result scan(Segment seg, boolean truncateTail) throws IOException {
    long fileSize = seg.size();
    if (fileSize > Integer.MAX_VALUE) {
      throw new IOException(seg.path + " is larger than 2 GiB: not a segment of this Outbox");
    }
    int len = (int) fileSize;
    ByteBuffer buf = len == 0 ? ByteBuffer.allocate(0) : seg.read(0, len);
    long expected = seg.firstSeq;
    int off = 0;
    int valid = 0;
    long garbage = 0;
    boolean torn = false;
    while (off < len) {
      int n = frameAt(seg, buf, off, len, expected);
      if (n > 0) {
        long seq = FrameCodec.sequenceAt(buf, off);
        seg.addSlot(seq, off, n);
        valid++;
        expected = seq + 1;
        off += n;
        continue;
      }
      int next = off + 1;
      while (next < len && frameAt(seg, buf, next, len, expected) < 0) {
        next++;
      }
      garbage += next - off;
      if (next >= len) {
        torn = true;
        if (truncateTail) {
          seg.truncate(off);
          seg.force();
        }
        break;
      }
      off = next;
    }
    int lost = (int) (seg.endSeq() - seg.firstSeq) - valid;
    return new Result(valid, lost, garbage, torn);
  }

  private static int frameAt(Segment seg, ByteBuffer buf, int off, int len, long expected) {
    int n = FrameCodec.validFrameLength(buf, off, len, Integer.MAX_VALUE);
    if (n < 0
        || FrameCodec.priorityAt(buf, off) != seg.priority
        || FrameCodec.sequenceAt(buf, off) < expected) {
      return -1;
    }
    return n;
  }
}
