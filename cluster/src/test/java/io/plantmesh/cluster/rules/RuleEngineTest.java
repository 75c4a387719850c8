package io.plantmesh.cluster.rules;

import static io.plantmesh.cluster.rules.RulesFixture.DOOR;
import static io.plantmesh.cluster.rules.RulesFixture.FAN;
import static io.plantmesh.cluster.rules.RulesFixture.TEMP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's lifecycle: for, hysteresis, timers, actions, ids, rate limits, interlocks. */
class RuleEngineTest {
  private static final String HOT = "tag(\"plant/l1/oven/temp\") > 250.0";
  private final RulesFixture f = new RulesFixture();

  private static RuleSpec alarmRule(String name, String condition) {
    return RuleSpec.of(
        name,
        condition,
        new AlarmAction(AlarmSeverity.HIGH, "oven at ${tag(\"plant/l1/oven/temp\")} °C"));
  }

  @Test
  void forKeepsTheRulePendingUntilTheConditionHeldThatLong() throws Exception {
    f.start(alarmRule("r", HOT).withFor(Duration.ofSeconds(30)));
    f.feed(TEMP, 260.0);
    Instant start = f.clock.instant();
    RuleStatus s = f.status("r");
    assertEquals(RuleState.PENDING, s.state());
    assertEquals(start.plusSeconds(30), s.pendingUntil());
    assertEquals(List.of(start.plusSeconds(30)), f.wakeRequests);

    f.advance(Duration.ofSeconds(10));
    f.feed(TEMP, 270.0);
    assertEquals(RuleState.PENDING, f.status("r").state(), "a new value does not restart for");
    f.advance(Duration.ofSeconds(19));
    assertEquals(RuleState.PENDING, f.status("r").state());
    f.advance(Duration.ofSeconds(1));
    assertEquals(RuleState.FIRING, f.status("r").state(), "fired by the timer, no new reading");
    assertEquals(start.plusSeconds(30), f.status("r").lastFiring());
    ActionRequest.RaiseAlarm raise = f.actions(ActionRequest.RaiseAlarm.class).get(0);
    assertEquals("oven at 270 °C", raise.message());
    assertEquals(AlarmSeverity.HIGH, raise.severity());
  }

  @Test
  void forIsCancelledWhenTheConditionStopsHoldingOrBecomesUnknown() throws Exception {
    f.start(alarmRule("r", HOT).withFor(Duration.ofSeconds(30)));
    f.feed(TEMP, 260.0);
    f.advance(Duration.ofSeconds(20));
    f.feed(TEMP, 240.0);
    assertEquals(RuleState.ARMED, f.status("r").state());
    f.advance(Duration.ofSeconds(20));
    assertEquals(RuleState.ARMED, f.status("r").state(), "the old timer does not fire it");

    f.feed(TEMP, 260.0);
    f.advance(Duration.ofSeconds(20));
    f.feed(TEMP, Value.Null.INSTANCE, RulesFixture.BAD);
    assertEquals(RuleState.ARMED, f.status("r").state());
    f.feed(TEMP, 260.0);
    f.advance(Duration.ofSeconds(29));
    assertEquals(RuleState.PENDING, f.status("r").state(), "held only 29 s since it was known");
    f.advance(Duration.ofSeconds(1));
    assertEquals(RuleState.FIRING, f.status("r").state());
    assertEquals(1, f.actions.size());
  }

  @Test
  void aClearConditionGivesHysteresis() throws Exception {
    f.start(alarmRule("r", HOT).withClear(new Clear.When("tag(\"plant/l1/oven/temp\") < 240.0")));
    f.feed(TEMP, 251.0);
    f.feed(TEMP, 245.0);
    f.feed(TEMP, 252.0);
    f.feed(TEMP, 241.0);
    assertEquals(RuleState.FIRING, f.status("r").state());
    assertEquals(1, f.actions(ActionRequest.RaiseAlarm.class).size(), "raised once");
    f.feed(TEMP, 239.0);
    assertEquals(RuleState.ARMED, f.status("r").state());
    List<ActionRequest.ClearAlarm> clears = f.actions(ActionRequest.ClearAlarm.class);
    assertEquals(1, clears.size());
    assertEquals(
        f.actions(ActionRequest.RaiseAlarm.class).get(0).alarmId(), clears.get(0).alarmId());
  }

  @Test
  void countersCountEvaluationsFiringsClearingsAndErrors() throws Exception {
    f.start(
        alarmRule("r", HOT).withClear(new Clear.When("tag(\"plant/l1/oven/temp\") < 240.0")),
        alarmRule("div", "int(tag(\"plant/l1/oven/temp\")) / 0 == 1"));
    RuleEngine.Counters before = f.engine.counters();
    f.feed(TEMP, 251.0); // r fires; div errors (integer division by zero)
    f.feed(TEMP, 245.0); // r holds (hysteresis)
    f.feed(TEMP, 239.0); // r clears
    RuleEngine.Counters c = f.engine.counters();
    assertEquals(6, c.evaluations() - before.evaluations(), "two rules, three changes");
    assertEquals(1, c.firings() - before.firings());
    assertEquals(1, c.clearings() - before.clearings());
    assertEquals(3, c.errors() - before.errors(), "the erroring rule, each time: " + c);
  }

  @Test
  void aDeadbandClearsOnlyBeyondIt() throws Exception {
    f.start(
        alarmRule("above", "tag(\"plant/l1/oven/temp\") >= 250").withClear(new Clear.Deadband(5)),
        alarmRule("below", "tag(\"plant/l1/oven/temp\") < 100.0")
            .withClear(new Clear.Deadband(10)));
    f.feed(TEMP, 250.0);
    assertEquals(RuleState.FIRING, f.status("above").state());
    f.feed(TEMP, 245.0);
    assertEquals(RuleState.FIRING, f.status("above").state(), "245 is not below 250 - 5");
    f.feed(TEMP, 244.9);
    assertEquals(RuleState.ARMED, f.status("above").state());

    f.feed(TEMP, 99.0);
    assertEquals(RuleState.FIRING, f.status("below").state());
    f.feed(TEMP, 110.0);
    assertEquals(RuleState.FIRING, f.status("below").state());
    f.feed(TEMP, 110.5);
    assertEquals(RuleState.ARMED, f.status("below").state());
  }

  @Test
  void writesCarryTheirValueTheInterlockAndADeterministicId() throws Exception {
    RuleSpec spec =
        RuleSpec.of(
            "cool",
            HOT,
            new WriteAction(
                FAN,
                "tag(\"plant/l1/oven/temp\") - 150.0",
                "!tag(\"plant/l1/oven/door\")",
                null,
                Trigger.FIRE),
            new WriteAction(FAN, "0", null, null, Trigger.CLEAR),
            new EventAction("cooled", "back to ${tag(\"plant/l1/oven/temp\")}", Trigger.CLEAR));
    f.start(spec);
    f.feed(DOOR, Value.of(false), Quality.GOOD);
    f.feed(TEMP, 260.0);
    ActionRequest.Write w = f.actions(ActionRequest.Write.class).get(0);
    assertEquals(FAN, w.target());
    assertEquals(new Value.Float64(110.0), w.value());
    assertEquals("cool", w.rule());

    // The owner re-checks the interlock with its own readings just before it writes.
    Map<TagPath, Reading> owner = new HashMap<>();
    owner.put(DOOR, f.reading(DOOR, Value.of(true), Quality.GOOD, f.clock.instant()));
    Evaluation check = w.interlock().check(owner::get, f.clock.instant());
    assertEquals(Outcome.FALSE, check.outcome());
    assertEquals(Outcome.UNKNOWN, w.interlock().check(p -> null, f.clock.instant()).outcome());

    // The same history on another engine gives the same ids: retries are idempotent.
    RulesFixture other = new RulesFixture();
    other.start(spec);
    other.feed(DOOR, Value.of(false), Quality.GOOD);
    other.feed(TEMP, 260.0);
    assertEquals(w.commandId(), other.actions(ActionRequest.Write.class).get(0).commandId());

    f.feed(TEMP, 200.0);
    List<ActionRequest.Write> writes = f.actions(ActionRequest.Write.class);
    assertEquals(2, writes.size());
    assertEquals(Value.Int.int64(0), writes.get(1).value());
    assertNotEquals(w.commandId(), writes.get(1).commandId());
    ActionRequest.Event ev = f.actions(ActionRequest.Event.class).get(0);
    assertEquals("back to 200", ev.message());
    assertEquals("cooled", ev.name());
  }

  @Test
  void stringAndBoolWritesKeepTheirTypes() throws Exception {
    f.start(
        RuleSpec.of(
            "r",
            HOT,
            WriteAction.of(RulesFixture.MODE, "\"cool-down\""),
            WriteAction.of(DOOR, "false")));
    f.feed(TEMP, 260.0);
    List<ActionRequest.Write> writes = f.actions(ActionRequest.Write.class);
    assertEquals(new Value.Text("cool-down"), writes.get(0).value());
    assertEquals(Value.of(false), writes.get(1).value());
    assertNotEquals(writes.get(0).commandId(), writes.get(1).commandId());
  }

  @Test
  void aClosedInterlockSkipsTheWriteAndSaysSo() throws Exception {
    f.start(
        RuleSpec.of(
            "cool",
            HOT,
            new WriteAction(FAN, "100.0", "!tag(\"plant/l1/oven/door\")", null, Trigger.FIRE),
            new AlarmAction(AlarmSeverity.LOW, "hot")));
    f.feed(DOOR, Value.of(true), Quality.GOOD);
    f.feed(TEMP, 260.0);
    assertEquals(0, f.actions(ActionRequest.Write.class).size());
    assertEquals(1, f.actions(ActionRequest.RaiseAlarm.class).size(), "other actions still run");
    RuleStatus s = f.status("cool");
    assertEquals(RuleState.FIRING, s.state());
    assertEquals(
        "write to 'plant/l1/oven/fan' skipped: interlock '!tag(\"plant/l1/oven/door\")' is FALSE",
        s.lastActionProblem());
  }

  @Test
  void theRateLimitCapsWritesPerRule() throws Exception {
    f.start(
        RuleSpec.of(
            "kick",
            HOT,
            new WriteAction(
                FAN, "100.0", null, new RateLimit(2, Duration.ofMinutes(1)), Trigger.FIRE)));
    for (int i = 0; i < 4; i++) {
      f.feed(TEMP, 260.0);
      f.advance(Duration.ofSeconds(5));
      f.feed(TEMP, 100.0);
      f.advance(Duration.ofSeconds(5));
    }
    assertEquals(2, f.actions(ActionRequest.Write.class).size());
    assertEquals(
        "write to 'plant/l1/oven/fan' skipped: rate limit of 2 per 60s reached",
        f.status("kick").lastActionProblem());
    f.advance(Duration.ofSeconds(30));
    f.feed(TEMP, 260.0);
    assertEquals(3, f.actions(ActionRequest.Write.class).size(), "the window slid on");
  }

  @Test
  void onlyRulesWhoseInputsChangedAreEvaluated() throws Exception {
    f.start(alarmRule("temp", HOT), alarmRule("door", "tag(\"plant/l1/oven/door\")"));
    f.feed(TEMP, 100.0);
    assertEquals(f.clock.instant(), f.status("temp").lastEvaluation());
    assertNull(f.status("door").lastEvaluation());
    f.engine.onChanges(
        List.of(f.reading(TagPath.of("plant/l9/other"), Value.of(1.0), Quality.GOOD, null)));
    assertNull(f.status("door").lastEvaluation());
    assertTrue(f.engine.latest(TagPath.of("plant/l9/other")).isEmpty(), "unread tags are not kept");
  }

  @Test
  void anOlderReadingDoesNotReplaceANewerOne() throws Exception {
    f.start(alarmRule("r", HOT));
    Reading newer =
        new Reading(TEMP, Value.of(260.0), Quality.GOOD, null, null, f.clock.instant(), "n1", 10);
    Reading older =
        new Reading(TEMP, Value.of(100.0), Quality.GOOD, null, null, f.clock.instant(), "n1", 9);
    f.engine.onChanges(List.of(newer, older));
    assertEquals(RuleState.FIRING, f.status("r").state());
    assertEquals(newer, f.engine.latest(TEMP).orElseThrow());
  }

  @Test
  void aFailingListenerDoesNotStopTheEngine() throws Exception {
    CompiledRuleSet set =
        new RuleCompiler(RulesFixture.CATALOG, UnknownTagPolicy.REFUSE)
            .compile(List.of(alarmRule("a", HOT), alarmRule("b", HOT)));
    List<ActionRequest> seen = new java.util.ArrayList<>();
    RuleEngine engine =
        new RuleEngine(
            set,
            f.clock,
            at -> {},
            r -> {
              seen.add(r);
              throw new IllegalStateException("listener broke");
            });
    engine.onChanges(
        List.of(
            new Reading(
                TEMP, Value.of(260.0), Quality.GOOD, null, null, f.clock.instant(), "n1", 1)));
    assertEquals(2, seen.size());
    assertEquals(RuleState.FIRING, engine.status("b").orElseThrow().state());
  }
}
