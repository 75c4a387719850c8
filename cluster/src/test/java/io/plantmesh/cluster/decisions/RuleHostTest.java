package io.plantmesh.cluster.decisions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.SourceSpec;
import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.cluster.decisions.DecisionsCluster.Node;
import io.plantmesh.cluster.decisions.DecisionsCluster.Written;
import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.AlarmAction;
import io.plantmesh.cluster.rules.AlarmSeverity;
import io.plantmesh.cluster.rules.AlarmState;
import io.plantmesh.cluster.rules.CompiledRuleSet;
import io.plantmesh.cluster.rules.EventAction;
import io.plantmesh.cluster.rules.RuleCompiler;
import io.plantmesh.cluster.rules.RuleSpec;
import io.plantmesh.cluster.rules.RuleState;
import io.plantmesh.cluster.rules.TagCatalog;
import io.plantmesh.cluster.rules.Trigger;
import io.plantmesh.cluster.rules.UnknownTagPolicy;
import io.plantmesh.cluster.rules.WriteAction;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rules in a mesh of three members on loopback: a rule evaluated on node-c over tags collected on
 * node-a and node-b writes a setpoint of node-a's PLC; each rule fires once in the mesh, also
 * across the death of its evaluator; interlocks are checked by the PLC's owner and audited; a
 * member cut off from the majority does not write.
 */
class RuleHostTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  static final TagPath TEMP = TagPath.of("plant/l1/oven/temp");
  static final TagPath FAN = TagPath.of("plant/l1/oven/fan");
  static final TagPath DOOR = TagPath.of("plant/l1/oven/door");
  static final TagPath LEVEL = TagPath.of("plant/l2/tank/level");
  static final TagPath VALVE = TagPath.of("plant/l2/tank/valve");
  private static final List<SourceSpec> SOURCES =
      List.of(
          SourceSpec.preferring("plc-a", "node-a"),
          SourceSpec.preferring("plc-b", "node-b"),
          SourceSpec.preferring("plc-c", "node-c"));
  private static final TagCatalog CATALOG =
      TagCatalog.of(
          Map.of(
              TEMP, Value.Type.DOUBLE,
              FAN, Value.Type.DOUBLE,
              DOOR, Value.Type.BOOLEAN,
              LEVEL, Value.Type.DOUBLE,
              VALVE, Value.Type.DOUBLE));

  /** Cools the oven through node-a's fan, evaluated on node-c first. */
  static final RuleSpec COOL =
      RuleSpec.of(
              "cool",
              "tag(\"plant/l1/oven/temp\") > 250.0",
              new WriteAction(
                  FAN, "100.0", "tag(\"plant/l1/oven/door\") == false", null, Trigger.FIRE),
              new AlarmAction(AlarmSeverity.HIGH, "oven at ${tag(\"plant/l1/oven/temp\")} °C"),
              new EventAction("oven-hot", "hot", Trigger.FIRE))
          .withPlacement(List.of("node-c", "node-b", "node-a"));

  /** Opens node-c's own valve; only node-c evaluates it. */
  static final RuleSpec GUARD =
      RuleSpec.of("guard", "tag(\"plant/l2/tank/level\") > 10.0", WriteAction.of(VALVE, "1.0"))
          .withPlacement(List.of("node-c"));

  private DecisionsCluster cluster;
  private Node a;
  private Node b;
  private Node c;

  @BeforeEach
  void setUp() throws Exception {
    cluster = new DecisionsCluster(3);
    a = cluster.start(0, "node-a", Set.of("plc-a"), SOURCES);
    b = cluster.start(1, "node-b", Set.of("plc-b"), SOURCES);
    c = cluster.start(2, "node-c", Set.of("plc-c"), SOURCES);
    await()
        .atMost(WAIT)
        .until(
            () ->
                a.mesh.ownedSources().containsKey("plc-a")
                    && b.mesh.ownedSources().containsKey("plc-b")
                    && c.mesh.ownedSources().containsKey("plc-c"));
    a.publish("plc-a", TEMP, Value.of(200.0));
    a.publish("plc-a", FAN, Value.of(0.0));
    b.publish("plc-b", DOOR, Value.of(false));
    c.publish("plc-c", LEVEL, Value.of(1.0));
    c.publish("plc-c", VALVE, Value.of(0.0));
    await()
        .atMost(WAIT)
        .until(() -> a.mesh.tagTable().size() == 5 && c.mesh.tagTable().size() == 5);
    CompiledRuleSet rules =
        new RuleCompiler(CATALOG, UnknownTagPolicy.REFUSE).compile(List.of(COOL, GUARD));
    for (Node n : List.of(a, b, c)) {
      cluster.host(n, rules);
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                c.host.ownedRules().equals(Set.of("cool", "guard"))
                    && a.host.ownedRules().isEmpty()
                    && b.host.ownedRules().isEmpty()
                    && a.host.evaluators().get("cool").owner().equals("node-c"));
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  private static List<WriteAuditRecord> audited(Node n, String by) {
    return n.mesh.writeAudit().recent(100).stream()
        .filter(r -> r.requestedBy().equals(by))
        .toList();
  }

  private static List<Alarm> activeOf(Node n, String rule) {
    return n.alarms.active().stream().filter(x -> x.rule().equals(rule)).toList();
  }

  @Test
  void theRuleFiresOnceAndAfterItsEvaluatorDiesOnlyWhenTheConditionHoldsAnew() {
    a.publish("plc-a", TEMP, Value.of(260.0));
    await().atMost(WAIT).until(() -> a.written.size() == 1);
    assertEquals(new Written("plc-a", FAN, Value.of(100.0)), a.written.get(0));
    await().atMost(WAIT).until(() -> audited(b, "rule:cool").size() == 1);
    WriteAuditRecord first = audited(b, "rule:cool").get(0);
    assertEquals("node-c", first.routedBy(), "audited where it was routed, read on node-b");
    assertTrue(first.written(), first.toString());
    assertEquals("Good", first.result());
    await().atMost(WAIT).until(() -> activeOf(a, "cool").size() == 1);
    Alarm raised = activeOf(a, "cool").get(0);
    assertEquals("oven at 260 °C", raised.message());
    await().atMost(WAIT).until(() -> c.events.size() == 1);
    assertEquals("oven-hot", c.events.get(0).name());

    // node-c dies while the rule fires: node-b, next in its placement, takes it over and goes on
    // from the recorded firing: FIRING, no second write, the alarm node-c raised still there.
    c.kill();
    await().atMost(WAIT).until(() -> b.host.ownedRules().contains("cool"));
    await()
        .atMost(WAIT)
        .until(() -> b.host.status("cool").orElseThrow().state() == RuleState.FIRING);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> a.written.size() == 1 && b.events.isEmpty() && a.events.isEmpty());
    assertEquals(List.of(raised.id()), activeOf(b, "cool").stream().map(Alarm::id).toList());
    assertEquals(List.of(raised.id()), activeOf(a, "cool").stream().map(Alarm::id).toList());

    // The condition stops holding: node-b clears the alarm node-c raised; holding anew fires once.
    a.publish("plc-a", TEMP, Value.of(200.0));
    await()
        .atMost(WAIT)
        .until(() -> a.alarms.get(raised.id()).orElseThrow().state() == AlarmState.CLEARED);
    assertEquals("rule:cool", a.alarms.get(raised.id()).orElseThrow().history().get(1).by());
    a.publish("plc-a", TEMP, Value.of(265.0));
    await().atMost(WAIT).until(() -> a.written.size() == 2);
    await().atMost(WAIT).until(() -> audited(a, "rule:cool").size() == 2);
    assertEquals("node-b", audited(a, "rule:cool").get(0).routedBy());
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> a.written.size() == 2 && b.events.size() == 1);
    await().atMost(WAIT).until(() -> activeOf(a, "cool").size() == 1);
    assertFalse(activeOf(a, "cool").get(0).id().equals(raised.id()), "a new alarm");
  }

  @Test
  void aClosedInterlockStopsTheWriteOnThePlcsOwnerAndTheAuditSaysWhy() {
    b.publish("plc-b", DOOR, Value.of(true));
    await()
        .atMost(WAIT)
        .until(() -> c.mesh.tagTable().get(DOOR).orElseThrow().value().equals(Value.of(true)));
    a.publish("plc-a", TEMP, Value.of(270.0));
    await().atMost(WAIT).until(() -> audited(a, "rule:cool").size() == 1);
    WriteAuditRecord refused = audited(b, "rule:cool").get(0);
    assertEquals(WriteRejectedException.Reason.INTERLOCK, refused.refusal());
    assertNull(refused.status());
    assertTrue(
        refused
            .message()
            .contains("interlock 'tag(\"plant/l1/oven/door\") == false' is FALSE on node-a"),
        refused.message());
    assertTrue(refused.message().contains("plant/l1/oven/door = true (Good"), refused.message());
    assertEquals("plc-a", refused.sourceId());
    assertEquals(Value.of(100.0), refused.value());
    assertTrue(a.written.isEmpty(), "nothing reached the PLC");

    // The refusal raises an alarm of the rule, next to the rule's own.
    await().atMost(WAIT).until(() -> activeOf(b, "cool").size() == 2);
    Alarm failed =
        activeOf(b, "cool").stream()
            .filter(x -> x.message().startsWith("write to 'plant/l1/oven/fan' failed: INTERLOCK"))
            .findFirst()
            .orElseThrow();
    assertEquals(AlarmSeverity.HIGH, failed.severity());

    // Door closed, the rule fires anew: written, and the failure's alarm clears.
    a.publish("plc-a", TEMP, Value.of(200.0));
    b.publish("plc-b", DOOR, Value.of(false));
    await()
        .atMost(WAIT)
        .until(() -> c.mesh.tagTable().get(DOOR).orElseThrow().value().equals(Value.of(false)));
    a.publish("plc-a", TEMP, Value.of(270.0));
    await().atMost(WAIT).until(() -> a.written.size() == 1);
    await()
        .atMost(WAIT)
        .until(() -> a.alarms.get(failed.id()).orElseThrow().state() == AlarmState.CLEARED);
  }

  @Test
  void theNextEvaluatorsFirstSuccessfulWriteClearsTheFailureAlarmOfTheOneBefore() {
    b.publish("plc-b", DOOR, Value.of(true));
    await()
        .atMost(WAIT)
        .until(() -> c.mesh.tagTable().get(DOOR).orElseThrow().value().equals(Value.of(true)));
    a.publish("plc-a", TEMP, Value.of(270.0));
    await()
        .atMost(WAIT)
        .until(
            () ->
                activeOf(a, "cool").stream()
                    .anyMatch(x -> x.message().startsWith("write to 'plant/l1/oven/fan' failed")));
    Alarm failed =
        activeOf(a, "cool").stream()
            .filter(x -> x.message().startsWith("write to 'plant/l1/oven/fan' failed"))
            .findFirst()
            .orElseThrow();

    // node-c, which raised it, dies; node-b evaluates the rule from now on and raised nothing
    // itself, yet its first successful write to the fan clears node-c's failure.
    c.kill();
    await().atMost(WAIT).until(() -> b.host.ownedRules().contains("cool"));
    a.publish("plc-a", TEMP, Value.of(200.0));
    b.publish("plc-b", DOOR, Value.of(false));
    await()
        .atMost(WAIT)
        .until(
            () ->
                b.host.status("cool").orElseThrow().state() != RuleState.FIRING
                    && b.mesh.tagTable().get(DOOR).orElseThrow().value().equals(Value.of(false))
                    && a.mesh.tagTable().get(DOOR).orElseThrow().value().equals(Value.of(false)));
    a.publish("plc-a", TEMP, Value.of(270.0));
    await().atMost(WAIT).until(() -> a.written.size() == 1);
    await()
        .atMost(WAIT)
        .until(() -> a.alarms.get(failed.id()).orElseThrow().state() == AlarmState.CLEARED);
    assertEquals(
        "rule:cool", a.alarms.get(failed.id()).orElseThrow().history().get(1).by(), "by node-b");
  }

  @Test
  void aMemberCutOffFromTheMajorityDoesNotWrite() {
    // node-a and node-b die: node-c alone is a minority of three. It keeps evaluating what it owns
    // (as it keeps collecting its sources) but cannot record a firing, so it does not write.
    a.kill();
    b.kill();
    await().atMost(WAIT).until(() -> c.mesh.isPartitioned());
    assertEquals(Set.of("cool", "guard"), c.host.ownedRules());
    c.publish("plc-c", LEVEL, Value.of(20.0));
    await()
        .atMost(WAIT)
        .until(() -> c.host.status("guard").orElseThrow().state() == RuleState.FIRING);
    await().atMost(WAIT).until(() -> audited(c, "rule:guard").size() == 1);
    WriteAuditRecord refused = audited(c, "rule:guard").get(0);
    assertEquals(WriteRejectedException.Reason.NO_QUORUM, refused.refusal());
    assertTrue(
        refused.message().contains("the rule's transition could not be recorded cluster-wide"),
        refused.message());
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> c.written.isEmpty());
    // The alarm store stays writable on the minority: the failure is raised there.
    assertTrue(
        activeOf(c, "guard").stream()
            .anyMatch(
                x -> x.message().startsWith("write to 'plant/l2/tank/valve' failed: NO_QUORUM")),
        c.alarms.active().toString());
  }
}
