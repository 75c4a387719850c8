package io.plantmesh.opcua.internal;

import java.util.ArrayList;
import java.util.List;

/** Splits a list into consecutive views of at most {@code size} elements. */
final class Chunks {
  private Chunks() {}

  static <T> List<List<T>> of(List<T> list, int size) {
    int n = Math.max(1, size);
    List<List<T>> out = new ArrayList<>((list.size() + n - 1) / n);
    for (int i = 0; i < list.size(); i += n) {
      out.add(list.subList(i, Math.min(list.size(), i + n)));
    }
    return out;
  }
}
