package io.plantmesh.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Secret;
import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Secure endpoints, users and client-certificate trust, as a hardened PLC would have them. */
class SecurityTest {
  /** The fixture's trusted X.509 user certificates; a test copies certificates in. */
  private static final Path USER_CERTS = tempDir();

  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .tags(8)
              .allowAnonymous(false)
              .user("operator", Secret.ofValue("s3cret!"))
              .trustedUserCertificates(USER_CERTS)
              .securityPolicies(
                  EndpointSecurity.BASIC256SHA256_SIGN_AND_ENCRYPT,
                  EndpointSecurity.AES256_SHA256_RSAPSS_SIGN_AND_ENCRYPT,
                  EndpointSecurity.AES128_SHA256_RSAOAEP_SIGN)
              .build());

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("plc-simulator-user-certs");
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

  private static void readTemperature(OpcUaClient client) throws UaException {
    var value =
        client.readValue(
            0,
            TimestampsToReturn.Both,
            TestClients.nodeId(PLC.simulator(), "Plant/Line01/Cell01/Device001/Temperature"));
    assertTrue(value.statusCode().isGood());
  }

  @Test
  void userConnectsWithBasic256Sha256SignAndEncrypt() throws Exception {
    OpcUaClient client =
        TestClients.connect(
            PLC.simulator(),
            SecurityPolicy.Basic256Sha256,
            MessageSecurityMode.SignAndEncrypt,
            new UsernameProvider("operator", "s3cret!"),
            null);
    try {
      readTemperature(client);
    } finally {
      client.disconnect();
    }
  }

  @Test
  void otherPoliciesWorkToo() throws Exception {
    for (var endpoint :
        List.of(
            new Object[] {SecurityPolicy.Aes256_Sha256_RsaPss, MessageSecurityMode.SignAndEncrypt},
            new Object[] {SecurityPolicy.Aes128_Sha256_RsaOaep, MessageSecurityMode.Sign})) {
      OpcUaClient client =
          TestClients.connect(
              PLC.simulator(),
              (SecurityPolicy) endpoint[0],
              (MessageSecurityMode) endpoint[1],
              new UsernameProvider("operator", "s3cret!"),
              null);
      try {
        readTemperature(client);
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  void wrongPasswordIsRefused() {
    UaException e =
        assertThrows(
            UaException.class,
            () ->
                TestClients.connect(
                    PLC.simulator(),
                    SecurityPolicy.Basic256Sha256,
                    MessageSecurityMode.SignAndEncrypt,
                    new UsernameProvider("operator", "guess"),
                    null));
    assertEquals(StatusCodes.Bad_UserAccessDenied, e.getStatusCode().value(), e.toString());
  }

  @Test
  void anonymousIsNotOffered() {
    // No endpoint offers Anonymous, so the client finds none to select.
    assertThrows(
        UaException.class,
        () ->
            TestClients.connect(
                PLC.simulator(),
                SecurityPolicy.Basic256Sha256,
                MessageSecurityMode.SignAndEncrypt,
                new AnonymousProvider(),
                null));
  }

  @Test
  void untrustedClientCertificateIsRejectedUntilTrusted() throws Exception {
    // A second simulator that checks client certificates against its trusted/ directory.
    try (PlcSimulator strict =
        PlcSimulator.start(
            SimulatorConfig.builder()
                .tags(8)
                .trustAllClients(false)
                .securityPolicies(EndpointSecurity.BASIC256SHA256_SIGN_AND_ENCRYPT)
                .build())) {
      TestClients.ClientIdentity identity = TestClients.ClientIdentity.create();
      assertThrows(
          UaException.class,
          () ->
              TestClients.connect(
                  strict,
                  SecurityPolicy.Basic256Sha256,
                  MessageSecurityMode.SignAndEncrypt,
                  new AnonymousProvider(),
                  identity));
      Path rejected = strict.pkiDir().resolve("rejected").resolve("certs");
      List<Path> files;
      try (Stream<Path> list = Files.list(rejected)) {
        files = list.toList();
      }
      assertEquals(1, files.size(), "the refused certificate lands in rejected/certs");

      // An administrator trusts it by moving it to trusted/certs.
      Path trusted = strict.pkiDir().resolve("trusted").resolve("certs");
      Files.move(files.get(0), trusted.resolve(files.get(0).getFileName()));
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(
              () -> {
                OpcUaClient client =
                    TestClients.connect(
                        strict,
                        SecurityPolicy.Basic256Sha256,
                        MessageSecurityMode.SignAndEncrypt,
                        new AnonymousProvider(),
                        identity);
                client.disconnect();
                return true;
              });
    }
  }

  @Test
  void x509UserIsRefusedUntilItsCertificateIsTrusted() throws Exception {
    TestClients.ClientIdentity user = TestClients.ClientIdentity.create();
    X509IdentityProvider identity =
        new X509IdentityProvider(user.certificate(), user.keyPair().getPrivate());
    UaException refused =
        assertThrows(
            UaException.class,
            () ->
                TestClients.connect(
                    PLC.simulator(),
                    SecurityPolicy.Basic256Sha256,
                    MessageSecurityMode.SignAndEncrypt,
                    identity,
                    null));
    assertEquals(
        StatusCodes.Bad_IdentityTokenRejected, refused.getStatusCode().value(), refused.toString());

    // A file that is no certificate is skipped (and logged); a PEM certificate is trusted.
    Files.writeString(USER_CERTS.resolve("notes.txt"), "not a certificate");
    Files.writeString(
        USER_CERTS.resolve("operator.pem"),
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(user.certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    OpcUaClient client =
        TestClients.connect(
            PLC.simulator(),
            SecurityPolicy.Basic256Sha256,
            MessageSecurityMode.SignAndEncrypt,
            identity,
            null);
    try {
      readTemperature(client);
    } finally {
      client.disconnect();
    }
  }
}
