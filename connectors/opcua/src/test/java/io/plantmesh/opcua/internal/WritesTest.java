package io.plantmesh.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.plantmesh.core.Value;
import io.plantmesh.core.WriteRefusedException;
import java.time.Instant;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.junit.jupiter.api.Test;

/** Core values to what a node of a given built-in type takes. */
class WritesTest {
  private static Object scalar(OpcUaDataType t, Value v) {
    return Writes.prepare("a/b", new WriteType(t, false), v).variant().value();
  }

  private static String refusal(OpcUaDataType t, boolean array, Value v) {
    WriteRefusedException e =
        assertThrows(
            WriteRefusedException.class, () -> Writes.prepare("a/b", new WriteType(t, array), v));
    assertEquals(WriteRefusedException.Reason.TYPE_MISMATCH, e.reason());
    return e.getMessage();
  }

  @Test
  void scalarsBecomeMilosTypes() {
    assertEquals(true, scalar(OpcUaDataType.Boolean, Value.Int.int64(1)));
    assertEquals((byte) -3, scalar(OpcUaDataType.SByte, Value.Int.int64(-3)));
    assertEquals(UByte.valueOf(255), scalar(OpcUaDataType.Byte, Value.Int.int64(255)));
    assertEquals((short) 7, scalar(OpcUaDataType.Int16, new Value.Float64(7.0)));
    assertEquals(UShort.valueOf(9), scalar(OpcUaDataType.UInt16, new Value.Text("9")));
    assertEquals(42, scalar(OpcUaDataType.Int32, Value.Int.int64(42)));
    assertEquals(
        UInteger.valueOf(4_000_000_000L),
        scalar(OpcUaDataType.UInt32, Value.Int.int64(4_000_000_000L)));
    assertEquals(5L, scalar(OpcUaDataType.Int64, Value.Int.int32(5)));
    assertEquals(
        ULong.valueOf(-1L), scalar(OpcUaDataType.UInt64, new Value.Text("18446744073709551615")));
    assertEquals(0.5f, scalar(OpcUaDataType.Float, new Value.Float64(0.5)));
    assertEquals(3.0, scalar(OpcUaDataType.Double, Value.Int.int32(3)));
    assertEquals("12", scalar(OpcUaDataType.String, Value.Int.int32(12)));
    Instant t = Instant.parse("2026-01-31T12:00:00Z");
    assertEquals(new DateTime(t), scalar(OpcUaDataType.DateTime, new Value.Text(t.toString())));
    assertEquals(
        ByteString.of(new byte[] {1, (byte) 0xAB}),
        scalar(OpcUaDataType.ByteString, new Value.Text("01ab")));
    assertEquals(
        LocalizedText.english("hi"), scalar(OpcUaDataType.LocalizedText, new Value.Text("hi")));
    // BaseDataType keeps the value's own type.
    assertEquals(2.5, scalar(OpcUaDataType.Variant, new Value.Float64(2.5)));
  }

  @Test
  void arraysAreConvertedElementWise() {
    Value ints = new Value.Array(Value.Type.INT64, List.of(Value.Int.int64(1), Value.Int.int64(2)));
    Writes.Prepared p = Writes.prepare("a/b", new WriteType(OpcUaDataType.Double, true), ints);
    assertArrayEquals(new Double[] {1.0, 2.0}, (Double[]) p.variant().value());
    assertEquals(
        new Value.Array(Value.Type.DOUBLE, List.of(new Value.Float64(1), new Value.Float64(2))),
        p.value());
    assertEquals(
        "a/b: cannot convert an array to the scalar Double",
        refusal(OpcUaDataType.Double, false, ints));
    assertEquals(
        "a/b: cannot convert DOUBLE value '1.0' to an array of Double",
        refusal(OpcUaDataType.Double, true, new Value.Float64(1)));
  }

  @Test
  void lossyOrImpossibleConversionsAreRefused() {
    assertEquals(
        "a/b: cannot convert DOUBLE value '3.5' to INT32: has a fractional part",
        refusal(OpcUaDataType.Int32, false, new Value.Float64(3.5)));
    assertEquals(
        "a/b: cannot convert INT64 value '300' to BYTE: out of range [0, 255]",
        refusal(OpcUaDataType.Byte, false, Value.Int.int64(300)));
    assertEquals(
        "a/b: cannot write a null value", refusal(OpcUaDataType.Int32, false, Value.Null.INSTANCE));
    assertEquals(
        "a/b: writing values of type ExtensionObject is not supported",
        refusal(OpcUaDataType.ExtensionObject, false, Value.Int.int32(1)));
  }
}
