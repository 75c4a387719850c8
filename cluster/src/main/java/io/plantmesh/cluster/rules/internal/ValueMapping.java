package io.plantmesh.cluster.rules.internal;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelKind;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.math.BigDecimal;
import java.time.Duration;

/** Between core {@link Value}s and CEL values. */
public final class ValueMapping {
  private ValueMapping() {}

  /**
   * A reading's value as {@code tag()} gives it: numbers as double, bools, strings.
   *
   * @throws IllegalArgumentException when the value does not have the type the expression was
   *     checked against (the catalogue was wrong, or the tag changed type)
   */
  static Object toCel(TagPath path, Value v, CelKind declared) {
    Object out;
    if (v instanceof Value.Int i) {
      out = (double) i.value();
    } else if (v instanceof Value.UInt u) {
      out = u.doubleValue();
    } else if (v instanceof Value.Float32 f) {
      out = (double) f.value();
    } else if (v instanceof Value.Float64 d) {
      out = d.value();
    } else if (v instanceof Value.Bool b) {
      out = b.value();
    } else if (v instanceof Value.Text t) {
      out = t.value();
    } else {
      throw new IllegalArgumentException(
          "tag() reads numbers, booleans and strings; '" + path + "' has a " + v.type() + " value");
    }
    CelKind actual =
        out instanceof Double
            ? CelKind.DOUBLE
            : out instanceof Boolean ? CelKind.BOOL : CelKind.STRING;
    if (declared != CelKind.DYN && declared != actual) {
      throw new IllegalArgumentException(
          "'"
              + path
              + "' was checked as "
              + declared.name().toLowerCase(java.util.Locale.ROOT)
              + " but its value is a "
              + v.type());
    }
    return out;
  }

  /**
   * A write value computed by CEL as a core value; the source converts it to the tag's type.
   *
   * @throws IllegalArgumentException for results that are not a number, bool or string
   */
  public static Value toValue(Object cel) {
    if (cel instanceof Double d) {
      return new Value.Float64(d);
    }
    if (cel instanceof Long l) {
      return Value.Int.int64(l);
    }
    if (cel instanceof UnsignedLong u) {
      return new Value.UInt(u.longValue(), Value.Type.UINT64);
    }
    if (cel instanceof Boolean b) {
      return Value.of(b);
    }
    if (cel instanceof String s) {
      return new Value.Text(s);
    }
    throw new IllegalArgumentException(
        "a write value must be a number, bool or string, not " + describe(cel));
  }

  /** A CEL value as text in a message. */
  public static String format(Object cel) {
    if (cel instanceof Double d && Double.isFinite(d)) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (cel instanceof Duration d) {
      return Durations.format(d);
    }
    return String.valueOf(cel);
  }

  private static String describe(Object cel) {
    return cel == null ? "null" : cel.getClass().getSimpleName() + " " + cel;
  }
}
