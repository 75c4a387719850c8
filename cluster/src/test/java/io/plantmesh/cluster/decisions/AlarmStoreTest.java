package io.plantmesh.cluster.decisions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.decisions.DecisionsCluster.Node;
import io.plantmesh.cluster.rules.ActionRequest;
import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.AlarmSeverity;
import io.plantmesh.cluster.rules.AlarmState;
import io.plantmesh.cluster.rules.AlarmTransition;
import io.plantmesh.cluster.rules.AlarmTransition.Action;
import io.plantmesh.cluster.rules.IllegalAlarmTransitionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alarms held by the mesh, on three members on loopback: raised on one member, acknowledged on
 * another, cleared on a third, with the lifecycle's refusals; an alarm outlives the member that
 * raised it; each step is reported once, by the member that made it.
 */
class AlarmStoreTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private DecisionsCluster cluster;
  private Node a;
  private Node b;
  private Node c;

  @BeforeEach
  void setUp() {
    cluster = new DecisionsCluster(3);
    a = cluster.start(0, "node-a", Set.of(), List.of());
    b = cluster.start(1, "node-b", Set.of(), List.of());
    c = cluster.start(2, "node-c", Set.of(), List.of());
    await().atMost(WAIT).until(() -> a.mesh.members().size() == 3 && c.mesh.members().size() == 3);
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  private static ActionRequest.RaiseAlarm raise(String rule, String message) {
    return new ActionRequest.RaiseAlarm(
        UUID.randomUUID(), rule, AlarmSeverity.HIGH, message, Instant.now());
  }

  @Test
  void raiseAcknowledgeClearFromAnyMemberWithTheLifecycleAndItsRefusals() {
    List<String> reportedByC = new CopyOnWriteArrayList<>();
    List<String> reportedByB = new CopyOnWriteArrayList<>();
    c.alarms.addListener((x, step) -> reportedByC.add(step.action() + " " + x.state()));
    b.alarms.addListener((x, step) -> reportedByB.add(step.action() + " " + x.state()));

    ActionRequest.RaiseAlarm r = raise("oven-hot", "oven at 260 °C");
    Alarm raised = c.alarms.raise(r);
    assertEquals(AlarmState.ACTIVE, raised.state());
    assertEquals(List.of(raised), a.alarms.active(), "every member sees it");
    assertEquals(raised, c.alarms.raise(r), "raising again is idempotent");
    assertEquals(List.of("RAISE ACTIVE"), reportedByC, "reported once, by the member that raised");

    // Acknowledged on node-b, with who and why; both are required, and only once.
    assertThrows(
        IllegalAlarmTransitionException.class,
        () -> b.alarms.acknowledge(r.alarmId(), "op-7", " "));
    Alarm acked = b.alarms.acknowledge(r.alarmId(), "op-7", "fan checked, door closed");
    assertEquals(AlarmState.ACKNOWLEDGED, acked.state());
    AlarmTransition ack = acked.history().get(1);
    assertEquals(Action.ACKNOWLEDGE, ack.action());
    assertEquals("op-7", ack.by());
    assertEquals("fan checked, door closed", ack.reason());
    IllegalAlarmTransitionException twice =
        assertThrows(
            IllegalAlarmTransitionException.class,
            () -> a.alarms.acknowledge(r.alarmId(), "op-9", "me too"));
    assertTrue(twice.getMessage().contains("already acknowledged by op-7"), twice.getMessage());
    assertEquals(acked, c.alarms.raise(r), "a late raise leaves it as it is");

    // Cleared by the rule on node-a: CLEARED, still acknowledged; clearing again changes nothing.
    Alarm cleared =
        a.alarms
            .clear(new ActionRequest.ClearAlarm(r.alarmId(), "oven-hot", Instant.now()))
            .orElseThrow();
    assertEquals(AlarmState.CLEARED, cleared.state());
    assertTrue(cleared.acknowledged());
    assertEquals(
        List.of(Action.RAISE, Action.ACKNOWLEDGE, Action.CLEAR),
        cleared.history().stream().map(AlarmTransition::action).toList());
    assertEquals(
        cleared,
        a.alarms
            .clear(new ActionRequest.ClearAlarm(r.alarmId(), "oven-hot", Instant.now()))
            .orElseThrow());
    assertThrows(
        IllegalAlarmTransitionException.class, () -> b.alarms.clear(r.alarmId(), "op-7", null));
    assertTrue(a.alarms.active().isEmpty());
    assertEquals(List.of(cleared), c.alarms.history(10));
    assertEquals(List.of("ACKNOWLEDGE ACKNOWLEDGED"), reportedByB);

    // Cleared while unacknowledged: CLEARED, and an operator may still acknowledge it.
    ActionRequest.RaiseAlarm r2 = raise("tank-low", "tank at 3 %");
    c.alarms.raise(r2);
    Alarm unacked = b.alarms.clear(r2.alarmId(), "rule:tank-low", null);
    assertEquals(AlarmState.CLEARED, unacked.state());
    assertFalse(unacked.acknowledged());
    Alarm late = a.alarms.acknowledge(r2.alarmId(), "op-3", "seen after the fact");
    assertEquals(AlarmState.CLEARED, late.state());
    assertTrue(late.acknowledged());
    assertEquals(
        List.of(r2.alarmId(), r.alarmId()),
        c.alarms.history(10).stream().map(Alarm::id).toList(),
        "most recently changed first");
    assertEquals(1, c.alarms.history(1).size());

    // Unknown alarms.
    assertThrows(
        NoSuchElementException.class, () -> a.alarms.acknowledge(UUID.randomUUID(), "op-1", "why"));
    assertTrue(
        a.alarms
            .clear(new ActionRequest.ClearAlarm(UUID.randomUUID(), "x", Instant.now()))
            .isEmpty());
  }

  @Test
  void anAlarmRaisedByAMemberThatThenDiesIsStillThere() {
    ActionRequest.RaiseAlarm first = raise("oven-hot", "oven at 260 °C");
    ActionRequest.RaiseAlarm second = raise("tank-low", "tank at 3 %");
    c.alarms.raise(first);
    c.alarms.raise(second);
    b.alarms.acknowledge(second.alarmId(), "op-7", "on my way");

    c.kill();
    await().atMost(WAIT).until(() -> a.mesh.members().size() == 2);
    List<Alarm> active = a.alarms.active();
    assertEquals(
        List.of(first.alarmId(), second.alarmId()), active.stream().map(Alarm::id).toList());
    assertEquals(AlarmState.ACKNOWLEDGED, active.get(1).state());
    assertEquals(active, b.alarms.active());

    // And they go on with their lifecycle on the survivors.
    assertEquals(
        AlarmState.ACKNOWLEDGED, a.alarms.acknowledge(first.alarmId(), "op-1", "looking").state());
    assertEquals(AlarmState.CLEARED, b.alarms.clear(first.alarmId(), "op-1", "fixed").state());
    assertEquals(List.of(second.alarmId()), a.alarms.active().stream().map(Alarm::id).toList());

    // A second death, of a member that made steps: with two backups nothing is lost either.
    b.kill();
    await().atMost(WAIT).until(() -> a.mesh.members().size() == 1);
    assertEquals(
        Set.of(first.alarmId(), second.alarmId()),
        Set.copyOf(a.alarms.history(10).stream().map(Alarm::id).toList()));
    assertEquals(AlarmState.CLEARED, a.alarms.get(first.alarmId()).orElseThrow().state());
  }
}
