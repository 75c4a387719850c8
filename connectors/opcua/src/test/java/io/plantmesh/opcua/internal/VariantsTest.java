package io.plantmesh.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.encoding.DefaultEncodingContext;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Matrix;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.XmlElement;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.junit.jupiter.api.Test;

/** Milo Variant contents to core Values, for every built-in type. */
class VariantsTest {
  private static final EncodingContext CTX = DefaultEncodingContext.INSTANCE;

  private static Value v(Object o) {
    return Variants.toValue(new Variant(o), CTX);
  }

  @Test
  void scalars() {
    assertEquals(Value.Bool.TRUE, v(true));
    assertEquals(new Value.Int(-5, Value.Type.SBYTE), v((byte) -5));
    assertEquals(new Value.UInt(200, Value.Type.BYTE), v(UByte.valueOf(200)));
    assertEquals(new Value.Int(-300, Value.Type.INT16), v((short) -300));
    assertEquals(new Value.UInt(65535, Value.Type.UINT16), v(UShort.valueOf(65535)));
    assertEquals(Value.Int.int32(-7), v(-7));
    assertEquals(
        new Value.UInt(4_000_000_000L, Value.Type.UINT32), v(UInteger.valueOf(4_000_000_000L)));
    assertEquals(Value.Int.int64(Long.MIN_VALUE), v(Long.MIN_VALUE));
    Value u64 = v(ULong.valueOf("18446744073709551615"));
    assertEquals(new Value.UInt(-1L, Value.Type.UINT64), u64);
    assertEquals(new java.math.BigInteger("18446744073709551615"), u64.toJava());
    assertEquals(new Value.Float32(1.5f), v(1.5f));
    assertEquals(new Value.Float64(2.25), v(2.25));
    assertEquals(new Value.Text("x"), v("x"));
    assertEquals(Value.Null.INSTANCE, v(null));
    assertEquals(Value.Null.INSTANCE, Variants.toValue((Variant) null, CTX));
  }

  @Test
  void timesBytesAndTextLikeTypes() {
    Instant t = Instant.parse("2026-03-01T12:34:56.789012300Z");
    assertEquals(new Value.DateTime(t), v(new DateTime(t)));
    assertEquals(t, Timestamps.toInstantOrNull(new DateTime(t)));
    assertNull(Timestamps.toInstantOrNull(DateTime.NULL_VALUE));
    assertEquals(
        new Value.DateTime(Instant.parse("1601-01-01T00:00:00.0000001Z")), v(new DateTime(1L)));
    assertEquals(new Value.Bytes(new byte[] {1, 2, 3}), v(ByteString.of(new byte[] {1, 2, 3})));
    assertEquals(Value.Null.INSTANCE, v(ByteString.NULL_VALUE));
    assertEquals(new Value.Text("hello"), v(LocalizedText.english("hello")));
    assertEquals(new Value.Text("2:Plant"), v(new QualifiedName(2, "Plant")));
    assertEquals(new Value.Text("ns=2;s=A"), v(NodeId.parse("ns=2;s=A")));
    UUID g = UUID.randomUUID();
    assertEquals(new Value.Text(g.toString()), v(g));
    assertEquals(new Value.Text("<a/>"), v(XmlElement.of("<a/>")));
    assertEquals(new Value.UInt(0x80340000L, Value.Type.UINT32), v(new StatusCode(0x80340000L)));
    assertEquals(Value.Int.int32(2), v(NodeClass.Variable));
  }

  @Test
  void arrays() {
    assertEquals(
        new Value.Array(Value.Type.DOUBLE, List.of(new Value.Float64(1), new Value.Float64(2))),
        v(new Double[] {1.0, 2.0}));
    assertEquals(
        new Value.Array(
            Value.Type.UINT16,
            List.of(new Value.UInt(1, Value.Type.UINT16), new Value.UInt(2, Value.Type.UINT16))),
        v(new UShort[] {UShort.valueOf(1), UShort.valueOf(2)}));
    assertEquals(new Value.Array(Value.Type.INT32, List.of()), v(new Integer[0]));
    assertEquals(
        new Value.Array(Value.Type.STRING, List.of(new Value.Text("a"), new Value.Text(""))),
        v(new String[] {"a", null}));
    assertEquals(
        new Value.Array(Value.Type.BOOLEAN, List.of(Value.Bool.TRUE, Value.Bool.FALSE)),
        v(new boolean[] {true, false}));
    // A Matrix (multi-dimensional array) is flattened.
    Value m = v(new Matrix(new Integer[][] {{1, 2}, {3, 4}}));
    assertEquals(4, ((Value.Array) m).elements().size());
    assertEquals(Value.Type.INT32, ((Value.Array) m).elementType());
    // Mixed types (a Variant[]) keep every element, as text.
    Value mixed = v(new Variant[] {new Variant(1), new Variant("x")});
    assertEquals(
        new Value.Array(Value.Type.STRING, List.of(new Value.Text("1"), new Value.Text("x"))),
        mixed);
  }

  @Test
  void structuresAreDecodedWhenMiloKnowsThem() {
    EUInformation eu =
        new EUInformation(
            "http://www.opcfoundation.org/UA/units/un/cefact",
            4408652,
            LocalizedText.english("°C"),
            LocalizedText.english("degree Celsius"));
    Value s = v(ExtensionObject.encode(CTX, eu));
    Value.Struct struct = assertInstanceOf(Value.Struct.class, s);
    assertEquals("EUInformation", struct.typeName());
    assertEquals(
        List.of("namespaceUri", "unitId", "displayName", "description"),
        List.copyOf(struct.fields().keySet()));
    assertEquals(new Value.Text("°C"), struct.fields().get("displayName"));
    assertEquals(Value.Int.int32(4408652), struct.fields().get("unitId"));

    Value range = v(new ExtensionObject[] {ExtensionObject.encode(CTX, new Range(0.0, 100.0))});
    Value.Struct r = (Value.Struct) ((Value.Array) range).elements().get(0);
    assertEquals(Map.of("low", new Value.Float64(0), "high", new Value.Float64(100)), r.fields());
  }

  @Test
  void anUnknownStructureIsKeptRaw() {
    ExtensionObject xo =
        ExtensionObject.of(ByteString.of(new byte[] {9, 8, 7}), NodeId.parse("ns=5;i=5001"));
    Value.Struct s = assertInstanceOf(Value.Struct.class, v(xo));
    assertEquals("ExtensionObject[ns=5;i=5001]", s.typeName());
    assertEquals(new Value.Text("ns=5;i=5001"), s.fields().get("encodingId"));
    assertEquals(new Value.Bytes(new byte[] {9, 8, 7}), s.fields().get("body"));
    // Without any context the raw form is kept too.
    EUInformation eu = new EUInformation(null, 1, LocalizedText.english("m"), null);
    Value.Struct raw =
        assertInstanceOf(
            Value.Struct.class,
            Variants.toValue(new Variant(ExtensionObject.encode(CTX, eu)), null));
    assertEquals("ExtensionObject[i=889]", raw.typeName());
  }
}
