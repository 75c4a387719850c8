package io.plantmesh.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixture's restart: same port, same certificate, and a namespace index that can move. */
class RestartTest {
  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .tags(8)
              .securityPolicies(EndpointSecurity.NONE, EndpointSecurity.BASIC256SHA256_SIGN)
              .build());

  private static Object readByExpandedId(PlcSimulator sim, String identifier) throws Exception {
    OpcUaClient client = TestClients.anonymous(sim);
    try {
      NodeId nodeId =
          ExpandedNodeId.parse(PlcSimulator.expandedNodeId(identifier))
              .toNodeId(client.readNamespaceTable())
              .orElseThrow();
      assertEquals(sim.namespaceIndex(), nodeId.getNamespaceIndex().intValue());
      return client.readValue(0, TimestampsToReturn.Both, nodeId).value().value();
    } finally {
      client.disconnect();
    }
  }

  @Test
  void restartKeepsPortAndCertificateAndMovesTheNamespaceIndex() throws Exception {
    PlcSimulator first = PLC.simulator();
    int port = first.port();
    X509Certificate certificate = first.serverCertificate();
    int index = first.namespaceIndex();
    assertEquals(42, readByExpandedId(first, "Plant/Static/ReadOnly"));
    assertTrue(first.applicationUri().startsWith("urn:plantmesh:plc-simulator:"));
    var sans = certificate.getSubjectAlternativeNames();
    assertTrue(sans.contains(List.of(6, first.applicationUri())), sans.toString());
    assertTrue(sans.contains(List.of(7, "127.0.0.1")), sans.toString());

    PlcSimulator second = PLC.restart(b -> b.namespaceOffset(3));
    assertEquals(port, second.port());
    assertEquals(certificate, second.serverCertificate());
    assertEquals(index + 3, second.namespaceIndex());
    assertEquals(42, readByExpandedId(second, "Plant/Static/ReadOnly"));

    PlcSimulator third = PLC.restart(b -> b.namespaceOffset(0));
    assertEquals(index, third.namespaceIndex());
    assertEquals(certificate, third.serverCertificate());
  }

  @Test
  void stopReleasesThePortAndStartComesBackOnIt() throws Exception {
    int port = PLC.simulator().port();
    PLC.stop();
    assertFalse(PLC.isRunning());
    assertThrows(IllegalStateException.class, PLC::simulator);
    assertThrows(Exception.class, () -> connectTcp(port), "nothing listens while stopped");

    PlcSimulator back = PLC.start();
    assertEquals(port, back.port());
    assertTrue(connectTcp(port));
    assertEquals(42, readByExpandedId(back, "Plant/Static/ReadOnly"));
  }

  private static boolean connectTcp(int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    }
  }
}
