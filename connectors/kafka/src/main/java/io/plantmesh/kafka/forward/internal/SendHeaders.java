package io.plantmesh.kafka.forward.internal;

import io.plantmesh.kafka.forward.Headers;
import io.plantmesh.outbox.IndexedHeaders;
import java.util.Map;
import org.apache.kafka.common.header.Header;

/**
 * The headers of one record on its way upstream: the Outbox record's, then the forwarder's ({@link
 * Headers#NODE} unless present, {@link Headers#ID}, {@link Headers#REPLAYED}), in order, as a
 * {@code LinkedHashMap} would hold them after {@code putIfAbsent}/{@code put}. Immutable.
 *
 * <p>Built for every record sent, so everything but the id lives in a shared {@link Base}: records
 * read from the Outbox one after another carry the same stored headers object (the Outbox shares
 * identical header blocks), and a {@link Maker} reuses the base built for it; {@link HeaderCache}
 * keeps the Kafka headers of a base, so per record only the id is encoded.
 */
public final class SendHeaders extends IndexedHeaders {
  private final Base base;
  private final String id;

  private SendHeaders(Base base, String id) {
    this.base = base;
    this.id = id;
  }

  /** {@code stored}'s headers plus the forwarder's. */
  public static SendHeaders of(
      Map<String, String> stored, String node, String id, boolean replayed) {
    return new SendHeaders(new Base(stored, node, replayed), id);
  }

  /**
   * Makes the headers of records sent one after another by one thread, sharing the base of the last
   * stored headers (by identity). Not thread-safe.
   */
  public static final class Maker {
    private final String node;
    private Base last;

    public Maker(String node) {
      this.node = node;
    }

    public SendHeaders of(Map<String, String> stored, String id, boolean replayed) {
      Base b = last;
      if (b == null || b.stored != stored || b.replayed != replayed) {
        b = new Base(stored, node, replayed);
        last = b;
      }
      return new SendHeaders(b, id);
    }
  }

  /** All headers but the id's value, whose place is {@link #idAt}. */
  static final class Base {
    final Map<String, String> stored;
    final boolean replayed;
    final String[] names;
    final String[] values;
    final int idAt;

    /** Kafka's headers of this base (null at {@link #idAt}), set by {@link HeaderCache}. */
    volatile Header[] kafka;

    Base(Map<String, String> stored, String node, boolean replayed) {
      this.stored = stored;
      this.replayed = replayed;
      String[] n = new String[stored.size() + 3];
      String[] v = new String[stored.size() + 3];
      int[] size = {0};
      stored.forEach((k, val) -> set(n, v, size, k, val));
      if (indexOf(n, size[0], Headers.NODE) < 0) {
        set(n, v, size, Headers.NODE, node);
      }
      set(n, v, size, Headers.ID, null);
      set(n, v, size, Headers.REPLAYED, replayed ? "true" : "false");
      this.names = java.util.Arrays.copyOf(n, size[0]);
      this.values = java.util.Arrays.copyOf(v, size[0]);
      this.idAt = indexOf(names, names.length, Headers.ID);
    }

    private static void set(String[] n, String[] v, int[] size, String name, String value) {
      int at = indexOf(n, size[0], name);
      if (at >= 0) {
        v[at] = value;
      } else {
        n[size[0]] = name;
        v[size[0]++] = value;
      }
    }

    private static int indexOf(String[] names, int size, Object name) {
      for (int i = 0; i < size; i++) {
        if (names[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }
  }

  Base base() {
    return base;
  }

  String id() {
    return id;
  }

  @Override
  public int size() {
    return base.names.length;
  }

  @Override
  protected String nameAt(int i) {
    return base.names[i];
  }

  @Override
  protected String valueAt(int i) {
    return i == base.idAt ? id : base.values[i];
  }
}
