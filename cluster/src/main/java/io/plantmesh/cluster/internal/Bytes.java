package io.plantmesh.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable little encoder and bounds-checked decoder for the mesh's binary formats. */
public final class Bytes {
  private Bytes() {}

  /** Appends varints, fixed-width numbers and length-prefixed strings. */
  public static final class Writer {
    private byte[] buf;
    private int pos;

    public Writer(int initialCapacity) {
      buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    public Writer u8(int b) {
      ensure(1);
      buf[pos++] = (byte) b;
      return this;
    }

    public Writer varLong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
      return this;
    }

    public Writer zigzag(long v) {
      return varLong((v << 1) ^ (v >> 63));
    }

    public Writer fixed32(int v) {
      ensure(4);
      for (int i = 24; i >= 0; i -= 8) {
        buf[pos++] = (byte) (v >>> i);
      }
      return this;
    }

    public Writer fixed64(long v) {
      ensure(8);
      for (int i = 56; i >= 0; i -= 8) {
        buf[pos++] = (byte) (v >>> i);
      }
      return this;
    }

    public Writer bytes(byte[] b) {
      varLong(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
      return this;
    }

    /**
     * A length-prefixed UTF-8 string. ASCII (every tag path a PLC gives us, in practice) is written
     * char by char without an intermediate array: at 100,000 readings/s the arrays of {@code
     * getBytes} were a large share of a collecting member's garbage.
     */
    public Writer string(String s) {
      int n = s.length();
      int start = pos;
      varLong(n);
      ensure(n);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          pos = start; // not ASCII: its UTF-8 length differs from its length
          return bytes(s.getBytes(StandardCharsets.UTF_8));
        }
        buf[pos++] = (byte) c;
      }
      return this;
    }

    public int size() {
      return pos;
    }

    /** Empties the writer and keeps its buffer, for a writer reused message after message. */
    public Writer reset() {
      pos = 0;
      return this;
    }

    /** The buffer written so far holds {@link #size()} bytes from offset 0; not a copy. */
    public byte[] array() {
      return buf;
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  /** Reads what {@link Writer} wrote; every length is checked against what is left. */
  public static final class Reader {
    private final byte[] buf;
    private int pos;

    public Reader(byte[] buf) {
      this(buf, 0);
    }

    public Reader(byte[] buf, int offset) {
      this.buf = buf;
      this.pos = offset;
    }

    public int remaining() {
      return buf.length - pos;
    }

    public int u8() {
      need(1);
      return buf[pos++] & 0xFF;
    }

    public long varLong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes at offset " + pos);
    }

    public long zigzag() {
      long v = varLong();
      return (v >>> 1) ^ -(v & 1);
    }

    /** A count or length that must fit in what is left (each item takes at least one byte). */
    public int count() {
      long n = varLong();
      if (n < 0 || n > remaining()) {
        throw new IllegalArgumentException(
            "length " + n + " exceeds the " + remaining() + " bytes left at offset " + pos);
      }
      return (int) n;
    }

    public int fixed32() {
      need(4);
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (buf[pos++] & 0xFF);
      }
      return v;
    }

    public long fixed64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos++] & 0xFF);
      }
      return v;
    }

    public byte[] bytes() {
      int n = count();
      byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return out;
    }

    /** The buffer read from; with {@link #position()} and {@link #skip}, for lookups by bytes. */
    byte[] array() {
      return buf;
    }

    int position() {
      return pos;
    }

    void skip(int n) {
      need(n);
      pos += n;
    }

    public String string() {
      int n = count();
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    private void need(int n) {
      if (pos + n > buf.length) {
        throw new IllegalArgumentException("truncated: needed " + n + " bytes at offset " + pos);
      }
    }
  }
}
