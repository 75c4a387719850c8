package io.plantmesh.cluster.rules;

import static io.plantmesh.cluster.rules.RulesFixture.BAD;
import static io.plantmesh.cluster.rules.RulesFixture.COUNT;
import static io.plantmesh.cluster.rules.RulesFixture.DOOR;
import static io.plantmesh.cluster.rules.RulesFixture.MODE;
import static io.plantmesh.cluster.rules.RulesFixture.TEMP;
import static io.plantmesh.cluster.rules.RulesFixture.UNCERTAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What conditions mean: values, qualities, ages, and BAD, UNCERTAIN, missing and stale inputs. */
class ExpressionSemanticsTest {
  private final RulesFixture f = new RulesFixture();

  private static RuleSpec rule(String condition) {
    return RuleSpec.of("r", condition, new AlarmAction(AlarmSeverity.HIGH, "hot"));
  }

  @Test
  void numericTagsAreDoublesAndCompareWithIntegerLiterals() throws Exception {
    f.start(rule("tag(\"plant/l1/oven/temp\") > 250 && tag(\"plant/l1/oven/count\") >= 3.0"));
    f.feed(TEMP, 251.5);
    f.engine.onChanges(
        List.of(f.reading(COUNT, Value.Int.int32(3), Quality.GOOD, f.clock.instant())));
    assertEquals(RuleState.FIRING, f.status("r").state());
    assertEquals(Outcome.TRUE, f.status("r").lastOutcome());
  }

  @Test
  void boolAndStringTagsKeepTheirTypes() throws Exception {
    f.start(
        rule("tag(\"plant/l1/oven/door\") && tag(\"plant/l1/oven/mode\").startsWith(\"bake\")"));
    f.feed(DOOR, Value.of(true), Quality.GOOD);
    f.feed(MODE, Value.of("idle"), Quality.GOOD);
    assertEquals(RuleState.ARMED, f.status("r").state());
    assertEquals(Outcome.FALSE, f.status("r").lastOutcome());
    f.feed(MODE, Value.of("bake-2"), Quality.GOOD);
    assertEquals(RuleState.FIRING, f.status("r").state());
  }

  @Test
  void aBadInputMakesTheResultUnknownAndTheRuleNeitherFiresNorClears() throws Exception {
    f.start(rule("tag(\"plant/l1/oven/temp\") > 250.0"));
    f.feed(TEMP, Value.Null.INSTANCE, BAD);
    RuleStatus s = f.status("r");
    assertEquals(RuleState.ARMED, s.state());
    assertEquals(Outcome.UNKNOWN, s.lastOutcome());
    assertEquals("'plant/l1/oven/temp' is BAD (Bad_NoCommunication)", s.detail());

    f.feed(TEMP, 260.0);
    assertEquals(RuleState.FIRING, f.status("r").state());
    f.feed(TEMP, Value.of(100.0), BAD);
    assertEquals(RuleState.FIRING, f.status("r").state(), "BAD does not clear a firing rule");
    assertEquals(Outcome.UNKNOWN, f.status("r").lastOutcome());
    assertEquals(0, f.actions(ActionRequest.ClearAlarm.class).size());
    f.feed(TEMP, 100.0);
    assertEquals(RuleState.ARMED, f.status("r").state());
    assertEquals(1, f.actions(ActionRequest.ClearAlarm.class).size());
  }

  @Test
  void logicalOperatorsStillDecideWhenTheOtherOperandDoes() throws Exception {
    f.start(
        rule("tag(\"plant/l1/oven/door\") || tag(\"plant/l1/oven/temp\") > 250.0"),
        RuleSpec.of(
            "and",
            "tag(\"plant/l1/oven/temp\") > 250.0 && tag(\"plant/l1/oven/door\")",
            new AlarmAction(AlarmSeverity.LOW, "x")));
    f.feed(TEMP, Value.Null.INSTANCE, BAD);
    f.feed(DOOR, Value.of(true), Quality.GOOD);
    assertEquals(RuleState.FIRING, f.status("r").state(), "true || unknown is true");
    assertEquals(Outcome.UNKNOWN, f.status("and").lastOutcome(), "unknown && true is unknown");
    f.feed(DOOR, Value.of(false), Quality.GOOD);
    assertEquals(Outcome.FALSE, f.status("and").lastOutcome(), "unknown && false is false");
  }

  @Test
  void qualityAndAgeLetARuleActOnBadDeliberately() throws Exception {
    f.start(
        rule("quality(\"plant/l1/oven/temp\") == BAD"),
        RuleSpec.of(
            "guarded",
            "quality(\"plant/l1/oven/temp\") == GOOD && tag(\"plant/l1/oven/temp\") > 250.0",
            new AlarmAction(AlarmSeverity.LOW, "x")),
        RuleSpec.of(
            "old",
            "age(\"plant/l1/oven/temp\") > duration(\"30s\")",
            new AlarmAction(AlarmSeverity.LOW, "x")));
    f.feed(TEMP, Value.Null.INSTANCE, BAD);
    assertEquals(RuleState.FIRING, f.status("r").state());
    assertEquals(Outcome.FALSE, f.status("guarded").lastOutcome(), "GOOD && unknown is false");
    assertEquals(Outcome.FALSE, f.status("old").lastOutcome());
    f.advance(Duration.ofSeconds(31));
    assertEquals(RuleState.FIRING, f.status("old").state(), "age() rules are rechecked by time");
  }

  @Test
  void aMissingTagIsUnknownForItsValueAndBadForItsQuality() throws Exception {
    f.start(
        rule("tag(\"plant/l1/oven/temp\") > 250.0 || tag(\"plant/l1/oven/door\")"),
        RuleSpec.of(
            "q",
            "quality(\"plant/l1/oven/temp\") == BAD",
            new AlarmAction(AlarmSeverity.LOW, "x")));
    f.feed(DOOR, Value.of(false), Quality.GOOD);
    assertEquals(Outcome.UNKNOWN, f.status("r").lastOutcome());
    assertEquals("'plant/l1/oven/temp' has no reading yet", f.status("r").detail());
    assertNull(f.status("q").lastEvaluation(), "rules run when their inputs change...");
    f.engine.evaluateAll();
    assertEquals(RuleState.FIRING, f.status("q").state(), "...or when asked to");
  }

  @Test
  void uncertainIsUsedOrUnknownAsTheRuleSays() throws Exception {
    f.start(
        rule("tag(\"plant/l1/oven/temp\") > 250.0"),
        RuleSpec.of(
                "strict",
                "tag(\"plant/l1/oven/temp\") > 250.0",
                new AlarmAction(AlarmSeverity.LOW, "x"))
            .withUncertain(UncertainPolicy.UNKNOWN));
    f.feed(TEMP, Value.of(260.0), UNCERTAIN);
    assertEquals(RuleState.FIRING, f.status("r").state());
    assertEquals(Outcome.UNKNOWN, f.status("strict").lastOutcome());
    assertTrue(f.status("strict").detail().contains("UNCERTAIN"), f.status("strict").detail());
  }

  @Test
  void aStaleInputBecomesUnknownOnATimerWithoutANewReading() throws Exception {
    f.start(
        rule("tag(\"plant/l1/oven/temp\") > 250.0 || tag(\"plant/l1/oven/door\")")
            .withStaleAfter(Duration.ofSeconds(10)));
    f.feed(DOOR, Value.of(false), Quality.GOOD);
    f.feed(TEMP, 100.0);
    assertEquals(Outcome.FALSE, f.status("r").lastOutcome());
    f.advance(Duration.ofSeconds(9));
    assertEquals(Outcome.FALSE, f.status("r").lastOutcome());
    f.advance(Duration.ofSeconds(2));
    RuleStatus s = f.status("r");
    assertEquals(Outcome.UNKNOWN, s.lastOutcome());
    assertTrue(s.detail().contains("is stale"), s.detail());
    assertEquals(
        f.clock.instant().minusSeconds(1).plusNanos(1),
        s.lastEvaluation(),
        "evaluated by a timer the moment the value went stale");
  }

  @Test
  void aRuntimeErrorPutsTheRuleInErroredAndItRecovers() throws Exception {
    f.start(
        rule("int(tag(\"plant/l1/oven/temp\")) / int(tag(\"plant/l1/oven/count\")) > 2"),
        RuleSpec.of(
            "other", "tag(\"plant/l1/oven/temp\") > 1.0", new AlarmAction(AlarmSeverity.LOW, "x")));
    f.feed(COUNT, 0.0);
    f.feed(TEMP, 10.0);
    RuleStatus s = f.status("r");
    assertEquals(RuleState.ERRORED, s.state());
    assertEquals(Outcome.ERROR, s.lastOutcome());
    assertTrue(s.detail().contains("by zero"), s.detail());
    assertEquals(RuleState.FIRING, f.status("other").state(), "the engine goes on");
    f.feed(COUNT, 2.0);
    assertEquals(RuleState.FIRING, f.status("r").state());
  }

  @Test
  void aValueOfAnotherTypeThanTheCatalogueSaidIsAnError() throws Exception {
    f.start(rule("tag(\"plant/l1/oven/temp\") > 250.0"));
    f.feed(TEMP, Value.of("hot"), Quality.GOOD);
    RuleStatus s = f.status("r");
    assertEquals(RuleState.ERRORED, s.state());
    assertTrue(s.detail().contains("checked as double but its value is a STRING"), s.detail());
  }

  @Test
  void anUnknownTagIsTypedAtRunTime() throws Exception {
    f.start(TagCatalog.empty(), rule("tag(\"plant/l9/x\") > 250.0"));
    f.feed(io.plantmesh.core.TagPath.of("plant/l9/x"), 300.0);
    assertEquals(RuleState.FIRING, f.status("r").state());
    f.feed(io.plantmesh.core.TagPath.of("plant/l9/x"), Value.of(true), Quality.GOOD);
    assertEquals(RuleState.ERRORED, f.status("r").state());
    assertTrue(f.status("r").detail().contains("No matching overload"), f.status("r").detail());
  }
}
