package io.plantmesh.opcua.internal;

import io.plantmesh.core.Quality;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.CollectionSettings;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * One tag as collected in the current Session: its path, its NodeId resolved against this Session's
 * namespace table (null when it could not be resolved, with the reason in {@link #unresolved}), its
 * collection settings and what the server told about it. Rebuilt after every reconnect that
 * recreates the subscriptions.
 */
public final class TagBinding {
  final TagPath path;

  /** The address as shown in metadata: an {@code nsu=} NodeId when the namespace is known. */
  final String address;

  final NodeId nodeId;
  final StatusCode unresolved;
  final CollectionSettings collection;

  volatile String dataTypeName;
  volatile NodeId dataTypeId;
  volatile int valueRank = -1;
  volatile String engineeringUnits;
  volatile String description;
  volatile boolean writable;
  volatile boolean hasEuRange;

  /** The built-in type a write must send, resolved on first write and kept. */
  volatile WriteType writeType;

  /** 0 = no reading yet, 1 = GOOD or UNCERTAIN, 2 = BAD; changed only under the delivery lock. */
  int lastState;

  TagBinding(
      TagPath path,
      String address,
      NodeId nodeId,
      StatusCode unresolved,
      CollectionSettings collection) {
    this.path = path;
    this.address = address;
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

  TagMetadata metadata(String sourceId) {
    return new TagMetadata(
        path, sourceId, address, dataTypeName, engineeringUnits, description, writable);
  }

  static int stateOf(Quality q) {
    return q.isBad() ? 2 : 1;
  }

  @Override
  public String toString() {
    return path + " <- " + address;
  }
}
