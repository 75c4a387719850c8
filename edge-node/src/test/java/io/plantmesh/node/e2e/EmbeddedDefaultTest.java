package io.plantmesh.node.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No configuration at all: the node runs the embedded default (an in-process simulator read by a
 * real OPC UA source) and serves live tags; writes are off by default.
 */
@QuarkusTest
@TestProfile(EmbeddedDefaultTest.SmallSimulator.class)
class EmbeddedDefaultTest {

  /** The default config, with a smaller, faster simulator to keep the test short. */
  public static class SmallSimulator implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "plantmesh.embedded.tag-count", "200", "plantmesh.embedded.update-rate", "200ms");
    }
  }

  @Test
  void servesLiveTagsFromTheEmbeddedSimulator() {
    given()
        .get("/api/node")
        .then()
        .statusCode(200)
        .body("mode", equalTo("embedded-default"))
        .body("name", equalTo("plantmesh-demo"))
        .body("writesEnabled", equalTo(false));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> given().get("/api/tags?prefix=demo").jsonPath().getInt("total") >= 200);
    JsonPath first = given().get("/api/tags?prefix=demo&limit=1").jsonPath();
    String path = first.getString("tags[0].path");
    long seq = first.getLong("tags[0].sequence");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> given().get("/api/tags/" + path).jsonPath().getLong("sequence") > seq);
    given().get("/api/sources").then().body("[0].state", equalTo("connected"));
  }

  @Test
  void writesAreDisabledByDefault() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"value\": 1}")
        .put("/api/tags/demo/Static/DoubleSetpoint/value")
        .then()
        .statusCode(403)
        .body("message", containsString("plantmesh.api.writes.enabled"));
  }
}
