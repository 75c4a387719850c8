package io.plantmesh.opcua.internal;

import io.plantmesh.core.Value;
import io.plantmesh.core.ValueConversion;
import io.plantmesh.core.WriteRefusedException;
import java.lang.reflect.Array;
import java.util.List;
import java.util.UUID;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.core.typetree.DataTypeTree;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * Converts a core {@link Value} to what a node's Value attribute takes: its DataType's built-in
 * type, element-wise for arrays, refusing anything lossy (core {@link ValueConversion} rules).
 */
final class Writes {
  private Writes() {}

  /** A value ready to send: the Variant, and the converted core value to report back. */
  record Prepared(Variant variant, Value value) {}

  /** The built-in type behind a DataType, resolved once per tag and kept in its binding. */
  static WriteType writeType(TagBinding b, OpcUaClient client) throws UaException {
    WriteType t = b.writeType;
    if (t != null) {
      return t;
    }
    OpcUaDataType builtin = builtinOf(b.dataTypeId(), client);
    t = new WriteType(builtin, b.valueRank >= 0);
    b.writeType = t;
    return t;
  }

  private static OpcUaDataType builtinOf(NodeId type, OpcUaClient client) throws UaException {
    if (type == null) {
      return OpcUaDataType.Variant;
    }
    if (OpcUaDataType.isBuiltin(type)) {
      return OpcUaDataType.fromNodeId(type);
    }
    if (type.getNamespaceIndex().intValue() == 0 && type.getIdentifier() instanceof UInteger id) {
      switch (id.intValue()) {
        case 290: // Duration
          return OpcUaDataType.Double;
        case 294: // UtcTime
          return OpcUaDataType.DateTime;
        case 295: // LocaleId
          return OpcUaDataType.String;
        default:
          break;
      }
    }
    DataTypeTree tree = client.getDataTypeTree();
    if (tree.isEnumType(type)) {
      return OpcUaDataType.Int32;
    }
    return tree.getBuiltinType(type);
  }

  /**
   * Converts {@code v} for a tag of type {@code t}.
   *
   * @throws WriteRefusedException TYPE_MISMATCH naming the tag, the value and the reason
   */
  static Prepared prepare(String tag, WriteType t, Value v) {
    if (v instanceof Value.Null) {
      throw mismatch(tag, "cannot write a null value");
    }
    try {
      if (v instanceof Value.Array a) {
        if (!t.array() && t.builtin() != OpcUaDataType.Variant) {
          throw mismatch(tag, "cannot convert an array to the scalar " + t.builtin());
        }
        Value.Type target = coreType(tag, t.builtin(), a.elementType());
        Value.Array converted = ValueConversion.convertArray(a, target);
        Class<?> cls = backingClass(target);
        Object arr = Array.newInstance(cls, converted.elements().size());
        List<Value> els = converted.elements();
        for (int i = 0; i < els.size(); i++) {
          Array.set(arr, i, toMilo(els.get(i)));
        }
        return new Prepared(new Variant(arr), converted);
      }
      if (t.array()) {
        throw mismatch(
            tag,
            "cannot convert "
                + v.type()
                + " value '"
                + v.toJava()
                + "' to an array of "
                + t.builtin());
      }
      if (t.builtin() == OpcUaDataType.LocalizedText) {
        Value text = ValueConversion.convert(v, Value.Type.STRING);
        return new Prepared(new Variant(LocalizedText.english(((Value.Text) text).value())), text);
      }
      if (t.builtin() == OpcUaDataType.Guid) {
        Value text = ValueConversion.convert(v, Value.Type.STRING);
        return new Prepared(new Variant(UUID.fromString(((Value.Text) text).value())), text);
      }
      Value converted = ValueConversion.convert(v, coreType(tag, t.builtin(), v.type()));
      return new Prepared(new Variant(toMilo(converted)), converted);
    } catch (WriteRefusedException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw mismatch(tag, e.getMessage());
    }
  }

  /** The core type a write sends for a built-in type; a Variant keeps the value's own type. */
  private static Value.Type coreType(String tag, OpcUaDataType t, Value.Type own) {
    return switch (t) {
      case Boolean -> Value.Type.BOOLEAN;
      case SByte -> Value.Type.SBYTE;
      case Byte -> Value.Type.BYTE;
      case Int16 -> Value.Type.INT16;
      case UInt16 -> Value.Type.UINT16;
      case Int32 -> Value.Type.INT32;
      case UInt32 -> Value.Type.UINT32;
      case Int64 -> Value.Type.INT64;
      case UInt64 -> Value.Type.UINT64;
      case Float -> Value.Type.FLOAT;
      case Double -> Value.Type.DOUBLE;
      case String -> Value.Type.STRING;
      case DateTime -> Value.Type.DATE_TIME;
      case ByteString -> Value.Type.BYTE_STRING;
      case Variant -> {
        if (own == Value.Type.STRUCT || own == Value.Type.ARRAY || own == Value.Type.NULL) {
          throw mismatch(tag, "cannot write a " + own + " value to a node of type BaseDataType");
        }
        yield own;
      }
      default -> throw mismatch(tag, "writing values of type " + t + " is not supported");
    };
  }

  private static Class<?> backingClass(Value.Type t) {
    return switch (t) {
      case BOOLEAN -> Boolean.class;
      case SBYTE -> Byte.class;
      case BYTE -> UByte.class;
      case INT16 -> Short.class;
      case UINT16 -> UShort.class;
      case INT32 -> Integer.class;
      case UINT32 -> UInteger.class;
      case INT64 -> Long.class;
      case UINT64 -> ULong.class;
      case FLOAT -> Float.class;
      case DOUBLE -> Double.class;
      case STRING -> String.class;
      case DATE_TIME -> DateTime.class;
      case BYTE_STRING -> ByteString.class;
      default -> Object.class;
    };
  }

  /** A converted scalar core value as Milo's Java type for it. */
  static Object toMilo(Value v) {
    if (v instanceof Value.Bool b) {
      return b.value();
    }
    if (v instanceof Value.Int i) {
      return switch (i.type()) {
        case SBYTE -> (byte) i.value();
        case INT16 -> (short) i.value();
        case INT32 -> (int) i.value();
        default -> i.value();
      };
    }
    if (v instanceof Value.UInt u) {
      return switch (u.type()) {
        case BYTE -> UByte.valueOf(u.bits());
        case UINT16 -> UShort.valueOf((int) u.bits());
        case UINT32 -> UInteger.valueOf(u.bits());
        default -> ULong.valueOf(u.bits());
      };
    }
    if (v instanceof Value.Float32 f) {
      return f.value();
    }
    if (v instanceof Value.Float64 d) {
      return d.value();
    }
    if (v instanceof Value.Text t) {
      return t.value();
    }
    if (v instanceof Value.DateTime t) {
      return new DateTime(t.value());
    }
    if (v instanceof Value.Bytes b) {
      return ByteString.of(b.value());
    }
    throw new IllegalArgumentException("cannot write a " + v.type() + " value");
  }

  private static WriteRefusedException mismatch(String tag, String reason) {
    return new WriteRefusedException(
        WriteRefusedException.Reason.TYPE_MISMATCH, tag + ": " + reason);
  }
}
