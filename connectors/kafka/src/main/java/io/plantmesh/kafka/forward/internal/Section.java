package io.plantmesh.kafka.forward.internal;

import io.plantmesh.core.Secret;
import io.plantmesh.kafka.summary.internal.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One map of a configuration file (parsed YAML/JSON), read with typed getters whose errors name the
 * full key ({@code uplink.replay.rate}), the value and the reason. Unknown keys are refused, so a
 * typo does not silently fall back to a default.
 */
public final class Section {
  private final String prefix;
  private final Map<String, ?> map;
  private final Map<String, String> env;

  private Section(String prefix, Map<String, ?> map, Map<String, String> env) {
    this.prefix = prefix;
    this.map = map == null ? Map.of() : map;
    this.env = env;
  }

  public static Section of(String prefix, Map<String, ?> map, Map<String, String> env) {
    return new Section(prefix, map, env);
  }

  /** The full key of {@code name} in this section. */
  public String key(String name) {
    return prefix + "." + name;
  }

  /** Refuses keys outside {@code known}. */
  public Section allow(String... known) {
    Set<String> allowed = Set.of(known);
    for (String k : map.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(
            key(k) + " is not a known key; known: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
    return this;
  }

  public boolean has(String name) {
    return map.get(name) != null;
  }

  public Section section(String name) {
    Object v = map.get(name);
    if (v == null) {
      return new Section(key(name), Map.of(), env);
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(key(name) + " must be a map, was '" + v + "'");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    m.forEach((k, val) -> copy.put(String.valueOf(k), val));
    return new Section(key(name), copy, env);
  }

  public String string(String name, String dflt) {
    Object v = map.get(name);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      throw new IllegalArgumentException(key(name) + " must be a single value, was '" + v + "'");
    }
    return String.valueOf(v).strip();
  }

  /** A list given as a YAML list or as comma-separated text. */
  public List<String> list(String name) {
    Object v = map.get(name);
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      l.forEach(e -> out.add(String.valueOf(e).strip()));
    } else if (v != null) {
      for (String s : String.valueOf(v).split(",")) {
        out.add(s.strip());
      }
    }
    out.removeIf(String::isEmpty);
    return List.copyOf(out);
  }

  public boolean bool(String name, boolean dflt) {
    String s = string(name, null);
    if (s == null) {
      return dflt;
    }
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              key(name) + ": '" + s + "' is not a boolean (true or false)");
    };
  }

  public long number(String name, long dflt, long min, long max) {
    String s = string(name, null);
    if (s == null) {
      return dflt;
    }
    long n;
    try {
      n = Long.parseLong(s.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key(name) + ": '" + s + "' is not a whole number", e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          key(name) + ": " + n + " is out of range; between " + min + " and " + max);
    }
    return n;
  }

  public Duration duration(String name, Duration dflt, Duration min, Duration max) {
    Object v = map.get(name);
    if (v == null) {
      return dflt;
    }
    Duration d = DurationText.parse(key(name), v);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          key(name)
              + ": "
              + DurationText.format(d)
              + " is out of range; between "
              + DurationText.format(min)
              + " and "
              + DurationText.format(max));
    }
    return d;
  }

  /** A secret reference ({@code env:NAME} or {@code file:/path}), resolved now; null if absent. */
  public Secret secret(String name) {
    String ref = string(name, null);
    return ref == null ? null : Secret.resolve(key(name), ref, env);
  }

  /** The raw map of this section, with values as text (for pass-through settings). */
  public Map<String, String> strings() {
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
