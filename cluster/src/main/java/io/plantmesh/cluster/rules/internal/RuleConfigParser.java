package io.plantmesh.cluster.rules.internal;

import io.plantmesh.cluster.rules.AlarmAction;
import io.plantmesh.cluster.rules.AlarmSeverity;
import io.plantmesh.cluster.rules.Clear;
import io.plantmesh.cluster.rules.EventAction;
import io.plantmesh.cluster.rules.RateLimit;
import io.plantmesh.cluster.rules.RuleAction;
import io.plantmesh.cluster.rules.RuleSpec;
import io.plantmesh.cluster.rules.Trigger;
import io.plantmesh.cluster.rules.UncertainPolicy;
import io.plantmesh.cluster.rules.WriteAction;
import io.plantmesh.core.TagPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads rules from the plain maps and lists a YAML parser gives, reporting every problem with its
 * key ({@code plantmesh.rules[2].for}). Entries that cannot be read are left out of the result;
 * their problems make the caller refuse the set.
 */
public final class RuleConfigParser {
  static final Set<String> RULE_KEYS =
      Set.of(
          "name",
          "description",
          "condition",
          "for",
          "clear",
          "deadband",
          "stale-after",
          "uncertain",
          "recheck",
          "actions",
          "placement");
  static final Set<String> WRITE_KEYS = Set.of("target", "value", "interlock", "rate-limit", "on");
  static final Set<String> ALARM_KEYS = Set.of("severity", "message");
  static final Set<String> EVENT_KEYS = Set.of("name", "message", "on");

  private final ProblemSink sink;

  public RuleConfigParser(ProblemSink sink) {
    this.sink = sink;
  }

  /** The rules that could be read, by their index in the list. */
  public Map<Integer, RuleSpec> parse(Object node, String key) {
    Map<Integer, RuleSpec> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof List<?> list)) {
      sink.error(null, key, "must be a list of rules, not " + describe(node));
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      RuleSpec r = parseRule(list.get(i), key + "[" + i + "]");
      if (r != null) {
        out.put(i, r);
      }
    }
    return out;
  }

  private RuleSpec parseRule(Object node, String key) {
    if (!(node instanceof Map<?, ?> map)) {
      sink.error(
          null, key, "must be a map with name, condition and actions, not " + describe(node));
      return null;
    }
    Fields f = new Fields(map, key, null);
    String name = f.string("name", true);
    if (name != null && !RuleSpec.NAME.matcher(name).matches()) {
      f.error(
          "name",
          "'"
              + name
              + "' must start with a letter or digit and contain only letters, digits and _ . -"
              + " (at most 100 characters)");
      name = null;
    }
    f.rule = name;
    f.checkKeys(RULE_KEYS);
    String description = f.string("description", false);
    String condition = f.expression("condition", true);
    Duration forDuration = f.duration("for", Duration.ZERO, true);
    Duration staleAfter = f.duration("stale-after", null, false);
    Duration recheck = f.duration("recheck", RuleSpec.DEFAULT_RECHECK, false);
    if (recheck != null && recheck.compareTo(Duration.ofMillis(10)) < 0) {
      f.error("recheck", "must be at least 10ms");
      recheck = null;
    }
    UncertainPolicy uncertain =
        f.enumValue("uncertain", UncertainPolicy.class, UncertainPolicy.ACCEPT);
    Clear clear = Clear.WHEN_FALSE;
    if (map.containsKey("clear") && map.containsKey("deadband")) {
      f.error("clear", "give either clear or deadband, not both");
      clear = null;
    } else if (map.containsKey("clear")) {
      String c = f.expression("clear", true);
      clear = c == null ? null : new Clear.When(c);
    } else if (map.containsKey("deadband")) {
      Double d = f.number("deadband");
      clear = d == null ? null : new Clear.Deadband(d);
    }
    List<RuleAction> actions = parseActions(map.get("actions"), key + ".actions", name);
    List<String> placement = placement(f);
    if (name == null
        || placement == null
        || condition == null
        || forDuration == null
        || recheck == null
        || uncertain == null
        || clear == null
        || actions == null
        || f.failed) {
      return null;
    }
    return new RuleSpec(
        name,
        description,
        condition,
        forDuration,
        clear,
        staleAfter,
        uncertain,
        recheck,
        actions,
        placement);
  }

  /**
   * {@code placement}: {@code any} (the default), or node names separated by commas (or a list),
   * first preferred; null when it is wrong (the problem is filed).
   */
  private static List<String> placement(Fields f) {
    Object raw = f.map.get("placement");
    if (raw == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    if (raw instanceof List<?> l) {
      l.forEach(o -> names.add(String.valueOf(o).strip()));
    } else if (raw instanceof String s) {
      if (s.strip().equals("any")) {
        return List.of();
      }
      Arrays.stream(s.split(",", -1)).forEach(n -> names.add(n.strip()));
    } else {
      f.error("placement", "must be 'any' or node names separated by commas, not " + describe(raw));
      return null;
    }
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      try {
        io.plantmesh.cluster.internal.Checks.name("node name", n);
      } catch (IllegalArgumentException e) {
        f.error("placement", "'" + n + "' is not a node name (letters, digits and . _ ~ : -)");
        return null;
      }
      if (names.indexOf(n) != i) {
        f.error("placement", "names " + n + " twice");
        return null;
      }
    }
    return names;
  }

  private List<RuleAction> parseActions(Object node, String key, String rule) {
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof List<?> list)) {
      sink.error(
          rule, key, "must be a list of actions (write, alarm, event), not " + describe(node));
      return null;
    }
    List<RuleAction> out = new ArrayList<>();
    boolean failed = false;
    for (int i = 0; i < list.size(); i++) {
      RuleAction a = parseAction(list.get(i), key + "[" + i + "]", rule);
      if (a == null) {
        failed = true;
      } else {
        out.add(a);
      }
    }
    return failed ? null : out;
  }

  private RuleAction parseAction(Object node, String key, String rule) {
    if (!(node instanceof Map<?, ?> map) || map.size() != 1) {
      sink.error(
          rule,
          key,
          "must be a map with exactly one of write, alarm or event, not " + describe(node));
      return null;
    }
    Map.Entry<?, ?> only = map.entrySet().iterator().next();
    String kind = String.valueOf(only.getKey());
    String k = key + "." + kind;
    if (!(only.getValue() instanceof Map<?, ?> body)) {
      if (Set.of("write", "alarm", "event").contains(kind)) {
        sink.error(rule, k, "must be a map, not " + describe(only.getValue()));
      } else {
        sink.error(rule, key, "unknown action '" + kind + "' (known: alarm, event, write)");
      }
      return null;
    }
    Fields f = new Fields(body, k, rule);
    try {
      switch (kind) {
        case "write" -> {
          f.checkKeys(WRITE_KEYS);
          TagPath target = f.path("target");
          String value = f.expression("value", true);
          String interlock = f.expression("interlock", false);
          RateLimit limit = f.rateLimit("rate-limit");
          Trigger on = f.enumValue("on", Trigger.class, Trigger.FIRE);
          return f.failed || target == null || value == null || on == null
              ? null
              : new WriteAction(target, value, interlock, limit, on);
        }
        case "alarm" -> {
          f.checkKeys(ALARM_KEYS);
          AlarmSeverity severity = f.enumValue("severity", AlarmSeverity.class, null);
          if (severity == null && !body.containsKey("severity")) {
            f.error("severity", "is required (" + choices(AlarmSeverity.class) + ")");
          }
          String message = f.string("message", true);
          return f.failed || severity == null || message == null
              ? null
              : new AlarmAction(severity, message);
        }
        case "event" -> {
          f.checkKeys(EVENT_KEYS);
          String name = f.string("name", true);
          String message = f.string("message", true);
          Trigger on = f.enumValue("on", Trigger.class, Trigger.FIRE);
          if (name != null && !RuleSpec.NAME.matcher(name).matches()) {
            f.error("name", "'" + name + "' must contain only letters, digits and _ . -");
          }
          return f.failed || name == null || message == null || on == null
              ? null
              : new EventAction(name, message, on);
        }
        default -> {
          sink.error(rule, key, "unknown action '" + kind + "' (known: alarm, event, write)");
          return null;
        }
      }
    } catch (IllegalArgumentException e) {
      sink.error(rule, k, e.getMessage());
      return null;
    }
  }

  static String describe(Object o) {
    if (o == null) {
      return "nothing";
    }
    String s = String.valueOf(o);
    return (o instanceof String ? "'" + s + "'" : s.length() > 60 ? s.substring(0, 57) + "..." : s)
        + " ("
        + o.getClass().getSimpleName()
        + ")";
  }

  static <E extends Enum<E>> String choices(Class<E> type) {
    return String.join(
        ", ",
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .toList());
  }

  /** Typed access to one map's fields, reporting problems under its key. */
  private final class Fields {
    private final Map<?, ?> map;
    private final String key;
    private String rule;
    private boolean failed;

    Fields(Map<?, ?> map, String key, String rule) {
      this.map = map;
      this.key = key;
      this.rule = rule;
    }

    void error(String field, String message) {
      sink.error(rule, key + "." + field, message);
      failed = true;
    }

    void checkKeys(Set<String> known) {
      for (Object k : map.keySet()) {
        if (!known.contains(String.valueOf(k))) {
          sink.error(
              rule,
              key + "." + k,
              "unknown key (known: " + String.join(", ", new TreeSet<>(known)) + ")");
          failed = true;
        }
      }
    }

    String string(String field, boolean required) {
      Object v = map.get(field);
      if (v == null) {
        if (required) {
          error(field, "is required");
        }
        return null;
      }
      if (!(v instanceof String s)) {
        error(field, "must be text, not " + describe(v));
        return null;
      }
      if (s.isBlank()) {
        error(field, "is empty");
        return null;
      }
      return s;
    }

    /** CEL source; a YAML number or bool stands for its literal. */
    String expression(String field, boolean required) {
      Object v = map.get(field);
      if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
        return String.valueOf(v);
      }
      if (v instanceof Double || v instanceof Float) {
        double d = ((Number) v).doubleValue();
        if (!Double.isFinite(d)) {
          error(field, "must be a finite number, not " + v);
          return null;
        }
        return Double.toString(d);
      }
      return string(field, required);
    }

    Duration duration(String field, Duration fallback, boolean zeroAllowed) {
      Object v = map.get(field);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof String s)) {
        error(
            field, "must be a duration with a unit (e.g. 500ms, 10s, 2m, 1h), not " + describe(v));
        return null;
      }
      try {
        Duration d = Durations.parse(s);
        if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
          error(field, "must be positive, not '" + s + "'");
          return null;
        }
        return d;
      } catch (IllegalArgumentException e) {
        error(field, e.getMessage());
        return null;
      }
    }

    Double number(String field) {
      Object v = map.get(field);
      if (!(v instanceof Number n)
          || !(n.doubleValue() > 0)
          || Double.isInfinite(n.doubleValue())) {
        error(field, "must be a positive number, not " + describe(v));
        return null;
      }
      return n.doubleValue();
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type, E fallback) {
      Object v = map.get(field);
      if (v == null) {
        return fallback;
      }
      for (E c : type.getEnumConstants()) {
        if (c.name().equalsIgnoreCase(String.valueOf(v).strip())) {
          return c;
        }
      }
      error(field, describe(v) + " is not one of " + choices(type));
      return null;
    }

    TagPath path(String field) {
      String s = string(field, true);
      if (s == null) {
        return null;
      }
      try {
        return TagPath.of(s.strip());
      } catch (IllegalArgumentException e) {
        error(field, e.getMessage());
        return null;
      }
    }

    /** {@code N/duration}, e.g. {@code 6/1m}. */
    RateLimit rateLimit(String field) {
      Object v = map.get(field);
      if (v == null) {
        return null;
      }
      String bad = describe(v) + " is not a rate limit: write count/window, e.g. 6/1m or 1/10s";
      String s = String.valueOf(v).strip();
      int slash = s.indexOf('/');
      if (!(v instanceof String) || slash < 0) {
        error(field, bad);
        return null;
      }
      try {
        int max = Integer.parseInt(s.substring(0, slash).strip());
        return new RateLimit(max, Durations.parse(s.substring(slash + 1)));
      } catch (IllegalArgumentException e) {
        error(field, bad);
        return null;
      }
    }
  }
}
