package io.plantmesh.cluster.internal;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The mesh's own Hazelcast-serialized classes, created by id rather than by reflection on a class
 * name a peer sends. They carry only sealed bytes; everything that matters is inside the seal.
 */
public final class MeshSerialization implements DataSerializableFactory {
  /** "PMS". */
  public static final int FACTORY_ID = 0x504D53;

  public static final int EPOCH_MERGE_POLICY = 1;
  public static final int WRITE_TASK = 2;
  public static final int RELAY_TASK = 3;

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case EPOCH_MERGE_POLICY -> new EpochMergePolicy<>();
      case WRITE_TASK -> new WriteTask();
      case RELAY_TASK -> new io.plantmesh.cluster.uplink.internal.RelayTask();
      default -> null;
    };
  }
}
