package io.plantmesh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueConversionTest {

  private static Value conv(Object in, Value.Type t) {
    return ValueConversion.convert(ValueConversion.fromJava(in), t);
  }

  private static String refusal(Object in, Value.Type t) {
    return assertThrows(IllegalArgumentException.class, () -> conv(in, t)).getMessage();
  }

  @Test
  void integralNumbersConvertWhenTheyFit() {
    assertEquals(new Value.Int(42, Value.Type.INT16), conv(42, Value.Type.INT16));
    assertEquals(new Value.Int(3, Value.Type.INT32), conv(3.0, Value.Type.INT32));
    assertEquals(new Value.UInt(255, Value.Type.BYTE), conv(255, Value.Type.BYTE));
    assertEquals(new Value.Int(-7, Value.Type.SBYTE), conv("-7", Value.Type.SBYTE));
  }

  @Test
  void lossyNumericConversionsAreRefusedWithReason() {
    assertEquals(
        "cannot convert DOUBLE value '3.5' to INT32: has a fractional part",
        refusal(3.5, Value.Type.INT32));
    assertEquals(
        "cannot convert INT64 value '300' to BYTE: out of range [0, 255]",
        refusal(300, Value.Type.BYTE));
    assertEquals(
        "cannot convert INT64 value '-1' to UINT32: out of range [0, 4294967295]",
        refusal(-1, Value.Type.UINT32));
    assertEquals(
        "cannot convert INT64 value '40000' to INT16: out of range [-32768, 32767]",
        refusal(40000, Value.Type.INT16));
    assertEquals(
        "cannot convert STRING 'abc' to DOUBLE: not a number".replace("'abc'", "value 'abc'"),
        refusal("abc", Value.Type.DOUBLE));
    refusal(Double.NaN, Value.Type.INT64);
    refusal(1e300, Value.Type.FLOAT);
  }

  @Test
  void unsigned64KeepsAllBits() {
    BigInteger max = new BigInteger("18446744073709551615");
    Value v =
        ValueConversion.convert(ValueConversion.fromJava(new BigDecimal(max)), Value.Type.UINT64);
    // BigDecimal beyond long range becomes a double first; an exact path goes through strings.
    Value exact = ValueConversion.convert(new Value.Text(max.toString()), Value.Type.UINT64);
    assertEquals(max, exact.toJava());
    assertEquals(Value.Type.UINT64, v.type());
  }

  @Test
  void booleansOnlyFromUnambiguousInput() {
    assertEquals(Value.Bool.TRUE, conv(1, Value.Type.BOOLEAN));
    assertEquals(Value.Bool.FALSE, conv("false", Value.Type.BOOLEAN));
    assertEquals(
        "cannot convert INT64 value '2' to BOOLEAN: only 0 and 1 convert to a boolean",
        refusal(2, Value.Type.BOOLEAN));
    refusal("yes", Value.Type.BOOLEAN);
    assertEquals(new Value.Int(1, Value.Type.INT32), conv(true, Value.Type.INT32));
  }

  @Test
  void stringsDateTimesAndBytes() {
    assertEquals(new Value.Text("12.5"), conv(12.5, Value.Type.STRING));
    assertEquals(
        new Value.DateTime(Instant.parse("2026-01-31T12:00:00Z")),
        conv("2026-01-31T12:00:00Z", Value.Type.DATE_TIME));
    refusal("yesterday", Value.Type.DATE_TIME);
    assertEquals(
        new Value.Bytes(new byte[] {1, (byte) 0xff}), conv("01ff", Value.Type.BYTE_STRING));
    refusal("zz", Value.Type.BYTE_STRING);
    assertEquals(new Value.Float32(1.5f), conv(1.5, Value.Type.FLOAT));
  }

  @Test
  void arraysConvertElementWise() {
    Value.Array a =
        ValueConversion.convertArray(ValueConversion.fromJava(List.of(1, 2, 3)), Value.Type.DOUBLE);
    assertEquals(List.of(1.0, 2.0, 3.0), a.toJava());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ValueConversion.convertArray(
                ValueConversion.fromJava(List.of(1, 2.5)), Value.Type.INT32));
    assertThrows(
        IllegalArgumentException.class,
        () -> ValueConversion.convertArray(Value.of(1.0), Value.Type.DOUBLE));
  }

  @Test
  void valuesRefuseImpossibleConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new Value.Int(128, Value.Type.SBYTE));
    assertThrows(IllegalArgumentException.class, () -> new Value.Int(1, Value.Type.DOUBLE));
    assertThrows(IllegalArgumentException.class, () -> new Value.UInt(-1, Value.Type.UINT32));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Value.Array(Value.Type.DOUBLE, List.of(Value.of("x"))));
    assertThrows(
        IllegalArgumentException.class, () -> ValueConversion.fromJava(java.util.Map.of()));
  }

  @Test
  void bytesAreImmutable() {
    byte[] raw = {1, 2};
    Value.Bytes b = new Value.Bytes(raw);
    raw[0] = 9;
    b.value()[1] = 9;
    assertEquals("0102", b.toJava());
  }
}
