package io.plantmesh.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.simulator.internal.ServerAssembly;
import io.plantmesh.simulator.internal.ServerPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.server.NodeManager;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.sdk.server.nodes.factories.NodeFactory;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Session gets its diagnostics nodes under {@code Server/ServerDiagnostics/
 * SessionsDiagnosticsSummary}, even after Milo's JVM-wide type cache was spoiled by a server that
 * stopped while its first Session was being set up (which made Milo 1.1.2 log "Failed to create
 * SessionDiagnosticsObject" for every later Session).
 */
class SessionDiagnosticsTest {
  private static final String SESSION_NAME = "diagnostics-probe";

  @TempDir Path pki;

  @Test
  void sessionsGetTheirDiagnosticsNodesAfterTheTypeCacheWasSpoiled() throws Exception {
    spoilSessionDiagnosticsTypeCache();
    try (PlcSimulator sim =
        PlcSimulator.start(
            SimulatorConfig.builder().devices(1).securityPolicies(EndpointSecurity.NONE).build())) {
      OpcUaClient client =
          OpcUaClient.create(
              sim.endpointUrl(),
              endpoints -> endpoints.stream().findFirst(),
              transport -> {},
              config -> config.setSessionName(() -> SESSION_NAME));
      client.connect();
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  ReferenceDescription session =
                      browse(client, NodeIds.Server_ServerDiagnostics_SessionsDiagnosticsSummary)
                          .get(SESSION_NAME);
                  assertNotNull(session, "no diagnostics object for the Session");
                  Map<String, ReferenceDescription> parts = browse(client, nodeId(session));
                  assertTrue(
                      parts
                          .keySet()
                          .containsAll(
                              Set.of("SessionDiagnostics", "SubscriptionDiagnosticsArray")),
                      parts.keySet()::toString);
                  Set<String> counters =
                      browse(client, nodeId(parts.get("SessionDiagnostics"))).keySet();
                  assertTrue(counters.contains("ClientConnectionTime"), counters::toString);
                });
      } finally {
        client.disconnect();
      }
    }
  }

  private static NodeId nodeId(ReferenceDescription ref) {
    return ref.getNodeId().toNodeId(null).orElseThrow();
  }

  private static Map<String, ReferenceDescription> browse(OpcUaClient client, NodeId nodeId)
      throws UaException {
    return client.getAddressSpace().browse(nodeId).stream()
        .collect(Collectors.toMap(r -> r.getBrowseName().name(), r -> r, (a, b) -> a));
  }

  /**
   * Does to Milo's cache what a server stopping during its first Session's set-up does: builds the
   * SessionDiagnosticsObjectType's hierarchy while namespace 0 is unregistered (here: all but the
   * type node itself), so that only an empty hierarchy is cached.
   */
  private void spoilSessionDiagnosticsTypeCache() throws Exception {
    try (ServerPki serverPki = ServerPki.open(pki, true, "127.0.0.1")) {
      OpcUaServer server = ServerAssembly.create(SimulatorConfig.builder().build(), serverPki, 0);
      UaNodeManager ns0 = server.getOpcUaNamespace().getNodeManager();
      UaNode type = ns0.getNode(NodeIds.SessionDiagnosticsObjectType).orElseThrow();
      server.getAddressSpaceManager().unregister(ns0);
      UaNodeManager typeOnly = new UaNodeManager();
      typeOnly.addNode(type);
      server.getAddressSpaceManager().register(typeOnly);

      UaNodeManager scratch = new UaNodeManager();
      UaNodeContext context =
          new UaNodeContext() {
            @Override
            public OpcUaServer getServer() {
              return server;
            }

            @Override
            public NodeManager<UaNode> getNodeManager() {
              return scratch;
            }
          };
      NodeFactory.invalidateCachedIdh(NodeIds.SessionDiagnosticsObjectType);
      try {
        new NodeFactory(context)
            .createNode(new NodeId(1, "spoiled"), NodeIds.SessionDiagnosticsObjectType);
      } catch (UaException | RuntimeException expected) {
        // Milo fails on the incomplete hierarchy, as it does for a Session; the cache keeps it.
      }
    }
  }
}
