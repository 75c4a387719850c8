package io.plantmesh.cluster.uplink.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/** A growable encoder and a bounds-checked decoder for the uplink's binary formats. */
final class Wire {
  private Wire() {}

  /** Appends fixed-width numbers, UUIDs and length-prefixed strings and byte arrays. */
  static final class Writer {
    private byte[] buf;
    private int pos;

    Writer(int initialCapacity) {
      buf = new byte[Math.max(64, initialCapacity)];
    }

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    Writer u8(int b) {
      ensure(1);
      buf[pos++] = (byte) b;
      return this;
    }

    Writer i32(int v) {
      ensure(4);
      for (int i = 24; i >= 0; i -= 8) {
        buf[pos++] = (byte) (v >>> i);
      }
      return this;
    }

    Writer i64(long v) {
      ensure(8);
      for (int i = 56; i >= 0; i -= 8) {
        buf[pos++] = (byte) (v >>> i);
      }
      return this;
    }

    Writer uuid(UUID u) {
      return i64(u.getMostSignificantBits()).i64(u.getLeastSignificantBits());
    }

    Writer bytes(byte[] b) {
      i32(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
      return this;
    }

    Writer string(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  /** Reads what a {@link Writer} wrote; malformed input is an {@link IllegalArgumentException}. */
  static final class Reader {
    private final ByteBuffer b;

    Reader(byte[] data) {
      this.b = ByteBuffer.wrap(data);
    }

    int u8() {
      try {
        return b.get() & 0xFF;
      } catch (BufferUnderflowException e) {
        throw truncated();
      }
    }

    int i32() {
      try {
        return b.getInt();
      } catch (BufferUnderflowException e) {
        throw truncated();
      }
    }

    long i64() {
      try {
        return b.getLong();
      } catch (BufferUnderflowException e) {
        throw truncated();
      }
    }

    UUID uuid() {
      return new UUID(i64(), i64());
    }

    /** A count of items that each take at least {@code minBytes}, checked against what is left. */
    int count(int minBytes) {
      int n = i32();
      if (n < 0 || (long) n * minBytes > b.remaining()) {
        throw new IllegalArgumentException("malformed: a count of " + n + " does not fit");
      }
      return n;
    }

    byte[] bytes() {
      int n = i32();
      if (n < 0 || n > b.remaining()) {
        throw new IllegalArgumentException(
            "malformed: a length of " + n + " with " + b.remaining() + " bytes left");
      }
      byte[] out = new byte[n];
      b.get(out);
      return out;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    void end() {
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("malformed: " + b.remaining() + " trailing bytes");
      }
    }

    private static IllegalArgumentException truncated() {
      return new IllegalArgumentException("malformed: truncated");
    }
  }
}
