package io.plantmesh.cluster.rules;

import static io.plantmesh.cluster.rules.RulesFixture.CATALOG;
import static io.plantmesh.cluster.rules.RulesFixture.DOOR;
import static io.plantmesh.cluster.rules.RulesFixture.FAN;
import static io.plantmesh.cluster.rules.RulesFixture.TEMP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of bad rule is refused at load, with a message naming the rule, field and problem. */
class RuleCompilerTest {
  private static final String HOT = "tag(\"plant/l1/oven/temp\") > 250.0";
  private static final AlarmAction ALARM = new AlarmAction(AlarmSeverity.HIGH, "hot");

  private static RuleProblem onlyError(UnknownTagPolicy policy, RuleSpec... rules) {
    RuleSetException e =
        assertThrows(
            RuleSetException.class,
            () -> new RuleCompiler(CATALOG, policy).compile(List.of(rules)));
    assertEquals(1, e.errors().size(), e.getMessage());
    return e.errors().get(0);
  }

  private static RuleProblem onlyError(RuleSpec... rules) {
    return onlyError(UnknownTagPolicy.REFUSE, rules);
  }

  private static void assertProblem(RuleProblem p, String key, String... fragments) {
    assertEquals(key, p.key(), p.toString());
    for (String f : fragments) {
      assertTrue(p.message().contains(f), "'" + f + "' not in: " + p);
    }
  }

  @Test
  void syntaxError() {
    RuleProblem p = onlyError(RuleSpec.of("r", "tag(\"plant/l1/oven/temp\") > 250.0 &&", ALARM));
    assertProblem(p, "plantmesh.rules[0].condition", "syntax error", "(at column 37)");
    assertEquals("r", p.rule());
  }

  @Test
  void unknownFunction() {
    RuleProblem p = onlyError(RuleSpec.of("r", "avg(tag(\"plant/l1/oven/temp\")) > 250.0", ALARM));
    assertProblem(
        p, "plantmesh.rules[0].condition", "undeclared reference to 'avg'", "(at column 4)");
  }

  @Test
  void nonLiteralPath() {
    RuleProblem p =
        onlyError(RuleSpec.of("r", "tag(\"plant/l1/\" + \"oven/temp\") > 250.0", ALARM));
    assertProblem(
        p,
        "plantmesh.rules[0].condition",
        "the path given to tag() must be a string literal",
        "(at column 4)");
    p = onlyError(RuleSpec.of("r", "\"plant/l1/oven/temp\".tag() > 250.0", ALARM));
    assertProblem(p, "plantmesh.rules[0].condition", "tag() is a function, not a method");
    p = onlyError(RuleSpec.of("r", "quality(\"plant//x\") == GOOD", ALARM));
    assertProblem(p, "plantmesh.rules[0].condition", "tag path 'plant//x' has an empty segment");
  }

  @Test
  void unknownTagByPolicy() throws Exception {
    RuleSpec r = RuleSpec.of("r", "tag(\"plant/l2/press/force\") > 1.0", ALARM);
    RuleProblem p = onlyError(UnknownTagPolicy.REFUSE, r);
    assertProblem(p, "plantmesh.rules[0].condition", "unknown tag 'plant/l2/press/force'");

    CompiledRuleSet set = new RuleCompiler(CATALOG, UnknownTagPolicy.WARN).compile(List.of(r));
    assertEquals(1, set.warnings().size());
    assertProblem(
        set.warnings().get(0),
        "plantmesh.rules[0].condition",
        "tag 'plant/l2/press/force' is not known (yet)");
  }

  @Test
  void typeErrors() {
    RuleProblem p = onlyError(RuleSpec.of("r", "tag(\"plant/l1/oven/door\") > 1.0", ALARM));
    assertProblem(
        p,
        "plantmesh.rules[0].condition",
        "type error: found no matching overload for '_>_' applied to '(bool, double)'");
    p = onlyError(RuleSpec.of("r", "tag(\"plant/l1/oven/temp\") == 250", ALARM));
    assertProblem(p, "plantmesh.rules[0].condition", "write 250.0, not 250");
    p = onlyError(RuleSpec.of("r", "tag(\"plant/l1/oven/temp\") + 1.0", ALARM));
    assertProblem(
        p,
        "plantmesh.rules[0].condition",
        "expected type 'bool' but found 'double'",
        "true or false");
  }

  @Test
  void conditionThatReadsNoTag() {
    RuleProblem p = onlyError(RuleSpec.of("r", "1 < 2", ALARM));
    assertProblem(p, "plantmesh.rules[0].condition", "reads no tag");
  }

  @Test
  void badDurationLiteral() {
    RuleProblem p =
        onlyError(RuleSpec.of("r", "age(\"plant/l1/oven/temp\") > duration(\"5 minutes\")", ALARM));
    assertProblem(
        p, "plantmesh.rules[0].condition", "duration(\"5 minutes\") is not a valid duration");
  }

  @Test
  void badActions() {
    TagCatalog readOnly =
        CATALOG.with(TagPath.of("plant/l1/oven/setpoint"), Value.Type.DOUBLE, false);
    RuleSetException e =
        assertThrows(
            RuleSetException.class,
            () ->
                new RuleCompiler(readOnly, UnknownTagPolicy.REFUSE)
                    .compile(
                        List.of(
                            RuleSpec.of(
                                "r",
                                HOT,
                                WriteAction.of(TagPath.of("plant/l1/oven/setpoint"), "200.0"),
                                WriteAction.of(FAN, "true"),
                                new WriteAction(
                                    FAN,
                                    "1.0",
                                    "tag(\"plant/l1/oven/door\") + 1",
                                    null,
                                    Trigger.FIRE),
                                new AlarmAction(
                                    AlarmSeverity.LOW, "at ${tag(\"plant/l1/oven/temp\")"),
                                new EventAction("e", "at ${nope}", Trigger.CLEAR)))));
    List<RuleProblem> errors = e.errors();
    assertEquals(5, errors.size(), e.getMessage());
    assertProblem(errors.get(0), "plantmesh.rules[0].actions[0].write.target", "is not writable");
    assertProblem(
        errors.get(1),
        "plantmesh.rules[0].actions[1].write.value",
        "the value is of type bool, which does not fit the tag's type FLOAT");
    assertProblem(
        errors.get(2),
        "plantmesh.rules[0].actions[2].write.interlock",
        "no matching overload for '_+_' applied to '(bool, int)'");
    assertProblem(
        errors.get(3), "plantmesh.rules[0].actions[3].alarm.message", "is not closed with '}'");
    assertProblem(
        errors.get(4),
        "plantmesh.rules[0].actions[4].event.message",
        "undeclared reference to 'nope'");
  }

  @Test
  void aBareWordAsWriteValueIsAMissingPairOfQuotes() {
    RuleProblem p =
        onlyError(RuleSpec.of("r", HOT, WriteAction.of(TagPath.of("plant/l1/oven/mode"), "bake")));
    assertProblem(
        p,
        "plantmesh.rules[0].actions[0].write.value",
        "'bake' is not an expression; a string value needs quotes inside the YAML value, e.g."
            + " value: '\"bake\"'");
  }

  @Test
  void deadbandNeedsOneComparison() {
    RuleProblem p =
        onlyError(
            RuleSpec.of("r", HOT + " && tag(\"plant/l1/oven/door\")", ALARM)
                .withClear(new Clear.Deadband(5)));
    assertProblem(
        p, "plantmesh.rules[0].deadband", "a deadband needs a condition that is one comparison");
  }

  @Test
  void everyProblemOfEveryRuleIsReportedAndNothingLoads() {
    RuleSetException e =
        assertThrows(
            RuleSetException.class,
            () ->
                new RuleCompiler(CATALOG, UnknownTagPolicy.REFUSE)
                    .compile(
                        List.of(
                            RuleSpec.of("good", HOT, ALARM),
                            RuleSpec.of("bad-syntax", "tag(", ALARM),
                            RuleSpec.of("good", "tag(\"plant/l1/oven/door\")", ALARM),
                            RuleSpec.of("bad-clear", HOT, ALARM)
                                .withClear(new Clear.When("tag(\"plant/l1/oven/temp\")"))),
                        "site.rules"));
    List<String> keys = e.errors().stream().map(RuleProblem::key).toList();
    assertEquals(
        List.of("site.rules[1].condition", "site.rules[2].name", "site.rules[3].clear"),
        keys,
        e.getMessage());
    assertTrue(e.getMessage().startsWith("rule set refused, 3 errors:"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "site.rules[2].name (rule 'good'): the name is already used by site.rules[0]"),
        e.getMessage());
  }

  @Test
  void aGoodRuleSetLoadsWithItsInputs() throws Exception {
    CompiledRuleSet set =
        new RuleCompiler(CATALOG, UnknownTagPolicy.REFUSE)
            .compile(
                List.of(
                    RuleSpec.of(
                            "r",
                            HOT,
                            new WriteAction(
                                FAN, "100", "!tag(\"plant/l1/oven/door\")", null, Trigger.FIRE))
                        .withClear(new Clear.When("tag(\"plant/l1/oven/temp\") < 240.0"))));
    CompiledRule r = set.rule("r").orElseThrow();
    assertEquals(java.util.Set.of(TEMP), r.triggers());
    assertEquals(java.util.Set.of(TEMP, DOOR), r.reads());
    assertEquals(List.of(), set.warnings());
  }
}
