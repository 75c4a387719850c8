package io.plantmesh.node.upstream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.kafka.testkit.MesConsumer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A mesh node without a link of its own: its summaries reach Kafka through the peer whose link is
 * up, marked {@code plantmesh-via} with the peer and {@code plantmesh-node} with this node.
 */
@QuarkusTest
@WithTestResource(PeerUplinkResource.class)
class PeerUplinkTest {
  private static final Duration WAIT = Duration.ofSeconds(25);

  @InjectBroker Broker broker;

  @Test
  void summariesGoThroughThePeerWithALink() throws Exception {
    try (MesConsumer mes =
        new MesConsumer(broker.clientConfig(), PeerUplinkResource.TOPICS + ".summaries")) {
      await().atMost(WAIT).until(() -> mes.received().size() >= 40);
      List<MesConsumer.Received> got = mes.received();
      for (MesConsumer.Received r : got) {
        assertEquals(PeerUplinkResource.NODE, r.header("plantmesh-node"), "collected here");
        assertEquals(PeerUplinkResource.PEER, r.header("plantmesh-via"), "sent by the peer");
        assertTrue(r.key().startsWith("via/"), r.key());
        assertTrue(r.header("plantmesh-id").startsWith(r.key() + "@"), r.header("plantmesh-id"));
        assertTrue(SummarySchema.errors(r.json()).isEmpty(), () -> "schema errors: " + r.json());
      }
    }
    JsonPath u = given().get("/api/upstream").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of("peer"), u.getList("routes.route"), "no link of its own");
    assertEquals("UP", u.getString("routes[0].state"));
    assertEquals("peer:" + PeerUplinkResource.PEER, u.getString("activeRoute"));
    assertEquals(PeerUplinkResource.PEER, u.getString("mesh.peers[0].node"));
    assertEquals("UP", u.getString("mesh.peers[0].state"));
    assertEquals(PeerUplinkResource.PEER, u.getString("mesh.viaPeer.peer"));
    assertTrue(u.getLong("mesh.viaPeer.recordsAcknowledged") > 0, u.prettify());
    assertNull(u.get("mesh.relayed"), "relays nothing without a link of its own");

    String m = given().get("/q/metrics").asString();
    assertTrue(m.contains("plantmesh_uplink_link_state{route=\"peer\",state=\"up\"} 1.0"), m);
    assertTrue(m.contains("plantmesh_uplink_route_active{route=\"peer\"} 1.0"), m);
  }
}
