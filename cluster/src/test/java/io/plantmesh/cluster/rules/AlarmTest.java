package io.plantmesh.cluster.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlarmTest {
  private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
  private final UUID id = UUID.randomUUID();
  private final Alarm raised =
      Alarm.raise(new ActionRequest.RaiseAlarm(id, "oven-hot", AlarmSeverity.HIGH, "hot", T0));

  @Test
  void activeAcknowledgedCleared() {
    assertEquals(AlarmState.ACTIVE, raised.state());
    assertEquals("rule:oven-hot", raised.history().get(0).by());
    Alarm acked = raised.acknowledge("alice", "checking the burner", T0.plusSeconds(5));
    assertEquals(AlarmState.ACKNOWLEDGED, acked.state());
    assertTrue(acked.acknowledged());
    Alarm cleared = acked.clear(new ActionRequest.ClearAlarm(id, "oven-hot", T0.plusSeconds(60)));
    assertEquals(AlarmState.CLEARED, cleared.state());
    assertTrue(cleared.acknowledged());
    assertEquals(3, cleared.history().size());
    AlarmTransition ack = cleared.history().get(1);
    assertEquals(AlarmTransition.Action.ACKNOWLEDGE, ack.action());
    assertEquals("alice", ack.by());
    assertEquals("checking the burner", ack.reason());
    assertEquals(T0.plusSeconds(5), ack.at());
    assertEquals(AlarmState.ACTIVE, raised.state(), "transitions return new alarms");
  }

  @Test
  void clearedUnacknowledgedCanStillBeAcknowledged() {
    Alarm cleared = raised.clear("rule:oven-hot", null, T0.plusSeconds(1));
    assertEquals(AlarmState.CLEARED, cleared.state());
    assertFalse(cleared.acknowledged());
    Alarm acked = cleared.acknowledge("bob", "seen after the fact", T0.plusSeconds(2));
    assertEquals(AlarmState.CLEARED, acked.state());
    assertTrue(acked.acknowledged());
  }

  @Test
  void illegalTransitionsAreRefusedWithAClearMessage() {
    Alarm acked = raised.acknowledge("alice", "on it", T0.plusSeconds(5));
    IllegalAlarmTransitionException e =
        assertThrows(
            IllegalAlarmTransitionException.class,
            () -> acked.acknowledge("bob", "me too", T0.plusSeconds(6)));
    assertEquals(
        "cannot acknowledge alarm "
            + id
            + " of rule 'oven-hot' (ACKNOWLEDGED): it was already acknowledged by alice at "
            + T0.plusSeconds(5),
        e.getMessage());

    Alarm cleared = acked.clear("rule:oven-hot", null, T0.plusSeconds(7));
    e =
        assertThrows(
            IllegalAlarmTransitionException.class,
            () -> cleared.clear("rule:oven-hot", null, T0.plusSeconds(8)));
    assertTrue(
        e.getMessage().endsWith("(CLEARED): it was already cleared at " + T0.plusSeconds(7)));

    e =
        assertThrows(
            IllegalAlarmTransitionException.class,
            () -> raised.acknowledge("alice", " ", T0.plusSeconds(1)));
    assertTrue(e.getMessage().contains("say why (both are required)"), e.getMessage());
    e =
        assertThrows(
            IllegalAlarmTransitionException.class,
            () -> raised.acknowledge("alice", "late clock", T0.minusSeconds(1)));
    assertTrue(e.getMessage().contains("before the alarm's last step"), e.getMessage());
    e =
        assertThrows(
            IllegalAlarmTransitionException.class,
            () ->
                raised.clear(
                    new ActionRequest.ClearAlarm(
                        UUID.randomUUID(), "oven-hot", T0.plusSeconds(1))));
    assertTrue(e.getMessage().contains("the request is for alarm"), e.getMessage());
  }
}
