package io.plantmesh.kafka.summary.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.kafka.summary.Summary;
import io.plantmesh.kafka.summary.Summary.Kind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Reads the JSON that {@code SummaryJson} writes back into a {@link Summary}. */
public final class SummaryReader {
  private SummaryReader() {}

  /**
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static Summary read(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("a summary must be a JSON object");
    }
    JsonNode q = object(n, "quality");
    JsonNode num = n.get("numeric");
    JsonNode st = n.get("states");
    try {
      return new Summary(
          text(n, "id"),
          TagPath.of(text(n, "tag")),
          instant(n, "windowStart"),
          instant(n, "windowEnd"),
          bool(n, "partial"),
          instant(n, "coveredFrom"),
          instant(n, "coveredTo"),
          kind(n),
          count(n, "count"),
          new Summary.QualityCounts(count(q, "good"), count(q, "uncertain"), count(q, "bad")),
          count(n, "outOfOrder"),
          count(n, "excluded"),
          sample(n, "initial"),
          sample(n, "first"),
          sample(n, "last"),
          num == null || num.isNull() ? null : numeric(num),
          st == null || st.isNull() ? null : states(st));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("summary '" + n.path("id").asText() + "': " + e, e);
    }
  }

  private static Kind kind(JsonNode n) {
    String k = text(n, "kind");
    try {
      return Kind.valueOf(k.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("kind: '" + k + "' is not a summary kind", e);
    }
  }

  private static Summary.NumericStats numeric(JsonNode n) {
    return new Summary.NumericStats(
        count(n, "samples"),
        dbl(n, "min"),
        optInstant(n, "minTime"),
        dbl(n, "max"),
        optInstant(n, "maxTime"),
        dbl(n, "mean"),
        dbl(n, "stddev"),
        dbl(n, "timeWeightedMean"),
        millis(n, "heldMs"));
  }

  private static Summary.StateStats states(JsonNode n) {
    Map<String, Duration> time = new HashMap<>();
    JsonNode t = object(n, "timeInStateMs");
    Iterator<String> names = t.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      time.put(name, millis(t, name));
    }
    return new Summary.StateStats(
        count(n, "changes"), time, millis(n, "timeInOtherStatesMs"), millis(n, "heldMs"));
  }

  private static Summary.Sample sample(JsonNode n, String field) {
    JsonNode s = n.get(field);
    if (s == null || s.isNull()) {
      return null;
    }
    JsonNode q = object(s, "quality");
    Quality quality =
        new Quality(
            Quality.Severity.valueOf(text(q, "severity")),
            count(q, "statusCode"),
            text(q, "symbolicName"));
    return new Summary.Sample(instant(s, "time"), value(s), quality);
  }

  private static Value value(JsonNode s) {
    Value.Type type = Value.Type.valueOf(text(s, "type"));
    JsonNode v = s.get("value");
    if (v == null) {
      throw new IllegalArgumentException("value is missing");
    }
    return switch (type) {
      case BOOLEAN -> Value.of(v.booleanValue());
      case SBYTE, INT16, INT32, INT64 -> new Value.Int(v.longValue(), type);
      case BYTE, UINT16, UINT32 -> new Value.UInt(v.longValue(), type);
      case UINT64 -> new Value.UInt(v.bigIntegerValue().longValue(), type);
      case FLOAT -> new Value.Float32(Float.parseFloat(numberText(v)));
      case DOUBLE -> new Value.Float64(Double.parseDouble(numberText(v)));
      case STRING -> new Value.Text(v.textValue());
      case NULL -> Value.Null.INSTANCE;
      default -> throw new IllegalArgumentException(type + " values are not summarised");
    };
  }

  /** The exact text of a number (BigDecimal, no binary rounding), or a non-finite's name. */
  private static String numberText(JsonNode v) {
    return v.isTextual() ? v.textValue() : v.decimalValue().toString();
  }

  private static Double dbl(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : Double.parseDouble(numberText(v));
  }

  private static Duration millis(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(field + " must be a number of milliseconds");
    }
    BigDecimal micros = v.decimalValue().movePointRight(3);
    return Micros.duration(micros.longValueExact());
  }

  private static JsonNode object(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException(field + " must be an object");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return v.textValue();
  }

  private static boolean bool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true or false");
    }
    return v.booleanValue();
  }

  private static long count(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be an integer");
    }
    return v.longValue();
  }

  private static Instant instant(JsonNode n, String field) {
    Instant t = optInstant(n, field);
    if (t == null) {
      throw new IllegalArgumentException(field + " must be a date-time");
    }
    return t;
  }

  private static Instant optInstant(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      return Instant.parse(v.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": '" + v.asText() + "' is not a date-time", e);
    }
  }
}
