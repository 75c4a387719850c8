package io.plantmesh.node.config;

import io.plantmesh.kafka.forward.UplinkConfig;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.outbox.OutboxConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys the upstream modules read, learnt from the modules themselves: a section is given an
 * unknown key and its error lists the known ones ({@code uplink.zz is not a known key; known: a,
 * b}); a known key that refuses a plain value as "must be a map" (or "a list") is a section and is
 * explored the same way; a section that takes any key is an open map ({@code producer.*}). So the
 * reference cannot drift from the code without a test failing.
 */
final class ModuleKeys {
  private static final String PROBE = "zz-probe";
  private static final Pattern KNOWN = Pattern.compile("is not a known key; known: (.*)$");

  /** A module's parser of its section (maps and lists, as {@link ConfigTree} makes them). */
  record Module(String section, Map<String, Object> base, Function<Map<String, Object>, ?> parse) {
    /** The parsed section with {@code key} (relative, dotted) set to {@code value}. */
    Object with(String key, String value) {
      Map<String, Object> tree = copy(base);
      Map<String, Object> at = tree;
      String[] parts = key.split("\\.");
      for (int i = 0; i < parts.length - 1; i++) {
        at = child(at, parts[i]);
      }
      at.put(parts[parts.length - 1], value);
      return parse.apply(tree);
    }

    Object defaults() {
      return parse.apply(copy(base));
    }
  }

  static final Module UPLINK =
      new Module(
          "uplink",
          Map.of("bootstrap-servers", "broker:9092"),
          t -> UplinkConfig.fromMap(t, "gw-1", Map.of()));

  static final Module SUMMARIES = new Module("summaries", Map.of(), SummaryConfig::fromMap);

  static final Module OUTBOX =
      new Module(
          "outbox",
          Map.of("dir", "/var/lib/plantmesh/outbox"),
          t -> {
            Map<String, String> p = new LinkedHashMap<>();
            t.forEach((k, v) -> p.put("outbox." + k, String.valueOf(v)));
            return OutboxConfig.fromProperties(p);
          });

  private ModuleKeys() {}

  /** Every key of {@code m}'s section, relative, as the reference writes them. */
  static TreeSet<String> discover(Module m) {
    TreeSet<String> out = new TreeSet<>();
    explore(m, List.of(), out);
    return out;
  }

  private static void explore(Module m, List<Object> path, TreeSet<String> out) {
    List<String> known = known(m, path);
    if (known == null) {
      out.add(name(path) + "*");
      return;
    }
    for (String k : known) {
      List<Object> child = new ArrayList<>(path);
      child.add(k);
      String message = error(m, child, "x");
      if (message.contains(
          m.section() + "." + name(child).replaceAll("\\.$", "") + " must be a map")) {
        explore(m, child, out);
      } else if (message.contains("must be a list")) {
        child.add(0);
        explore(m, child, out);
      } else {
        out.add(name(child).replaceAll("\\.$", ""));
      }
    }
  }

  /** The known keys of the section at {@code path}; null when it takes any key. */
  private static List<String> known(Module m, List<Object> path) {
    List<Object> probe = new ArrayList<>(path);
    probe.add(PROBE);
    String message = error(m, probe, "1");
    Matcher k = KNOWN.matcher(message);
    if (!message.contains(PROBE + " is not a known key") || !k.find()) {
      return null;
    }
    return List.of(k.group(1).split(", "));
  }

  /** The module's error for {@code value} at {@code path}, or "" when it takes it. */
  private static String error(Module m, List<Object> path, Object value) {
    Map<String, Object> tree = copy(m.base());
    Object at = tree;
    for (int i = 0; i < path.size(); i++) {
      Object seg = path.get(i);
      boolean last = i == path.size() - 1;
      Object next =
          last
              ? value
              : path.get(i + 1) instanceof Integer ? new ArrayList<>() : new LinkedHashMap<>();
      at = set(at, seg, next);
    }
    try {
      m.parse().apply(tree);
      return "";
    } catch (IllegalArgumentException e) {
      return String.valueOf(e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Object set(Object container, Object seg, Object value) {
    if (seg instanceof Integer) {
      ((List<Object>) container).add(value);
    } else {
      ((Map<String, Object>) container).put((String) seg, value);
    }
    return value;
  }

  /** {@code [topics, create]} → {@code topics.create.}; list indexes as {@code [*]}. */
  private static String name(List<Object> path) {
    StringBuilder sb = new StringBuilder();
    for (Object seg : path) {
      if (seg instanceof Integer) {
        sb.setLength(sb.length() - 1);
        sb.append("[*].");
      } else {
        sb.append(seg).append('.');
      }
    }
    return sb.toString();
  }

  private static Map<String, Object> copy(Map<String, Object> m) {
    return new LinkedHashMap<>(m);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> m, String name) {
    return (Map<String, Object>) m.computeIfAbsent(name, k -> new LinkedHashMap<>());
  }
}
