package io.plantmesh.kafka.summary;

import io.plantmesh.core.TagPath;
import io.plantmesh.kafka.summary.internal.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How readings are summarised: the window length of each group of tags, and how long a closed
 * window waits for late readings. Immutable and validated on construction; every message names the
 * configuration key ({@code summaries.groups[1].window}, say).
 *
 * <p>A tag belongs to exactly one group: the one with the longest prefix that contains it
 * (segment-wise), else the default. Windows are aligned to the clock (UTC, from the Unix epoch), so
 * a window length must divide a day evenly: 10 s windows start at :00, :10, :20...
 *
 * @param groups the tag groups; no two with the same prefix
 * @param defaultWindow the window of tags in no group ({@code summaries.default-window})
 * @param allowedLateness how long after its end a window still takes readings ({@code
 *     summaries.allowed-lateness}); later ones are counted and dropped
 * @param maxClockSkew how far ahead of the node's clock a reading's time may be ({@code
 *     summaries.max-clock-skew}); readings further ahead are counted and dropped, so a device with
 *     a wrong clock cannot hold windows open far into the future
 */
public record SummaryConfig(
    List<Group> groups, Duration defaultWindow, Duration allowedLateness, Duration maxClockSkew) {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofSeconds(2);
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(1);
  public static final Duration MIN_WINDOW = Duration.ofMillis(100);
  public static final Duration MAX_WINDOW = Duration.ofDays(1);

  /** Bounds lateness and skew: each adds open windows per tag, and so memory. */
  public static final Duration MAX_WAIT = Duration.ofHours(1);

  private static final Set<String> KEYS =
      Set.of("groups", "default-window", "allowed-lateness", "max-clock-skew");
  private static final Set<String> GROUP_KEYS = Set.of("prefix", "window");

  /**
   * A group of tags that share a window length.
   *
   * @param prefix the tags at or below this path
   * @param window the window length
   */
  public record Group(TagPath prefix, Duration window) {
    public Group {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(window, "window");
    }

    /** A group from text, as in a configuration file: {@code Group.of("plant1/line1", "10s")}. */
    public static Group of(String prefix, String window) {
      return new Group(TagPath.of(prefix), DurationText.parse("window", window));
    }
  }

  public SummaryConfig {
    if (groups == null) {
      throw new IllegalArgumentException("summaries.groups must not be null (use an empty list)");
    }
    groups = List.copyOf(groups);
    for (int i = 0; i < groups.size(); i++) {
      Group g = groups.get(i);
      checkWindow("summaries.groups[" + i + "].window", g.window());
      for (int j = 0; j < i; j++) {
        if (groups.get(j).prefix().equals(g.prefix())) {
          throw new IllegalArgumentException(
              "summaries.groups["
                  + i
                  + "].prefix: '"
                  + g.prefix()
                  + "' is already the prefix of summaries.groups["
                  + j
                  + "]; a tag belongs to one group");
        }
      }
    }
    checkWindow("summaries.default-window", defaultWindow);
    checkWait("summaries.allowed-lateness", allowedLateness);
    checkWait("summaries.max-clock-skew", maxClockSkew);
  }

  /** No groups, the defaults: 1 min windows, 2 s allowed lateness, 1 min clock skew. */
  public static SummaryConfig defaults() {
    return new SummaryConfig(
        List.of(), DEFAULT_WINDOW, DEFAULT_ALLOWED_LATENESS, DEFAULT_MAX_CLOCK_SKEW);
  }

  /** These settings with other groups. */
  public SummaryConfig withGroups(List<Group> newGroups) {
    return new SummaryConfig(newGroups, defaultWindow, allowedLateness, maxClockSkew);
  }

  /** These settings with another allowed lateness. */
  public SummaryConfig withAllowedLateness(Duration lateness) {
    return new SummaryConfig(groups, defaultWindow, lateness, maxClockSkew);
  }

  /** These settings with another maximum clock skew. */
  public SummaryConfig withMaxClockSkew(Duration skew) {
    return new SummaryConfig(groups, defaultWindow, allowedLateness, skew);
  }

  /**
   * Reads the {@code summaries} section of a configuration file, parsed into maps and lists (YAML,
   * JSON): {@code {groups: [{prefix: plant1/line1, window: 10s}], default-window: 1m,
   * allowed-lateness: 2s, max-clock-skew: 1m}}. Missing keys take the defaults; unknown keys are
   * refused.
   *
   * @throws IllegalArgumentException naming the key and the reason
   */
  public static SummaryConfig fromMap(Map<String, ?> section) {
    if (section == null) {
      return defaults();
    }
    for (String k : section.keySet()) {
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(
            "summaries." + k + " is not a known key; known: " + String.join(", ", sorted(KEYS)));
      }
    }
    List<Group> groups = new ArrayList<>();
    Object rawGroups = section.get("groups");
    if (rawGroups != null) {
      if (!(rawGroups instanceof List<?> list)) {
        throw new IllegalArgumentException("summaries.groups must be a list of {prefix, window}");
      }
      for (int i = 0; i < list.size(); i++) {
        groups.add(group("summaries.groups[" + i + "]", list.get(i)));
      }
    }
    return new SummaryConfig(
        groups,
        duration(section, "default-window", DEFAULT_WINDOW),
        duration(section, "allowed-lateness", DEFAULT_ALLOWED_LATENESS),
        duration(section, "max-clock-skew", DEFAULT_MAX_CLOCK_SKEW));
  }

  /** The window of {@code tag}: its group's (longest matching prefix), else the default. */
  public Duration windowOf(TagPath tag) {
    Group best = groupOf(tag);
    return best == null ? defaultWindow : best.window();
  }

  /** The group {@code tag} belongs to (longest matching prefix), or null for the default. */
  public Group groupOf(TagPath tag) {
    Group best = null;
    for (Group g : groups) {
      if (tag.startsWith(g.prefix())
          && (best == null || g.prefix().depth() > best.prefix().depth())) {
        best = g;
      }
    }
    return best;
  }

  private static Group group(String key, Object raw) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(key + " must be a map with prefix and window");
    }
    for (Object k : m.keySet()) {
      if (!GROUP_KEYS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(
            key + "." + k + " is not a known key; known: prefix, window");
      }
    }
    Object prefix = m.get("prefix");
    if (prefix == null) {
      throw new IllegalArgumentException(key + ".prefix is missing");
    }
    TagPath path;
    try {
      path = TagPath.of(String.valueOf(prefix));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ".prefix: " + e.getMessage(), e);
    }
    Object window = m.get("window");
    if (window == null) {
      throw new IllegalArgumentException(key + ".window is missing");
    }
    return new Group(path, DurationText.parse(key + ".window", window));
  }

  private static Duration duration(Map<String, ?> section, String key, Duration dflt) {
    Object v = section.get(key);
    return v == null ? dflt : DurationText.parse("summaries." + key, v);
  }

  private static void checkWindow(String key, Duration w) {
    if (w == null) {
      throw new IllegalArgumentException(key + " must be set");
    }
    if (w.compareTo(MIN_WINDOW) < 0 || w.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(
          key + ": " + w + " is out of range; a window is between 100ms and 1d");
    }
    if (w.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(key + ": " + w + " is not a whole number of milliseconds");
    }
    if (MAX_WINDOW.toMillis() % w.toMillis() != 0) {
      throw new IllegalArgumentException(
          key
              + ": "
              + DurationText.format(w)
              + " does not divide a day evenly; windows are aligned to UTC midnight"
              + " (use e.g. 1s, 5s, 10s, 15s, 30s, 1m, 5m, 15m, 1h)");
    }
  }

  private static void checkWait(String key, Duration d) {
    if (d == null) {
      throw new IllegalArgumentException(key + " must be set");
    }
    if (d.isNegative() || d.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(key + ": " + d + " is out of range; between 0s and 1h");
    }
    if (d.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(key + ": " + d + " is not a whole number of milliseconds");
    }
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
