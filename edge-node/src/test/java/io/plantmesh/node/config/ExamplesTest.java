package io.plantmesh.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.opcua.Identity;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.opcua.SecurityModeChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads and validates every example file, as the node would at start. Files the examples name under
 * {@code /etc/plantmesh/} are created in a temporary directory instead, and the environment
 * variables they name are provided.
 */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Map<String, String> ENV =
      Map.of(
          "LINE1_PLC_PASSWORD",
          "pw",
          "PLANTMESH_API_TOKEN",
          "token",
          "PLANTMESH_CLUSTER_KEY",
          "0123456789abcdef0123456789abcdef",
          "KAFKA_PASSWORD",
          "kafka-pw",
          "KAFKA_TRUSTSTORE_PASSWORD",
          "ts-pw",
          "KAFKA_KEYSTORE_PASSWORD",
          "ks-pw",
          "PLANTMESH_ALARMS_TOKEN",
          "alarms-token");
  private static final Path UPLINK_SAMPLE =
      Path.of("..", "connectors", "kafka", "sample-uplink.yaml");
  private static final Pattern ETC_FILE = Pattern.compile("/etc/plantmesh/[\\w./-]+");

  @TempDir Path tmp;

  private NodeSettings load(Path file) throws IOException {
    return load(file, "");
  }

  /**
   * Loads {@code file} with {@code extra} YAML lines appended (at the {@code plantmesh:} level).
   */
  private NodeSettings load(Path file, String extra) throws IOException {
    String yaml = Files.readString(file).stripTrailing() + "\n" + extra;
    Matcher m = ETC_FILE.matcher(yaml);
    while (m.find()) {
      Path p = tmp.resolve(m.group().substring("/etc/plantmesh/".length()));
      Files.createDirectories(p.getParent());
      Files.writeString(p, "secret-or-pem\n");
    }
    yaml = yaml.replace("/etc/plantmesh/", tmp.toString() + "/");
    return new ConfigValidator(ENV).validate(ConfigFixtures.load(yaml));
  }

  @Test
  void minimal() throws IOException {
    NodeSettings s = load(EXAMPLES.resolve("plantmesh-minimal.yaml"));
    assertEquals(NodeSettings.Mode.CONFIGURED, s.mode());
    assertEquals(1, s.sources().size());
  }

  @Test
  void full() throws IOException {
    NodeSettings s = load(EXAMPLES.resolve("plantmesh-full.yaml"));
    assertEquals(2, s.sources().size());
    assertEquals("plant1", s.site().orElseThrow());
    OpcUaSourceConfig plc = s.sources().get(0);
    assertEquals(2, plc.tags().size());
    assertTrue(plc.identity() instanceof Identity.UserPassword);
    assertTrue(s.sources().get(1).identity() instanceof Identity.X509);
    assertFalse(s.writesEnabled());
    assertEquals(NodeSettings.Mode.MESH, s.mode());
    assertEquals(2, s.mesh().orElseThrow().quorum().minMembers());
    assertEquals("gw-line1,gw-line2+hot", s.placements().get(0).placement());
  }

  @Test
  void fullSetsEveryDocumentedKey() throws IOException {
    String yaml = Files.readString(EXAMPLES.resolve("plantmesh-full.yaml"));
    for (String key : ConfigReferenceTest.documented().keySet()) {
      if (key.equals("plantmesh.config") || isUpstream(key) || isRules(key)) {
        continue; // names the file itself; the kafka connector's sample and rules.yaml show those
      }
      assertSets(yaml, key, "full example");
    }
  }

  private static boolean isRules(String key) {
    return key.startsWith("plantmesh.rules[") || key.startsWith("plantmesh.rule-settings.");
  }

  @Test
  void rulesSampleSetsEveryRulesKey() throws IOException {
    String yaml = Files.readString(EXAMPLES.resolve("rules.yaml"));
    for (String key : ConfigReferenceTest.documented().keySet()) {
      if (isRules(key)) {
        assertSets(yaml, key, "rules.yaml");
      }
    }
  }

  @Test
  void rules() throws IOException {
    NodeSettings s = load(EXAMPLES.resolve("rules.yaml"));
    assertEquals(NodeSettings.Mode.MESH, s.mode());
    DecisionSettings d = s.decisions();
    assertEquals(
        List.of("oven-overheat", "line-stopped", "oven-silent", "maintenance-mode"),
        d.rules().rules().stream().map(r -> r.name()).toList());
    assertEquals(4, d.knownTags());
    // Line 2's conveyor is another node's: known at run time, warned about at start.
    assertTrue(
        d.rules().warnings().stream()
            .anyMatch(
                w -> w.rule().equals("line-stopped") && w.message().contains("conveyor/speed")),
        d.rules().warnings().toString());
    assertEquals("alarms-token", d.alarmsToken().orElseThrow().reveal());
    assertEquals(java.time.Duration.ofDays(7), d.alarmRetention());
    assertEquals(5000, s.mesh().orElseThrow().writes().auditCapacity());
  }

  private static boolean isUpstream(String key) {
    return key.startsWith("plantmesh.summaries.")
        || key.startsWith("plantmesh.outbox.")
        || key.startsWith("plantmesh.uplink.");
  }

  private static void assertSets(String yaml, String key, String what) {
    String leaf = key.substring(key.lastIndexOf('.') + 1);
    assertTrue(yaml.contains(leaf + ":") || yaml.contains(leaf + " :"), what + " lacks " + key);
  }

  @Test
  void uplinkSampleSetsEveryUpstreamKey() throws IOException {
    String yaml = Files.readString(UPLINK_SAMPLE);
    for (String key : ConfigReferenceTest.documented().keySet()) {
      if (isUpstream(key) && !key.endsWith("*")) {
        assertSets(yaml, key, "sample-uplink.yaml");
      }
    }
    assertTrue(yaml.contains("producer:\n      max.request.size:"), "an example of producer.*");
  }

  @Test
  void uplinkSampleFromTheKafkaConnectorModule() throws IOException {
    // The sample shows the upstream only; a node needs its name besides.
    NodeSettings s = load(UPLINK_SAMPLE, "  node:\n    name: gw-sample\n");
    UpstreamSettings u = s.upstream();
    assertTrue(u.enabled());
    assertEquals(2, u.ownLink().orElseThrow().bootstrapServers().size());
    assertEquals("kafka-pw", u.ownLink().orElseThrow().security().password().reveal());
    assertEquals(
        java.util.Map.of("max.request.size", "2097152"),
        u.ownLink().orElseThrow().producerOverrides());
    assertEquals(2, u.summaries().groups().size());
    assertTrue(u.outbox().dir().toString().endsWith("outbox"));
    assertEquals(1L << 30, u.outbox().maxBytes());
  }

  @Test
  void hardened() throws IOException {
    NodeSettings s = load(EXAMPLES.resolve("plantmesh-hardened.yaml"));
    OpcUaSourceConfig plc = s.sources().get(0);
    assertEquals(SecurityModeChoice.SIGN_AND_ENCRYPT, plc.securityMode());
    assertFalse(plc.pki().autoAcceptUntrusted());
    assertTrue(((Identity.UserPassword) plc.identity()).password().reference().startsWith("file:"));
    assertTrue(s.writesEnabled());
    assertTrue(s.writeToken().orElseThrow().reference().startsWith("file:"));
  }

  @Test
  void opcUaSampleFromTheConnectorModule() throws IOException {
    Path sample = Path.of("..", "connectors", "opcua", "sample-opcua.yaml");
    // The sample shows sources only; a node needs its name besides.
    NodeSettings s = load(sample, "  node:\n    name: gw-sample\n");
    assertEquals(1, s.sources().size());
    assertEquals("plant1/line1", s.sources().get(0).pathPrefix().toString());
    assertEquals(2, s.sources().get(0).tags().size());
  }
}
