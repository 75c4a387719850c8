package io.plantmesh.node.upstream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantmesh.kafka.testkit.MesConsumer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The upstream end to end: a real PLC simulator read over OPC UA, the node's pipeline, summaries in
 * 1 s windows, the Outbox on disk and the forwarder, to a real in-process Kafka broker read by a
 * plain consumer as the MES would.
 */
@QuarkusTest
@WithTestResource(KafkaUplinkResource.class)
class UpstreamTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @InjectBroker Broker broker;

  private static List<String> tagPaths() {
    return given()
        .get("/api/tags?prefix=" + KafkaUplinkResource.PREFIX + "&limit=10000")
        .jsonPath()
        .getList("tags.path");
  }

  @Test
  void summariesOfTheCollectedTagsArriveKeyedByTagPathWithTheirIdAndValid() throws Exception {
    try (MesConsumer mes =
        new MesConsumer(broker.clientConfig(), KafkaUplinkResource.TOPICS + ".summaries")) {
      // Ten tags with three windows each in Kafka.
      await()
          .atMost(WAIT)
          .until(
              () -> {
                Map<String, Long> perTag =
                    mes.received().stream()
                        .collect(Collectors.groupingBy(r -> r.key(), Collectors.counting()));
                return perTag.size() >= 10 && perTag.values().stream().allMatch(n -> n >= 3);
              });
      Set<String> tags = Set.copyOf(tagPaths());
      List<MesConsumer.Received> got = mes.received();
      boolean wholeWindow = false;
      for (MesConsumer.Received r : got) {
        JsonNode s = JSON.readTree(r.json());
        assertTrue(tags.contains(r.key()), "key is a collected tag's path: " + r.key());
        assertEquals(r.key(), s.get("tag").asText(), "key = the summary's tag");
        assertEquals(s.get("id").asText(), r.header("plantmesh-id"), "plantmesh-id = the id");
        assertTrue(r.header("plantmesh-id").startsWith(r.key() + "@"), r.header("plantmesh-id"));
        assertEquals(KafkaUplinkResource.NODE, r.header("plantmesh-node"));
        assertEquals("summary", r.header("plantmesh-kind"));
        assertEquals("false", r.header("plantmesh-replayed"), "sent live");
        assertTrue(SummarySchema.errors(r.json()).isEmpty(), () -> "schema errors: " + r.json());
        assertEquals(1000, s.get("windowLengthMs").asLong());
        wholeWindow |= !s.get("partial").asBoolean() && s.get("count").asLong() > 0;
      }
      assertTrue(wholeWindow, "a whole window with readings");
      String temperature =
          tags.stream()
              .filter(p -> p.endsWith("/Temperature"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Temperature tag in " + tags));
      List<JsonNode> temps =
          got.stream().filter(r -> r.key().equals(temperature)).map(r -> read(r.json())).toList();
      assertTrue(temps.size() >= 3, "windows of " + temperature + ": " + temps.size());
      assertEquals("numeric", temps.get(1).get("kind").asText());
      // One summary per window and tag: the ids of one tag are distinct and in window order.
      List<String> starts = temps.stream().map(t -> t.get("windowStart").asText()).toList();
      assertEquals(starts.stream().distinct().sorted().toList(), starts);
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void restShowsTheLinkUpAndTheCounts() {
    await()
        .atMost(WAIT)
        .until(() -> given().get("/api/upstream").jsonPath().getLong("records.sentLive") > 20);
    JsonPath u = given().get("/api/upstream").then().statusCode(200).extract().jsonPath();
    assertTrue(u.getBoolean("enabled"));
    assertEquals(KafkaUplinkResource.NODE, u.getString("node"));
    assertEquals("kafka", u.getString("routes[0].route"));
    assertEquals("UP", u.getString("routes[0].state"));
    assertTrue(u.getString("routes[0].lastAcknowledged") != null, u.prettify());
    assertEquals("kafka", u.getString("activeRoute"));
    assertEquals(0, u.getLong("records.rejected"));
    assertEquals(1, u.getInt("summaries.sources"));
    assertTrue(u.getLong("summaries.emitted") >= u.getLong("records.sentLive"), u.prettify());
    assertTrue(u.getLong("summaries.readingsAccepted") > 0);
    assertEquals(0, u.getLong("summaries.lateDropped"));
    assertTrue(u.getLong("summaries.appended") > 0);
    assertTrue(u.getString("outbox.dir").endsWith("outbox"));
    assertTrue(u.getLong("outbox.maxBytes") == 64L << 20);
    assertTrue(
        u.getMap("outbox.classes").keySet().containsAll(Set.of("alarm", "event", "summary")));
    assertEquals(0, u.getLong("outbox.evictedRecords"));
    assertEquals(0, u.getLong("outbox.pendingInMemory"));
  }

  @Test
  void metricsShowTheLinkTheRecordsTheOutboxAndTheSummaries() {
    await()
        .atMost(WAIT)
        .until(() -> given().get("/api/upstream").jsonPath().getLong("records.sentLive") > 0);
    String m = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Function<String, Double> value =
        name ->
            m.lines()
                .filter(l -> l.startsWith(name + " "))
                .findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " not in /q/metrics"));
    assertEquals(1.0, value.apply("plantmesh_uplink_link_state{route=\"kafka\",state=\"up\"}"));
    assertEquals(0.0, value.apply("plantmesh_uplink_link_state{route=\"kafka\",state=\"down\"}"));
    assertEquals(1.0, value.apply("plantmesh_uplink_route_active{route=\"kafka\"}"));
    assertTrue(value.apply("plantmesh_uplink_records_total{outcome=\"sent-live\"}") > 0);
    assertEquals(0.0, value.apply("plantmesh_uplink_records_total{outcome=\"rejected\"}"));
    assertTrue(m.contains("plantmesh_uplink_records_in_flight "), "in flight");
    assertTrue(m.contains("plantmesh_outbox_backlog_records{priority=\"summary\"}"), "backlog");
    assertTrue(m.contains("plantmesh_outbox_backlog_bytes{priority=\"alarm\"}"), "backlog bytes");
    assertTrue(m.contains("plantmesh_outbox_evicted_records_total{priority=\"summary\"} 0.0"));
    assertTrue(m.contains("plantmesh_outbox_oldest_record_age_seconds "), "oldest age");
    assertTrue(m.contains("plantmesh_outbox_replay_rate "), "replay rate");
    assertTrue(m.contains("plantmesh_outbox_drain_seconds "), "drain time");
    assertTrue(value.apply("plantmesh_summaries_emitted_total") > 0);
    assertTrue(m.contains("plantmesh_summaries_partial_total "), "partial summaries");
    assertEquals(0.0, value.apply("plantmesh_summaries_readings_dropped_total{reason=\"late\"}"));
    assertFalse(
        m.lines().anyMatch(l -> l.startsWith("plantmesh_") && l.endsWith("NaN")),
        "no upstream meter fails to read");
  }

  @Test
  void healthShowsTheUplink() {
    await()
        .atMost(WAIT)
        .until(
            () ->
                given().get("/api/upstream").jsonPath().getString("routes[0].state").equals("UP"));
    JsonPath h = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    assertEquals("UP", h.getString("checks.find { it.name == 'plantmesh-uplink' }.status"));
    assertEquals("UP", h.getString("checks.find { it.name == 'plantmesh-uplink' }.data.link"));
    assertEquals(
        "kafka", h.getString("checks.find { it.name == 'plantmesh-uplink' }.data.active-route"));
  }
}
