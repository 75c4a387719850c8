package io.plantmesh.opcua.internal;

import org.eclipse.milo.opcua.stack.core.UaRuntimeException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/** Parses NodeId strings as users write them: {@code ns=2;s=…}, {@code nsu=<uri>;s=…}, … */
public final class NodeIdText {
  static final String FORMS =
      "expected ns=<index>;s=<name>, nsu=<namespace uri>;s=<name>, i=<number>, g=<guid> or"
          + " b=<base64>";

  private NodeIdText() {}

  /** Whether {@code s} is meant as a NodeId rather than a browse path. */
  public static boolean looksLikeNodeId(String s) {
    return s.startsWith("ns=")
        || s.startsWith("nsu=")
        || s.startsWith("i=")
        || s.startsWith("s=")
        || s.startsWith("g=")
        || s.startsWith("b=")
        || s.startsWith("svr=");
  }

  /**
   * Parses a NodeId string.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static ExpandedNodeId parse(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("a NodeId is required; " + FORMS);
    }
    ExpandedNodeId id;
    try {
      id = ExpandedNodeId.parse(s.strip());
    } catch (UaRuntimeException e) {
      throw new IllegalArgumentException("'" + s + "' is not a valid NodeId; " + FORMS, e);
    }
    if (!id.isLocal()) {
      throw new IllegalArgumentException(
          "'" + s + "' refers to another server (svr=); only local NodeIds can be collected");
    }
    if (id.getNamespaceUri() != null && id.getNamespaceUri().isBlank()) {
      throw new IllegalArgumentException("'" + s + "' has an empty namespace URI after nsu=");
    }
    return id;
  }
}
