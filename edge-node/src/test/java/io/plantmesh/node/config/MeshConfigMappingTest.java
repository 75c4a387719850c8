package io.plantmesh.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.Discovery;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.SourceSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code plantmesh.mesh} and {@code placement} onto the cluster module's records. */
class MeshConfigMappingTest {
  private static final Map<String, String> ENV =
      Map.of("MESH_KEY", "0123456789abcdef0123456789abcdef");

  private static final String MESH =
      """
      plantmesh:
        node: { name: gw-1, site: plant1, area: packaging }
        sources:
          - id: line1
            endpoint-url: opc.tcp://127.0.0.1:4840/x
            placement: [gw-1, gw-2]
            browse: [{ root: "ns=2;s=Plant" }]
          - id: line2
            endpoint-url: opc.tcp://127.0.0.1:4841/x
            browse: [{ root: "ns=2;s=Plant" }]
        mesh:
          enabled: true
          cluster-name: plant1
          cluster-key: env:MESH_KEY
      %s
      """;

  private static NodeSettings valid(String extra) {
    return new ConfigValidator(ENV).validate(ConfigFixtures.load(yaml(extra)));
  }

  private static List<String> errors(String extra) {
    return assertThrows(
            InvalidConfigException.class,
            () -> new ConfigValidator(ENV).validate(ConfigFixtures.load(yaml(extra))))
        .errors();
  }

  private static String yaml(String extra) {
    return MESH.formatted(extra.indent(4).stripTrailing());
  }

  @Test
  void theNodesIdentityAndSourcesBecomeTheMember() {
    NodeSettings s = valid("");
    assertEquals(NodeSettings.Mode.MESH, s.mode());
    MeshConfig m = s.mesh().orElseThrow();
    assertEquals("plant1", m.clusterName());
    assertEquals("gw-1", m.member().name());
    assertEquals("plant1", m.member().site());
    assertEquals("packaging", m.member().area());
    assertEquals(Set.of("line1", "line2"), m.member().sources());
    assertEquals(
        List.of(SourceSpec.preferring("line1", "gw-1", "gw-2"), SourceSpec.any("line2")),
        s.placements());
  }

  @Test
  void defaultsAgreeWithTheClusterModule() {
    MeshConfig m = valid("").mesh().orElseThrow();
    MeshConfig plain =
        MeshConfig.fromProperties(
            Map.of(
                "mesh.cluster-name", "plant1",
                "mesh.cluster-key", "env:MESH_KEY",
                "mesh.member.name", "gw-1"),
            ENV);
    assertEquals(plain.discovery(), m.discovery());
    assertEquals(plain.network(), m.network());
    assertEquals(plain.failureDetection(), m.failureDetection());
    assertEquals(plain.table(), m.table());
    assertEquals(plain.quorum(), m.quorum());
    assertEquals(plain.ownership(), m.ownership());
    assertEquals(plain.writes(), m.writes());
  }

  @Test
  void yamlListsAndCommaListsBothWork() {
    MeshConfig m =
        valid(
                """
                discovery: { mode: tcp, members: [10.0.0.1, "10.0.0.2:5702"] }
                network: { interfaces: "10.0.0.*", port: 5702, allowed-members: [10.0.0.1-3] }
                failure-detection: { heartbeat-interval: 2s, max-no-heartbeat: 8s }
                expected-members: 3
                """)
            .mesh()
            .orElseThrow();
    assertEquals(new Discovery.Tcp(List.of("10.0.0.1", "10.0.0.2:5702")), m.discovery());
    assertEquals(List.of("10.0.0.*"), m.network().interfaces());
    assertEquals(5702, m.network().port());
    assertTrue(m.network().allows("10.0.0.2"));
    assertTrue(!m.network().allows("10.0.0.9"));
    assertEquals(Duration.ofSeconds(8), m.failureDetection().maxNoHeartbeat());
    assertEquals(2, m.quorum().minMembers());
  }

  @Test
  void aMissingKeyIsNamedUnderPlantmesh() {
    List<String> errors =
        assertThrows(
                InvalidConfigException.class,
                () ->
                    new ConfigValidator(ENV)
                        .validate(
                            ConfigFixtures.load(
                                """
                                plantmesh:
                                  node: { name: gw-1 }
                                  mesh: { enabled: true, cluster-name: plant1 }
                                """)))
            .errors();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("plantmesh.mesh.cluster-key: is required"), errors.get(0));
  }

  @Test
  void membersWithAnotherModeAreRefused() {
    List<String> errors = errors("discovery: { members: [10.0.0.1] }");
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors.get(0).startsWith("plantmesh.mesh.discovery.members: does not apply"),
        errors.get(0));
  }

  @Test
  void aBadPlacementNamesTheSourceKey() {
    List<String> errors =
        assertThrows(
                InvalidConfigException.class,
                () ->
                    new ConfigValidator(ENV)
                        .validate(
                            ConfigFixtures.load(
                                """
                                plantmesh:
                                  node: { name: gw-1 }
                                  sources:
                                    - id: line1
                                      endpoint-url: opc.tcp://127.0.0.1:4840/x
                                      placement: [gw-1, gw-1]
                                      browse: [{ root: "ns=2;s=Plant" }]
                                """)))
            .errors();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("plantmesh.sources[0].placement[1]"), errors.get(0));
    assertTrue(errors.get(0).contains("listed twice"), errors.get(0));
  }

  @Test
  void aMeshNodeWithoutSourcesIsNotTheEmbeddedDefault() {
    NodeSettings s =
        new ConfigValidator(ENV)
            .validate(
                ConfigFixtures.load(
                    """
                    plantmesh:
                      node: { name: viewer }
                      mesh: { enabled: true, cluster-name: plant1, cluster-key: env:MESH_KEY }
                    """));
    assertEquals(NodeSettings.Mode.MESH, s.mode());
    assertTrue(s.sources().isEmpty());
  }

  @Test
  void aShortKeyIsRefusedWithoutShowingIt() {
    List<String> errors =
        assertThrows(
                InvalidConfigException.class,
                () ->
                    new ConfigValidator(Map.of("MESH_KEY", "short-secret"))
                        .validate(ConfigFixtures.load(yaml(""))))
            .errors();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("plantmesh.mesh.cluster-key"), errors.get(0));
    assertTrue(!errors.get(0).contains("short-secret"), errors.get(0));
  }
}
