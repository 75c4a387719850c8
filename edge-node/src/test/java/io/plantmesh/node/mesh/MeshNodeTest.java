package io.plantmesh.node.mesh;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.WriteCommand;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteResult;
import io.plantmesh.simulator.SimulatorWrite;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node in a mesh of three on loopback (itself and two in-process peers): the plant-wide table
 * over REST, the cluster view, routed writes both ways, trust and the mesh's metrics.
 */
@QuarkusTest
@WithTestResource(MeshPeers.class)
class MeshNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private MeshPeers peers;

  @BeforeEach
  void meshIsUp() {
    peers = MeshPeers.current;
    // The node owns "sim" (peer A and B may own it too, but "any" hashes it; wait for whoever).
    await()
        .atMost(WAIT)
        .until(() -> given().get("/api/tags?prefix=sim&limit=1").jsonPath().getInt("total") >= 40);
  }

  private static String path(String suffix) {
    List<String> paths =
        given().get("/api/tags?prefix=sim&limit=10000").jsonPath().getList("tags.path");
    return paths.stream().filter(p -> p.endsWith(suffix)).findFirst().orElseThrow();
  }

  private static String ownerOfSim() {
    return given()
        .get("/api/cluster")
        .jsonPath()
        .getString("ownership.find { it.source == 'sim' }.owner");
  }

  @Test
  void readingsCollectedHereReachBothPeersWithTheirOriginAndSource() {
    // Every member lists "sim"; whoever owns it, the node under test is the only one collecting.
    String owner = ownerOfSim();
    TagPath p = TagPath.of(path("/Static/DoubleSetpoint"));
    for (Mesh peer : List.of(peers.peerA, peers.peerB)) {
      await().atMost(WAIT).until(() -> peer.tagTable().get(p).isPresent());
      assertEquals(MeshPeers.NODE, peer.tagTable().get(p).orElseThrow().originNode());
      assertEquals("sim", peer.tagTable().sourceOf(p).orElseThrow());
    }
    assertEquals(MeshPeers.NODE, owner, "only the node can reach the simulator");
  }

  @Test
  void tagsCollectedOnAPeerAreListedHereWithTheirOrigin() {
    Instant now = Instant.now();
    peers
        .peerB
        .tagTable()
        .publish(
            MeshPeers.PEER_SOURCE,
            List.of(
                new Reading(
                    MeshPeers.peerTag(1),
                    Value.of(12.5),
                    Quality.GOOD,
                    now,
                    now,
                    now,
                    MeshPeers.PEER_B,
                    1)));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/tags/" + MeshPeers.peerTag(1))
                    .then()
                    .statusCode(200)
                    .body("originNode", equalTo(MeshPeers.PEER_B))
                    .body("sourceId", equalTo(MeshPeers.PEER_SOURCE))
                    .body("value", equalTo(12.5f)));
    JsonPath list = given().get("/api/tags?limit=10000").jsonPath();
    List<String> origins = list.getList("tags.originNode");
    assertTrue(
        origins.contains(MeshPeers.NODE) && origins.contains(MeshPeers.PEER_B), "" + origins);
    await().atMost(WAIT).until(() -> metric("plantmesh_mesh_peer_delay_seconds_count") >= 1);
  }

  @Test
  void theClusterViewShowsMembersTrustAndOwnership() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/cluster")
                    .then()
                    .statusCode(200)
                    .body("clusterName", equalTo("mesh-test"))
                    .body("node", equalTo(MeshPeers.NODE))
                    .body("partitioned", equalTo(false))
                    .body("quorum.trustedMembers", equalTo(3))
                    .body("quorum.minMembers", equalTo(2))
                    .body("tableSynced", equalTo(true))
                    .body("members.size()", equalTo(3))
                    .body("members.findAll { it.trusted }.size()", equalTo(3))
                    .body("members.find { it.local }.name", equalTo(MeshPeers.NODE))
                    .body("members.find { it.local }.site", equalTo("plant1"))
                    .body("members.find { it.name == 'peer-b' }.owns", equalTo(List.of("line9")))
                    .body("ownership.find { it.source == 'sim' }.state", equalTo("active"))
                    .body("ownership.find { it.source == 'line9' }.owner", equalTo("peer-b")));
    given()
        .get("/api/sources")
        .then()
        .body("[0].owner", equalTo(MeshPeers.NODE))
        .body("[0].state", equalTo("connected"));
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    assertEquals(3.0, metric("plantmesh_mesh_members"));
    assertEquals(0.0, metric("plantmesh_mesh_partitioned"));
    assertEquals(1.0, metric("plantmesh_mesh_owned_sources"));
  }

  @Test
  void aWriteFromAPeerIsAppliedHereOnceEvenWhenRetried() {
    String path = path("/Static/DoubleSetpoint");
    int before = writesTo("Static/DoubleSetpoint");
    WriteCommand c =
        WriteCommand.of(
            "sim", TagPath.of(path), Value.of(7.25), Duration.ofSeconds(30), "test@peer-b");
    WriteResult first = peers.peerB.commandRouter().write(c);
    WriteResult retry = peers.peerB.commandRouter().write(c);
    assertTrue(first.succeeded(), first.toString());
    assertEquals(first, retry);
    assertEquals(before + 1, writesTo("Static/DoubleSetpoint"), "applied exactly once");
    SimulatorWrite w = lastWrite("Static/DoubleSetpoint");
    assertEquals(7.25, ((Number) w.value()).doubleValue());
  }

  @Test
  void aRestWriteRetriedWithItsCommandIdWritesOnce() {
    String path = path("/Static/DoubleSetpoint");
    int before = writesTo("Static/DoubleSetpoint");
    String id = UUID.randomUUID().toString();
    for (int i = 0; i < 2; i++) {
      write(path, Map.of("value", 3.5, "commandId", id))
          .then()
          .statusCode(200)
          .body("commandId", equalTo(id))
          .body("status.severity", equalTo("GOOD"));
    }
    assertEquals(before + 1, writesTo("Static/DoubleSetpoint"));
  }

  @Test
  void aStaleCommandIsRefusedAndNeverReachesTheDevice() {
    String path = path("/Static/DoubleSetpoint");
    int before = writesTo("Static/DoubleSetpoint");
    write(path, Map.of("value", 1.0, "expiresAt", Instant.now().minusSeconds(5).toString()))
        .then()
        .statusCode(409)
        .body("message", containsString("EXPIRED"));
    write(path, Map.of("value", 1.0, "commandId", "not-a-uuid"))
        .then()
        .statusCode(400)
        .body("message", containsString("commandId"));
    assertEquals(before, writesTo("Static/DoubleSetpoint"));
  }

  @Test
  void aRestWriteToATagOfAnotherNodeIsRoutedToItsOwner() {
    Instant now = Instant.now();
    TagPath tag = MeshPeers.peerTag(2);
    peers
        .peerB
        .tagTable()
        .publish(
            MeshPeers.PEER_SOURCE,
            List.of(
                new Reading(tag, Value.of(0.0), Quality.GOOD, now, now, now, MeshPeers.PEER_B, 2)));
    await().atMost(WAIT).until(() -> given().get("/api/tags/" + tag).statusCode() == 200);
    int before = peers.peerBWrites.size();
    write(tag.toString(), Map.of("value", 99.0))
        .then()
        .statusCode(200)
        .body("status.severity", equalTo("GOOD"))
        .body("writtenValue", equalTo(99.0f));
    assertEquals(before + 1, peers.peerBWrites.size());
    assertEquals(tag, peers.peerBWrites.get(before).path());
    write("nowhere/at/all", Map.of("value", 1.0))
        .then()
        .statusCode(404)
        .body("message", containsString("in the mesh"));
  }

  @Test
  void aMemberWithoutTheKeyIsFlaggedAndGivenNothing() throws Exception {
    try (Mesh intruder = peers.startIntruder()) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  given()
                      .get("/api/cluster")
                      .then()
                      .body("members.find { it.name == 'intruder' }.trusted", equalTo(false))
                      .body(
                          "members.find { it.name == 'intruder' }.problem", containsString("key")));
      assertEquals(1.0, metric("plantmesh_mesh_untrusted_members"));
      assertFalse(intruder.ownedSources().containsKey("sim"));
      assertEquals(
          MeshPeers.NODE, ownerOfSim(), "the source stays with the trusted node that reaches it");
    }
    await().atMost(WAIT).until(() -> metric("plantmesh_mesh_untrusted_members") == 0.0);
  }

  @Test
  void withoutRulesOrAnAlarmsTokenTheDecisionEndpointsSaySo() {
    given().get("/api/rules").then().statusCode(200).body("size()", equalTo(0));
    given().get("/api/alarms?state=all").then().statusCode(200);
    given()
        .header("Authorization", "Bearer " + MeshPeers.TOKEN)
        .contentType(ContentType.JSON)
        .body(Map.of("who", "op-7", "why", "checked"))
        .post("/api/alarms/" + UUID.randomUUID() + "/acknowledge")
        .then()
        .statusCode(403)
        .body("message", containsString("plantmesh.api.alarms.token"));
    // The operator's writes are audited (and counted) all the same.
    write(path("/Static/DoubleSetpoint"), Map.of("value", 2.5)).then().statusCode(200);
    given()
        .get("/api/audit?limit=5")
        .then()
        .statusCode(200)
        .body("[0].requestedBy", equalTo("rest@" + MeshPeers.NODE));
    await()
        .atMost(WAIT)
        .until(
            () ->
                metric("plantmesh_writes_audited_total{origin=\"operator\",result=\"Good\"}")
                    >= 1.0);
    assertEquals(0.0, metric("plantmesh_rules_configured"));
  }

  private static io.restassured.response.Response write(String path, Map<String, Object> body) {
    return given()
        .header("Authorization", "Bearer " + MeshPeers.TOKEN)
        .contentType(ContentType.JSON)
        .body(body)
        .put("/api/tags/" + path + "/value");
  }

  private int writesTo(String suffix) {
    return (int) peers.simulator.writes().stream().filter(w -> w.nodeId().endsWith(suffix)).count();
  }

  private SimulatorWrite lastWrite(String suffix) {
    return peers.simulator.writes().stream()
        .filter(w -> w.nodeId().endsWith(suffix))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  static double metric(String name) {
    String text = given().get("/q/metrics").asString();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }
}
