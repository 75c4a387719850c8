package io.plantmesh.outbox.internal;

import io.plantmesh.outbox.OutboxRecord;
import io.plantmesh.outbox.Position;
import io.plantmesh.outbox.Priority;
import io.plantmesh.outbox.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one record, big-endian:
 *
 * <pre>
 * int32  body length N
 * int32  CRC32C of the body
 * body:  u8 version (1), u8 priority, int64 sequence, int64 append time (epoch ms),
 *        u16 key length, key (UTF-8), u16 id length, id (UTF-8),
 *        u16 header count, { u16 name length, name, u16 value length, value } ...,
 *        int32 payload length, payload
 * </pre>
 *
 * A frame is valid only if its length fits, its CRC matches and its body parses to exactly N bytes:
 * a torn or rotten frame is never mistaken for a record.
 */
public final class FrameCodec {
  public static final int PREFIX = 8;
  static final byte VERSION = 1;
  static final int MIN_BODY = 1 + 1 + 8 + 8 + 2 + 2 + 2 + 4;
  private static final Priority[] PRIORITIES = Priority.values();

  private FrameCodec() {}

  /** The size of {@code r}'s frame. */
  public static int frameSize(OutboxRecord r) {
    int n = PREFIX + MIN_BODY + utf8(r.key()).length + utf8(r.id()).length;
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      n += 4 + utf8(h.getKey()).length + utf8(h.getValue()).length;
    }
    return n + r.payloadLength();
  }

  /** Writes {@code r}'s frame into {@code out} at its position. */
  public static void encode(OutboxRecord r, long sequence, long appendMillis, ByteBuffer out) {
    int start = out.position();
    out.position(start + PREFIX);
    out.put(VERSION).put((byte) r.priority().ordinal()).putLong(sequence).putLong(appendMillis);
    putShortString(out, r.key());
    putShortString(out, r.id());
    out.putShort((short) r.headers().size());
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      putShortString(out, h.getKey());
      putShortString(out, h.getValue());
    }
    byte[] payload = r.payload();
    out.putInt(payload.length).put(payload);
    int end = out.position();
    int bodyLength = end - start - PREFIX;
    CRC32C crc = new CRC32C();
    crc.update(out.array(), out.arrayOffset() + start + PREFIX, bodyLength);
    out.putInt(start, bodyLength).putInt(start + 4, (int) crc.getValue());
  }

  /**
   * The length of the valid frame at {@code off} in {@code buf} (absolute indexes, up to {@code
   * limit}), or -1 if there is none: too short, length out of range, CRC mismatch or a body that
   * does not parse.
   */
  public static int validFrameLength(ByteBuffer buf, int off, int limit, int maxFrame) {
    if (limit - off < PREFIX + MIN_BODY) {
      return -1;
    }
    int n = buf.getInt(off);
    if (n < MIN_BODY || n > maxFrame - PREFIX || n > limit - off - PREFIX) {
      return -1;
    }
    CRC32C crc = new CRC32C();
    ByteBuffer body = buf.duplicate().limit(off + PREFIX + n).position(off + PREFIX);
    crc.update(body);
    if ((int) crc.getValue() != buf.getInt(off + 4)) {
      return -1;
    }
    return parses(buf, off + PREFIX, off + PREFIX + n) ? PREFIX + n : -1;
  }

  /** The priority of the (valid) frame at {@code off}. */
  public static Priority priorityAt(ByteBuffer buf, int off) {
    return PRIORITIES[buf.get(off + PREFIX + 1)];
  }

  /** The sequence of the (valid) frame at {@code off}. */
  public static long sequenceAt(ByteBuffer buf, int off) {
    return buf.getLong(off + PREFIX + 2);
  }

  /** The append time (epoch ms) of the (valid) frame at {@code off}. */
  public static long appendMillisAt(ByteBuffer buf, int off) {
    return buf.getLong(off + PREFIX + 10);
  }

  /** Decodes the frame at {@code off}, already checked by {@link #validFrameLength}. */
  public static StoredRecord decode(ByteBuffer buf, int off) {
    return decode(buf, off, new Strings());
  }

  /**
   * As {@link #decode(ByteBuffer, int)}, taking header names and values from {@code strings}: they
   * repeat from record to record.
   */
  static StoredRecord decode(ByteBuffer buf, int off, Strings strings) {
    ByteBuffer b = buf.duplicate().position(off + PREFIX);
    b.get(); // version
    Priority p = PRIORITIES[b.get()];
    long seq = b.getLong();
    long millis = b.getLong();
    String key = getShortString(b);
    String id = getShortString(b);
    HeaderArray headers = strings.headers(b);
    byte[] payload = new byte[b.getInt()];
    b.get(payload);
    return new StoredRecord(
        new Position(p, seq), Instant.ofEpochMilli(millis), key, id, headers, payload);
  }

  /** The header block at {@code b}'s position (count, then names and values); advances past it. */
  private static HeaderArray decodeHeaders(ByteBuffer b, Strings strings) {
    int headerCount = Short.toUnsignedInt(b.getShort());
    String[] names = new String[headerCount];
    String[] values = new String[headerCount];
    int n = 0;
    for (int i = 0; i < headerCount; i++) {
      String name = strings.next(b);
      String value = strings.next(b);
      // A repeated name keeps its last value, as the map the record was appended from did.
      int at = indexOf(names, n, name);
      if (at < 0) {
        names[n] = name;
        values[n++] = value;
      } else {
        values[at] = value;
      }
    }
    if (n < headerCount) {
      names = java.util.Arrays.copyOf(names, n);
      values = java.util.Arrays.copyOf(values, n);
    }
    return new HeaderArray(names, values);
  }

  private static int indexOf(String[] names, int n, String name) {
    for (int i = 0; i < n; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Short strings decoded before, by their bytes: header names and values are a handful of texts
   * repeated in every record. A small direct-mapped cache; not thread-safe (one per class log, used
   * under its lock).
   */
  static final class Strings {
    private static final int SLOTS = 64;
    private static final int LONGEST = 128;
    private static final int LONGEST_BLOCK = 1024;
    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] texts = new String[SLOTS];

    /** The last header block decoded, as bytes, and its headers. */
    private byte[] lastBlock;

    private HeaderArray lastHeaders;

    /**
     * The header block at {@code b}'s position; advances past it. Records of one class mostly carry
     * the very same headers (kind, schema, node): when the block's bytes equal the last one's, its
     * (immutable) headers are shared, which spares the decoding and lets the forwarder recognise
     * them by identity.
     */
    HeaderArray headers(ByteBuffer b) {
      if (!b.hasArray()) {
        return decodeHeaders(b, this);
      }
      int start = b.position();
      int count = Short.toUnsignedInt(b.getShort(start));
      int end = start + 2;
      for (int i = 0; i < count * 2; i++) {
        end += 2 + Short.toUnsignedInt(b.getShort(end));
      }
      byte[] a = b.array();
      int from = b.arrayOffset() + start;
      int to = b.arrayOffset() + end;
      byte[] last = lastBlock;
      if (last != null && java.util.Arrays.equals(last, 0, last.length, a, from, to)) {
        b.position(end);
        return lastHeaders;
      }
      HeaderArray h = decodeHeaders(b, this);
      if (to - from <= LONGEST_BLOCK) {
        lastBlock = java.util.Arrays.copyOfRange(a, from, to);
        lastHeaders = h;
      }
      return h;
    }

    /** The u16-length-prefixed string at {@code b}'s position; advances past it. */
    String next(ByteBuffer b) {
      int len = Short.toUnsignedInt(b.getShort());
      if (len > LONGEST || !b.hasArray()) {
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
      }
      byte[] a = b.array();
      int from = b.arrayOffset() + b.position();
      int h = len;
      for (int i = from; i < from + len; i++) {
        h = 31 * h + a[i];
      }
      int slot = (h ^ (h >>> 7)) & (SLOTS - 1);
      b.position(b.position() + len);
      byte[] known = bytes[slot];
      if (known != null && java.util.Arrays.equals(known, 0, known.length, a, from, from + len)) {
        return texts[slot];
      }
      String s = new String(a, from, len, StandardCharsets.UTF_8);
      bytes[slot] = java.util.Arrays.copyOfRange(a, from, from + len);
      texts[slot] = s;
      return s;
    }
  }

  private static boolean parses(ByteBuffer buf, int start, int end) {
    int i = start;
    if (buf.get(i) != VERSION) {
      return false;
    }
    int prio = buf.get(i + 1);
    if (prio < 0 || prio >= PRIORITIES.length || buf.getLong(i + 2) < 0) {
      return false;
    }
    i += 18;
    for (int s = 0; s < 2; s++) {
      i += 2 + Short.toUnsignedInt(buf.getShort(i));
      if (i + 2 > end) {
        return false;
      }
    }
    int headers = Short.toUnsignedInt(buf.getShort(i));
    i += 2;
    for (int h = 0; h < headers * 2; h++) {
      if (i + 2 > end) {
        return false;
      }
      i += 2 + Short.toUnsignedInt(buf.getShort(i));
    }
    if (i + 4 > end) {
      return false;
    }
    int payload = buf.getInt(i);
    return payload >= 0 && (long) i + 4 + payload == end;
  }

  private static void putShortString(ByteBuffer out, String s) {
    byte[] b = utf8(s);
    out.putShort((short) b.length).put(b);
  }

  private static String getShortString(ByteBuffer b) {
    byte[] s = new byte[Short.toUnsignedInt(b.getShort())];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
