package io.plantmesh.outbox.internal;

import io.plantmesh.outbox.Priority;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * One segment file of a class: frames appended one after the other, named by the sequence of its
 * first record, with an in-memory index (offset and size of each sequence's frame; -1 where a frame
 * was lost to corruption). Index fields are guarded by the caller's state lock; file writes happen
 * only on the class's open segment, under the append lock.
 */
public final class Segment {
  private static final String SUFFIX = ".seg";

  final Priority priority;
  final long firstSeq;
  final Path path;
  private volatile FileChannel channel;
  private volatile boolean deleted;
  private volatile long size;
  private int[] offsets = new int[64];
  private int[] sizes = new int[64];
  private int slots;

  /** Valid records not yet acknowledged, and their bytes. */
  int pending;

  long pendingBytes;

  Segment(Priority priority, long firstSeq, Path path, FileChannel channel, long size) {
    this.priority = priority;
    this.firstSeq = firstSeq;
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  static String fileName(long firstSeq) {
    return String.format(Locale.ROOT, "%020d%s", firstSeq, SUFFIX);
  }

  /** The first sequence of a segment file's name, or -1 if it is not a segment file. */
  static long firstSeqOf(Path file) {
    String n = file.getFileName().toString();
    if (!n.endsWith(SUFFIX) || n.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(n.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Creates a new, empty segment file (the caller fsyncs the directory). */
  static Segment create(Path dir, Priority priority, long firstSeq) throws IOException {
    Path p = dir.resolve(fileName(firstSeq));
    FileChannel ch =
        FileChannel.open(
            p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new Segment(priority, firstSeq, p, ch, 0);
  }

  static Segment open(Path file, Priority priority, long firstSeq) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new Segment(priority, firstSeq, file, ch, ch.size());
  }

  /**
   * The open channel. A thread interrupted during I/O closes a {@code FileChannel} for everyone (it
   * is an {@code InterruptibleChannel}): the interrupted call fails, and the next one reopens the
   * file here instead of failing forever.
   */
  private FileChannel ch() throws IOException {
    FileChannel c = channel;
    if (c.isOpen()) {
      return c;
    }
    synchronized (this) {
      if (deleted) {
        throw new java.nio.channels.ClosedChannelException();
      }
      if (!channel.isOpen()) {
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
      return channel;
    }
  }

  /** Bytes in the file. */
  public long size() {
    return size;
  }

  /** The sequence after the last slot. */
  long endSeq() {
    return firstSeq + slots;
  }

  boolean holds(long seq) {
    return seq >= firstSeq && seq < firstSeq + slots && offsets[(int) (seq - firstSeq)] >= 0;
  }

  int offsetOf(long seq) {
    return offsets[(int) (seq - firstSeq)];
  }

  int sizeOf(long seq) {
    return sizes[(int) (seq - firstSeq)];
  }

  /** Records a frame for {@code seq}; slots between the last one and it are lost frames. */
  void addSlot(long seq, int offset, int frameSize) {
    int i = (int) (seq - firstSeq);
    if (i >= offsets.length) {
      int n = Math.max(i + 1, offsets.length * 2);
      offsets = Arrays.copyOf(offsets, n);
      sizes = Arrays.copyOf(sizes, n);
    }
    for (int j = slots; j < i; j++) {
      offsets[j] = -1;
      sizes[j] = 0;
    }
    offsets[i] = offset;
    sizes[i] = frameSize;
    slots = i + 1;
  }

  /** Marks {@code seq}'s frame lost (its CRC failed on read). */
  void dropSlot(long seq) {
    offsets[(int) (seq - firstSeq)] = -1;
  }

  /** Writes {@code frames} at the end of the file (the caller holds the append lock). */
  void write(ByteBuffer frames) throws IOException {
    long pos = size;
    while (frames.hasRemaining()) {
      pos += ch().write(frames, pos);
    }
    size = pos;
  }

  /** Cuts the file back to {@code length} bytes (rollback of a failed batch, torn tail). */
  void truncate(long length) throws IOException {
    ch().truncate(length);
    size = length;
  }

  void force() throws IOException {
    ch().force(false);
  }

  /** Reads {@code length} bytes at {@code offset} (positional: safe beside the appender). */
  ByteBuffer read(long offset, int length) throws IOException {
    return read(offset, length, ByteBuffer.allocate(length));
  }

  /** As {@link #read(long, int)}, into {@code b} (position 0, limit {@code length}). */
  ByteBuffer read(long offset, int length, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch().read(b, offset + b.position()) < 0) {
        throw new IOException(path + " ends before byte " + (offset + length));
      }
    }
    return b.flip();
  }

  synchronized void closeQuietly() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a read/write channel after force loses nothing.
    }
  }

  void delete() throws IOException {
    synchronized (this) {
      deleted = true;
    }
    closeQuietly();
    Files.deleteIfExists(path);
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
