package io.plantmesh.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * When a split brain heals, the ownership record with the higher epoch wins; on a tie the record of
 * the larger side (the existing one) stays. The minority side cannot raise an epoch (its writes are
 * refused for lack of quorum), so the majority's records, which took over the minority's sources at
 * a higher epoch, win, and a minority member that finds a record naming another owner stops.
 *
 * <p>Runs inside Hazelcast, without the cluster key: it reads only the clear epoch in front of the
 * sealed record (see {@link OwnershipRecord}). A forged clear epoch wins the merge but then does
 * not open, and the members overwrite it.
 */
public final class EpochMergePolicy<V, T extends MergingValue<V>>
    implements SplitBrainMergePolicy<V, T, Object>, IdentifiedDataSerializable {

  public EpochMergePolicy() {
    // For Hazelcast, which creates it by class name and sends it with merge operations.
  }

  @Override
  public Object merge(T mergingValue, T existingValue) {
    if (mergingValue == null) {
      return existingValue == null ? null : existingValue.getRawValue();
    }
    if (existingValue == null) {
      return mergingValue.getRawValue();
    }
    return epoch(mergingValue) > epoch(existingValue)
        ? mergingValue.getRawValue()
        : existingValue.getRawValue();
  }

  private static long epoch(MergingValue<?> v) {
    // The values are byte arrays: deserializing them needs no class of anyone's.
    Object value = v.getDeserializedValue();
    return value instanceof byte[] b ? OwnershipRecord.clearEpoch(b) : -1;
  }

  @Override
  public int getFactoryId() {
    return MeshSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return MeshSerialization.EPOCH_MERGE_POLICY;
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // Stateless.
  }

  @Override
  public void readData(ObjectDataInput in) {
    // Stateless.
  }
}
