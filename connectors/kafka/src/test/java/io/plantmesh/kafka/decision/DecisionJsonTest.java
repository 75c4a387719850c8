package io.plantmesh.kafka.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.plantmesh.kafka.forward.Headers;
import io.plantmesh.kafka.forward.UpstreamRecords;
import io.plantmesh.outbox.OutboxRecord;
import io.plantmesh.outbox.Priority;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Alarm steps and rule events as JSON: every step of the lifecycle and an event validate against
 * their schemas (formats asserted), the schemas refuse what the contract excludes, and the Outbox
 * records carry the ids, keys, priorities and headers of the MES contract.
 */
class DecisionJsonTest {
  private static final Schema ALARM = load(DecisionJson.ALARM_SCHEMA_RESOURCE);
  private static final Schema EVENT = load(DecisionJson.EVENT_SCHEMA_RESOURCE);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final UUID ID = UUID.fromString("3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f");
  private static final Instant RAISED = Instant.parse("2026-11-25T10:15:30.123456Z");

  static Schema load(String resource) {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b ->
                b.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    try (InputStream in = DecisionJson.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      return registry.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AlarmStep raise() {
    return new AlarmStep(
        ID,
        0,
        "oven-overheat",
        "HIGH",
        750,
        "Oven at 262.5 °C",
        "ACTIVE",
        false,
        "RAISE",
        "rule:oven-overheat",
        null,
        RAISED,
        RAISED,
        "gw-line1");
  }

  private static AlarmStep acknowledge() {
    return new AlarmStep(
        ID,
        1,
        "oven-overheat",
        "HIGH",
        750,
        "Oven at 262.5 °C",
        "ACKNOWLEDGED",
        true,
        "ACKNOWLEDGE",
        "op-7",
        "fan checked, door closed",
        RAISED.plusSeconds(40),
        RAISED,
        "gw-line2");
  }

  private static AlarmStep clear() {
    return new AlarmStep(
        ID,
        2,
        "oven-overheat",
        "HIGH",
        750,
        "Oven at 262.5 °C",
        "CLEARED",
        true,
        "CLEAR",
        "rule:oven-overheat",
        null,
        RAISED.plusSeconds(95),
        RAISED,
        "gw-line1");
  }

  private static List<Error> alarmErrors(String json) {
    return ALARM.validate(json, InputFormat.JSON);
  }

  @Test
  void everyStepOfTheLifecycleIsValidAndNamesItsStep() throws IOException {
    for (AlarmStep s : List.of(raise(), acknowledge(), clear())) {
      String json = DecisionJson.toJson(s);
      assertEquals(List.of(), alarmErrors(json), json);
      JsonNode n = MAPPER.readTree(json);
      assertEquals(ID + "#" + s.seq(), n.get("id").asText());
      assertEquals(s.transition(), n.get("transition").asText());
      assertEquals(s.who(), n.get("who").asText());
      assertEquals(s.when().toString(), n.get("when").asText());
      assertEquals("gw-line" + (s.seq() == 1 ? 2 : 1), n.get("node").asText());
    }
    assertTrue(MAPPER.readTree(DecisionJson.toJson(raise())).get("why").isNull());
    assertEquals(
        "fan checked, door closed",
        MAPPER.readTree(DecisionJson.toJson(acknowledge())).get("why").asText());
  }

  @Test
  void theAlarmSchemaRefusesWhatTheContractExcludes() throws IOException {
    ObjectNode ack = (ObjectNode) MAPPER.readTree(DecisionJson.toJson(acknowledge()));
    assertInvalid(ack.deepCopy().putNull("why"), "an acknowledgement without why");
    assertInvalid(ack.deepCopy().put("acknowledged", false), "an acknowledgement not acknowledged");
    assertInvalid(ack.deepCopy().put("seq", 0), "step 0 that is not the raise");
    assertInvalid(ack.deepCopy().put("id", ID.toString()), "an id without #seq");
    assertInvalid(ack.deepCopy().put("severity", "URGENT"), "an unknown severity");
    assertInvalid(ack.deepCopy().put("when", "yesterday"), "a time that is no date-time");
    assertInvalid(ack.deepCopy().put("extra", 1), "a field the schema does not know");
    ObjectNode missing = ack.deepCopy();
    missing.remove("rule");
    assertInvalid(missing, "a step without its rule");
    ObjectNode clear = (ObjectNode) MAPPER.readTree(DecisionJson.toJson(clear()));
    assertInvalid(clear.put("state", "ACTIVE"), "a clear that leaves the alarm active");
  }

  private static void assertInvalid(JsonNode json, String what) {
    assertFalse(alarmErrors(json.toString()).isEmpty(), what + " passed: " + json);
  }

  @Test
  void anEventIsValid() throws IOException {
    RuleEvent e =
        new RuleEvent(ID, "oven-overheat", "oven-hot", "Oven at 262.5 °C", RAISED, "gw-line1");
    String json = DecisionJson.toJson(e);
    assertEquals(List.of(), EVENT.validate(json, InputFormat.JSON), json);
    ObjectNode n = (ObjectNode) MAPPER.readTree(json);
    assertEquals(ID.toString(), n.get("id").asText());
    assertFalse(
        EVENT
            .validate(n.deepCopy().put("name", "two words").toString(), InputFormat.JSON)
            .isEmpty());
    assertFalse(EVENT.validate(n.put("id", "e-1").toString(), InputFormat.JSON).isEmpty());
  }

  @Test
  void outboxRecordsCarryTheContractsIdsKeysAndHeaders() {
    OutboxRecord a = UpstreamRecords.alarm(acknowledge());
    assertEquals(Priority.ALARM, a.priority());
    assertEquals("oven-overheat", a.key());
    assertEquals(ID + "#1", a.id());
    assertEquals("alarm", a.headers().get(Headers.KIND));
    assertEquals(DecisionJson.ALARM_SCHEMA_ID, a.headers().get(Headers.SCHEMA));
    assertEquals("gw-line2", a.headers().get(Headers.NODE));
    assertEquals(
        DecisionJson.toJson(acknowledge()), new String(a.payload(), StandardCharsets.UTF_8));
    // The same step sent twice is the same record: consumers deduplicate on the id.
    assertEquals(a, UpstreamRecords.alarm(acknowledge()));

    RuleEvent e = new RuleEvent(ID, "r1", "batch-start", "started", RAISED, "gw-line1");
    OutboxRecord ev = UpstreamRecords.event(e);
    assertEquals(Priority.EVENT, ev.priority());
    assertEquals("r1", ev.key());
    assertEquals(ID.toString(), ev.id());
    assertEquals("event", ev.headers().get(Headers.KIND));
    assertEquals(DecisionJson.EVENT_SCHEMA_ID, ev.headers().get(Headers.SCHEMA));
  }

  @Test
  void aStepThatContradictsItselfIsRefusedWhenBuilt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new AlarmStep(
                    ID, 1, "r", "HIGH", 750, "m", "ACTIVE", false, "RAISE", "rule:r", null, RAISED,
                    RAISED, "n"));
    assertTrue(e.getMessage().contains("only it, is the RAISE"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new AlarmStep(
                ID, 0, "r", "high", 750, "m", "ACTIVE", false, "RAISE", "rule:r", null, RAISED,
                RAISED, "n"));
  }
}
