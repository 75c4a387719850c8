package io.plantmesh.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.TagPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ConfigTest {
  private static final String URL = "opc.tcp://10.0.0.5:4840/plc";

  private static OpcUaSourceConfig.Builder valid() {
    return OpcUaSourceConfig.builder("line1", URL).tag(TagConfig.node("ns=2;s=A", "a/b"));
  }

  private static void fails(String message, Executable e) {
    OpcUaConfigException ex = assertThrows(OpcUaConfigException.class, e);
    assertEquals(message, ex.getMessage());
  }

  @Test
  void defaults() {
    OpcUaSourceConfig c = valid().build();
    assertEquals(SecurityPolicyChoice.BEST_AVAILABLE, c.securityPolicy());
    assertEquals(SecurityModeChoice.BEST_AVAILABLE, c.securityMode());
    assertSame(Identity.anonymous(), c.identity());
    assertEquals(Path.of("pki"), c.pki().dir());
    assertEquals(CollectionSettings.DEFAULTS, c.collection());
    assertEquals(CollectionMode.SUBSCRIBE, c.collection().mode());
    assertEquals(Duration.ofSeconds(1), c.collection().samplingInterval());
    assertEquals(Duration.ofSeconds(1), c.collection().publishingInterval());
    assertEquals(10, c.collection().queueSize());
    assertTrue(c.collection().discardOldest());
    assertEquals(Deadband.NONE, c.collection().deadband());
    assertEquals(new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30)), c.reconnect());
    assertEquals(Duration.ofSeconds(10), c.requestTimeout());
    assertEquals(Duration.ofSeconds(60), c.sessionTimeout());
    assertEquals(c, c.toBuilder().build());
  }

  @Test
  void nullsInRecordsTakeDefaults() {
    CollectionSettings c = new CollectionSettings(null, null, null, 5, false, null, null);
    assertEquals(CollectionMode.SUBSCRIBE, c.mode());
    assertEquals(Duration.ofSeconds(1), c.pollInterval());
    assertEquals(new ReconnectPolicy(null, null), ReconnectPolicy.DEFAULTS);
    OpcUaSourceConfig s =
        new OpcUaSourceConfig(
            "x",
            URL,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(TagConfig.node("i=2258")),
            null,
            null,
            null,
            null);
    assertEquals(Duration.ofSeconds(10), s.requestTimeout());
  }

  @Test
  void messagesNameTheKey() {
    fails(
        "sampling-interval: must be >= 0, was -1s",
        () -> CollectionSettings.DEFAULTS.withSamplingInterval(Duration.ofSeconds(-1)));
    OpcUaConfigException e =
        assertThrows(
            OpcUaConfigException.class,
            () ->
                OpcUaConfigException.within(
                    "sources[line1].collection",
                    () ->
                        CollectionSettings.DEFAULTS.withSamplingInterval(Duration.ofSeconds(-1))));
    assertEquals(
        "sources[line1].collection.sampling-interval: must be >= 0, was -1s", e.getMessage());
    assertEquals("sources[line1].collection.sampling-interval", e.key());
    fails(
        "publishing-interval: must be > 0, was 0s",
        () -> CollectionSettings.DEFAULTS.withPublishingInterval(Duration.ZERO));
    fails(
        "queue-size: must be >= 1, was 0",
        () -> CollectionSettings.DEFAULTS.withQueueSize(0, true));
    fails(
        "poll-interval: must be > 0, was -250ms",
        () -> CollectionSettings.DEFAULTS.withPollInterval(Duration.ofMillis(-250)));
    fails("value: a percent deadband must be <= 100, was 150.0", () -> Deadband.percent(150));
    fails("value: must be a number >= 0, was -1.0", () -> Deadband.absolute(-1));
    fails(
        "max-delay: must be >= initial-delay (5s), was 1s",
        () -> new ReconnectPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1)));
    fails("initial-delay: must be > 0, was 0s", () -> new ReconnectPolicy(Duration.ZERO, null));
  }

  @Test
  void sourceLevelChecks() {
    fails("sources[?].id: is required", () -> OpcUaSourceConfig.builder(" ", URL).build());
    fails(
        "sources[bad id].id: must start with a letter or digit and contain only letters, digits,"
            + " '_', '.' and '-' (at most 64), was 'bad id'",
        () -> OpcUaSourceConfig.builder("bad id", URL).build());
    fails(
        "sources[l1].endpoint-url: must be an opc.tcp:// URL such as opc.tcp://host:4840/path, was"
            + " 'http://x:1'",
        () -> OpcUaSourceConfig.builder("l1", "http://x:1").tag(TagConfig.node("i=1")).build());
    fails(
        "sources[l1].endpoint-url: is required, e.g. opc.tcp://10.0.0.5:4840/plc",
        () -> OpcUaSourceConfig.builder("l1", null).build());
    fails(
        "sources[l1]: configure at least one entry under tags or browse",
        () -> OpcUaSourceConfig.builder("l1", URL).build());
    fails(
        "sources[line1].security.mode: must be none with security policy none, was sign",
        () -> valid().security(SecurityPolicyChoice.NONE, SecurityModeChoice.SIGN).build());
    fails(
        "sources[line1].security.policy: must be none with security mode none, was basic256sha256",
        () ->
            valid().security(SecurityPolicyChoice.BASIC256SHA256, SecurityModeChoice.NONE).build());
    fails(
        "sources[line1].request-timeout: must be > 0, was -1s",
        () -> valid().requestTimeout(Duration.ofSeconds(-1)).build());
    fails(
        "sources[line1].session-timeout: must be > 0, was 0s",
        () -> valid().sessionTimeout(Duration.ZERO).build());
    fails(
        "sources[line1].tags[1].path: 'a/b' is already used by tags[0]",
        () -> valid().tag(TagConfig.node("ns=2;s=B", "a/b")).build());
    OpcUaConfigException userinfo =
        assertThrows(
            OpcUaConfigException.class,
            () ->
                OpcUaSourceConfig.builder("l1", "opc.tcp://op:hunter2@plc:4840/x")
                    .tag(TagConfig.node("i=1"))
                    .build());
    assertEquals(
        "sources[l1].endpoint-url: must not contain a user name or password (user@ or"
            + " user:password@ before the host); configure them under identity, with the password"
            + " as a secret reference",
        userinfo.getMessage());
    assertFalse(userinfo.getMessage().contains("hunter2"));
    fails(
        "sources[line1].request-timeout: must be at most 1h, was 2h",
        () -> valid().requestTimeout(Duration.ofHours(2)).build());
    fails(
        "sources[line1].session-timeout: must be at most 1h, was 24000h",
        () -> valid().sessionTimeout(Duration.ofDays(1000)).build());
    fails(
        "poll-interval: must be at most 24h, was 48h",
        () -> CollectionSettings.DEFAULTS.withPollInterval(Duration.ofDays(2)));
    fails(
        "publishing-interval: must be at most 24h, was 25h",
        () -> CollectionSettings.DEFAULTS.withPublishingInterval(Duration.ofHours(25)));
    fails(
        "sampling-interval: must be at most 24h, was 8760h",
        () -> CollectionSettings.DEFAULTS.withSamplingInterval(Duration.ofDays(365)));
    fails(
        "max-delay: must be at most 24h, was 720h",
        () -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofDays(30)));
    // BEST_AVAILABLE policy with mode NONE is plain None, and valid.
    valid().security(SecurityPolicyChoice.BEST_AVAILABLE, SecurityModeChoice.NONE).build();
  }

  @Test
  void tagsAndBrowseEntries() {
    fails(
        "exactly one of node-id and browse-path must be set, both were",
        () -> new TagConfig("i=1", "/Objects/A", null, null));
    fails(
        "exactly one of node-id and browse-path must be set, neither was",
        () -> new TagConfig(null, " ", null, null));
    OpcUaConfigException e =
        assertThrows(OpcUaConfigException.class, () -> TagConfig.node("ns=2;x=1"));
    assertTrue(
        e.getMessage()
            .startsWith("node-id: 'ns=2;x=1' is not a valid NodeId; expected ns=<index>;s=<name>"),
        e.getMessage());
    fails(
        "browse-path: browse path '/Objects//A': element 2 is empty (a doubled '/')",
        () -> TagConfig.browsePath("/Objects//A"));
    fails("root: is required (a NodeId or a browse path)", () -> BrowseConfig.of(null));
    fails(
        "max-depth: must be between 1 and 64, was 0",
        () -> BrowseConfig.of("i=85").withMaxDepth(0));
    fails("max-tags: must be >= 1, was 0", () -> BrowseConfig.of("i=85").withMaxTags(0));
    fails(
        "include[1]: glob 'a**': '**' must be a whole element, as in **/Temperature",
        () -> BrowseConfig.of("i=85").withInclude("*", "a**"));
    BrowseConfig b = new BrowseConfig("/Objects/2:Plant", 3, null, null, 5, null, null);
    assertEquals(List.of("**"), b.include());
    assertEquals(List.of(), b.exclude());
    assertEquals(TagPath.of("x/y"), TagConfig.node("i=1", "x/y").path());
  }

  @Test
  void identityAndPki() {
    fails("username: is required", () -> new Identity.UserPassword("", null));
    fails(
        "password: is required (env:NAME or file:/path)",
        () -> new Identity.UserPassword("op", null));
    Identity.UserPassword up =
        new Identity.UserPassword("op", io.plantmesh.core.Secret.ofValue("hunter2"));
    assertTrue(!up.toString().contains("hunter2"), up.toString());
    fails(
        "private-key: is required (a PEM file)",
        () -> new Identity.X509(Path.of("c.pem"), null, null));
    fails(
        "application-uri: must be a URI such as urn:acme:edge1, was 'edge1'",
        () -> new PkiConfig(Path.of("p"), false, "edge1", null));
    fails(
        "hostnames[0]: must be a host name or IP address, was 'a b'",
        () -> new PkiConfig(Path.of("p"), false, null, List.of("a b")));
    assertEquals(List.of(), new PkiConfig(null, false, null, null).hostnames());
  }
}
