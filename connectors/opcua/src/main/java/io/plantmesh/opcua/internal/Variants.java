package io.plantmesh.opcua.internal;

import io.plantmesh.core.Value;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.UaEnumeratedType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.DiagnosticInfo;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
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

/**
 * Converts Milo's Variant contents to core {@link Value}s. This runs once per reading, so the
 * common scalar types are tested first and nothing is allocated beyond the result.
 *
 * <p>Types core has no variant for become text (LocalizedText, QualifiedName, NodeId, Guid, XML) or
 * an unsigned 32-bit integer (StatusCode). A multi-dimensional Matrix is flattened. A structure is
 * decoded when Milo knows its codec, else it is kept as a struct holding the encoding id and the
 * raw body, so that nothing is dropped.
 */
public final class Variants {
  private Variants() {}

  /** The value of {@code v}, decoding structures with {@code context} (may be null). */
  public static Value toValue(Variant v, EncodingContext context) {
    return v == null ? Value.Null.INSTANCE : toValue(v.value(), context);
  }

  /** Converts one Variant content object (scalar, array, Matrix or structure). */
  public static Value toValue(Object o, EncodingContext context) {
    if (o == null) {
      return Value.Null.INSTANCE;
    }
    if (o instanceof Double d) {
      return new Value.Float64(d);
    }
    if (o instanceof Float f) {
      return new Value.Float32(f);
    }
    if (o instanceof Integer i) {
      return new Value.Int(i, Value.Type.INT32);
    }
    if (o instanceof Boolean b) {
      return b ? Value.Bool.TRUE : Value.Bool.FALSE;
    }
    if (o instanceof UInteger u) {
      return new Value.UInt(u.longValue(), Value.Type.UINT32);
    }
    if (o instanceof String s) {
      return new Value.Text(s);
    }
    if (o instanceof Long l) {
      return new Value.Int(l, Value.Type.INT64);
    }
    if (o instanceof Short s) {
      return new Value.Int(s, Value.Type.INT16);
    }
    if (o instanceof Byte b) {
      return new Value.Int(b, Value.Type.SBYTE);
    }
    if (o instanceof UShort u) {
      return new Value.UInt(u.intValue(), Value.Type.UINT16);
    }
    if (o instanceof UByte u) {
      return new Value.UInt(u.intValue(), Value.Type.BYTE);
    }
    if (o instanceof ULong u) {
      return new Value.UInt(u.longValue(), Value.Type.UINT64);
    }
    if (o instanceof DateTime t) {
      return new Value.DateTime(Timestamps.toInstant(t));
    }
    return toValueSlow(o, context);
  }

  private static Value toValueSlow(Object o, EncodingContext context) {
    if (o.getClass().isArray()) {
      return array(o, context);
    }
    if (o instanceof ByteString bs) {
      return bs.isNull() ? Value.Null.INSTANCE : new Value.Bytes(bs.bytes());
    }
    if (o instanceof LocalizedText lt) {
      return new Value.Text(lt.text() == null ? "" : lt.text());
    }
    if (o instanceof QualifiedName qn) {
      return new Value.Text(qn.toParseableString());
    }
    if (o instanceof NodeId id) {
      return new Value.Text(id.toParseableString());
    }
    if (o instanceof ExpandedNodeId id) {
      return new Value.Text(id.toParseableString());
    }
    if (o instanceof UUID u) {
      return new Value.Text(u.toString());
    }
    if (o instanceof XmlElement x) {
      return new Value.Text(x.fragment() == null ? "" : x.fragment());
    }
    if (o instanceof StatusCode sc) {
      return new Value.UInt(sc.value(), Value.Type.UINT32);
    }
    if (o instanceof ExtensionObject xo) {
      return Structs.decode(xo, context);
    }
    if (o instanceof UaEnumeratedType e) {
      return new Value.Int(e.getValue(), Value.Type.INT32);
    }
    if (o instanceof Matrix m) {
      Object flat = m.getElements();
      return flat == null ? Value.Null.INSTANCE : array(flat, context);
    }
    if (o instanceof Variant v) {
      return toValue(v.value(), context);
    }
    if (o instanceof DataValue dv) {
      return toValue(dv.value(), context);
    }
    if (o instanceof DiagnosticInfo d) {
      return new Value.Text(d.toString());
    }
    return Structs.fromObject(o, context);
  }

  private static Value array(Object array, EncodingContext context) {
    int n = Array.getLength(array);
    List<Value> out = new ArrayList<>(n);
    boolean uniform = true;
    Value.Type type = null;
    for (int i = 0; i < n; i++) {
      Value e = toValue(Array.get(array, i), context);
      if (e instanceof Value.Null) {
        e = emptyOf(array.getClass().getComponentType());
      }
      if (type == null) {
        type = e.type();
      } else if (type != e.type()) {
        uniform = false;
      }
      out.add(e);
    }
    if (type == null) {
      type = typeOf(array.getClass().getComponentType());
    }
    if (!uniform) {
      // Mixed element types (a Variant[] array): keep every element, as text.
      List<Value> texts = new ArrayList<>(n);
      for (Value e : out) {
        texts.add(new Value.Text(String.valueOf(e.toJava())));
      }
      return new Value.Array(Value.Type.STRING, texts);
    }
    return new Value.Array(type, out);
  }

  /** What a null element of an array of {@code component} stands for. */
  private static Value emptyOf(Class<?> component) {
    if (component == String.class || component == LocalizedText.class) {
      return new Value.Text("");
    }
    if (component == ByteString.class) {
      return new Value.Bytes(new byte[0]);
    }
    return Value.Null.INSTANCE;
  }

  /** The element type of an empty array, from its Java component class. */
  static Value.Type typeOf(Class<?> c) {
    if (c == Double.class || c == double.class) {
      return Value.Type.DOUBLE;
    }
    if (c == Float.class || c == float.class) {
      return Value.Type.FLOAT;
    }
    if (c == Integer.class || c == int.class) {
      return Value.Type.INT32;
    }
    if (c == Long.class || c == long.class) {
      return Value.Type.INT64;
    }
    if (c == Short.class || c == short.class) {
      return Value.Type.INT16;
    }
    if (c == Byte.class || c == byte.class) {
      return Value.Type.SBYTE;
    }
    if (c == Boolean.class || c == boolean.class) {
      return Value.Type.BOOLEAN;
    }
    if (c == UByte.class) {
      return Value.Type.BYTE;
    }
    if (c == UShort.class) {
      return Value.Type.UINT16;
    }
    if (c == UInteger.class || c == StatusCode.class) {
      return Value.Type.UINT32;
    }
    if (c == ULong.class) {
      return Value.Type.UINT64;
    }
    if (c == DateTime.class) {
      return Value.Type.DATE_TIME;
    }
    if (c == ByteString.class) {
      return Value.Type.BYTE_STRING;
    }
    if (c == ExtensionObject.class) {
      return Value.Type.STRUCT;
    }
    if (c == UUID.class
        || c == String.class
        || c == LocalizedText.class
        || c == QualifiedName.class
        || c == NodeId.class
        || c == ExpandedNodeId.class
        || c == XmlElement.class) {
      return Value.Type.STRING;
    }
    return Value.Type.NULL;
  }
}
