package io.plantmesh.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.spi.merge.MergingValue;
import io.plantmesh.core.Secret;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OwnershipRecordTest {
  private final Sealer sealer =
      ClusterKeys.derive(Secret.ofValue("0123456789abcdef0123456789"), "plant").sealer();
  private final Sealer other =
      ClusterKeys.derive(Secret.ofValue("another-key-0123456789abcdef"), "plant").sealer();
  private final UUID owner = UUID.randomUUID();

  private OwnershipRecord record(String source, long epoch) {
    return new OwnershipRecord(source, owner, "edge-1", epoch, true, 1_700_000_000_000L, "any");
  }

  @Test
  void roundTripsAndReleasesAtTheSameEpoch() throws Exception {
    OwnershipRecord r = record("plc-1", 7);
    byte[] stored = r.seal(sealer);
    assertEquals(7, OwnershipRecord.clearEpoch(stored));
    assertEquals(r, OwnershipRecord.open(sealer, "plc-1", stored));
    OwnershipRecord released = r.released(1_700_000_000_500L);
    assertEquals(released, OwnershipRecord.open(sealer, "plc-1", released.seal(sealer)));
    assertEquals(7, released.epoch());
  }

  @Test
  void aRecordCannotBeForgedMovedOrGivenAnotherEpoch() {
    byte[] stored = record("plc-1", 7).seal(sealer);
    assertThrows(SealException.class, () -> OwnershipRecord.open(sealer, "plc-2", stored));
    byte[] bumped = stored.clone();
    ByteBuffer.wrap(bumped).putLong(99);
    assertThrows(SealException.class, () -> OwnershipRecord.open(sealer, "plc-1", bumped));
    byte[] foreign = record("plc-1", 7).seal(other);
    assertThrows(SealException.class, () -> OwnershipRecord.open(sealer, "plc-1", foreign));
    assertThrows(
        SealException.class, () -> OwnershipRecord.open(sealer, "plc-1", new byte[] {1, 2}));
  }

  /** A merging value as Hazelcast hands it to the policy, for byte[] values. */
  private record Merging(byte[] value) implements MergingValue<byte[]> {
    @Override
    public byte[] getDeserializedValue() {
      return value;
    }

    @Override
    public Object getRawValue() {
      return value;
    }
  }

  @Test
  void theMergeKeepsTheHigherEpochAndTheExistingRecordOnATie() {
    EpochMergePolicy<byte[], Merging> policy = new EpochMergePolicy<>();
    byte[] e3 = record("plc-1", 3).seal(sealer);
    byte[] e4 = record("plc-1", 4).seal(sealer);
    byte[] e4b = record("plc-1", 4).seal(sealer);
    assertArrayEquals(e4, (byte[]) policy.merge(new Merging(e4), new Merging(e3)));
    assertArrayEquals(e4, (byte[]) policy.merge(new Merging(e3), new Merging(e4)));
    assertArrayEquals(e4b, (byte[]) policy.merge(new Merging(e4), new Merging(e4b)));
    assertArrayEquals(e3, (byte[]) policy.merge(new Merging(e3), null));
    assertArrayEquals(e3, (byte[]) policy.merge(null, new Merging(e3)));
    assertTrue(
        new MeshSerialization().create(MeshSerialization.EPOCH_MERGE_POLICY)
            instanceof EpochMergePolicy);
  }
}
