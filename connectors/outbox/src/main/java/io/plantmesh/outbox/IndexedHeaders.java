package io.plantmesh.outbox;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable header map held by position: name and value at index 0 to {@link #size()} - 1, in
 * order. A record's headers are a handful, so lookups scan; what matters is that a map built per
 * record sent or read needs no hash table and {@link #forEach} no entry object per header.
 * Subclasses say where the names and values live.
 */
public abstract class IndexedHeaders extends AbstractMap<String, String> {
  /** The name at {@code i}, never null. */
  protected abstract String nameAt(int i);

  /** The value at {@code i}. */
  protected abstract String valueAt(int i);

  @Override
  public abstract int size();

  /** The index of {@code name}, or -1. */
  protected final int indexOf(Object name) {
    for (int i = 0, n = size(); i < n; i++) {
      if (nameAt(i).equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String get(Object key) {
    int at = indexOf(key);
    return at < 0 ? null : valueAt(at);
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    for (int i = 0, n = size(); i < n; i++) {
      action.accept(nameAt(i), valueAt(i));
    }
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return IndexedHeaders.this.size();
      }

      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < IndexedHeaders.this.size();
          }

          @Override
          public Entry<String, String> next() {
            if (i >= IndexedHeaders.this.size()) {
              throw new NoSuchElementException();
            }
            Entry<String, String> e = new SimpleImmutableEntry<>(nameAt(i), valueAt(i));
            i++;
            return e;
          }
        };
      }
    };
  }
}
