package io.plantmesh.cluster.rules;

import static io.plantmesh.cluster.rules.RulesFixture.CATALOG;
import static io.plantmesh.cluster.rules.RulesFixture.FAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules from the maps and lists a YAML parser gives, with problems keyed as in the file. */
class RuleLoaderTest {
  private static final String KEY = "plantmesh.rules";
  private final RuleCompiler compiler = new RuleCompiler(CATALOG, UnknownTagPolicy.REFUSE);

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> oven() {
    return map(
        "name", "oven-hot",
        "description", "the oven runs hot",
        "condition", "tag(\"plant/l1/oven/temp\") > 250.0",
        "for", "30s",
        "deadband", 5,
        "stale-after", "1m",
        "uncertain", "unknown",
        "recheck", "2s",
        "actions",
            List.of(
                map(
                    "write",
                    map(
                        "target", "plant/l1/oven/fan",
                        "value", 100.0,
                        "interlock", "!tag(\"plant/l1/oven/door\")",
                        "rate-limit", "6/1m")),
                map(
                    "alarm",
                    map("severity", "high", "message", "at ${tag(\"plant/l1/oven/temp\")}")),
                map("event", map("name", "oven-cool", "message", "cooled", "on", "clear"))));
  }

  @Test
  void aCompleteRuleLoads() throws Exception {
    CompiledRuleSet set = RuleLoader.load(List.of(oven()), KEY, compiler);
    RuleSpec r = set.rules().get(0).spec();
    assertEquals("oven-hot", r.name());
    assertEquals(Duration.ofSeconds(30), r.forDuration());
    assertEquals(new Clear.Deadband(5), r.clear());
    assertEquals(Duration.ofMinutes(1), r.staleAfter());
    assertEquals(UncertainPolicy.UNKNOWN, r.uncertain());
    assertEquals(Duration.ofSeconds(2), r.recheckEvery());
    assertEquals(
        new WriteAction(
            FAN,
            "100.0",
            "!tag(\"plant/l1/oven/door\")",
            new RateLimit(6, Duration.ofMinutes(1)),
            Trigger.FIRE),
        r.actions().get(0));
    assertEquals(
        new AlarmAction(AlarmSeverity.HIGH, "at ${tag(\"plant/l1/oven/temp\")}"),
        r.actions().get(1));
    assertEquals(new EventAction("oven-cool", "cooled", Trigger.CLEAR), r.actions().get(2));
    assertEquals(List.of(), r.placement(), "placement any by default");

    Map<String, Object> placed = oven();
    placed.put("placement", "edge-2, edge-1");
    assertEquals(
        List.of("edge-2", "edge-1"),
        RuleLoader.read(List.of(placed), KEY).get(0).placement(),
        "a preference list, first preferred");
    placed.put("placement", List.of("edge-3"));
    assertEquals(List.of("edge-3"), RuleLoader.read(List.of(placed), KEY).get(0).placement());
    placed.put("placement", "any");
    assertEquals(List.of(), RuleLoader.read(List.of(placed), KEY).get(0).placement());
  }

  @Test
  void everyProblemIsKeyedAndNothingLoads() {
    Map<String, Object> bad = oven();
    bad.put("for", "30 parsecs");
    bad.put("colour", "red");
    bad.put("uncertain", "maybe");
    bad.put("placement", "edge-1, edge 2");
    Map<String, Object> badActions =
        map(
            "name", "b",
            "condition", "tag(\"plant/l1/oven/temp\") > 1.0",
            "clear", "tag(\"plant/l1/oven/temp\") < 1.0",
            "deadband", 2,
            "actions",
                List.of(
                    map(
                        "write",
                        map("target", "plant/l1/oven/fan", "value", "1.0", "rate-limit", "fast")),
                    map("page", map("who", "me")),
                    map("alarm", map("message", "m")),
                    "shout"));
    Map<String, Object> compileError =
        map("name", "c", "condition", "tag(\"plant/l1/oven/temp\") >");
    RuleSetException e =
        assertThrows(
            RuleSetException.class,
            () ->
                RuleLoader.load(
                    List.of(bad, badActions, "not a rule", compileError), KEY, compiler));
    List<String> lines = e.errors().stream().map(RuleProblem::toString).toList();
    List<String> expected =
        List.of(
            "plantmesh.rules[0].colour (rule 'oven-hot'): unknown key (known: actions, clear,"
                + " condition, deadband, description, for, name, placement, recheck, stale-after,"
                + " uncertain)",
            "plantmesh.rules[0].for (rule 'oven-hot'): '30 parsecs' is not a duration (e.g. 500ms,"
                + " 10s, 2m, 1h or PT10S)",
            "plantmesh.rules[0].uncertain (rule 'oven-hot'): 'maybe' (String) is not one of accept,"
                + " unknown",
            "plantmesh.rules[0].placement (rule 'oven-hot'): 'edge 2' is not a node name (letters,"
                + " digits and . _ ~ : -)",
            "plantmesh.rules[1].clear (rule 'b'): give either clear or deadband, not both",
            "plantmesh.rules[1].actions[0].write.rate-limit (rule 'b'): 'fast' (String) is not a rate"
                + " limit: write count/window, e.g. 6/1m or 1/10s",
            "plantmesh.rules[1].actions[1] (rule 'b'): unknown action 'page' (known: alarm, event,"
                + " write)",
            "plantmesh.rules[1].actions[2].alarm.severity (rule 'b'): is required (low, medium, high,"
                + " critical)",
            "plantmesh.rules[1].actions[3] (rule 'b'): must be a map with exactly one of write, alarm"
                + " or event, not 'shout' (String)",
            "plantmesh.rules[2]: must be a map with name, condition and actions, not 'not a rule'"
                + " (String)");
    assertEquals(expected, lines.subList(0, expected.size()), String.join("\n", lines));
    assertEquals(expected.size() + 1, lines.size(), String.join("\n", lines));
    assertTrue(
        lines
            .get(expected.size())
            .startsWith("plantmesh.rules[3].condition (rule 'c'): syntax error"));
  }

  @Test
  void numbersNeedUnitsAndNamesAreChecked() {
    RuleSetException e =
        assertThrows(
            RuleSetException.class,
            () ->
                RuleLoader.read(
                    List.of(map("name", "no spaces please", "condition", "x", "for", 10)), KEY));
    assertEquals(
        List.of(
            "plantmesh.rules[0].name: 'no spaces please' must start with a letter or digit and"
                + " contain only letters, digits and _ . - (at most 100 characters)",
            "plantmesh.rules[0].for: must be a duration with a unit (e.g. 500ms, 10s, 2m, 1h), not"
                + " 10 (Integer)"),
        e.errors().stream().map(RuleProblem::toString).toList());
  }

  @Test
  void noRulesIsAnEmptySet() throws Exception {
    assertEquals(List.of(), RuleLoader.load(null, KEY, compiler).rules());
    RuleSetException e =
        assertThrows(RuleSetException.class, () -> RuleLoader.load("rules!", KEY, compiler));
    assertEquals(
        "plantmesh.rules: must be a list of rules, not 'rules!' (String)",
        e.errors().get(0).toString());
  }
}
