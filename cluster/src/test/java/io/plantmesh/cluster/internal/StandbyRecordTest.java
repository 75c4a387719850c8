package io.plantmesh.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.plantmesh.core.Secret;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StandbyRecordTest {
  private final Sealer sealer =
      ClusterKeys.derive(Secret.ofValue("0123456789abcdef0123456789"), "plant").sealer();
  private final Sealer other =
      ClusterKeys.derive(Secret.ofValue("another-key-0123456789abcdef"), "plant").sealer();
  private final UUID member = UUID.randomUUID();

  @Test
  void roundTripsWithTheOwnersEpochInClear() throws Exception {
    StandbyRecord r = new StandbyRecord("plc-1", member, 7, 1_700_000_000_000L);
    byte[] stored = r.seal(sealer);
    assertEquals(7, StandbyRecord.clearEpoch(stored));
    assertEquals(r, StandbyRecord.open(sealer, "plc-1", stored));
    assertEquals("plc-1/" + member, StandbyRecord.key("plc-1", member));
  }

  @Test
  void aRecordCannotBeForgedMovedOrGivenAnotherEpoch() {
    byte[] stored = new StandbyRecord("plc-1", member, 7, 0).seal(sealer);
    assertThrows(SealException.class, () -> StandbyRecord.open(sealer, "plc-2", stored));
    byte[] bumped = stored.clone();
    ByteBuffer.wrap(bumped).putLong(8);
    assertThrows(SealException.class, () -> StandbyRecord.open(sealer, "plc-1", bumped));
    byte[] foreign = new StandbyRecord("plc-1", member, 7, 0).seal(other);
    assertThrows(SealException.class, () -> StandbyRecord.open(sealer, "plc-1", foreign));
    assertThrows(SealException.class, () -> StandbyRecord.open(sealer, "plc-1", new byte[] {1}));
    // An ownership record is not a standby record, though both carry the epoch in clear.
    byte[] ownership =
        new OwnershipRecord("plc-1", member, "edge-1", 7, true, 0, "any").seal(sealer);
    assertThrows(SealException.class, () -> StandbyRecord.open(sealer, "plc-1", ownership));
  }
}
