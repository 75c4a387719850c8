package io.plantmesh.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.opcua.CollectionMode;
import io.plantmesh.opcua.DeadbandType;
import io.plantmesh.opcua.Identity;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.opcua.SecurityModeChoice;
import io.plantmesh.opcua.SecurityPolicyChoice;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {
  private static final Map<String, String> ENV = Map.of("PLC_PW", "s3cret", "API_TOKEN", "t0k3n");

  private static final String SOURCE =
      """
      plantmesh:
        node: { name: gw-1 }
        sources:
          - id: plc
            endpoint-url: opc.tcp://127.0.0.1:4840/x
      %s
      """;

  private static NodeSettings valid(String yaml) {
    return new ConfigValidator(ENV).validate(ConfigFixtures.load(yaml));
  }

  private static List<String> errors(String yaml) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> new ConfigValidator(ENV).validate(ConfigFixtures.load(yaml)));
    return e.errors();
  }

  private static String source(String extra) {
    return SOURCE.formatted(extra.indent(6).stripTrailing());
  }

  private static void assertOneError(List<String> errors, String... parts) {
    assertEquals(1, errors.size(), errors.toString());
    for (String p : parts) {
      assertTrue(errors.get(0).contains(p), "'" + errors.get(0) + "' should contain '" + p + "'");
    }
  }

  @Test
  void noConfigurationIsTheEmbeddedDefault() {
    NodeSettings s = valid("plantmesh: {}");
    assertEquals(NodeSettings.Mode.EMBEDDED_DEFAULT, s.mode());
    assertEquals(ConfigValidator.EMBEDDED_NODE_NAME, s.nodeName());
    assertTrue(s.sources().isEmpty());
    assertEquals(false, s.writesEnabled());
    assertEquals(ReadinessPolicy.ANY_CONNECTED, s.readiness());
    assertEquals(10_000, s.queueCapacity());
    assertEquals(1000, s.embedded().tagCount());
  }

  @Test
  void mapsASourceWithOverridesOntoTheOpcUaRecords() {
    NodeSettings s =
        valid(
            source(
                """
                security: { policy: none, mode: none }
                identity:
                  type: username
                  username: op
                  password: env:PLC_PW
                  allow-plaintext-password: true
                path-prefix: p1/l1
                collection: { sampling-interval: 250ms, deadband: { type: absolute, value: 0.5 } }
                tags:
                  - node-id: "ns=2;s=A"
                    path: p1/l1/a
                    collection: { mode: poll, poll-interval: 5s }
                browse:
                  - root: "nsu=urn:x;s=Plant"
                    exclude: ["**/State"]
                    collection: { deadband: { type: percent, value: 2 } }
                """));
    assertEquals(NodeSettings.Mode.CONFIGURED, s.mode());
    OpcUaSourceConfig c = s.sources().get(0);
    assertEquals(SecurityPolicyChoice.NONE, c.securityPolicy());
    assertEquals(SecurityModeChoice.NONE, c.securityMode());
    Identity.UserPassword id = (Identity.UserPassword) c.identity();
    assertEquals("op", id.username());
    assertTrue(id.password().matches("s3cret".toCharArray()));
    assertTrue(id.allowPlaintextPassword());
    assertEquals("p1/l1", c.pathPrefix().toString());
    assertEquals(Duration.ofMillis(250), c.collection().samplingInterval());
    // The tag inherits what it does not override.
    var tag = c.tags().get(0).collection();
    assertEquals(CollectionMode.POLL, tag.mode());
    assertEquals(Duration.ofSeconds(5), tag.pollInterval());
    assertEquals(Duration.ofMillis(250), tag.samplingInterval());
    assertEquals(DeadbandType.ABSOLUTE, tag.deadband().type());
    // The browse entry replaces the deadband as a whole and keeps the rest.
    var browse = c.browse().get(0);
    assertEquals(DeadbandType.PERCENT, browse.collection().deadband().type());
    assertEquals(2.0, browse.collection().deadband().value());
    assertEquals(List.of("**/State"), browse.exclude());
    assertEquals(Duration.ofMillis(250), browse.collection().samplingInterval());
  }

  @Test
  void pathPrefixDefaultsToTheSourceId() {
    NodeSettings s = valid(source("browse: [{ root: \"ns=2;s=Plant\" }]"));
    assertEquals("plc", s.sources().get(0).pathPrefix().toString());
  }

  @Test
  void negativeDurationNamesTheKeyAndValue() {
    assertOneError(
        errors(
            source("collection: { sampling-interval: -1s }\nbrowse: [{ root: \"ns=2;s=Plant\" }]")),
        "plantmesh.sources[0].collection.sampling-interval",
        "-1s");
  }

  @Test
  void badTagPathNamesTheKey() {
    assertOneError(
        errors(source("tags: [{ node-id: \"ns=2;s=A\", path: \"a//b\" }]")),
        "plantmesh.sources[0].tags[0].path",
        "a//b",
        "empty segment");
  }

  @Test
  void badNodeIdNamesTheKey() {
    assertOneError(
        errors(source("tags: [{ node-id: \"ns=x;q=A\" }]")),
        "plantmesh.sources[0].tags[0].node-id",
        "ns=x;q=A");
  }

  @Test
  void inlinePasswordIsRefused() {
    assertOneError(
        errors(
            source(
                "identity: { type: username, username: op, password: hunter2 }\n"
                    + "browse: [{ root: \"ns=2;s=Plant\" }]")),
        "plantmesh.sources[0].identity.password",
        "must not be written inline");
  }

  @Test
  void usernameRequiresAPassword() {
    assertOneError(
        errors(
            source("identity: { type: username, username: op }\nbrowse: [{ root: \"ns=2;s=P\" }]")),
        "plantmesh.sources[0].identity.password",
        "is required");
  }

  @Test
  void writesEnabledRequiresAToken() {
    assertOneError(
        errors("plantmesh:\n  api:\n    writes:\n      enabled: true\n"),
        "plantmesh.api.writes.token",
        "is required");
  }

  @Test
  void writesTokenIsResolvedAndInlineTokensAreRefusedEvenWhenOff() {
    NodeSettings s =
        valid("plantmesh:\n  api:\n    writes: { enabled: true, token: env:API_TOKEN }\n");
    assertTrue(s.writeToken().orElseThrow().matches("t0k3n".toCharArray()));
    assertOneError(
        errors("plantmesh:\n  api:\n    writes: { enabled: false, token: plain }\n"),
        "plantmesh.api.writes.token",
        "inline");
  }

  @Test
  void duplicateSourceIdsAndUnknownTypesAreReportedTogether() {
    List<String> errors =
        errors(
            """
            plantmesh:
              node: { name: gw-1 }
              sources:
                - id: plc
                  endpoint-url: opc.tcp://h:4840
                  browse: [{ root: "ns=2;s=P" }]
                - id: plc
                  endpoint-url: opc.tcp://h:4841
                  browse: [{ root: "ns=2;s=P" }]
                - id: other
                  type: modbus
                  endpoint-url: tcp://h:502
            """);
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("plantmesh.sources[1].id: 'plc' is already"));
    assertTrue(errors.get(1).startsWith("plantmesh.sources[2].type: 'modbus' is not a known"));
  }

  @Test
  void twoSourcesMustNotDeliverTheSameTagPaths() {
    List<String> errors =
        errors(
            """
            plantmesh:
              node: { name: gw-1 }
              sources:
                - id: press
                  endpoint-url: opc.tcp://h:4840
                  path-prefix: line1
                  tags: [{ node-id: "ns=2;s=A", path: line1/a }]
                - id: oven
                  endpoint-url: opc.tcp://h:4841
                  path-prefix: line1
                  tags: [{ node-id: "ns=2;s=B", path: line1/b }]
                - id: robot
                  endpoint-url: opc.tcp://h:4842
                  tags: [{ node-id: "ns=2;s=C", path: line1/a }]
            """);
    assertEquals(2, errors.size(), errors.toString());
    assertEquals(
        "plantmesh.sources[1].path-prefix: 'line1' is also the path prefix (or id) of source"
            + " 'press' ('oven' would deliver the same tag paths)",
        errors.get(0));
    assertEquals(
        "plantmesh.sources[2].tags[0].path: 'line1/a' is also a tag path of source 'press' (a tag"
            + " path belongs to one source; this is 'robot')",
        errors.get(1));
  }

  @Test
  void nodeNameIsRequiredWithSourcesAndMustBeWellFormed() {
    List<String> e =
        errors(
            """
            plantmesh:
              sources:
                - id: plc
                  endpoint-url: opc.tcp://h:4840
                  browse: [{ root: "ns=2;s=P" }]
            """);
    assertOneError(e, "plantmesh.node.name", "is required");
    assertOneError(
        errors("plantmesh:\n  node: { name: Gateway_1 }\n"), "plantmesh.node.name", "'Gateway_1'");
  }

  @Test
  void policyNoneWithSignIsRefused() {
    assertOneError(
        errors(source("security: { policy: none, mode: sign }\nbrowse: [{ root: \"ns=2;s=P\" }]")),
        "plantmesh.sources[0].security.mode",
        "sign");
  }

  @Test
  void aSourceWithNothingToCollectIsRefused() {
    assertOneError(errors(source("request-timeout: 5s")), "plantmesh.sources[0]", "tags or browse");
  }

  @Test
  void anonymousIdentityWithAPasswordIsNotSilentlyIgnored() {
    assertOneError(
        errors(source("identity: { password: env:PLC_PW }\nbrowse: [{ root: \"ns=2;s=P\" }]")),
        "plantmesh.sources[0].identity.password",
        "anonymous");
  }

  @Test
  void x509NeedsReadableFiles() {
    List<String> e =
        errors(
            source(
                "identity: { type: x509, certificate: /nonexistent/c.pem }\n"
                    + "browse: [{ root: \"ns=2;s=P\" }]"));
    assertEquals(2, e.size(), e.toString());
    assertTrue(e.get(0).contains("identity.certificate: '/nonexistent/c.pem' is not a readable"));
    assertTrue(e.get(1).contains("identity.private-key: is required"));
  }

  @Test
  void embeddedSettingsAreChecked() {
    assertOneError(
        errors("plantmesh:\n  embedded: { update-rate: 1ms }\n"), "plantmesh.embedded.update-rate");
    assertOneError(
        errors("plantmesh:\n  pipeline: { queue-capacity: 0 }\n"),
        "plantmesh.pipeline.queue-capacity",
        "'0'");
  }
}
