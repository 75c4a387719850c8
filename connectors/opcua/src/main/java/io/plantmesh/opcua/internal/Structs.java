package io.plantmesh.opcua.internal;

import io.plantmesh.core.Value;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.core.types.DynamicStructType;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.UaStructuredType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.XmlElement;

/**
 * Structures (ExtensionObjects) to {@link Value.Struct}. Milo decodes a structure either into a
 * generated class (the standard types: Range, EUInformation, …) or, for server-specific types, into
 * a {@link DynamicStructType}; both become a struct with the members in declaration order. A body
 * Milo cannot decode is kept as a struct named after its encoding id with the raw body.
 */
final class Structs {
  private static final ClassValue<List<Member>> MEMBERS =
      new ClassValue<>() {
        @Override
        protected List<Member> computeValue(Class<?> type) {
          return membersOf(type);
        }
      };

  private Structs() {}

  private record Member(String name, Method getter) {}

  static Value decode(ExtensionObject xo, EncodingContext context) {
    if (xo.isNull()) {
      return Value.Null.INSTANCE;
    }
    if (context != null) {
      try {
        UaStructuredType decoded = xo.decode(context);
        return fromObject(decoded, context);
      } catch (RuntimeException e) {
        // No codec for this encoding: fall through and keep the raw body.
      }
    }
    return undecoded(xo);
  }

  /** A structure Milo could not decode: its encoding id and raw body, so nothing is lost. */
  static Value undecoded(ExtensionObject xo) {
    Map<String, Value> fields = new LinkedHashMap<>();
    String encodingId = xo.getEncodingOrTypeId().toParseableString();
    fields.put("encodingId", new Value.Text(encodingId));
    Object body = xo.getBody();
    if (body instanceof ByteString bs) {
      fields.put("body", new Value.Bytes(bs.bytesOrEmpty()));
    } else if (body instanceof XmlElement x) {
      fields.put("body", new Value.Text(x.getFragmentOrEmpty()));
    } else {
      fields.put("body", new Value.Text(String.valueOf(body)));
    }
    return new Value.Struct("ExtensionObject[" + encodingId + "]", fields);
  }

  static Value fromObject(Object o, EncodingContext context) {
    if (o instanceof DynamicStructType d) {
      Map<String, Value> fields = new LinkedHashMap<>();
      d.getMembers().forEach((k, v) -> fields.put(k, Variants.toValue(v, context)));
      String name = d.getDataType().getBrowseName().name();
      return new Value.Struct(name == null ? d.getTypeId().toParseableString() : name, fields);
    }
    List<Member> members = MEMBERS.get(o.getClass());
    Map<String, Value> fields = new LinkedHashMap<>();
    for (Member m : members) {
      Object v;
      try {
        v = m.getter().invoke(o);
      } catch (ReflectiveOperationException e) {
        v = null;
      }
      fields.put(m.name(), Variants.toValue(v, context));
    }
    if (members.isEmpty()) {
      fields.put("text", new Value.Text(String.valueOf(o)));
    }
    return new Value.Struct(o.getClass().getSimpleName(), fields);
  }

  /**
   * The members of a generated structure class: its instance fields, superclass first, read through
   * their public getters (Milo generates {@code getXxx()} for field {@code xxx}).
   */
  private static List<Member> membersOf(Class<?> type) {
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      chain.add(0, c);
    }
    List<Member> out = new ArrayList<>();
    for (Class<?> c : chain) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        String n = f.getName();
        String getter = "get" + Character.toUpperCase(n.charAt(0)) + n.substring(1);
        try {
          Method m = type.getMethod(getter);
          out.add(new Member(n, m));
        } catch (NoSuchMethodException e) {
          try {
            out.add(new Member(n, type.getMethod(n)));
          } catch (NoSuchMethodException e2) {
            // A field without an accessor is internal state, not a member.
          }
        }
      }
    }
    return List.copyOf(out);
  }
}
