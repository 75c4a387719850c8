package io.plantmesh.it.rules;

import static io.plantmesh.it.rules.RulesConfig.A_AUX;
import static io.plantmesh.it.rules.RulesConfig.A_AUX_NODE;
import static io.plantmesh.it.rules.RulesConfig.A_IN;
import static io.plantmesh.it.rules.RulesConfig.A_LOCK;
import static io.plantmesh.it.rules.RulesConfig.A_OUT;
import static io.plantmesh.it.rules.RulesConfig.A_OUT_NODE;
import static io.plantmesh.it.rules.RulesConfig.B_GO;
import static io.plantmesh.it.rules.RulesConfig.B_IN;
import static io.plantmesh.it.rules.RulesConfig.CROSS;
import static io.plantmesh.it.rules.RulesConfig.LOCKED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rules across processes: three packaged nodes and two simulated PLCs, each its own JVM. A rule
 * preferred on n3 reads a tag of PLC A (collected by n1) and one of PLC B (n2) and writes a
 * setpoint on PLC A: the simulator's write log shows one write per firing, also after kill -9 of n3
 * hands the rule to n1; a false interlock writes nothing and the audit says why; the rule's alarm
 * outlives the node that raised it, is acknowledged on n1 and clears with the condition. The tests
 * run in order on one plant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** How long "nothing more happens" is watched: several evaluations and write round trips. */
  private static final Duration QUIET = Duration.ofSeconds(2);

  private static final String EPOCH = "1970-01-01T00:00:00Z";

  private RulesPlant plant;
  private NodeApi api;
  private String alarmId;
  private Instant killedAt;

  @BeforeAll
  void start() throws IOException {
    Path dir =
        Files.createDirectories(Path.of("target", "it-rules", "run-" + System.currentTimeMillis()));
    plant = new RulesPlant(dir);
    try {
      plant.start();
      api = new NodeApi(plant.httpPorts);
      // Placement: each rule on its preferred node, as every node sees it; every input GOOD.
      for (String n : RulesPlant.NODES) {
        await()
            .atMost(WAIT)
            .ignoreExceptions()
            .until(
                () ->
                    "n3".equals(api.evaluator(n, CROSS)) && "n2".equals(api.evaluator(n, LOCKED)));
      }
      // PLC A on n1, PLC B on n2 (the first node up takes both until the preferred one is there).
      await().atMost(WAIT).ignoreExceptions().until(() -> "n1".equals(owner("plc-a")));
      await().atMost(WAIT).ignoreExceptions().until(() -> "n2".equals(owner("plc-b")));
      for (String tag : List.of(A_IN, A_OUT, A_LOCK, A_AUX, B_IN, B_GO)) {
        await()
            .atMost(WAIT)
            .ignoreExceptions()
            .until(
                () ->
                    api.get("n3", "/api/tags/" + tag)
                        .path("quality")
                        .path("severity")
                        .asText()
                        .equals("GOOD"));
      }
    } catch (RuntimeException | IOException | Error e) {
      stop();
      throw e;
    }
  }

  @AfterAll
  void stop() {
    if (plant != null) {
      try {
        plant.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      plant = null;
    }
  }

  @Test
  @Order(1)
  void theRuleOnN3FiresOnInputsFromBothPlcsAndWritesPlcAOnce() {
    assertEquals("n1", owner("plc-a"));
    assertEquals("n2", owner("plc-b"));
    assertTrue(plant.writes("a", A_OUT_NODE).isEmpty(), "no write before the condition holds");

    // One input alone does not make it fire.
    Instant written = Instant.now();
    write("n1", B_IN, 60.0);
    await()
        .atMost(WAIT)
        .until(
            () -> api.rule("n3", CROSS),
            r ->
                Instant.parse(r.path("lastEvaluation").asText(EPOCH)).isAfter(written)
                    && r.path("lastOutcome").asText().equals("false"));
    write("n2", A_IN, 60.0);

    await().atMost(WAIT).until(() -> plant.writes("a", A_OUT_NODE).size() == 1);
    String line = plant.writes("a", A_OUT_NODE).get(0);
    assertTrue(line.endsWith(A_OUT_NODE + " = 60.0 -> Good"), line);
    JsonNode rule = api.rule("n3", CROSS);
    assertTrue(rule.path("evaluatedHere").asBoolean(), rule.toString());
    assertEquals("firing", rule.path("state").asText(), rule.toString());

    // The audit, on any node: the rule's write, routed by its evaluator, written.
    JsonNode audit = await().atMost(WAIT).until(() -> audit("n2", CROSS), a -> !a.isEmpty()).get(0);
    assertEquals(A_OUT, audit.path("path").asText(), audit.toString());
    assertEquals("Good", audit.path("result").asText(), audit.toString());
    assertTrue(audit.path("written").asBoolean(), audit.toString());
    assertEquals("n3", audit.path("routedBy").asText(), audit.toString());
    assertEquals(1, audit("n1", CROSS).size());

    // Its alarm, raised by n3, is listed by every node.
    alarmId =
        await()
            .atMost(WAIT)
            .until(() -> activeAlarmOf("n3", CROSS), a -> a != null)
            .path("id")
            .asText();
    for (String n : List.of("n1", "n2")) {
      JsonNode a = await().atMost(WAIT).until(() -> api.alarm(n, alarmId), x -> x != null);
      assertEquals("ACTIVE", a.path("state").asText(), n + ": " + a);
      assertEquals("HIGH", a.path("severity").asText(), n + ": " + a);
      assertEquals("A at 60, B at 60", a.path("message").asText(), n + ": " + a);
    }
    assertEquals(1, plant.writes("a", A_OUT_NODE).size(), "the PLC saw one write");
  }

  @Test
  @Order(2)
  void aFalseInterlockWritesNothingAndTheAuditSaysWhy() {
    assertEquals("false", api.get("n1", "/api/tags/" + A_LOCK).path("value").asText());
    write("n3", B_GO, true);

    JsonNode audit =
        await().atMost(WAIT).until(() -> audit("n3", LOCKED), a -> !a.isEmpty()).get(0);
    assertEquals(A_AUX, audit.path("path").asText(), audit.toString());
    assertEquals("INTERLOCK", audit.path("result").asText(), audit.toString());
    assertEquals("INTERLOCK", audit.path("refusal").asText(), audit.toString());
    assertFalse(audit.path("written").asBoolean(), audit.toString());
    assertEquals("n2", audit.path("routedBy").asText(), audit.toString());
    String why = audit.path("message").asText();
    assertTrue(why.contains("tag(\"" + A_LOCK + "\") == true"), why);
    assertTrue(why.contains(A_LOCK + " = false"), why);
    System.out.println("interlock refusal in the audit: " + why);

    // The refusal raised an alarm of the rule; the PLC never saw a write of that setpoint.
    JsonNode alarm = await().atMost(WAIT).until(() -> activeAlarmOf("n1", LOCKED), a -> a != null);
    assertTrue(alarm.path("message").asText().contains("INTERLOCK"), alarm.toString());
    assertEquals(List.of(), plant.writes("a", A_AUX_NODE));
    assertEquals("firing", api.rule("n2", LOCKED).path("state").asText());
  }

  @Test
  @Order(3)
  void killingTheEvaluatorHandsTheRuleToN1WithoutASecondWrite() {
    await().atMost(WAIT).until(() -> api.get("n1", "/api/cluster").path("safe").asBoolean());
    killedAt = Instant.now();
    plant.kill("n3");

    String next =
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(50))
            .ignoreExceptions()
            .until(() -> api.evaluator("n1", CROSS), e -> e != null && !e.equals("n3"));
    Duration takeover = Duration.between(killedAt, Instant.now());
    JsonNode rule =
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(50))
            .until(() -> api.rule(next, CROSS), r -> r.path("evaluatedHere").asBoolean());
    Duration evaluating = Duration.between(killedAt, Instant.now());
    // The other survivor learns the new evaluator from the mesh's ownership record, a little later.
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> api.evaluator("n2", CROSS), next::equals);
    Duration seenByN2 = Duration.between(killedAt, Instant.now());
    System.out.printf(
        "kill -9 of the rule's evaluator -> new evaluator %s in /api/rules of n1: %d ms,"
            + " evaluating there: %d ms, shown by n2: %d ms%n",
        next, takeover.toMillis(), evaluating.toMillis(), seenByN2.toMillis());
    assertEquals("n1", next, "the next node of the rule's placement");

    // It continues the firing: evaluated since the kill, condition true, no second write.
    rule =
        await()
            .atMost(WAIT)
            .until(
                () -> api.rule("n1", CROSS),
                r -> Instant.parse(r.path("lastEvaluation").asText(EPOCH)).isAfter(killedAt));
    assertEquals("firing", rule.path("state").asText(), rule.toString());
    assertEquals("true", rule.path("lastOutcome").asText(), rule.toString());
    await()
        .during(QUIET)
        .atMost(QUIET.plusSeconds(5))
        .until(() -> plant.writes("a", A_OUT_NODE).size() == 1);
    assertEquals(1, audit("n1", CROSS).size(), "one write attempt of the rule in the audit");

    // The alarm n3 raised is still there, on both survivors, and not raised a second time.
    for (String n : List.of("n1", "n2")) {
      JsonNode a = api.alarm(n, alarmId);
      assertNotNull(a, n + " lost alarm " + alarmId);
      assertEquals("ACTIVE", a.path("state").asText(), n + ": " + a);
      assertEquals(1, a.path("history").size(), n + ": " + a);
      assertEquals(List.of(alarmId), activeAlarmIds(n, CROSS), n);
    }
  }

  @Test
  @Order(4)
  void theAlarmIsAcknowledgedOnN1AndClearsWhenTheConditionStops() {
    HttpResponse<String> r = api.acknowledge("n1", alarmId, null, "op-7", "checked");
    assertEquals(401, r.statusCode(), r.body());
    r = api.acknowledge("n1", alarmId, RulesPlant.ALARM_TOKEN, "op-7", "valve checked");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("ACKNOWLEDGED", NodeApi.parse(r.body()).path("state").asText(), r.body());
    await()
        .atMost(WAIT)
        .until(() -> api.alarm("n2", alarmId).path("state").asText().equals("ACKNOWLEDGED"));

    write("n2", A_IN, 10.0);
    JsonNode cleared =
        await()
            .atMost(WAIT)
            .until(() -> api.alarm("n2", alarmId), a -> a.path("state").asText().equals("CLEARED"));
    assertTrue(cleared.path("acknowledged").asBoolean(), cleared.toString());
    List<String> steps = new ArrayList<>();
    for (JsonNode h : cleared.path("history")) {
      steps.add(h.path("action").asText() + " by " + h.path("by").asText());
    }
    assertEquals(
        List.of("RAISE by rule:" + CROSS, "ACKNOWLEDGE by op-7", "CLEAR by rule:" + CROSS),
        steps,
        cleared.toString());
    assertEquals(null, activeAlarmOf("n1", CROSS));
    await().atMost(WAIT).until(() -> api.rule("n1", CROSS).path("state").asText().equals("armed"));
    assertEquals(1, plant.writes("a", A_OUT_NODE).size(), "clearing writes nothing");
  }

  @Test
  @Order(5)
  void theConditionMetAnewFiresOnceMore() {
    write("n1", A_IN, 70.0);
    await().atMost(WAIT).until(() -> plant.writes("a", A_OUT_NODE).size() == 2);
    String line = plant.writes("a", A_OUT_NODE).get(1);
    assertTrue(line.endsWith(A_OUT_NODE + " = 70.0 -> Good"), line);
    List<JsonNode> audit = await().atMost(WAIT).until(() -> audit("n2", CROSS), a -> a.size() == 2);
    assertEquals("n1", audit.get(0).path("routedBy").asText(), audit.toString());
    JsonNode alarm = await().atMost(WAIT).until(() -> activeAlarmOf("n2", CROSS), a -> a != null);
    assertFalse(alarm.path("id").asText().equals(alarmId), "a new alarm for a new firing");
    assertEquals("A at 70, B at 60", alarm.path("message").asText());
    await()
        .during(QUIET)
        .atMost(QUIET.plusSeconds(5))
        .until(() -> plant.writes("a", A_OUT_NODE).size() == 2);
  }

  private void write(String via, String tag, Object value) {
    HttpResponse<String> r = api.writeTag(via, tag, value);
    assertEquals(200, r.statusCode(), "PUT " + tag + " via " + via + ": " + r.body());
  }

  private List<String> activeAlarmIds(String node, String rule) {
    List<String> ids = new ArrayList<>();
    for (JsonNode a : api.get(node, "/api/alarms")) {
      if (a.path("rule").asText().equals(rule)) {
        ids.add(a.path("id").asText());
      }
    }
    return ids;
  }

  private String owner(String source) {
    for (JsonNode o : api.get("n3", "/api/cluster").path("ownership")) {
      if (o.path("source").asText().equals(source) && o.path("state").asText().equals("active")) {
        return o.path("owner").asText();
      }
    }
    return null;
  }

  /** The rule's write attempts in the mesh's audit, newest first. */
  private List<JsonNode> audit(String node, String rule) {
    List<JsonNode> records = new ArrayList<>();
    for (JsonNode a : api.get(node, "/api/audit?limit=1000")) {
      if (a.path("requestedBy").asText().equals("rule:" + rule)) {
        records.add(a);
      }
    }
    return records;
  }

  private JsonNode activeAlarmOf(String node, String rule) {
    for (JsonNode a : api.get(node, "/api/alarms")) {
      if (a.path("rule").asText().equals(rule)) {
        return a;
      }
    }
    return null;
  }
}
