package io.plantmesh.cluster.internal;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compact binary form of reading batches, for the mesh. Java serialization would be several times
 * larger and slower, and would let a peer instantiate arbitrary classes.
 *
 * <p>Per batch: count, then a base epoch second; per reading: a flags byte, the path, the origin
 * only when it differs from the previous reading's, the value (a type tag, then varints, IEEE bits
 * or length-prefixed UTF-8), the quality only when not GOOD, times as seconds relative to the base
 * plus nanos, and the sequence as a delta from the previous reading's. A typical numeric reading of
 * a 40-character path takes about 60 bytes.
 *
 * <p>Decoding keeps a cache of parsed {@link TagPath}s by their bytes ({@link PathCache}: parsing
 * validates every segment with a regular expression, too slow at 100k readings/s) and of origin
 * names, so that the table holds one copy of each; equal times in a row share one {@link Instant}.
 */
public final class ReadingCodec {
  static final int MAX_CACHED_PATHS = 2_000_000;

  private static final int F_SOURCE_TIME = 1;
  private static final int F_SERVER_TIME = 2;
  private static final int F_ORIGIN = 4;
  private static final int F_QUALITY = 8;

  private static final int V_NULL = 0;
  private static final int V_FALSE = 1;
  private static final int V_TRUE = 2;
  private static final int V_INT = 3;
  private static final int V_UINT = 4;
  private static final int V_FLOAT = 5;
  private static final int V_DOUBLE = 6;
  private static final int V_TEXT = 7;
  private static final int V_BYTES = 8;
  private static final int V_DATETIME = 9;
  private static final int V_ARRAY = 10;
  private static final int V_STRUCT = 11;

  private static final Value.Type[] TYPES = Value.Type.values();

  private final PathCache paths = new PathCache(MAX_CACHED_PATHS);
  private final ConcurrentHashMap<String, String> origins = new ConcurrentHashMap<>();

  public byte[] encode(List<Reading> batch) {
    Bytes.Writer w = new Bytes.Writer(64 + batch.size() * 64);
    encode(w, batch);
    return w.toByteArray();
  }

  void encode(Bytes.Writer w, List<Reading> batch) {
    w.varLong(batch.size());
    long base = batch.isEmpty() ? 0 : batch.get(0).receivedTime().getEpochSecond();
    w.zigzag(base);
    String origin = null;
    long seq = 0;
    for (Reading r : batch) {
      int flags = 0;
      if (r.sourceTime() != null) {
        flags |= F_SOURCE_TIME;
      }
      if (r.serverTime() != null) {
        flags |= F_SERVER_TIME;
      }
      boolean newOrigin = !r.originNode().equals(origin);
      if (newOrigin) {
        flags |= F_ORIGIN;
      }
      boolean good = r.quality().equals(Quality.GOOD);
      if (!good) {
        flags |= F_QUALITY;
      }
      w.u8(flags);
      w.string(r.path().toString());
      if (newOrigin) {
        origin = r.originNode();
        w.string(origin);
      }
      writeValue(w, r.value());
      if (!good) {
        w.varLong(r.quality().statusCode());
        w.string(r.quality().symbolicName());
      }
      if (r.sourceTime() != null) {
        writeTime(w, r.sourceTime(), base);
      }
      if (r.serverTime() != null) {
        writeTime(w, r.serverTime(), base);
      }
      writeTime(w, r.receivedTime(), base);
      w.zigzag(r.sequence() - seq);
      seq = r.sequence();
    }
  }

  /**
   * Decodes a batch.
   *
   * @throws IllegalArgumentException when the bytes are not a valid batch
   */
  public List<Reading> decode(byte[] bytes) {
    Bytes.Reader r = new Bytes.Reader(bytes);
    List<Reading> out = decode(r);
    if (r.remaining() != 0) {
      throw new IllegalArgumentException(r.remaining() + " bytes left after the batch");
    }
    return out;
  }

  List<Reading> decode(Bytes.Reader in) {
    int n = in.count();
    long base = in.zigzag();
    List<Reading> out = new ArrayList<>(n);
    // A publish response's readings share their receive time, and often their source time.
    LastTime sourceTimes = new LastTime();
    LastTime serverTimes = new LastTime();
    LastTime receivedTimes = new LastTime();
    String origin = null;
    long seq = 0;
    for (int i = 0; i < n; i++) {
      int flags = in.u8();
      TagPath path = path(in);
      if ((flags & F_ORIGIN) != 0) {
        origin = origins.computeIfAbsent(in.string(), s -> s);
      } else if (origin == null) {
        throw new IllegalArgumentException("reading " + i + " has no origin node");
      }
      Value value = readValue(in, 0);
      Quality quality =
          (flags & F_QUALITY) != 0 ? Quality.of(in.varLong(), in.string()) : Quality.GOOD;
      Instant source = (flags & F_SOURCE_TIME) != 0 ? sourceTimes.read(in, base) : null;
      Instant server = (flags & F_SERVER_TIME) != 0 ? serverTimes.read(in, base) : null;
      Instant received = receivedTimes.read(in, base);
      seq += in.zigzag();
      out.add(new Reading(path, value, quality, source, server, received, origin, seq));
    }
    return out;
  }

  private TagPath path(Bytes.Reader in) {
    int n = in.count();
    int off = in.position();
    in.skip(n);
    return paths.get(in.array(), off, n);
  }

  /** Paths parsed so far and kept (for tests). */
  int cachedPaths() {
    return paths.size();
  }

  /**
   * The last time decoded of one kind in a batch, reused when the next is the same instant: one
   * object instead of one per reading, in the decoder's garbage and in the table that keeps them.
   */
  private static final class LastTime {
    private Instant last;

    Instant read(Bytes.Reader in, long base) {
      long seconds = base + in.zigzag();
      long nanos = nanos(in.varLong());
      Instant l = last;
      if (l == null || l.getEpochSecond() != seconds || l.getNano() != nanos) {
        l = Instant.ofEpochSecond(seconds, nanos);
        last = l;
      }
      return l;
    }
  }

  private static void writeTime(Bytes.Writer w, Instant t, long base) {
    w.zigzag(t.getEpochSecond() - base);
    w.varLong(t.getNano());
  }

  public static void writeValue(Bytes.Writer w, Value v) {
    if (v instanceof Value.Null) {
      w.u8(V_NULL);
    } else if (v instanceof Value.Bool b) {
      w.u8(b.value() ? V_TRUE : V_FALSE);
    } else if (v instanceof Value.Int i) {
      w.u8(V_INT).u8(i.type().ordinal()).zigzag(i.value());
    } else if (v instanceof Value.UInt u) {
      w.u8(V_UINT).u8(u.type().ordinal()).varLong(u.bits());
    } else if (v instanceof Value.Float32 f) {
      w.u8(V_FLOAT).fixed32(Float.floatToRawIntBits(f.value()));
    } else if (v instanceof Value.Float64 d) {
      w.u8(V_DOUBLE).fixed64(Double.doubleToRawLongBits(d.value()));
    } else if (v instanceof Value.Text t) {
      w.u8(V_TEXT).string(t.value());
    } else if (v instanceof Value.Bytes b) {
      w.u8(V_BYTES).bytes(b.value());
    } else if (v instanceof Value.DateTime t) {
      w.u8(V_DATETIME).zigzag(t.value().getEpochSecond()).varLong(t.value().getNano());
    } else if (v instanceof Value.Array a) {
      w.u8(V_ARRAY).u8(a.elementType().ordinal()).varLong(a.elements().size());
      for (Value e : a.elements()) {
        writeValue(w, e);
      }
    } else if (v instanceof Value.Struct s) {
      w.u8(V_STRUCT).string(s.typeName()).varLong(s.fields().size());
      for (Map.Entry<String, Value> e : s.fields().entrySet()) {
        w.string(e.getKey());
        writeValue(w, e.getValue());
      }
    } else {
      throw new IllegalArgumentException("no encoding for value " + v);
    }
  }

  /** Nesting is bounded so that a malformed message cannot overflow the stack. */
  public static Value readValue(Bytes.Reader in, int depth) {
    if (depth > 32) {
      throw new IllegalArgumentException("values nested deeper than 32 levels");
    }
    int tag = in.u8();
    return switch (tag) {
      case V_NULL -> Value.Null.INSTANCE;
      case V_FALSE -> Value.Bool.FALSE;
      case V_TRUE -> Value.Bool.TRUE;
      case V_INT -> {
        Value.Type t = type(in.u8());
        yield new Value.Int(in.zigzag(), t);
      }
      case V_UINT -> {
        Value.Type t = type(in.u8());
        yield new Value.UInt(in.varLong(), t);
      }
      case V_FLOAT -> new Value.Float32(Float.intBitsToFloat(in.fixed32()));
      case V_DOUBLE -> new Value.Float64(Double.longBitsToDouble(in.fixed64()));
      case V_TEXT -> new Value.Text(in.string());
      case V_BYTES -> new Value.Bytes(in.bytes());
      case V_DATETIME -> {
        long s = in.zigzag();
        yield new Value.DateTime(Instant.ofEpochSecond(s, nanos(in.varLong())));
      }
      case V_ARRAY -> {
        Value.Type t = type(in.u8());
        int n = in.count();
        List<Value> elements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          elements.add(readValue(in, depth + 1));
        }
        yield new Value.Array(t, elements);
      }
      case V_STRUCT -> {
        String typeName = in.string();
        int n = in.count();
        Map<String, Value> fields = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          fields.put(in.string(), readValue(in, depth + 1));
        }
        yield new Value.Struct(typeName, fields);
      }
      default -> throw new IllegalArgumentException("unknown value tag " + tag);
    };
  }

  private static Value.Type type(int ordinal) {
    if (ordinal >= TYPES.length) {
      throw new IllegalArgumentException("unknown value type " + ordinal);
    }
    return TYPES[ordinal];
  }

  private static long nanos(long n) {
    if (n < 0 || n > 999_999_999L) {
      throw new IllegalArgumentException("nanosecond field " + n + " is out of range");
    }
    return n;
  }
}
