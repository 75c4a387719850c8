package io.plantmesh.node.upstream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.kafka.testkit.MesConsumer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The node starts while its Kafka broker is unreachable (nothing listens on the port yet): it
 * collects, REST and health show the link DOWN with the reason, the node stays ready, and the
 * summaries pile up in the Outbox. Then the broker comes up on that port: the link goes UP, the
 * node creates its topics, and the backlog reaches Kafka marked replayed.
 */
@QuarkusTest
@WithTestResource(
    value = KafkaUplinkResource.class,
    initArgs = @ResourceArg(name = "broker", value = "down"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UplinkDownTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @InjectBroker Broker broker;

  private static JsonPath upstream() {
    return given().get("/api/upstream").then().statusCode(200).extract().jsonPath();
  }

  private static long backlog() {
    return upstream().getLong("outbox.classes.summary.backlogRecords");
  }

  @Test
  @Order(1)
  void theNodeRunsWithTheLinkDownAndStoresWhatItSummarises() {
    // Windows close every second: the backlog grows while nothing gets through.
    await().atMost(WAIT).until(() -> backlog() > 0);
    long first = backlog();
    await().atMost(WAIT).until(() -> backlog() > first);

    JsonPath u = upstream();
    assertEquals("kafka", u.getString("routes[0].route"));
    assertEquals("DOWN", u.getString("routes[0].state"));
    String reason = u.getString("routes[0].reason");
    assertTrue(reason != null && !reason.isBlank(), "a reason: " + u.prettify());
    assertTrue(u.getString("routes[0].nextProbe") != null, "probed again later");
    assertNull(u.getString("activeRoute"), "no route up");
    assertEquals(0, u.getLong("records.sentLive"));
    assertTrue(u.getLong("outbox.backlogRecords") >= first);
    assertTrue(u.getLong("outbox.backlogBytes") > 0);
    assertTrue(u.getDouble("outbox.oldestRecordAgeSeconds") > 0);
    assertNull(u.get("outbox.secondsToDrain"), "not draining");

    // Ready all the same: a node that cannot reach Kafka still collects and stores.
    JsonPath h = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    String uplink = "checks.find { it.name == 'plantmesh-uplink' }";
    assertEquals("UP", h.getString(uplink + ".status"));
    assertEquals("DOWN", h.getString(uplink + ".data.link"));
    assertTrue(h.getString(uplink + ".data.'route:kafka'").startsWith("DOWN ("), h.prettify());
    assertEquals("none", h.getString(uplink + ".data.active-route"));

    String m = given().get("/q/metrics").asString();
    assertTrue(m.contains("plantmesh_uplink_link_state{route=\"kafka\",state=\"down\"} 1.0"), m);
    assertTrue(m.contains("plantmesh_uplink_route_active{route=\"kafka\"} 0.0"));
  }

  @Test
  @Order(2)
  void whenTheBrokerComesUpTheBacklogGoesOutMarkedReplayed() throws Exception {
    long stored = backlog();
    assertTrue(stored > 0);
    broker.start();
    await().atMost(WAIT).until(() -> "UP".equals(upstream().getString("routes[0].state")));
    // Everything stored during the outage is acknowledged, marked replayed.
    await().atMost(WAIT).until(() -> upstream().getLong("records.sentReplayed") >= stored);
    try (MesConsumer mes =
        new MesConsumer(broker.clientConfig(), KafkaUplinkResource.TOPICS + ".summaries")) {
      await()
          .atMost(WAIT)
          .until(
              () -> {
                List<MesConsumer.Received> got = mes.received();
                return got.stream()
                            .filter(r -> "true".equals(r.header("plantmesh-replayed")))
                            .count()
                        >= stored
                    && got.stream().anyMatch(r -> "false".equals(r.header("plantmesh-replayed")));
              });
      for (MesConsumer.Received r : mes.received()) {
        assertTrue(r.header("plantmesh-id").startsWith(r.key() + "@"), r.header("plantmesh-id"));
        assertTrue(SummarySchema.errors(r.json()).isEmpty(), () -> "schema errors: " + r.json());
      }
    }
    JsonPath u = upstream();
    assertEquals("kafka", u.getString("activeRoute"));
    assertEquals(0, u.getLong("records.rejected"));
  }
}
