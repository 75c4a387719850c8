package io.plantmesh.opcua.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * Shares equal values among the tags of one setup. Milo decodes every NodeId, name and text of a
 * response into fresh objects, so 100,000 browsed tags would otherwise keep 100,000 copies of the
 * same namespace index, description or unit. Used on the setup thread only; dropped after setup.
 */
final class Canonical {
  private final Map<Integer, UShort> namespaceIndexes = new HashMap<>();
  private final Map<String, String> texts = new HashMap<>();

  /** The NodeId with a shared namespace index; null for null. */
  NodeId nodeId(NodeId id) {
    if (id == null) {
      return null;
    }
    UShort ns =
        namespaceIndexes.computeIfAbsent(
            id.getNamespaceIndex().intValue(), k -> id.getNamespaceIndex());
    if (ns == id.getNamespaceIndex()) {
      return id;
    }
    Object identifier = id.getIdentifier();
    if (identifier instanceof String s) {
      return new NodeId(ns, s);
    } else if (identifier instanceof UInteger u) {
      return new NodeId(ns, u);
    } else if (identifier instanceof UUID g) {
      return new NodeId(ns, g);
    } else if (identifier instanceof ByteString b) {
      return new NodeId(ns, b);
    }
    return id;
  }

  /** The shared instance of {@code s}; null for null. */
  String text(String s) {
    if (s == null) {
      return null;
    }
    String shared = texts.putIfAbsent(s, s);
    return shared != null ? shared : s;
  }
}
