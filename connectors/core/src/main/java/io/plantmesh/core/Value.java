package io.plantmesh.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tag's value, independent of the protocol that delivered it.
 *
 * <p>The variants cover what PLCs expose: booleans, signed and unsigned integers of each width,
 * floats and doubles, strings, byte strings, date-times, arrays of any of these, and structures as
 * ordered name→value maps. {@link Type} names each variant so that a value can be converted to the
 * type a server declares (see {@link ValueConversion}). All variants are immutable.
 */
public sealed interface Value
    permits Value.Bool,
        Value.Int,
        Value.UInt,
        Value.Float32,
        Value.Float64,
        Value.Text,
        Value.Bytes,
        Value.DateTime,
        Value.Array,
        Value.Struct,
        Value.Null {

  /** The scalar types, named after OPC UA's built-in types, plus the composites. */
  enum Type {
    BOOLEAN,
    SBYTE,
    INT16,
    INT32,
    INT64,
    BYTE,
    UINT16,
    UINT32,
    UINT64,
    FLOAT,
    DOUBLE,
    STRING,
    BYTE_STRING,
    DATE_TIME,
    ARRAY,
    STRUCT,
    NULL;

    /** Whether values of this type are numbers (integers or floating point). */
    public boolean isNumeric() {
      return switch (this) {
        case SBYTE, INT16, INT32, INT64, BYTE, UINT16, UINT32, UINT64, FLOAT, DOUBLE -> true;
        default -> false;
      };
    }
  }

  Type type();

  /** The value as a plain Java object, for JSON and for expressions. */
  Object toJava();

  /** A boolean. */
  record Bool(boolean value) implements Value {
    public static final Bool TRUE = new Bool(true);
    public static final Bool FALSE = new Bool(false);

    @Override
    public Type type() {
      return Type.BOOLEAN;
    }

    @Override
    public Object toJava() {
      return value;
    }
  }

  /** A signed integer of the width given by {@code type} (SBYTE, INT16, INT32 or INT64). */
  record Int(long value, Type type) implements Value {
    public Int {
      Objects.requireNonNull(type, "type");
      long min;
      long max;
      switch (type) {
        case SBYTE -> {
          min = Byte.MIN_VALUE;
          max = Byte.MAX_VALUE;
        }
        case INT16 -> {
          min = Short.MIN_VALUE;
          max = Short.MAX_VALUE;
        }
        case INT32 -> {
          min = Integer.MIN_VALUE;
          max = Integer.MAX_VALUE;
        }
        case INT64 -> {
          min = Long.MIN_VALUE;
          max = Long.MAX_VALUE;
        }
        default -> throw new IllegalArgumentException(type + " is not a signed integer type");
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException(value + " is out of range for " + type);
      }
    }

    public static Int int32(int v) {
      return new Int(v, Type.INT32);
    }

    public static Int int64(long v) {
      return new Int(v, Type.INT64);
    }

    @Override
    public Object toJava() {
      return value;
    }
  }

  /**
   * An unsigned integer of the width given by {@code type} (BYTE, UINT16, UINT32 or UINT64). The
   * bits are kept in a long; a UINT64 above {@link Long#MAX_VALUE} is stored as its two's
   * complement and read back through {@link #toJava()} as a {@link java.math.BigInteger}.
   */
  record UInt(long bits, Type type) implements Value {
    public UInt {
      Objects.requireNonNull(type, "type");
      long max =
          switch (type) {
            case BYTE -> 0xFFL;
            case UINT16 -> 0xFFFFL;
            case UINT32 -> 0xFFFF_FFFFL;
            case UINT64 -> -1L;
            default ->
                throw new IllegalArgumentException(type + " is not an unsigned integer type");
          };
      if (type != Type.UINT64 && (bits < 0 || bits > max)) {
        throw new IllegalArgumentException(bits + " is out of range for " + type);
      }
    }

    @Override
    public Object toJava() {
      return bits >= 0 ? (Object) bits : new java.math.BigInteger(Long.toUnsignedString(bits));
    }

    /** The value as a double (exact up to 2^53). */
    public double doubleValue() {
      return bits >= 0 ? bits : Double.parseDouble(Long.toUnsignedString(bits));
    }
  }

  /** A 32-bit float. */
  record Float32(float value) implements Value {
    @Override
    public Type type() {
      return Type.FLOAT;
    }

    @Override
    public Object toJava() {
      return value;
    }
  }

  /** A 64-bit double. */
  record Float64(double value) implements Value {
    @Override
    public Type type() {
      return Type.DOUBLE;
    }

    @Override
    public Object toJava() {
      return value;
    }
  }

  /** A string. */
  record Text(String value) implements Value {
    public Text {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Type type() {
      return Type.STRING;
    }

    @Override
    public Object toJava() {
      return value;
    }
  }

  /** A byte string; the array is copied in and out so the value stays immutable. */
  record Bytes(byte[] value) implements Value {
    public Bytes {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public Type type() {
      return Type.BYTE_STRING;
    }

    /** Hex, so that JSON shows the bytes without ambiguity. */
    @Override
    public Object toJava() {
      return HexFormat.of().formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Bytes[" + HexFormat.of().formatHex(value) + "]";
    }
  }

  /** A point in time (OPC UA DateTime, 100 ns resolution). */
  record DateTime(Instant value) implements Value {
    public DateTime {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Type type() {
      return Type.DATE_TIME;
    }

    @Override
    public Object toJava() {
      return value.toString();
    }
  }

  /** A one-dimensional array of values that all have {@code elementType}. */
  record Array(Type elementType, List<Value> elements) implements Value {
    public Array {
      Objects.requireNonNull(elementType, "elementType");
      elements = List.copyOf(elements);
      for (Value v : elements) {
        if (v.type() != elementType) {
          throw new IllegalArgumentException(
              "array of " + elementType + " cannot hold an element of type " + v.type());
        }
      }
    }

    @Override
    public Type type() {
      return Type.ARRAY;
    }

    @Override
    public Object toJava() {
      return elements.stream().map(Value::toJava).toList();
    }
  }

  /** A structure: fields in the order the server declares them. */
  record Struct(String typeName, Map<String, Value> fields) implements Value {
    public Struct {
      Objects.requireNonNull(typeName, "typeName");
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public Type type() {
      return Type.STRUCT;
    }

    @Override
    public Object toJava() {
      Map<String, Object> out = new LinkedHashMap<>();
      fields.forEach((k, v) -> out.put(k, v.toJava()));
      return out;
    }
  }

  /** No value: a BAD reading, or a server that reported a null variant. */
  record Null() implements Value {
    public static final Null INSTANCE = new Null();

    @Override
    public Type type() {
      return Type.NULL;
    }

    @Override
    public Object toJava() {
      return null;
    }
  }

  static Value of(boolean b) {
    return b ? Bool.TRUE : Bool.FALSE;
  }

  static Value of(double d) {
    return new Float64(d);
  }

  static Value of(long l) {
    return Int.int64(l);
  }

  static Value of(String s) {
    return new Text(s);
  }
}
