package io.plantmesh.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.TagPath;
import io.plantmesh.kafka.forward.UplinkConfig;
import io.plantmesh.outbox.FsyncPolicy;
import io.plantmesh.outbox.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code plantmesh.summaries}, {@code plantmesh.outbox} and {@code plantmesh.uplink} through the
 * node's real mapping (YAML, SmallRye) into the modules' records, and every kind of error, named by
 * its {@code plantmesh.*} key.
 */
class UpstreamConfigTest {
  private static final Map<String, String> ENV =
      Map.of("KAFKA_PW", "kafka-s3cret", "MESH_KEY", "0123456789abcdef0123456789abcdef");

  private static final String NODE =
      """
      plantmesh:
        node: { name: gw-1 }
        sources:
          - id: plc
            endpoint-url: opc.tcp://127.0.0.1:4840/x
            browse: [{ root: "ns=2;s=Plant" }]
      %s
      """;

  private static final String MESH =
      """
        mesh: { enabled: true, cluster-name: plant1, cluster-key: "env:MESH_KEY" }
      """;

  private static final String ON = on("", "");

  /** Upstream on with its own link, with {@code uplink} and {@code outbox} lines added. */
  private static String on(String uplink, String outbox) {
    return "  uplink:\n    enabled: true\n    bootstrap-servers: \"kafka1:9092\"\n"
        + uplink.indent(4)
        + "  outbox:\n    dir: /var/lib/plantmesh/outbox\n"
        + outbox.indent(4);
  }

  private static NodeSettings valid(String yaml) {
    return new ConfigValidator(ENV).validate(ConfigFixtures.load(NODE.formatted(yaml)));
  }

  private static List<String> errors(String yaml) {
    return assertThrows(
            InvalidConfigException.class,
            () -> new ConfigValidator(ENV).validate(ConfigFixtures.load(NODE.formatted(yaml))))
        .errors();
  }

  private static void assertOneError(String yaml, String... parts) {
    List<String> errors = errors(yaml);
    assertEquals(1, errors.size(), errors.toString());
    for (String p : parts) {
      assertTrue(errors.get(0).contains(p), "'" + errors.get(0) + "' should contain '" + p + "'");
    }
  }

  @Test
  void offByDefault() {
    UpstreamSettings u = valid("").upstream();
    assertFalse(u.enabled());
    assertTrue(u.ownLink().isEmpty());
  }

  @Test
  void everySectionReachesItsModule() {
    UpstreamSettings u =
        valid(
                """
                  uplink:
                    enabled: true
                    bootstrap-servers: [kafka1:9092, kafka2:9092]
                    client-id: line1-gateway
                    topics: { summaries: mes.summaries, create: true, partitions: 6 }
                    security:
                      protocol: SASL_PLAINTEXT
                      sasl: { mechanism: SCRAM-SHA-512, username: gw1, password: "env:KAFKA_PW" }
                    linger: 5ms
                    replay: { rate: 200, share: 0.25 }
                    link: { down-after: 20s }
                    producer: { max.request.size: 2097152 }
                  summaries:
                    default-window: 10s
                    allowed-lateness: 500ms
                    groups:
                      - { prefix: plant1/line1, window: 1s }
                      - { prefix: plant1/line2, window: 5m }
                  outbox:
                    dir: /var/lib/plantmesh/outbox
                    max-bytes: 256m
                    segment-bytes: 4m
                    fsync: interval
                    evictable-classes: [summary]
                """)
            .upstream();
    assertTrue(u.enabled());
    UplinkConfig c = u.ownLink().orElseThrow();
    assertEquals(List.of("kafka1:9092", "kafka2:9092"), c.bootstrapServers());
    assertEquals("line1-gateway", c.clientId());
    assertEquals("gw-1", c.node());
    assertEquals("mes.summaries", c.topics().summaries());
    assertEquals("plantmesh.alarms", c.topics().alarms());
    assertTrue(c.topics().create());
    assertEquals(6, c.topics().partitions());
    assertEquals(UplinkConfig.Mechanism.SCRAM_SHA_512, c.security().mechanism());
    assertEquals("kafka-s3cret", c.security().password().reveal());
    assertEquals(Duration.ofMillis(5), c.tuning().linger());
    assertEquals(200, c.replay().rate());
    assertEquals(0.25, c.replay().share());
    assertEquals(Duration.ofSeconds(20), c.link().downAfter());
    assertEquals(Map.of("max.request.size", "2097152"), c.producerOverrides());
    assertEquals(200, u.forwarder().replay().rate());
    assertEquals("gw-1", u.forwarder().node());

    assertEquals(Duration.ofSeconds(10), u.summaries().defaultWindow());
    assertEquals(Duration.ofMillis(500), u.summaries().allowedLateness());
    assertEquals(2, u.summaries().groups().size());
    assertEquals(TagPath.of("plant1/line2"), u.summaries().groups().get(1).prefix());
    assertEquals(Duration.ofMinutes(5), u.summaries().groups().get(1).window());

    assertEquals("/var/lib/plantmesh/outbox", u.outbox().dir().toString());
    assertEquals(256L << 20, u.outbox().maxBytes());
    assertEquals(4L << 20, u.outbox().segmentBytes());
    assertEquals(FsyncPolicy.INTERVAL, u.outbox().fsyncPolicy());
    assertEquals(Set.of(Priority.SUMMARY), u.outbox().evictable());
  }

  @Test
  void theOutboxDirIsRequired() {
    assertOneError(
        "  uplink: { enabled: true, bootstrap-servers: \"kafka1:9092\" }",
        "plantmesh.outbox.dir: is required when plantmesh.uplink.enabled is true");
  }

  @Test
  void brokersAreRequiredWithoutTheMesh() {
    assertOneError(
        "  uplink: { enabled: true }\n  outbox: { dir: /tmp/x }",
        "plantmesh.uplink.bootstrap-servers: is required",
        "plantmesh.mesh.enabled: true");
  }

  @Test
  void inTheMeshANodeWithoutBrokersForwardsThroughPeers() {
    NodeSettings s = valid(MESH + "  uplink: { enabled: true }\n  outbox: { dir: /tmp/x }");
    assertTrue(s.upstream().peersOnly());
    assertTrue(s.upstream().ownLink().isEmpty());
    assertEquals(false, s.mesh().orElseThrow().member().uplink(), "no link of its own");
  }

  @Test
  void keysOfAnOwnLinkAreRefusedOnANodeThatForwardsThroughPeers() {
    assertOneError(
        MESH + "  uplink: { enabled: true, topics: { summaries: s } }\n  outbox: { dir: /tmp/x }",
        "plantmesh.uplink.topics: has no effect without plantmesh.uplink.bootstrap-servers");
    // Pacing and link thresholds apply to the route through peers too.
    NodeSettings s =
        valid(
            MESH
                + "  uplink: { enabled: true, replay: { rate: 100 }, link: { down-after: 30s } }\n"
                + "  outbox: { dir: /tmp/x }");
    assertEquals(100, s.upstream().forwarder().replay().rate());
    assertEquals(Duration.ofSeconds(30), s.upstream().forwarder().link().downAfter());
  }

  @Test
  void aNodeWithItsOwnLinkTellsItsPeers() {
    NodeSettings s = valid(MESH + ON);
    assertTrue(s.mesh().orElseThrow().member().uplink());
    assertFalse(s.upstream().peersOnly());
  }

  @Test
  void aBadUplinkValueNamesTheKeyAndTheValue() {
    assertOneError(on("linger: forever", ""), "plantmesh.uplink.linger", "forever");
    assertOneError(
        ON.replace("kafka1:9092", "kafka1"), "plantmesh.uplink.bootstrap-servers", "'kafka1'");
    assertOneError(on("replay: { share: 2 }", ""), "plantmesh.uplink.replay.share", "out of range");
  }

  @Test
  void aMisspeltUplinkKeyIsRefused() {
    assertOneError(
        on("topics: { summary: s }", ""),
        "plantmesh.uplink.topics.summary is not a known key",
        "summaries");
  }

  @Test
  void anInlinePasswordIsRefusedWithoutEchoingIt() {
    List<String> e =
        errors(
            on(
                "security: { protocol: SASL_SSL, sasl: { mechanism: PLAIN, username: u,"
                    + " password: hunter2 } }",
                ""));
    assertEquals(1, e.size(), e.toString());
    assertTrue(e.get(0).startsWith("plantmesh.uplink.security.sasl.password"), e.get(0));
    assertTrue(e.get(0).contains("must not be written inline"), e.get(0));
    assertFalse(e.get(0).contains("hunter2"), e.get(0));
  }

  @Test
  void aSecretThatCannotBeResolvedNamesTheKey() {
    assertOneError(
        on(
            "security: { protocol: SASL_PLAINTEXT, sasl: { mechanism: PLAIN, username: u,"
                + " password: \"env:NOPE\" } }",
            ""),
        "plantmesh.uplink.security.sasl.password",
        "'NOPE' is not set");
  }

  @Test
  void badSummariesNameTheirKey() {
    assertOneError(
        ON + "  summaries: { default-window: 7s }",
        "plantmesh.summaries.default-window",
        "does not divide a day evenly");
    assertOneError(
        ON + "  summaries: { groups: [{ prefix: plant1/line1 }] }",
        "plantmesh.summaries.groups[0].window is missing");
    assertOneError(
        ON + "  summaries: { allowed-latness: 1s }",
        "plantmesh.summaries.allowed-latness is not a known key");
  }

  @Test
  void badOutboxSettingsNameTheirKey() {
    assertOneError(on("", "max-bytes: lots"), "plantmesh.outbox.max-bytes", "'lots'");
    assertOneError(
        on("", "max-byte: 1g"), "plantmesh.outbox.max-byte is not a known key", "max-bytes");
    assertOneError(
        on("", "evictable-classes: [summary, everything]"),
        "plantmesh.outbox.evictable-classes",
        "everything");
  }

  @Test
  void offTheSectionsAreCheckedButNothingIsRequiredOrResolved() {
    // A secret nobody provides, no outbox dir, no brokers: fine while upstream is off.
    NodeSettings s =
        valid(
            "  uplink:\n    security: { protocol: SASL_SSL, sasl: { mechanism: PLAIN, username: u,"
                + " password: \"env:UNSET\" } }");
    assertFalse(s.upstream().enabled());
    // A typo is an error all the same: "enable: true" must not pass for "off".
    assertOneError("  uplink: { enable: true }", "plantmesh.uplink.enable is not a known key");
    assertOneError("  summaries: { default-window: 7s }", "plantmesh.summaries.default-window");
  }

  @Test
  void everyUpstreamErrorIsReportedAtOnce() {
    List<String> e =
        errors(
            "  uplink: { enabled: true, linger: forever }\n"
                + "  summaries: { max-clock-skew: 2h }");
    assertEquals(4, e.size(), e.toString());
    assertTrue(e.stream().anyMatch(m -> m.startsWith("plantmesh.uplink.linger")), e.toString());
    assertTrue(
        e.stream().anyMatch(m -> m.startsWith("plantmesh.summaries.max-clock-skew")), e.toString());
    assertTrue(e.stream().anyMatch(m -> m.startsWith("plantmesh.outbox.dir")), e.toString());
    assertTrue(
        e.stream().anyMatch(m -> m.startsWith("plantmesh.uplink.bootstrap-servers")), e.toString());
  }
}
