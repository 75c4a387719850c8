package io.plantmesh.cluster.rules.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in rule configuration: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException saying what a duration looks like
   */
  public static Duration parse(String text) {
    String v = text.strip();
    Matcher m = SHORT.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (e.g. 500ms, 10s, 2m, 1h or PT10S)");
    }
  }

  /** Seconds with up to millisecond precision, e.g. {@code 12.5s}; what people read in messages. */
  public static String format(Duration d) {
    BigDecimal s = BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros();
    return s.toPlainString() + "s";
  }
}
