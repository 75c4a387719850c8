package io.plantmesh.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.rules.AlarmAction;
import io.plantmesh.cluster.rules.AlarmSeverity;
import io.plantmesh.cluster.rules.Clear;
import io.plantmesh.cluster.rules.CompiledRule;
import io.plantmesh.cluster.rules.WriteAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code plantmesh.rules} and its settings as the node validates them at start-up: compiled against
 * the tags its sources name, all or nothing, every problem with its key and rule.
 */
class RuleConfigTest {
  private static final Map<String, String> ENV =
      Map.of("KEY", "0123456789abcdef0123456789abcdef", "ACK", "ack-token");

  /** A mesh node whose source names three typed tags. */
  private static final String NODE =
      """
      plantmesh:
        node: { name: gw-1 }
        mesh: { enabled: %s, cluster-name: c1, cluster-key: env:KEY }
        sources:
          - id: plc
            endpoint-url: opc.tcp://127.0.0.1:4840/x
            tags:
              - { node-id: "ns=2;s=T", path: l1/oven/temp, data-type: Double }
              - { node-id: "ns=2;s=D", path: l1/oven/door, data-type: Boolean }
              - { node-id: "ns=2;s=F", path: l1/oven/fan, data-type: Float }
      %s
      """;

  private static String node(boolean mesh, String extra) {
    return NODE.formatted(mesh, extra.indent(2).stripTrailing());
  }

  private static String rules(String rules) {
    return node(true, "rules:\n" + rules.indent(2).stripTrailing());
  }

  private static NodeSettings valid(String yaml) {
    return new ConfigValidator(ENV).validate(ConfigFixtures.load(yaml));
  }

  private static List<String> errors(String yaml) {
    return assertThrows(
            InvalidConfigException.class,
            () -> new ConfigValidator(ENV).validate(ConfigFixtures.load(yaml)))
        .errors();
  }

  private static void assertOneError(String yaml, String... parts) {
    List<String> errors = errors(yaml);
    assertEquals(1, errors.size(), errors.toString());
    for (String p : parts) {
      assertTrue(errors.get(0).contains(p), "'" + errors.get(0) + "' should contain '" + p + "'");
    }
  }

  @Test
  void aRuleSetCompilesWithItsPlaceholdersAsWritten() {
    NodeSettings s =
        valid(
            rules(
                """
                - name: oven-hot
                  condition: 'tag("l1/oven/temp") > 250'
                  for: 10s
                  deadband: 2.5
                  placement: [gw-1, gw-2]
                  actions:
                    - write: { target: l1/oven/fan, value: 100.0, interlock: 'tag("l1/oven/door") == false', rate-limit: 6/1m }
                    - alarm: { severity: critical, message: 'Oven at ${tag("l1/oven/temp")} °C' }
                    - event: { name: oven-hot, message: 'temp ${tag("l1/oven/temp")}', on: clear }
                """));
    DecisionSettings d = s.decisions();
    assertTrue(d.hasRules());
    assertEquals(3, d.knownTags());
    CompiledRule r = d.rules().rules().get(0);
    assertEquals(Duration.ofSeconds(10), r.spec().forDuration());
    assertEquals(new Clear.Deadband(2.5), r.spec().clear());
    assertEquals(List.of("gw-1", "gw-2"), r.spec().placement());
    // YAML 1.1 reads the key "on" as true: the node gives it back to the rule.
    assertEquals(
        io.plantmesh.cluster.rules.Trigger.CLEAR,
        ((io.plantmesh.cluster.rules.EventAction) r.spec().actions().get(2)).on());
    assertEquals("l1/oven/fan", ((WriteAction) r.spec().actions().get(0)).target().toString());
    AlarmAction alarm = (AlarmAction) r.spec().actions().get(1);
    assertEquals(AlarmSeverity.CRITICAL, alarm.severity());
    assertEquals("Oven at ${tag(\"l1/oven/temp\")} °C", alarm.message());
    assertEquals(List.of(), d.rules().warnings());
  }

  @Test
  void settingsAndTheAlarmsToken() {
    NodeSettings s =
        valid(
            node(
                true,
                """
                api: { alarms: { token: env:ACK } }
                rule-settings:
                  unknown-tags: refuse
                  write-expiry: 5s
                  write-failure-severity: medium
                  action-threads: 2
                  alarm-retention: 1h
                """));
    DecisionSettings d = s.decisions();
    assertEquals(Duration.ofSeconds(5), d.host().writeExpiry());
    assertEquals(AlarmSeverity.MEDIUM, d.host().writeFailureSeverity());
    assertEquals(2, d.host().actionThreads());
    assertEquals(Duration.ofHours(1), d.alarmRetention());
    assertEquals("ack-token", d.alarmsToken().orElseThrow().reveal());
    assertTrue(valid(node(true, "")).decisions().alarmsToken().isEmpty());
  }

  @Test
  void rulesNeedTheMesh() {
    assertOneError(
        node(false, "rules:\n  - { name: r, condition: 'tag(\"l1/oven/door\")' }"),
        "plantmesh.rules: rules run in the mesh",
        "plantmesh.mesh.enabled: true",
        "a mesh of one node is fine");
  }

  @Test
  void aSyntaxError() {
    assertOneError(
        rules("- { name: r1, condition: 'tag(\"l1/oven/temp\") >' }"),
        "plantmesh.rules[0].condition",
        "rule 'r1'");
  }

  @Test
  void anUnknownFunction() {
    assertOneError(
        rules("- { name: r1, condition: 'tagg(\"l1/oven/temp\") > 1.0' }"),
        "plantmesh.rules[0].condition",
        "tagg");
  }

  @Test
  void aTypeErrorAgainstADeclaredDataType() {
    // The door is a Boolean: comparing it with a number is refused at start-up, not at 3 a.m.
    assertOneError(
        rules("- { name: r1, condition: 'tag(\"l1/oven/door\") > 1.0' }"),
        "plantmesh.rules[0].condition",
        "rule 'r1'");
  }

  @Test
  void anUnknownTagIsAWarningOrAnErrorByPolicy() {
    String rule = "- { name: r1, condition: 'tag(\"l9/nowhere\") > 1.0' }";
    NodeSettings s = valid(rules(rule));
    assertTrue(
        s.decisions().rules().warnings().stream().anyMatch(w -> w.message().contains("l9/nowhere")),
        s.decisions().rules().warnings().toString());
    assertOneError(
        node(true, "rule-settings: { unknown-tags: refuse }\nrules:\n" + rule.indent(2)),
        "plantmesh.rules[0].condition",
        "l9/nowhere");
  }

  @Test
  void aBadDuration() {
    assertOneError(
        rules("- { name: r1, condition: 'tag(\"l1/oven/door\")', for: soon }"),
        "plantmesh.rules[0].for",
        "soon");
  }

  @Test
  void aBadAction() {
    assertOneError(
        rules(
            "- { name: r1, condition: 'tag(\"l1/oven/door\")', actions: [{ email: { to: x } }] }"),
        "plantmesh.rules[0].actions[0]",
        "unknown action 'email'");
    assertOneError(
        rules(
            "- { name: r1, condition: 'tag(\"l1/oven/door\")', actions: [{ alarm: { message: m } }] }"),
        "plantmesh.rules[0].actions[0].alarm.severity",
        "is required");
    // A bool into the Float fan: the value must fit its target.
    assertOneError(
        rules(
            "- { name: r1, condition: 'tag(\"l1/oven/door\")',"
                + " actions: [{ write: { target: l1/oven/fan, value: true } }] }"),
        "plantmesh.rules[0].actions[0].write.value");
  }

  @Test
  void everyProblemOfEveryRuleAtOnce() {
    List<String> errors =
        errors(
            rules(
                """
                - { name: r1, condition: 'tag("l1/oven/temp") >' }
                - { name: r1, condition: 'tag("l1/oven/door")' }
                - { name: r3, condition: 'tag("l1/oven/door")', deadband: wide }
                - { name: r4, condition: 'tag("l1/oven/door")', for: soon }
                """));
    assertEquals(4, errors.size(), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.startsWith("plantmesh.rules[1].name")), "" + errors);
    assertTrue(
        errors.stream().anyMatch(e -> e.startsWith("plantmesh.rules[2].deadband")), "" + errors);
  }

  @Test
  void badSettings() {
    List<String> errors =
        errors(
            node(
                    true,
                    """
                api: { alarms: { token: inline-secret } }
                rule-settings: { write-expiry: 1h, action-threads: 0, alarm-retention: 10s }
                sources:
                """)
                .replace("sources:\n  \n", ""));
    String all = String.join("\n", errors);
    assertTrue(all.contains("plantmesh.api.alarms.token"), all);
    assertTrue(!all.contains("inline-secret"), "secret echoed: " + all);
    assertTrue(all.contains("plantmesh.rule-settings.action-threads: '0'"), all);
    assertTrue(all.contains("plantmesh.rule-settings.alarm-retention: 'PT10S'"), all);
  }

  @Test
  void writeExpiryBeyondTheResultTtl() {
    assertOneError(
        node(true, "rule-settings: { write-expiry: 1h }"),
        "plantmesh.rule-settings.write-expiry",
        "plantmesh.mesh.writes.result-ttl");
  }

  @Test
  void anUnknownDataType() {
    assertOneError(
        NODE.formatted(true, "").replace("data-type: Double", "data-type: Real"),
        "plantmesh.sources[0].tags[0].data-type: 'Real' is not an OPC UA built-in");
  }
}
