package io.plantmesh.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Converts values to the type a device declares, refusing anything lossy.
 *
 * <p>Rules: numbers convert between numeric types when the value fits exactly (3.0 to INT32 yes,
 * 3.5 no, 300 to BYTE no); strings convert to numbers, booleans and date-times when they parse;
 * booleans convert to and from 0/1 only; anything converts to STRING. A refusal throws {@link
 * IllegalArgumentException} whose message names the value, its type, the target and the reason.
 */
public final class ValueConversion {
  private ValueConversion() {}

  /** Converts {@code v} to {@code target} (a scalar type), or throws explaining why not. */
  public static Value convert(Value v, Value.Type target) {
    if (v.type() == target) {
      return v;
    }
    try {
      return switch (target) {
        case BOOLEAN -> toBool(v);
        case SBYTE, INT16, INT32, INT64 -> new Value.Int(toExactLong(v, target), target);
        case BYTE, UINT16, UINT32, UINT64 -> toUnsigned(v, target);
        case FLOAT -> toFloat(v);
        case DOUBLE -> new Value.Float64(toDouble(v));
        case STRING -> new Value.Text(String.valueOf(v.toJava()));
        case BYTE_STRING -> toBytes(v);
        case DATE_TIME -> toDateTime(v);
        case ARRAY, STRUCT, NULL ->
            throw new IllegalArgumentException("conversion to " + target + " is not supported");
      };
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw refused(v, target, e.getMessage());
    }
  }

  /** Converts every element of an array to {@code elementType}. */
  public static Value.Array convertArray(Value v, Value.Type elementType) {
    if (!(v instanceof Value.Array a)) {
      throw refused(v, elementType, "the tag holds an array of " + elementType);
    }
    List<Value> out = new ArrayList<>(a.elements().size());
    for (Value e : a.elements()) {
      out.add(convert(e, elementType));
    }
    return new Value.Array(elementType, out);
  }

  /**
   * A value from a JSON-like Java object (Boolean, Number, String, List): what a REST request
   * carries before the target type is known. Integers become INT64, other numbers DOUBLE.
   */
  public static Value fromJava(Object o) {
    if (o == null) {
      return Value.Null.INSTANCE;
    }
    if (o instanceof Value v) {
      return v;
    }
    if (o instanceof Boolean b) {
      return Value.of(b);
    }
    if (o instanceof Byte || o instanceof Short || o instanceof Integer || o instanceof Long) {
      return Value.Int.int64(((Number) o).longValue());
    }
    if (o instanceof BigInteger bi) {
      return fromBigInteger(bi);
    }
    if (o instanceof BigDecimal bd) {
      try {
        return fromBigInteger(bd.toBigIntegerExact());
      } catch (ArithmeticException e) {
        return new Value.Float64(bd.doubleValue());
      }
    }
    if (o instanceof Number n) {
      return new Value.Float64(n.doubleValue());
    }
    if (o instanceof String s) {
      return new Value.Text(s);
    }
    if (o instanceof List<?> list) {
      List<Value> elements = new ArrayList<>(list.size());
      for (Object e : list) {
        elements.add(fromJava(e));
      }
      Value.Type t = elements.isEmpty() ? Value.Type.NULL : elements.get(0).type();
      return new Value.Array(t, elements);
    }
    if (o instanceof Map<?, ?>) {
      throw new IllegalArgumentException("structures cannot be written from JSON objects");
    }
    throw new IllegalArgumentException(
        "unsupported value of class " + o.getClass().getSimpleName());
  }

  /** Exact for everything that fits INT64 or UINT64, so large unsigned counters survive JSON. */
  private static Value fromBigInteger(BigInteger bi) {
    if (bi.bitLength() < 64) {
      return Value.Int.int64(bi.longValue());
    }
    if (bi.signum() > 0 && bi.bitLength() == 64) {
      return new Value.UInt(bi.longValue(), Value.Type.UINT64);
    }
    return new Value.Float64(bi.doubleValue());
  }

  private static Value toBool(Value v) {
    if (v instanceof Value.Text t) {
      String s = t.value().strip().toLowerCase(java.util.Locale.ROOT);
      if (s.equals("true") || s.equals("1")) {
        return Value.Bool.TRUE;
      }
      if (s.equals("false") || s.equals("0")) {
        return Value.Bool.FALSE;
      }
      throw refused(v, Value.Type.BOOLEAN, "expected true, false, 1 or 0");
    }
    if (v.type().isNumeric()) {
      double d = toDouble(v);
      if (d == 0) {
        return Value.Bool.FALSE;
      }
      if (d == 1) {
        return Value.Bool.TRUE;
      }
      throw refused(v, Value.Type.BOOLEAN, "only 0 and 1 convert to a boolean");
    }
    throw refused(v, Value.Type.BOOLEAN, "not a boolean");
  }

  private static BigDecimal toDecimal(Value v, Value.Type target) {
    if (v instanceof Value.Int i) {
      return BigDecimal.valueOf(i.value());
    }
    if (v instanceof Value.UInt u) {
      return new BigDecimal(Long.toUnsignedString(u.bits()));
    }
    if (v instanceof Value.Float32 f) {
      checkFinite(v, f.value(), target);
      return new BigDecimal(Float.toString(f.value()));
    }
    if (v instanceof Value.Float64 d) {
      checkFinite(v, d.value(), target);
      return BigDecimal.valueOf(d.value());
    }
    if (v instanceof Value.Bool b) {
      return b.value() ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (v instanceof Value.Text t) {
      try {
        return new BigDecimal(t.value().strip());
      } catch (NumberFormatException e) {
        throw refused(v, target, "not a number");
      }
    }
    throw refused(v, target, "not a number");
  }

  private static void checkFinite(Value v, double d, Value.Type target) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw refused(v, target, "not a finite number");
    }
  }

  private static long toExactLong(Value v, Value.Type target) {
    BigDecimal d = toDecimal(v, target);
    BigInteger i;
    try {
      i = d.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw refused(v, target, "has a fractional part");
    }
    BigInteger min;
    BigInteger max;
    switch (target) {
      case SBYTE -> {
        min = BigInteger.valueOf(Byte.MIN_VALUE);
        max = BigInteger.valueOf(Byte.MAX_VALUE);
      }
      case INT16 -> {
        min = BigInteger.valueOf(Short.MIN_VALUE);
        max = BigInteger.valueOf(Short.MAX_VALUE);
      }
      case INT32 -> {
        min = BigInteger.valueOf(Integer.MIN_VALUE);
        max = BigInteger.valueOf(Integer.MAX_VALUE);
      }
      default -> {
        min = BigInteger.valueOf(Long.MIN_VALUE);
        max = BigInteger.valueOf(Long.MAX_VALUE);
      }
    }
    if (i.compareTo(min) < 0 || i.compareTo(max) > 0) {
      throw refused(v, target, "out of range [" + min + ", " + max + "]");
    }
    return i.longValue();
  }

  private static Value toUnsigned(Value v, Value.Type target) {
    BigDecimal d = toDecimal(v, target);
    BigInteger i;
    try {
      i = d.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw refused(v, target, "has a fractional part");
    }
    int bits =
        switch (target) {
          case BYTE -> 8;
          case UINT16 -> 16;
          case UINT32 -> 32;
          default -> 64;
        };
    BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    if (i.signum() < 0 || i.compareTo(max) > 0) {
      throw refused(v, target, "out of range [0, " + max + "]");
    }
    return new Value.UInt(i.longValue(), target);
  }

  private static Value toFloat(Value v) {
    double d = toDouble(v);
    float f = (float) d;
    if (Double.isFinite(d) && Float.isInfinite(f)) {
      throw refused(v, Value.Type.FLOAT, "out of range for a 32-bit float");
    }
    return new Value.Float32(f);
  }

  private static double toDouble(Value v) {
    if (v instanceof Value.Float64 d) {
      return d.value();
    }
    if (v instanceof Value.Float32 f) {
      return f.value();
    }
    return toDecimal(v, Value.Type.DOUBLE).doubleValue();
  }

  private static Value toBytes(Value v) {
    if (v instanceof Value.Text t) {
      try {
        return new Value.Bytes(HexFormat.of().parseHex(t.value().strip()));
      } catch (IllegalArgumentException e) {
        throw refused(v, Value.Type.BYTE_STRING, "expected hex digits");
      }
    }
    throw refused(v, Value.Type.BYTE_STRING, "expected a hex string");
  }

  private static Value toDateTime(Value v) {
    if (v instanceof Value.Text t) {
      return new Value.DateTime(Instant.parse(t.value().strip()));
    }
    throw refused(
        v, Value.Type.DATE_TIME, "expected an ISO-8601 instant such as 2026-01-31T12:00:00Z");
  }

  private static IllegalArgumentException refused(Value v, Value.Type target, String reason) {
    String shown = String.valueOf(v.toJava());
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return new IllegalArgumentException(
        "cannot convert " + v.type() + " value '" + shown + "' to " + target + ": " + reason);
  }
}
