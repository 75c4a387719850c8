package io.plantmesh.node.mesh;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantmesh.kafka.testkit.MesConsumer;
import io.plantmesh.node.upstream.DecisionSchemas;
import io.plantmesh.simulator.SimulatorWrite;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rules on the node in a mesh of three with a real PLC simulator and a real Kafka broker: a rule
 * fires on a simulator tag and writes a setpoint once (the simulator's write log shows it), the
 * audit lists the write, its alarm is listed, acknowledged over REST with the token and cleared by
 * the rule, the alarm's steps and the event reach Kafka valid per their schemas; an interlock that
 * is false on the PLC's owner writes nothing and the audit says why.
 */
@QuarkusTest
@WithTestResource(RulesMeshResource.class)
class RulesMeshTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private RulesMeshResource mesh;

  @BeforeEach
  void rulesRun() {
    mesh = (RulesMeshResource) MeshPeers.current;
    await()
        .atMost(WAIT)
        .until(
            () ->
                given().get("/api/tags?prefix=sim/Static&limit=1").jsonPath().getInt("total") > 5);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/rules")
                    .then()
                    .statusCode(200)
                    .body("findAll { it.evaluatedHere }.size()", equalTo(2))
                    .body("find { it.name == 'setpoint-high' }.lastEvaluation", notNullValue()));
  }

  @Test
  void aRuleWritesOnceIsAuditedAndItsAlarmIsAcknowledgedClearedAndSentUpstream() throws Exception {
    int before = writesTo("Static/DoubleSetpoint");
    try (MesConsumer alarms = new MesConsumer(mesh.kafka, RulesMeshResource.TOPICS + ".alarms");
        MesConsumer events = new MesConsumer(mesh.kafka, RulesMeshResource.TOPICS + ".events")) {
      write("sim/Static/Int32Setpoint", 150);

      // The rule fired on the node and wrote the setpoint on the simulator, once.
      await().atMost(WAIT).until(() -> writesTo("Static/DoubleSetpoint") == before + 1);
      SimulatorWrite w = lastWrite("Static/DoubleSetpoint");
      assertTrue(w.accepted(), w.toString());
      assertEquals(42.5, ((Number) w.value()).doubleValue());
      given()
          .get("/api/rules")
          .then()
          .body("find { it.name == 'setpoint-high' }.state", equalTo("firing"))
          .body("find { it.name == 'setpoint-high' }.evaluator", equalTo(MeshPeers.NODE))
          .body("find { it.name == 'setpoint-high' }.lastFiring", notNullValue())
          .body(
              "find { it.name == 'setpoint-high' }.description", equalTo("follows Int32Setpoint"));

      // The audit lists the rule's write (and the operator's write that set the rule off).
      JsonPath audit =
          await().atMost(WAIT).until(() -> auditOf("rule:setpoint-high"), a -> a != null);
      assertEquals("sim/Static/DoubleSetpoint", audit.getString("path"));
      assertEquals("Good", audit.getString("result"));
      assertEquals(true, audit.getBoolean("written"));
      assertEquals(MeshPeers.NODE, audit.getString("routedBy"));
      assertEquals(42.5f, audit.getFloat("value"));
      given()
          .get("/api/audit?limit=50")
          .then()
          .body("requestedBy", hasItem("rest@" + MeshPeers.NODE));

      // Its alarm, listed with the value in its message.
      String id =
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      given()
                          .get("/api/alarms")
                          .jsonPath()
                          .getString("find { it.rule == 'setpoint-high' }.id"),
                  x -> x != null);
      given()
          .get("/api/alarms")
          .then()
          .body("find { it.id == '" + id + "' }.message", containsString("Int32Setpoint at 150"))
          .body("find { it.id == '" + id + "' }.severity", equalTo("HIGH"))
          .body("find { it.id == '" + id + "' }.state", equalTo("ACTIVE"));

      // Acknowledged over REST: the token first, then who and why, once.
      ack(id, null, Map.of("who", "op-7", "why", "checked")).then().statusCode(401);
      ack(id, "wrong", Map.of("who", "op-7", "why", "checked")).then().statusCode(401);
      ack(id, RulesMeshResource.ACK_TOKEN, Map.of("who", "op-7"))
          .then()
          .statusCode(400)
          .body("message", containsString("why is required"));
      ack("not-a-uuid", RulesMeshResource.ACK_TOKEN, Map.of("who", "op-7", "why", "checked"))
          .then()
          .statusCode(400);
      ack(UUID.randomUUID().toString(), RulesMeshResource.ACK_TOKEN, Map.of("who", "a", "why", "b"))
          .then()
          .statusCode(404)
          .body("message", containsString("no alarm"));
      ack(id, RulesMeshResource.ACK_TOKEN, Map.of("who", "op-7", "why", "fan checked"))
          .then()
          .statusCode(200)
          .body("state", equalTo("ACKNOWLEDGED"))
          .body("history[1].by", equalTo("op-7"))
          .body("history[1].reason", equalTo("fan checked"));
      ack(id, RulesMeshResource.ACK_TOKEN, Map.of("who", "op-8", "why", "me too"))
          .then()
          .statusCode(409)
          .body("message", containsString("already acknowledged by op-7"));

      // The condition no longer holds: the rule clears its alarm, and writes nothing more.
      write("sim/Static/Int32Setpoint", 0);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  given()
                      .get("/api/alarms?state=all")
                      .then()
                      .body("find { it.id == '" + id + "' }.state", equalTo("CLEARED"))
                      .body("find { it.id == '" + id + "' }.acknowledged", equalTo(true))
                      .body(
                          "find { it.id == '" + id + "' }.history[2].by",
                          equalTo("rule:setpoint-high")));
      given().get("/api/alarms").then().body("id", org.hamcrest.Matchers.not(hasItem(id)));
      assertEquals(before + 1, writesTo("Static/DoubleSetpoint"), "written once");

      // Upstream: the three steps and the event, valid per their schemas, with stable ids.
      await()
          .atMost(WAIT)
          .until(
              () ->
                  alarms.received().stream().filter(r -> r.key().equals("setpoint-high")).count()
                      >= 3);
      List<MesConsumer.Received> steps =
          alarms.received().stream().filter(r -> r.json().contains(id)).toList();
      assertEquals(
          List.of(id + "#0", id + "#1", id + "#2"),
          steps.stream().map(r -> r.header("plantmesh-id")).sorted().toList());
      for (MesConsumer.Received r : steps) {
        assertEquals(List.of(), DecisionSchemas.alarmErrors(r.json()), r.json());
        assertEquals("alarm", r.header("plantmesh-kind"));
        assertEquals(MeshPeers.NODE, r.header("plantmesh-node"));
      }
      JsonNode ackStep =
          JSON.readTree(
              steps.stream()
                  .filter(r -> r.header("plantmesh-id").endsWith("#1"))
                  .findFirst()
                  .orElseThrow()
                  .json());
      assertEquals("ACKNOWLEDGE", ackStep.get("transition").asText());
      assertEquals("op-7", ackStep.get("who").asText());
      assertEquals("fan checked", ackStep.get("why").asText());
      await().atMost(WAIT).until(() -> !events.received().isEmpty());
      MesConsumer.Received event = events.received().get(0);
      assertEquals(List.of(), DecisionSchemas.eventErrors(event.json()), event.json());
      assertEquals("event", event.header("plantmesh-kind"));
      assertEquals("setpoint-high", JSON.readTree(event.json()).get("name").asText());
    }

    // Metrics: the rule's write by result, the steps, the rules by state.
    await()
        .atMost(WAIT)
        .until(
            () ->
                MeshNodeTest.metric(
                        "plantmesh_writes_audited_total{origin=\"rule\",result=\"Good\"}")
                    >= 1.0);
    assertTrue(MeshNodeTest.metric("plantmesh_alarms_steps_total") >= 3.0);
    assertTrue(
        MeshNodeTest.metric("plantmesh_decisions_records_appended_total{kind=\"alarm\"}") >= 3.0);
    assertEquals(2.0, MeshNodeTest.metric("plantmesh_rules_owned"));
    assertEquals(2.0, MeshNodeTest.metric("plantmesh_rules_configured"));
    assertTrue(MeshNodeTest.metric("plantmesh_rules_evaluations_total") >= 2.0);
    assertTrue(MeshNodeTest.metric("plantmesh_rules_transitions_total{kind=\"fire\"}") >= 1.0);
    assertTrue(MeshNodeTest.metric("plantmesh_rules_transitions_total{kind=\"clear\"}") >= 1.0);
    assertEquals(0.0, MeshNodeTest.metric("plantmesh_rules_evaluation_errors_total"));
  }

  @Test
  void anInterlockThatIsFalseOnTheOwnerWritesNothingAndTheAuditSaysWhy() {
    int before = writesTo("Static/LimitedSetpoint");
    write("sim/Static/StringSetpoint", "go");
    JsonPath audit = await().atMost(WAIT).until(() -> auditOf("rule:interlocked"), a -> a != null);
    assertEquals("INTERLOCK", audit.getString("result"));
    assertEquals("INTERLOCK", audit.getString("refusal"));
    assertEquals(false, audit.getBoolean("written"));
    assertTrue(
        audit.getString("message").contains("tag(\"sim/Static/BoolSetpoint\") == true"),
        audit.getString("message"));
    assertTrue(
        audit.getString("message").contains("sim/Static/BoolSetpoint = false"),
        audit.getString("message"));
    // The refused write raised an alarm of the rule.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/alarms")
                    .then()
                    .body(
                        "find { it.rule == 'interlocked' }.message",
                        containsString("write to 'sim/Static/LimitedSetpoint' failed: INTERLOCK")));
    assertEquals(before, writesTo("Static/LimitedSetpoint"), "nothing reached the device");
    write("sim/Static/StringSetpoint", "stop");
  }

  @Test
  void badQueriesAreRefusedWithTheReason() {
    given()
        .get("/api/alarms?state=open")
        .then()
        .statusCode(400)
        .body("message", containsString("active or all"));
    given()
        .get("/api/alarms?limit=0")
        .then()
        .statusCode(400)
        .body("message", containsString("limit"));
    given()
        .get("/api/audit?limit=x")
        .then()
        .statusCode(400)
        .body("message", containsString("limit"));
  }

  private static void write(String path, Object value) {
    given()
        .header("Authorization", "Bearer " + MeshPeers.TOKEN)
        .contentType(ContentType.JSON)
        .body(Map.of("value", value))
        .put("/api/tags/" + path + "/value")
        .then()
        .statusCode(200);
  }

  private static Response ack(String id, String token, Map<String, Object> body) {
    var spec = given().contentType(ContentType.JSON).body(body);
    if (token != null) {
      spec = spec.header("Authorization", "Bearer " + token);
    }
    return spec.post("/api/alarms/" + id + "/acknowledge");
  }

  /** The newest audit record of {@code requestedBy}, or null. */
  private static JsonPath auditOf(String requestedBy) {
    JsonPath all = given().get("/api/audit?limit=100").jsonPath();
    List<Map<String, Object>> records =
        all.getList("findAll { it.requestedBy == '" + requestedBy + "' }");
    return records.isEmpty() ? null : new JsonPath(toJson(records.get(0)));
  }

  private static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int writesTo(String suffix) {
    return (int) mesh.simulator.writes().stream().filter(w -> w.nodeId().endsWith(suffix)).count();
  }

  private SimulatorWrite lastWrite(String suffix) {
    return mesh.simulator.writes().stream()
        .filter(w -> w.nodeId().endsWith(suffix))
        .reduce((a, b) -> b)
        .orElseThrow();
  }
}
