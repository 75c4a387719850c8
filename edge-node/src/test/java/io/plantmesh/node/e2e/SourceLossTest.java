package io.plantmesh.node.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A PLC that goes away and comes back: the node reports the source down (REST, readiness, metrics),
 * serves the last values as BAD {@code Bad_NotConnected}, refuses writes with 503 meanwhile, and
 * recovers by itself, counting the reconnect, with its tags GOOD again.
 */
@QuarkusTest
@WithTestResource(RestartableSimulatorResource.class)
class SourceLossTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @InjectSimulator RestartableSimulatorResource.Control plc;

  private static String state() {
    return given().get("/api/sources").jsonPath().getString("[0].state");
  }

  private static double metric(String series) {
    String text = given().get("/q/metrics").asString();
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    throw new AssertionError("no sample " + series);
  }

  @Test
  void lossIsVisibleWritesAreRefusedAndTheSourceRecovers() {
    await().atMost(WAIT).until(() -> "connected".equals(state()));
    await()
        .atMost(WAIT)
        .until(() -> given().get("/api/tags/r/Static/DoubleSetpoint").statusCode() == 200);
    given().get("/q/health/ready").then().statusCode(200);

    plc.stop();
    await().atMost(WAIT).until(() -> !"connected".equals(state()));
    given().get("/api/sources").then().body("[0].lastError", notNullValue());
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("status", equalTo("DOWN"))
        .body("checks[0].data.policy", equalTo("any-connected"));
    await().atMost(WAIT).until(() -> metric("plantmesh_source_connected{source=\"sim\"}") == 0.0);
    given()
        .header("Authorization", "Bearer " + SimulatorResource.TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"value\": 7}")
        .put("/api/tags/r/Static/DoubleSetpoint/value")
        .then()
        .statusCode(503);
    // The last value is still served while the device is away, but BAD: it is no longer current.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/tags/r/Static/DoubleSetpoint")
                    .then()
                    .statusCode(200)
                    .body("quality.severity", equalTo("BAD"))
                    .body("quality.symbolicName", equalTo("Bad_NotConnected"))
                    .body("quality.statusCode", equalTo(0x808A0000L))
                    .body("value", notNullValue()));

    plc.restart();
    await().atMost(WAIT).until(() -> "connected".equals(state()));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks[0].data.sim", equalTo("connected"));
    await()
        .atMost(WAIT)
        .until(() -> metric("plantmesh_source_reconnects_total{source=\"sim\"}") >= 1.0);
    // The recreated MonitoredItems' initial values make the tag GOOD again.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/tags/r/Static/DoubleSetpoint")
                    .then()
                    .body("quality.severity", equalTo("GOOD")));
    given()
        .header("Authorization", "Bearer " + SimulatorResource.TOKEN)
        .contentType(ContentType.JSON)
        .body("{\"value\": 7}")
        .put("/api/tags/r/Static/DoubleSetpoint/value")
        .then()
        .statusCode(200);
  }
}
