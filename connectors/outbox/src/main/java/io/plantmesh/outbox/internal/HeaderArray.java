package io.plantmesh.outbox.internal;

import io.plantmesh.outbox.IndexedHeaders;

/**
 * The headers of a decoded record: immutable, in order, two arrays. A record read from the backlog
 * is handed out as is (no copy into a {@code LinkedHashMap}), and the forwarder walks it with
 * {@link #forEach} without an entry object per header.
 */
public final class HeaderArray extends IndexedHeaders {
  private final String[] names;
  private final String[] values;

  HeaderArray(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  protected String nameAt(int i) {
    return names[i];
  }

  @Override
  protected String valueAt(int i) {
    return values[i];
  }
}
