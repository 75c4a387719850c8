package io.plantmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.opcua.PkiConfig;
import io.plantmesh.opcua.internal.Pki;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launches the node's real entry point with one kind of bad configuration each, and checks that the
 * process fails with a message naming the key, the value and the reason, and that nothing started:
 * the source's endpoint (a plain TCP listener here) never sees a connection, and the node never
 * logs that it runs.
 */
@QuarkusMainTest
@TestProfile(BadConfigLaunchTest.TakenHttpPort.class)
class BadConfigLaunchTest {
  /**
   * The node's HTTP port, held by the test during every launch: had the node tried to open it
   * before validating, it would fail with a bind error instead of the configuration message.
   */
  private static final ServerSocket HTTP = bindLoopback();

  static final int HTTP_PORT = HTTP.getLocalPort();

  public static class TakenHttpPort implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.test-port", String.valueOf(HTTP_PORT));
    }
  }

  @TempDir Path dir;
  private ServerSocket device;

  @BeforeEach
  void listen() throws IOException {
    device = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws IOException {
    device.close();
  }

  /**
   * The taken HTTP port stays bound for the whole class: released between tests, another process
   * (any client's ephemeral port) could take it.
   */
  private static ServerSocket bindLoopback() {
    try {
      return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String endpoint() {
    return "opc.tcp://127.0.0.1:" + device.getLocalPort() + "/plc";
  }

  /** A valid source with {@code extra} lines added under it. */
  private Path config(String extra, String tail) throws IOException {
    String yaml =
        """
        plantmesh:
          node: { name: gw-test }
          sources:
            - id: plc
              endpoint-url: %s
              security: { policy: none, mode: none }
              browse: [{ root: "ns=2;s=Plant" }]
        %s
        %s
        """
            .formatted(endpoint(), extra.indent(6).stripTrailing(), tail);
    Path f = dir.resolve("plantmesh.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private LaunchResult launchFailing(QuarkusMainLauncher launcher, Path file, String... expected)
      throws IOException {
    LaunchResult r = launcher.launch("--config", file.toString());
    String all = r.getOutput() + "\n" + r.getErrorOutput();
    assertNotEquals(0, r.exitCode(), all);
    for (String e : expected) {
      assertTrue(all.contains(e), "output should contain '" + e + "':\n" + all);
    }
    assertFalse(all.contains("runs CONFIGURED"), all);
    assertFalse(all.contains("runs the EMBEDDED DEFAULT"), all);
    // Validation came before the HTTP server: no attempt to bind the (taken) port.
    assertFalse(all.contains("Listening on"), all);
    assertFalse(all.contains("seems to be in use") || all.contains("Unable to bind"), all);
    assertNoConnectionAttempt();
    return r;
  }

  private void assertNoConnectionAttempt() throws IOException {
    device.setSoTimeout(300);
    try (Socket s = device.accept()) {
      throw new AssertionError("a source connected to the device: " + s);
    } catch (SocketTimeoutException expected) {
      // Nothing connected.
    }
  }

  @Test
  void unknownEnumValue(QuarkusMainLauncher launcher) throws IOException {
    launchFailing(
        launcher,
        config("collection: { mode: stream }", ""),
        "plantmesh.sources[0].collection.mode",
        "stream");
  }

  @Test
  void badDuration(QuarkusMainLauncher launcher) throws IOException {
    launchFailing(
        launcher,
        config("reconnect: { max-delay: forever }", ""),
        "plantmesh.sources[0].reconnect.max-delay",
        "forever");
  }

  @Test
  void negativeDuration(QuarkusMainLauncher launcher) throws IOException {
    launchFailing(
        launcher,
        config("collection: { sampling-interval: -1s }", ""),
        "plantmesh.sources[0].collection.sampling-interval",
        "-1s",
        "nothing was started");
  }

  @Test
  void badTagPath(QuarkusMainLauncher launcher) throws IOException {
    launchFailing(
        launcher,
        config("tags: [{ node-id: \"ns=2;s=A\", path: \"line1//speed\" }]", ""),
        "plantmesh.sources[0].tags[0].path",
        "line1//speed",
        "empty segment");
  }

  @Test
  void badNodeId(QuarkusMainLauncher launcher) throws IOException {
    launchFailing(
        launcher,
        config("tags: [{ node-id: \"ns=two;s=A\" }]", ""),
        "plantmesh.sources[0].tags[0].node-id",
        "ns=two;s=A");
  }

  @Test
  void inlinePassword(QuarkusMainLauncher launcher) throws IOException {
    LaunchResult r =
        launchFailing(
            launcher,
            config("identity: { type: username, username: op, password: hunter2 }", ""),
            "plantmesh.sources[0].identity.password",
            "must not be written inline");
    assertFalse((r.getOutput() + r.getErrorOutput()).contains("hunter2"), "secret echoed");
  }

  @Test
  void writesWithoutToken(QuarkusMainLauncher launcher) throws IOException {
    launchFailing(
        launcher,
        config("", "  api:\n    writes: { enabled: true }"),
        "plantmesh.api.writes.token",
        "is required when plantmesh.api.writes.enabled is true");
  }

  @Test
  void aGarbageKeyOfTheSecondSourceStopsTheNodeBeforeTheFirstConnects(QuarkusMainLauncher launcher)
      throws IOException {
    // A real certificate (so that the certificate is not what fails) and a key file that is not.
    Pki.open(PkiConfig.of(dir.resolve("user-pki")), "robot");
    Path cert = dir.resolve("user-pki/own/certs/robot.der");
    Path key = dir.resolve("robot-user.key");
    Files.writeString(key, "this is not a private key\n");
    String second =
        ("    - id: robot\n      endpoint-url: %s\n      security: { policy: none, mode: none }\n"
                + "      identity: { type: x509, certificate: %s, private-key: %s }\n"
                + "      browse: [{ root: \"ns=2;s=P\" }]")
            .formatted(endpoint(), cert, key);
    launchFailing(launcher, config("", second), "plantmesh.sources[1].identity.private-key");
  }

  @Test
  void duplicateSourceIds(QuarkusMainLauncher launcher) throws IOException {
    String second =
        "    - id: plc\n      endpoint-url: %s\n      browse: [{ root: \"ns=2;s=P\" }]"
            .formatted(endpoint());
    launchFailing(
        launcher,
        config("", second),
        "plantmesh.sources[1].id",
        "'plc' is already the id of plantmesh.sources[0]");
  }

  @Test
  void unknownSourceType(QuarkusMainLauncher launcher) throws IOException {
    launchFailing(
        launcher,
        config("type: modbus", ""),
        "plantmesh.sources[0].type",
        "'modbus' is not a known source type");
  }

  @Test
  void misspelledKey(QuarkusMainLauncher launcher) throws IOException {
    launchFailing(
        launcher,
        config("collection: { sampling-intervall: 250ms }", ""),
        "plantmesh.sources[0].collection.sampling-intervall");
  }

  @Test
  void missingFile(QuarkusMainLauncher launcher) throws IOException {
    Path missing = dir.resolve("nope.yaml");
    LaunchResult r = launcher.launch("--config", missing.toString());
    String all = r.getOutput() + "\n" + r.getErrorOutput();
    assertNotEquals(0, r.exitCode(), all);
    assertTrue(all.contains("plantmesh.config"), all);
    assertTrue(all.contains(missing.toString() + "' does not exist"), all);
    assertFalse(all.contains("runs the EMBEDDED DEFAULT"), all);
  }

  @Test
  void configWithoutPath(QuarkusMainLauncher launcher) {
    // Refused before Quarkus starts: the JVM reports the one-line UsageError and exits with 1.
    RuntimeException e = assertThrows(RuntimeException.class, () -> launcher.launch("--config"));
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertEquals(PlantmeshMain.UsageError.class.getName(), root.getClass().getName());
    assertTrue(root.getMessage().contains("--config needs a path"), root.getMessage());
  }

  @Test
  void uplinkWithoutOutboxDir(QuarkusMainLauncher launcher) throws IOException {
    launchFailing(
        launcher,
        config("", "  uplink: { enabled: true, bootstrap-servers: \"127.0.0.1:9092\" }"),
        "plantmesh.outbox.dir: is required when plantmesh.uplink.enabled is true");
  }

  @Test
  void badUplinkAndSummariesValues(QuarkusMainLauncher launcher) throws IOException {
    LaunchResult r =
        launchFailing(
            launcher,
            config(
                "",
                "  uplink:\n    enabled: true\n    bootstrap-servers: kafka:9092\n"
                    + "    security: { protocol: SASL_SSL, sasl: { mechanism: PLAIN, username: u,"
                    + " password: hunter2 } }\n"
                    + "  summaries: { default-window: 7s }\n"
                    + "  outbox: { dir: "
                    + dir.resolve("outbox")
                    + ", max-bytes: lots }"),
            "(3 errors)",
            "plantmesh.uplink.security.sasl.password",
            "plantmesh.summaries.default-window",
            "plantmesh.outbox.max-bytes",
            "'lots'");
    assertFalse((r.getOutput() + r.getErrorOutput()).contains("hunter2"), "secret echoed");
  }

  @Test
  void anOutboxDirectoryTheNodeCannotUse(QuarkusMainLauncher launcher) throws IOException {
    // A file where the directory should be: the Outbox cannot open, nothing connects.
    Path file = dir.resolve("not-a-dir");
    Files.writeString(file, "x");
    launchFailing(
        launcher,
        config(
            "",
            "  uplink: { enabled: true, bootstrap-servers: \"127.0.0.1:9092\" }\n"
                + "  outbox: { dir: "
                + file
                + " }"),
        "plantmesh.outbox.dir: cannot open the Outbox at '" + file + "'");
  }

  @Test
  void badRulesStopTheNodeWithEachRulesNameAndProblem(QuarkusMainLauncher launcher)
      throws IOException {
    Path key = dir.resolve("cluster-key");
    Files.writeString(key, "0123456789abcdef0123456789abcdef\n");
    String tags =
        "tags:\n"
            + "  - { node-id: \"ns=2;s=A\", path: plc/a, data-type: Double }\n"
            + "  - { node-id: \"ns=2;s=D\", path: plc/door, data-type: Boolean }";
    String tail =
        """
          mesh: { enabled: true, cluster-name: c1, cluster-key: "file:%s" }
          rule-settings: { unknown-tags: refuse }
          rules:
            - { name: syntax, condition: 'tag("plc/a") >' }
            - { name: function, condition: 'tagg("plc/a") > 1.0' }
            - { name: typed, condition: 'tag("plc/door") > 1.0' }
            - { name: unknown, condition: 'tag("plc/nowhere") > 1.0' }
            - { name: duration, condition: 'tag("plc/a") > 1.0', for: soon }
            - name: action
              condition: 'tag("plc/a") > 1.0'
              actions:
                - alarm: { severity: high, message: 'a at ${tag("plc/a")}' }
                - email: { to: shift-lead }
        """
            .formatted(key);
    launchFailing(
        launcher,
        config(tags, tail),
        "(6 errors)",
        "plantmesh.rules[0].condition (rule 'syntax'): syntax error",
        "plantmesh.rules[1].condition (rule 'function')",
        "tagg",
        "plantmesh.rules[2].condition (rule 'typed')",
        "plantmesh.rules[3].condition (rule 'unknown')",
        "plc/nowhere",
        "plantmesh.rules[4].for (rule 'duration'): 'soon' is not a duration",
        "plantmesh.rules[5].actions[1] (rule 'action'): unknown action 'email'");
  }

  @Test
  void rulesWithoutTheMesh(QuarkusMainLauncher launcher) throws IOException {
    launchFailing(
        launcher,
        config("", "  rules:\n    - { name: r, condition: 'tag(\"plc/a\") > 1.0' }"),
        "plantmesh.rules: rules run in the mesh",
        "plantmesh.mesh.enabled: true");
  }

  @Test
  void everyErrorIsReportedAtOnce(QuarkusMainLauncher launcher) throws IOException {
    LaunchResult r =
        launchFailing(
            launcher,
            config(
                "tags: [{ node-id: \"ns=2;s=A\", path: \"a//b\" }]",
                "  api:\n    writes: { enabled: true }"),
            "(2 errors)");
    assertEquals(1, countOf(r.getErrorOutput() + r.getOutput(), "invalid configuration"));
  }

  private static int countOf(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
