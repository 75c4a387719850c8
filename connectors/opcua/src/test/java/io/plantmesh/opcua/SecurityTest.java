package io.plantmesh.opcua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Secret;
import io.plantmesh.core.SourceState;
import io.plantmesh.core.Value;
import io.plantmesh.opcua.internal.Pem;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secured endpoints, user identities (password and X.509 certificate) and the PKI's trust flow
 * against the simulator.
 */
class SecurityTest {
  private static final String PASSWORD = "s3cr3t-Pa55";

  /** The simulator's trusted X.509 user certificates; a test copies its user's certificate in. */
  private static final Path USER_CERTS = tempDir();

  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .devices(1)
              .rate(Duration.ofMillis(100))
              .user("operator", Secret.ofValue(PASSWORD))
              .trustedUserCertificates(USER_CERTS)
              .build());

  @TempDir Path pki;
  private OpcUaSource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.stop();
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("opcua-test-user-certs");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void deleteUserCerts() throws IOException {
    try (Stream<Path> files = Files.list(USER_CERTS)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(USER_CERTS);
  }

  private void trustServer() throws Exception {
    Files.createDirectories(pki.resolve("trusted/certs"));
    Files.write(
        pki.resolve("trusted/certs/simulator.der"),
        PLC.simulator().serverCertificate().getEncoded());
  }

  private OpcUaSourceConfig.Builder config(SecurityPolicyChoice policy, SecurityModeChoice mode) {
    return OpcUaSourceConfig.builder("s1", PLC.simulator().endpointUrl())
        .security(policy, mode)
        .pki(PkiConfig.of(pki))
        .reconnect(Duration.ofMillis(200), Duration.ofSeconds(1))
        .collection(CollectionSettings.DEFAULTS.withPublishingInterval(Duration.ofMillis(100)))
        .tag(
            TagConfig.node(
                PlcSimulator.expandedNodeId("Plant/Line01/Cell01/Device001/Temperature"),
                "s/temp"));
  }

  private TestSink start(OpcUaSourceConfig config) {
    TestSink sink = new TestSink();
    source = new OpcUaSource(config, "edge-a");
    source.start(sink);
    return sink;
  }

  private void awaitGoodValues(TestSink sink) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                sink.of("s/temp").stream().filter(r -> r.quality().equals(Quality.GOOD)).count()
                    >= 2);
  }

  @Test
  void basic256Sha256SignAndEncrypt() throws Exception {
    trustServer();
    TestSink sink =
        start(
            config(SecurityPolicyChoice.BASIC256SHA256, SecurityModeChoice.SIGN_AND_ENCRYPT)
                .build());
    awaitGoodValues(sink);
    ConnectionInfo info = source.connectionInfo().orElseThrow();
    assertEquals(SecurityPolicyChoice.BASIC256SHA256, info.securityPolicy());
    assertEquals(SecurityModeChoice.SIGN_AND_ENCRYPT, info.securityMode());
    // The own certificate was generated once and is reused.
    Path own = pki.resolve("own/certs/s1.der");
    byte[] first = Files.readAllBytes(own);
    source.stop();
    sink = start(config(SecurityPolicyChoice.BASIC256SHA256, SecurityModeChoice.SIGN).build());
    awaitGoodValues(sink);
    assertArrayEquals(first, Files.readAllBytes(own));
  }

  @Test
  void aes256Sha256RsaPssWithAUserName() throws Exception {
    trustServer();
    TestSink sink =
        start(
            config(SecurityPolicyChoice.AES256_SHA256_RSAPSS, SecurityModeChoice.SIGN_AND_ENCRYPT)
                .identity(new Identity.UserPassword("operator", Secret.ofValue(PASSWORD)))
                .build());
    awaitGoodValues(sink);
    assertEquals(
        SecurityPolicyChoice.AES256_SHA256_RSAPSS,
        source.connectionInfo().orElseThrow().securityPolicy());
  }

  @Test
  void aWrongPasswordIsAClearLastError() throws Exception {
    trustServer();
    start(
        config(SecurityPolicyChoice.BASIC256SHA256, SecurityModeChoice.SIGN_AND_ENCRYPT)
            .identity(new Identity.UserPassword("operator", Secret.ofValue("wrong-Password-1")))
            .build());
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              String error = source.status().lastError();
              assertTrue(error != null && error.contains("Bad_UserAccessDenied"), error);
              assertTrue(error.contains("'operator'"), error);
              assertFalse(error.contains("wrong-Password-1"), error);
            });
    assertTrue(source.status().state() != SourceState.CONNECTED);
  }

  @Test
  void anUntrustedServerCertificateIsRejectedUntilMovedToTrusted() throws Exception {
    TestSink sink =
        start(
            config(SecurityPolicyChoice.BASIC256SHA256, SecurityModeChoice.SIGN_AND_ENCRYPT)
                .build());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> rejected().size() == 1 && source.status().lastError() != null);
    Path file = rejected().get(0);
    String error = source.status().lastError();
    assertTrue(error.contains(file.toString()), error);
    assertTrue(error.contains("move " + file), error);
    assertTrue(error.contains(pki.resolve("trusted/certs").toString()), error);
    assertEquals(SourceState.DOWN, source.status().state());
    assertTrue(sink.of("s/temp").isEmpty());

    Files.move(file, pki.resolve("trusted/certs").resolve(file.getFileName()));
    awaitGoodValues(sink);
    assertEquals(SourceState.CONNECTED, source.status().state());
  }

  private List<Path> rejected() throws Exception {
    Path dir = pki.resolve("rejected");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void bestAvailablePicksTheStrongest() throws Exception {
    trustServer();
    TestSink sink =
        start(
            config(SecurityPolicyChoice.BEST_AVAILABLE, SecurityModeChoice.BEST_AVAILABLE).build());
    awaitGoodValues(sink);
    ConnectionInfo info = source.connectionInfo().orElseThrow();
    assertEquals(SecurityPolicyChoice.AES256_SHA256_RSAPSS, info.securityPolicy());
    assertEquals(SecurityModeChoice.SIGN_AND_ENCRYPT, info.securityMode());
  }

  /** A user's certificate and PKCS#8 private key as PEM files in {@code pki/users}. */
  private Identity.X509 x509User(String name) throws Exception {
    KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate cert =
        new SelfSignedCertificateBuilder(keyPair)
            .setCommonName(name)
            .setApplicationUri("urn:plantmesh:test-user:" + name)
            .build();
    Path dir = Files.createDirectories(pki.resolve("users"));
    Path certFile = dir.resolve(name + ".crt");
    Path keyFile = dir.resolve(name + ".key");
    Files.writeString(certFile, Pem.certificatePem(cert));
    Files.writeString(keyFile, Pem.privateKeyPem(keyPair.getPrivate()));
    return new Identity.X509(certFile, keyFile, null);
  }

  @Test
  void x509UserCertificateOverBasic256Sha256SignAndEncrypt() throws Exception {
    trustServer();
    Identity.X509 user = x509User("line-operator");
    // The server trusts this user: its certificate is in the simulator's trusted directory.
    Files.copy(user.certificate(), USER_CERTS.resolve("line-operator.crt"));
    TestSink sink =
        start(
            config(SecurityPolicyChoice.BASIC256SHA256, SecurityModeChoice.SIGN_AND_ENCRYPT)
                .identity(user)
                .build());
    awaitGoodValues(sink);
    assertTrue(
        sink.latest("s/temp").value() instanceof Value.Float64, sink.latest("s/temp")::toString);
    ConnectionInfo info = source.connectionInfo().orElseThrow();
    assertEquals(SecurityPolicyChoice.BASIC256SHA256, info.securityPolicy());
    assertEquals(SecurityModeChoice.SIGN_AND_ENCRYPT, info.securityMode());
    assertEquals(SourceState.CONNECTED, source.status().state());
  }

  @Test
  void anUntrustedUserCertificateIsAClearLastError() throws Exception {
    trustServer();
    Identity.X509 stranger = x509User("stranger");
    TestSink sink =
        start(
            config(SecurityPolicyChoice.BASIC256SHA256, SecurityModeChoice.SIGN_AND_ENCRYPT)
                .identity(stranger)
                .build());
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              String error = source.status().lastError();
              assertTrue(error != null && error.contains("Bad_IdentityTokenRejected"), error);
              assertTrue(
                  error.contains("X.509 user certificate '") && error.contains("CN=stranger"),
                  error);
              assertTrue(error.contains(stranger.certificate().toString()), error);
              assertTrue(error.contains("trusted user certificates"), error);
            });
    assertTrue(source.status().state() != SourceState.CONNECTED);
    assertTrue(sink.of("s/temp").isEmpty());
  }
}
