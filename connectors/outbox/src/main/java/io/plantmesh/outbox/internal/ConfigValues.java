package io.plantmesh.outbox.internal;

import io.plantmesh.outbox.FsyncPolicy;
import io.plantmesh.outbox.OutboxConfig;
import io.plantmesh.outbox.Priority;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses {@code outbox.*} properties into an {@link OutboxConfig}; errors name the key. */
public final class ConfigValues {
  private ConfigValues() {}

  public static OutboxConfig parse(Map<String, String> p) {
    String dir = p.get("outbox.dir");
    if (dir == null || dir.isBlank()) {
      throw new IllegalArgumentException("outbox.dir is required");
    }
    OutboxConfig d = OutboxConfig.of(Path.of(dir.trim()));
    return new OutboxConfig(
        d.dir(),
        size(p, "outbox.max-bytes", d.maxBytes()),
        size(p, "outbox.segment-bytes", d.segmentBytes()),
        fsync(p.get("outbox.fsync"), d.fsyncPolicy()),
        duration(p, "outbox.fsync-interval", d.fsyncInterval()),
        duration(p, "outbox.checkpoint-interval", d.checkpointInterval()),
        classes(p.get("outbox.evictable-classes"), d.evictable()));
  }

  static long size(Map<String, String> p, String key, long dflt) {
    String v = p.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    String s = v.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (s.endsWith("b")) {
      s = s.substring(0, s.length() - 1);
    }
    char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      s = s.substring(0, s.length() - 1).trim();
    }
    try {
      return Math.multiplyExact(Long.parseLong(s), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          key + " must be a size in bytes such as 1073741824, 512m or 1g, was '" + v + "'");
    }
  }

  static Duration duration(Map<String, String> p, String key, Duration dflt) {
    String v = p.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      long n = Long.parseLong(s.substring(0, s.length() - 1).trim());
      switch (s.charAt(s.length() - 1)) {
        case 's':
          return Duration.ofSeconds(n);
        case 'm':
          return Duration.ofMinutes(n);
        case 'h':
          return Duration.ofHours(n);
        default:
          break;
      }
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      // Falls through to the message below.
    }
    throw new IllegalArgumentException(
        key + " must be a duration such as 500ms, 1s, 5m or PT1S, was '" + v + "'");
  }

  static FsyncPolicy fsync(String v, FsyncPolicy dflt) {
    if (v == null || v.isBlank()) {
      return dflt;
    }
    for (FsyncPolicy f : FsyncPolicy.values()) {
      if (f.key().equalsIgnoreCase(v.trim()) || f.name().equalsIgnoreCase(v.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "outbox.fsync must be every-batch or interval, was '" + v + "'");
  }

  static Set<Priority> classes(String v, Set<Priority> dflt) {
    if (v == null) {
      return dflt;
    }
    EnumSet<Priority> out = EnumSet.noneOf(Priority.class);
    for (String part : v.split(",")) {
      String s = part.trim();
      if (s.isEmpty() || s.equalsIgnoreCase("none")) {
        continue;
      }
      try {
        out.add(Priority.valueOf(s.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "outbox.evictable-classes must list alarm, event, summary (or none), got '" + s + "'");
      }
    }
    return out;
  }
}
