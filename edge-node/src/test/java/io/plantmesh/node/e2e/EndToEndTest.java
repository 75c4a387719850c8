package io.plantmesh.node.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.node.internal.NodeRuntime;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorWrite;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node end to end: a real PLC simulator, the real OPC UA source, the pipeline, REST, health and
 * metrics, over real TCP on loopback.
 */
@QuarkusTest
@WithTestResource(SimulatorResource.class)
class EndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @InjectSimulator PlcSimulator sim;
  @Inject RecordingListener listenerBean;
  @Inject NodeRuntime runtime;

  @BeforeEach
  void waitForTags() {
    // The source browses the Plant folder after connecting: wait until its tags have values.
    await()
        .atMost(WAIT)
        .until(() -> given().get("/api/tags?prefix=e2e&limit=1").jsonPath().getInt("total") >= 80);
  }

  private static String pathEndingWith(String suffix) {
    List<String> paths =
        given().get("/api/tags?prefix=e2e&limit=10000").jsonPath().getList("tags.path");
    return paths.stream()
        .filter(p -> p.endsWith(suffix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tag ending with " + suffix + " in " + paths));
  }

  @Test
  void listsTagsSortedWithValuesThatChange() {
    JsonPath page =
        given()
            .get("/api/tags?prefix=e2e&offset=0&limit=5")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<String> paths = page.getList("tags.path");
    assertEquals(5, paths.size());
    assertEquals(paths.stream().sorted().toList(), paths, "sorted by path");
    assertEquals(5, page.getInt("limit"));

    String temperature = pathEndingWith("/Device001/Temperature");
    long firstSeq = given().get("/api/tags/" + temperature).jsonPath().getLong("sequence");
    Object firstValue = given().get("/api/tags/" + temperature).jsonPath().get("value");
    await()
        .atMost(WAIT)
        .until(
            () -> {
              JsonPath t = given().get("/api/tags/" + temperature).jsonPath();
              return t.getLong("sequence") > firstSeq && !t.get("value").equals(firstValue);
            });
  }

  @Test
  void oneTagWithItsReadingAndMetadata() {
    String path = pathEndingWith("/Static/ReadOnly");
    given()
        .get("/api/tags/" + path)
        .then()
        .statusCode(200)
        .body("path", equalTo(path))
        .body("value", equalTo(42))
        .body("valueType", equalTo("INT32"))
        .body("quality.severity", equalTo("GOOD"))
        .body("quality.statusCode", equalTo(0))
        .body("quality.symbolicName", equalTo("Good"))
        .body("sourceId", equalTo("sim"))
        .body("originNode", equalTo("gw-e2e"))
        .body("receivedTime", notNullValue())
        .body("sourceTime", notNullValue())
        .body("dataType", equalTo("Int32"))
        .body("writable", equalTo(false));
  }

  @Test
  void browsedTagsCarryTheServersMetadata() {
    String temperature = pathEndingWith("/Device001/Temperature");
    given()
        .get("/api/tags/" + temperature)
        .then()
        .statusCode(200)
        .body("dataType", equalTo("Double"))
        .body("engineeringUnits", equalTo("°C"))
        .body("description", startsWith("Temperature"))
        .body("writable", equalTo(false));
    String setpoint = pathEndingWith("/Static/Int32Setpoint");
    given().get("/api/tags/" + setpoint).then().body("writable", equalTo(true));
    // Listings carry the same metadata for every tag on the page.
    JsonPath page = given().get("/api/tags?prefix=e2e&limit=10000").jsonPath();
    List<String> paths = page.getList("tags.path");
    int i = paths.indexOf(temperature);
    assertEquals("°C", page.getString("tags[" + i + "].engineeringUnits"));
    assertEquals(
        paths.size(), page.getList("tags.dataType").stream().filter(t -> t != null).count());
  }

  @Test
  void badRequestsGetMessages() {
    given()
        .get("/api/tags/e2e/no/such/tag")
        .then()
        .statusCode(404)
        .body("message", containsString("no tag 'e2e/no/such/tag'"));
    given()
        .get("/api/tags?prefix=a//b")
        .then()
        .statusCode(400)
        .body("message", containsString("prefix: tag path 'a//b' has an empty segment"));
    given()
        .get("/api/tags?limit=abc")
        .then()
        .statusCode(400)
        .body("message", containsString("limit: 'abc' must be a whole number from 1 to 10000"));
    given().get("/api/tags?limit=0").then().statusCode(400);
    // A trailing slash on the prefix means the same as none.
    int below = given().get("/api/tags?prefix=e2e/Static").jsonPath().getInt("total");
    given()
        .get("/api/tags?prefix=e2e/Static/")
        .then()
        .statusCode(200)
        .body("total", equalTo(below));
  }

  @Test
  void sourcesShowConnected() {
    given()
        .get("/api/sources")
        .then()
        .statusCode(200)
        .body("[0].id", equalTo("sim"))
        .body("[0].type", equalTo("opcua"))
        .body("[0].endpoint", equalTo(sim.endpointUrl()))
        .body("[0].state", equalTo("connected"))
        .body("[0].since", notNullValue())
        .body("[0].readingsReceived", greaterThan(0))
        .body("[0].goodItems", greaterThan(0));
    given()
        .get("/api/node")
        .then()
        .statusCode(200)
        .body("name", equalTo("gw-e2e"))
        .body("site", equalTo("plant1"))
        .body("area", equalTo("packaging"))
        .body("mode", equalTo("configured"))
        .body("writesEnabled", equalTo(true))
        .body("readinessPolicy", equalTo("all-connected"));
  }

  @Test
  void healthIsUpWithTheSourceState() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks[0].data.sim", equalTo("connected"))
        .body("checks[0].data.policy", equalTo("all-connected"));
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void metricsShowReadingsAndPipeline() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(metric(metrics, "plantmesh_readings_received_total{source=\"sim\"}") > 0, metrics);
    assertEquals(1.0, metric(metrics, "plantmesh_source_connected{source=\"sim\"}"));
    assertEquals(0.0, metric(metrics, "plantmesh_source_reconnects_total{source=\"sim\"}"));
    assertTrue(metric(metrics, "plantmesh_bad_items{source=\"sim\"}") >= 0);
    assertTrue(metric(metrics, "plantmesh_notification_lag_seconds_count{source=\"sim\"}") > 0);
    assertTrue(
        metrics.contains("plantmesh_notification_lag_seconds_bucket{source=\"sim\",le=\"0.1\"}"));
    assertTrue(metric(metrics, "plantmesh_pipeline_queue_depth") >= 0);
    assertTrue(metric(metrics, "plantmesh_pipeline_backpressure_waits_total") >= 0);
    assertTrue(metric(metrics, "plantmesh_store_tags") >= 80);
    assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM binders");
  }

  /** The value of the sample line that starts with {@code series}. */
  private static double metric(String text, String series) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    if (!m.find()) {
      throw new AssertionError("no sample " + series);
    }
    return Double.parseDouble(m.group(1));
  }

  @Test
  void writeWithTokenLandsAtTheDevice() {
    String path = pathEndingWith("/Static/DoubleSetpoint");
    given()
        .header("Authorization", "Bearer " + SimulatorResource.TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"value\": 42.5}")
        .put("/api/tags/" + path + "/value")
        .then()
        .statusCode(200)
        .body("path", equalTo(path))
        .body("status.severity", equalTo("GOOD"))
        .body("status.symbolicName", equalTo("Good"))
        .body("writtenValue", equalTo(42.5f))
        .body("writtenType", equalTo("DOUBLE"));
    SimulatorWrite w =
        sim.writes().stream()
            .filter(x -> x.nodeId().endsWith("Static/DoubleSetpoint"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertTrue(w.accepted());
    assertEquals(42.5, ((Number) w.value()).doubleValue());
    // The new value comes back through the subscription.
    await()
        .atMost(WAIT)
        .until(() -> given().get("/api/tags/" + path).jsonPath().getDouble("value") == 42.5);
  }

  @Test
  void aTagTheServerDoesNotLetUsWriteIsAConflictAndNeverSent() {
    String path = pathEndingWith("/Static/ReadOnly");
    int before = sim.writes().size();
    given()
        .header("Authorization", "Bearer " + SimulatorResource.TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"value\": 1}")
        .put("/api/tags/" + path + "/value")
        .then()
        .statusCode(409)
        .body("message", containsString("the server does not let this client write it"));
    assertEquals(before, sim.writes().size(), "nothing reached the device");
  }

  @Test
  void writeWithoutOrWithAWrongTokenIsUnauthorized() {
    String path = pathEndingWith("/Static/DoubleSetpoint");
    int before = sim.writes().size();
    given()
        .contentType(ContentType.JSON)
        .body("{\"value\": 1}")
        .put("/api/tags/" + path + "/value")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("message", containsString("bearer token"));
    given()
        .header("Authorization", "Bearer wrong-token")
        .contentType(ContentType.JSON)
        .body("{\"value\": 1}")
        .put("/api/tags/" + path + "/value")
        .then()
        .statusCode(401);
    assertEquals(before, sim.writes().size(), "nothing reached the device");
  }

  @Test
  void wrongTypeIsABadRequestWithTheReason() {
    String path = pathEndingWith("/Static/Int32Setpoint");
    int before = sim.writes().size();
    String message =
        given()
            .header("Authorization", "Bearer " + SimulatorResource.TOKEN)
            .contentType(ContentType.JSON)
            .body("{\"value\": \"not a number\"}")
            .put("/api/tags/" + path + "/value")
            .then()
            .statusCode(400)
            .extract()
            .jsonPath()
            .getString("message");
    assertTrue(message.contains("not a number"), message);
    assertTrue(message.contains("INT32"), message);
    assertEquals(before, sim.writes().size(), "nothing reached the device");
  }

  @Test
  void deviceRefusalCarriesTheOpcUaStatus() {
    String path = pathEndingWith("/Static/LimitedSetpoint");
    given()
        .header("Authorization", "Bearer " + SimulatorResource.TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"value\": 500}")
        .put("/api/tags/" + path + "/value")
        .then()
        .statusCode(409)
        .body("status.severity", equalTo("BAD"))
        .body("status.symbolicName", equalTo("Bad_OutOfRange"));
    SimulatorWrite w = sim.writes().get(sim.writes().size() - 1);
    assertNotEquals(0L, w.statusCode());
  }

  @Test
  void malformedWriteBodiesAreBadRequests() {
    String path = pathEndingWith("/Static/DoubleSetpoint");
    given()
        .header("Authorization", "Bearer " + SimulatorResource.TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"val\": 1}")
        .put("/api/tags/" + path + "/value")
        .then()
        .statusCode(400)
        .body("message", containsString("{\"value\": 42}"));
    given()
        .header("Authorization", "Bearer " + SimulatorResource.TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"value\": ")
        .put("/api/tags/" + path + "/value")
        .then()
        .statusCode(400);
    given()
        .header("Authorization", "Bearer " + SimulatorResource.TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"value\": {\"a\": 1}}")
        .put("/api/tags/" + path + "/value")
        .then()
        .statusCode(400)
        .body("message", containsString("structures cannot be written"));
  }

  @Test
  void unknownTagWriteIsNotFound() {
    given()
        .header("Authorization", "Bearer " + SimulatorResource.TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"value\": 1}")
        .put("/api/tags/e2e/nope/value")
        .then()
        .statusCode(404);
  }

  @Test
  void listenersSeeTheReadings() {
    // A bean found at start, and one registered while running.
    await().atMost(WAIT).until(() -> listenerBean.readings("sim") > 0);
    AtomicLong late = new AtomicLong();
    runtime.addReadingListener((source, readings) -> late.addAndGet(readings.size()));
    await().atMost(WAIT).until(() -> late.get() > 0);
  }

  @Test
  void openApiDocumentIsServed() {
    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/api/tags/{path}/value:"));
  }
}
