package io.plantmesh.node.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a flattened sub-tree of the configuration ({@code topics.create=true}, {@code
 * groups[0].prefix=a}, {@code producer."max.request.size"=1048576}) back into the maps and lists a
 * module's {@code fromMap} reads, so that each upstream key is defined once, in its module.
 *
 * <p>SmallRye flattens a YAML list of scalars twice: indexed ({@code servers[0]}) and joined by
 * commas ({@code servers}); the indexed form wins. A quoted segment is one key, dots included.
 */
final class ConfigTree {
  private ConfigTree() {}

  /**
   * @param flat keys relative to the section, as the config mapping gives them
   * @return the section as nested {@code Map<String, Object>} and {@code List<Object>}; leaves are
   *     strings
   */
  static Map<String, Object> of(Map<String, String> flat) {
    Map<String, Object> root = new LinkedHashMap<>();
    // Sorted, so that lists fill in index order and the output does not depend on hash order.
    for (Map.Entry<String, String> e : new TreeMap<>(flat).entrySet()) {
      if (e.getValue() == null || e.getValue().isEmpty()) {
        continue;
      }
      put(root, segments(e.getKey()), e.getValue());
    }
    return root;
  }

  /** A key's parts: names and list indexes ({@code Integer}). */
  static List<Object> segments(String key) {
    List<Object> out = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (quoted) {
        name.append(c);
      } else if (c == '.') {
        flush(name, out);
      } else if (c == '[') {
        int end = key.indexOf(']', i);
        flush(name, out);
        out.add(Integer.parseInt(key.substring(i + 1, end)));
        i = end;
      } else {
        name.append(c);
      }
    }
    flush(name, out);
    return out;
  }

  private static void flush(StringBuilder name, List<Object> out) {
    if (!name.isEmpty()) {
      out.add(name.toString());
      name.setLength(0);
    }
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, List<Object> path, String value) {
    Object container = root;
    for (int i = 0; i < path.size(); i++) {
      Object seg = path.get(i);
      boolean last = i == path.size() - 1;
      Object next = last ? null : path.get(i + 1);
      Object child =
          last
              ? value
              : next instanceof Integer ? new ArrayList<>() : new LinkedHashMap<String, Object>();
      if (container instanceof Map<?, ?> m && seg instanceof String name) {
        Map<String, Object> map = (Map<String, Object>) m;
        Object existing = map.get(name);
        if (existing == null || existing instanceof String && !(child instanceof String)) {
          // A structure replaces the comma-joined text SmallRye also gives for a list.
          map.put(name, child);
          existing = child;
        } else if (child instanceof String) {
          return; // the indexed form (or a structure) is there already
        }
        container = existing;
      } else if (container instanceof List<?> l && seg instanceof Integer index) {
        List<Object> list = (List<Object>) l;
        while (list.size() <= index) {
          list.add(null);
        }
        if (list.get(index) == null || list.get(index) instanceof String && !last) {
          list.set(index, child);
        }
        container = list.get(index);
      } else {
        return; // a shape conflict (a map and a list at one key): the module reports what it sees
      }
    }
  }
}
