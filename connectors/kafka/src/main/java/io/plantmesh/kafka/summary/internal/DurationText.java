package io.plantmesh.kafka.summary.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as configuration files write them: {@code 500ms}, {@code 10s}, {@code 1m}. */
public final class DurationText {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private DurationText() {}

  /**
   * Parses {@code text} given for {@code key}: a whole number with a unit ({@code ms s m h d}), or
   * ISO-8601 ({@code PT10S}).
   *
   * @throws IllegalArgumentException naming the key and the text
   */
  public static Duration parse(String key, Object text) {
    if (text instanceof Duration d) {
      return d;
    }
    if (!(text instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' is not a duration (write e.g. 500ms, 10s, 1m, 1h or PT10S)");
    }
    String t = s.trim();
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + ": '" + t + "' is not a duration (write e.g. 500ms, 10s, 1m, 1h or PT10S)", e);
    }
  }

  /** A short form for messages and ids: {@code 10s}, {@code 1m}, {@code 250ms}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
