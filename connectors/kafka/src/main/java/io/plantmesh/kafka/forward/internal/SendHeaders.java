package io.plantmesh.kafka.forward.internal;

import io.plantmesh.kafka.forward.Headers;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The headers of one record on its way upstream: the Outbox record's, then the forwarder's ({@link
 * Headers#NODE} unless present, {@link Headers#ID}, {@link Headers#REPLAYED}), in order, as a
 * {@code LinkedHashMap} would hold them after {@code putIfAbsent}/{@code put}. Immutable, two
 * arrays: built for every record sent, so it costs one allocation per array and none per header.
 */
public final class SendHeaders extends AbstractMap<String, String> {
  private final String[] names;
  private final String[] values;
  private int size;

  private SendHeaders(int capacity) {
    names = new String[capacity];
    values = new String[capacity];
  }

  /** {@code stored}'s headers plus the forwarder's. */
  public static SendHeaders of(
      Map<String, String> stored, String node, String id, boolean replayed) {
    SendHeaders h = new SendHeaders(stored.size() + 3);
    stored.forEach(h::set);
    if (h.indexOf(Headers.NODE) < 0) {
      h.set(Headers.NODE, node);
    }
    h.set(Headers.ID, id);
    h.set(Headers.REPLAYED, replayed ? "true" : "false");
    return h;
  }

  private void set(String name, String value) {
    int at = indexOf(name);
    if (at >= 0) {
      values[at] = value;
    } else {
      names[size] = name;
      values[size++] = value;
    }
  }

  private int indexOf(Object name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String get(Object key) {
    int at = indexOf(key);
    return at < 0 ? null : values[at];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    for (int i = 0; i < size; i++) {
      action.accept(names[i], values[i]);
    }
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < size;
          }

          @Override
          public Entry<String, String> next() {
            if (i >= size) {
              throw new NoSuchElementException();
            }
            Entry<String, String> e = new SimpleImmutableEntry<>(names[i], values[i]);
            i++;
            return e;
          }
        };
      }
    };
  }
}
