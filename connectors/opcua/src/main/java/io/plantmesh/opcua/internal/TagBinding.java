package io.plantmesh.opcua.internal;

import io.plantmesh.core.Quality;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.opcua.CollectionSettings;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * One tag as collected in the current Session: its path, its NodeId resolved against this Session's
 * namespace table (null when it could not be resolved, with the reason in {@link #unresolved}), its
 * collection settings and what the server told about it. Rebuilt after every reconnect that
 * recreates the subscriptions.
 *
 * <p>A node holds one per tag, so this stays small: the address of a browsed tag is derived from
 * its NodeId when asked for instead of kept as a second copy of the identifier, and the DataType,
 * units and description are instances shared by all tags with the same text (see {@link
 * MetadataReader}).
 */
public final class TagBinding {
  final TagPath path;

  /** The configured address of an explicit tag; null for a browsed tag (derived from nodeId). */
  private final String configuredAddress;

  final NodeId nodeId;
  final StatusCode unresolved;
  final CollectionSettings collection;

  volatile DataTypeRef dataType;
  volatile String engineeringUnits;
  volatile String description;
  volatile int valueRank = -1;
  volatile boolean writable;

  /** Set in {@link #accessLevel} when the level is the UserAccessLevel (not the AccessLevel). */
  static final short USER_ACCESS = 0x100;

  /**
   * The access level the server gave (low 8 bits; {@link #USER_ACCESS} when it is the
   * UserAccessLevel); -1 when the server did not say, in which case writes are left to the server.
   */
  volatile short accessLevel = -1;

  /** Why a write is refused before it is sent, or null when it may be sent. */
  String notWritableReason() {
    short a = accessLevel;
    if (a < 0 || writable) {
      return null;
    }
    return path
        + ": the server does not let this client write it ("
        + ((a & USER_ACCESS) != 0 ? "UserAccessLevel " : "AccessLevel ")
        + String.format("0x%02X", a & 0xFF)
        + ", CurrentWrite not set)";
  }

  /** The built-in type a write must send, resolved on first write and kept. */
  volatile WriteType writeType;

  /**
   * The last value delivered, kept for the BAD reading sent when the connection is lost; the
   * instance is the one the sink holds anyway. Changed only under the delivery lock.
   */
  Value lastValue;

  /** 0 = no reading yet, 1 = GOOD or UNCERTAIN, 2 = BAD; changed only under the delivery lock. */
  byte lastState;

  TagBinding(
      TagPath path,
      String configuredAddress,
      NodeId nodeId,
      StatusCode unresolved,
      CollectionSettings collection) {
    if (configuredAddress == null && nodeId == null) {
      throw new IllegalArgumentException(path + ": a tag needs an address or a NodeId");
    }
    this.path = path;
    this.configuredAddress = configuredAddress;
    this.nodeId = nodeId;
    this.unresolved = unresolved;
    this.collection = collection;
  }

  public TagPath path() {
    return path;
  }

  public NodeId nodeId() {
    return nodeId;
  }

  public boolean resolved() {
    return nodeId != null;
  }

  /**
   * The address as shown in metadata and messages: what the configuration said, or for a browsed
   * tag its NodeId with the namespace URI ({@code nsu=}), which stays valid when indexes move.
   *
   * @param namespaces the namespace table of the Session the NodeId was resolved in
   */
  String address(NamespaceTable namespaces) {
    if (configuredAddress != null) {
      return configuredAddress;
    }
    ExpandedNodeId e = nodeId.expanded();
    return e.absolute(namespaces)
        .map(ExpandedNodeId::toParseableString)
        .orElseGet(nodeId::toParseableString);
  }

  NodeId dataTypeId() {
    DataTypeRef t = dataType;
    return t == null ? null : t.id();
  }

  String dataTypeName() {
    DataTypeRef t = dataType;
    return t == null ? null : t.name();
  }

  TagMetadata metadata(String sourceId, NamespaceTable namespaces) {
    return new TagMetadata(
        path,
        sourceId,
        address(namespaces),
        dataTypeName(),
        engineeringUnits,
        description,
        writable);
  }

  static byte stateOf(Quality q) {
    return q.isBad() ? (byte) 2 : (byte) 1;
  }

  @Override
  public String toString() {
    return path + " <- " + (configuredAddress != null ? configuredAddress : nodeId);
  }
}
