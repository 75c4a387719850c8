package io.plantmesh.cluster.rules;

import static io.plantmesh.cluster.rules.RulesFixture.DOOR;
import static io.plantmesh.cluster.rules.RulesFixture.FAN;
import static io.plantmesh.cluster.rules.RulesFixture.TEMP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine as a mesh member runs it: only the rules it owns run, each transition is reported
 * before its actions, a firing recorded by another member is continued without firing again, and
 * interlocks are left to the tag's owner.
 */
class RuleEngineMeshModeTest {
  private final RulesFixture f = new RulesFixture();

  private static RuleSpec cool() {
    return RuleSpec.of(
        "cool",
        "tag(\"plant/l1/oven/temp\") > 250.0",
        new WriteAction(FAN, "100.0", "!tag(\"plant/l1/oven/door\")", null, Trigger.FIRE),
        new AlarmAction(AlarmSeverity.HIGH, "oven at ${tag(\"plant/l1/oven/temp\")} °C"),
        new WriteAction(FAN, "0.0", null, null, Trigger.CLEAR));
  }

  @Test
  void rulesRunOnlyOnceStartedAndStartWithTheLatestReadings() throws Exception {
    f.startMesh(cool());
    f.feed(DOOR, Value.of(true), Quality.GOOD);
    f.feed(TEMP, 260.0);
    assertEquals(List.of(), f.actions, "idle: nothing evaluated");
    assertFalse(f.engine.isStarted("cool"));
    assertNull(f.status("cool").lastEvaluation());

    f.engine.start("cool", null);
    assertTrue(f.engine.isStarted("cool"));
    assertEquals(RuleState.FIRING, f.status("cool").state(), "evaluated at once, held values");
    RuleTransition fired = f.transitions.get(0);
    assertTrue(fired.firing());
    assertEquals("cool", fired.rule());
    ActionRequest.RaiseAlarm raise = f.actions(ActionRequest.RaiseAlarm.class).get(0);
    assertEquals(Map.of(1, raise.alarmId()), fired.alarmIds());
    ActionRequest.Write w = f.actions(ActionRequest.Write.class).get(0);
    assertEquals(new Value.Float64(100.0), w.value());
    assertEquals("!tag(\"plant/l1/oven/door\")", w.interlock().expression());
    assertEquals(
        List.of(ActionRequest.Write.class, ActionRequest.RaiseAlarm.class),
        f.actions.stream().map(Object::getClass).toList(),
        "the door is open, but the interlock is the owner's to check");

    f.engine.stop("cool");
    f.actions.clear();
    f.feed(TEMP, 200.0);
    f.feed(TEMP, 270.0);
    assertEquals(List.of(), f.actions, "stopped: nothing more");
    assertThrows(IllegalArgumentException.class, () -> f.engine.start("nope", null));
  }

  @Test
  void aRecordedFiringIsContinuedWithoutFiringAgainAndClearsAsUsual() throws Exception {
    f.startMesh(cool());
    f.feed(TEMP, 260.0);
    Instant firedAt = f.clock.instant().minusSeconds(5);
    java.util.UUID alarm = java.util.UUID.randomUUID();
    RuleTransition recorded = new RuleTransition("cool", true, firedAt, Map.of(1, alarm));

    f.engine.start("cool", recorded);
    RuleStatus s = f.status("cool");
    assertEquals(RuleState.FIRING, s.state());
    assertEquals(firedAt, s.lastFiring());
    assertEquals(List.of(), f.transitions, "no new firing");
    assertEquals(0, f.actions(ActionRequest.Write.class).size(), "its write is not sent again");
    ActionRequest.RaiseAlarm again = f.actions(ActionRequest.RaiseAlarm.class).get(0);
    assertEquals(alarm, again.alarmId(), "the alarm is requested again with its id");
    assertEquals(firedAt, again.at());

    f.advance(Duration.ofSeconds(1));
    f.feed(TEMP, 200.0);
    RuleTransition cleared = f.transitions.get(0);
    assertFalse(cleared.firing());
    assertEquals(Map.of(1, alarm), cleared.alarmIds());
    assertEquals(alarm, f.actions(ActionRequest.ClearAlarm.class).get(0).alarmId());
    assertEquals(new Value.Float64(0.0), f.actions(ActionRequest.Write.class).get(0).value());

    f.advance(Duration.ofSeconds(1));
    f.feed(TEMP, 265.0);
    assertEquals(1, f.actions(ActionRequest.Write.class).size() - 1, "fires anew: one write");
    assertTrue(f.transitions.get(1).firing());
  }

  @Test
  void aRecordedFiringWhoseConditionNoLongerHoldsClearsAtOnce() throws Exception {
    f.startMesh(cool());
    f.feed(TEMP, 100.0);
    java.util.UUID alarm = java.util.UUID.randomUUID();
    f.engine.start("cool", new RuleTransition("cool", true, f.clock.instant(), Map.of(1, alarm)));
    assertEquals(RuleState.ARMED, f.status("cool").state());
    assertEquals(alarm, f.actions(ActionRequest.ClearAlarm.class).get(0).alarmId());
    assertFalse(f.transitions.get(0).firing());
  }
}
