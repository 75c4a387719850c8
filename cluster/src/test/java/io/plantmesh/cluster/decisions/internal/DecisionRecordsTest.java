package io.plantmesh.cluster.decisions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.internal.ClusterKeys;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.rules.ActionRequest;
import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.AlarmSeverity;
import io.plantmesh.cluster.rules.RuleTransition;
import io.plantmesh.core.Secret;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sealed stored forms of alarms and firing records: round trips, and what does not open. */
class DecisionRecordsTest {
  private static final Sealer KEY =
      ClusterKeys.derive(Secret.ofValue("test-cluster-key-0123456789abcdef"), "c1").sealer();
  private static final Sealer OTHER =
      ClusterKeys.derive(Secret.ofValue("another-key-0123456789abcdef"), "c1").sealer();
  private static final UUID MEMBER = UUID.randomUUID();

  @Test
  void alarmsRoundTripAndCannotBeMovedTamperedOrForged() throws Exception {
    Instant t = Instant.parse("2026-11-25T08:00:00.123456789Z");
    Alarm a =
        Alarm.raise(
                new ActionRequest.RaiseAlarm(
                    UUID.randomUUID(), "oven-hot", AlarmSeverity.CRITICAL, "oven at 260 °C", t))
            .acknowledge("op-7", "on it", t.plusSeconds(3))
            .clear("rule:oven-hot", null, t.plusSeconds(9));
    byte[] stored = AlarmCodec.seal(KEY, MEMBER, a);
    assertEquals(a, AlarmCodec.open(KEY, a.id().toString(), stored));
    assertEquals(3, FiringRecord.clearEpoch(stored), "the history's length, in clear, for merges");

    assertThrows(
        SealException.class, () -> AlarmCodec.open(KEY, UUID.randomUUID().toString(), stored));
    assertThrows(SealException.class, () -> AlarmCodec.open(OTHER, a.id().toString(), stored));
    byte[] longer = stored.clone();
    longer[7] = 9; // claims a longer history, to win a merge
    assertThrows(SealException.class, () -> AlarmCodec.open(KEY, a.id().toString(), longer));
    byte[] tampered = stored.clone();
    tampered[tampered.length - 20] ^= 1;
    assertThrows(SealException.class, () -> AlarmCodec.open(KEY, a.id().toString(), tampered));
  }

  @Test
  void firingRecordsRoundTripAndAreBoundToTheirRuleAndEpoch() throws Exception {
    RuleTransition fired =
        new RuleTransition(
            "cool", true, Instant.parse("2026-11-25T08:00:00Z"), Map.of(1, UUID.randomUUID()));
    FiringRecord r = new FiringRecord("cool", 7, MEMBER, "node-c", fired);
    byte[] stored = r.seal(KEY);
    assertEquals(r, FiringRecord.open(KEY, "cool", stored));
    assertEquals(7, FiringRecord.clearEpoch(stored));
    assertThrows(SealException.class, () -> FiringRecord.open(KEY, "warm", stored));
    byte[] reEpoched = stored.clone();
    reEpoched[7] = 8;
    SealException e =
        assertThrows(SealException.class, () -> FiringRecord.open(KEY, "cool", reEpoched));
    assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
    assertThrows(SealException.class, () -> FiringRecord.open(OTHER, "cool", stored));

    RuleTransition cleared = new RuleTransition("cool", false, fired.at().plusSeconds(1), Map.of());
    FiringRecord c = new FiringRecord("cool", 8, MEMBER, "node-b", cleared);
    assertEquals(c, FiringRecord.open(KEY, "cool", c.seal(KEY)));
  }

  @Test
  void longRuleNamesGetShortDistinctOwnershipIds() {
    String name64 = "r".repeat(64);
    assertEquals(name64, RuleIds.ownershipId(name64));
    String a = RuleIds.ownershipId("r".repeat(80));
    String b = RuleIds.ownershipId("r".repeat(81));
    assertEquals(64, a.length());
    assertTrue(a.startsWith("r".repeat(47) + "~"), a);
    assertTrue(!a.equals(b));
  }
}
