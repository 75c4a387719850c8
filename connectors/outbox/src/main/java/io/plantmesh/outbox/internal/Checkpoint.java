package io.plantmesh.outbox.internal;

import io.plantmesh.outbox.Priority;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgement checkpoint, {@code <dir>/checkpoint}: per class, the next sequence and the
 * acknowledged ranges, with a CRC32C. Written atomically (temp file, fsync, rename, fsync of the
 * directory): a crash leaves the old or the new one, never a mix. A damaged one is ignored with an
 * error: everything on disk is then sent again (at least once, never lost).
 */
public final class Checkpoint {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
  static final String FILE = "checkpoint";
  private static final int MAGIC = 0x504d4f43; // "PMOC"
  private static final int VERSION = 1;

  /** What the checkpoint says of one class. */
  public record ClassState(long nextSeq, AckRanges acked) {}

  private Checkpoint() {}

  /** Reads {@code dir}'s checkpoint; every class is empty if there is none or it is damaged. */
  static Map<Priority, ClassState> read(Path dir) {
    Map<Priority, ClassState> out = empty();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(dir.resolve(FILE));
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      LOG.error(
          "outbox: cannot read {}: all unacknowledged-looking records will be resent", FILE, e);
      return out;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (bytes.length < 12 + 4) {
        throw new IllegalArgumentException("too short");
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, bytes.length - 4);
      if ((int) crc.getValue() != b.getInt(bytes.length - 4)) {
        throw new IllegalArgumentException("checksum mismatch");
      }
      if (b.getInt() != MAGIC || b.getInt() != VERSION) {
        throw new IllegalArgumentException("not an outbox checkpoint (version 1)");
      }
      int classes = b.getInt();
      Map<Priority, ClassState> read = new EnumMap<>(Priority.class);
      for (int c = 0; c < classes; c++) {
        Priority p = Priority.values()[b.get()];
        long next = b.getLong();
        int ranges = b.getInt();
        AckRanges acked = new AckRanges();
        for (int r = 0; r < ranges; r++) {
          acked.appendRange(b.getLong(), b.getLong());
        }
        read.put(p, new ClassState(next, acked));
      }
      out.putAll(read);
    } catch (RuntimeException e) {
      LOG.error(
          "outbox: {} in {} is damaged ({}): records it acknowledged will be sent again",
          FILE,
          dir,
          e.toString());
    }
    return out;
  }

  static Map<Priority, ClassState> empty() {
    Map<Priority, ClassState> out = new EnumMap<>(Priority.class);
    for (Priority p : Priority.values()) {
      out.put(p, new ClassState(0, new AckRanges()));
    }
    return out;
  }

  /** The checkpoint of {@code logs}, as bytes (taken under the state lock, written outside it). */
  static byte[] encode(Map<Priority, ClassLog> logs) {
    int size = 12 + 4;
    for (ClassLog l : logs.values()) {
      size += 1 + 8 + 4 + 16 * l.acked.rangeCount();
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(MAGIC).putInt(VERSION).putInt(logs.size());
    for (ClassLog l : logs.values()) {
      b.put((byte) l.priority.ordinal()).putLong(l.nextSeq).putInt(l.acked.rangeCount());
      l.acked.forEach((s, e) -> b.putLong(s).putLong(e));
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, size - 4);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** Replaces {@code dir}'s checkpoint with {@code bytes}, atomically and durably. */
  static void write(Path dir, byte[] bytes) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    try {
      writeFile(tmp, bytes);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    forceDirectory(dir);
  }

  private static void writeFile(Path tmp, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  /** Makes {@code dir}'s entries (a new or renamed file) durable. */
  public static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
