package io.plantmesh.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Secret;
import io.plantmesh.opcua.Identity;
import io.plantmesh.opcua.OpcUaConfigException;
import io.plantmesh.opcua.PkiConfig;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PKI directory's own certificate, and X.509 user identities from PEM files. */
class PkiTest {
  @TempDir Path dir;

  @Test
  void theOwnCertificateIsGeneratedOnceWithTheApplicationUriAndHostNames() throws Exception {
    PkiConfig config =
        new PkiConfig(dir, false, "urn:acme:edge1:line1", List.of("edge1.plant", "10.0.0.7"));
    Pki first = Pki.open(config, "line1");
    X509Certificate cert = first.certificate();
    assertEquals("urn:acme:edge1:line1", CertificateUtil.getSanUri(cert).orElseThrow());
    assertEquals(List.of("edge1.plant"), CertificateUtil.getSanDnsNames(cert));
    assertEquals(List.of("10.0.0.7"), CertificateUtil.getSanIpAddresses(cert));
    for (String sub :
        List.of("trusted/certs", "trusted/crl", "issuers/certs", "issuers/crl", "rejected")) {
      assertTrue(Files.isDirectory(dir.resolve(sub)), sub);
    }
    Pki again = Pki.open(config, "line1");
    assertArrayEquals(cert.getEncoded(), again.certificate().getEncoded());
    assertEquals(first.keyPair().getPrivate(), again.keyPair().getPrivate());
  }

  @Test
  void aDerivedApplicationUriNamesTheHostAndSource() throws Exception {
    Pki pki = Pki.open(PkiConfig.of(dir), "line2");
    assertTrue(pki.applicationUri().startsWith("urn:plantmesh:"), pki.applicationUri());
    assertTrue(pki.applicationUri().endsWith(":line2"), pki.applicationUri());
    // A changed application-uri makes a new certificate (and says so in the log).
    Pki changed = Pki.open(new PkiConfig(dir, false, "urn:acme:other", List.of()), "line2");
    assertEquals("urn:acme:other", changed.applicationUri());
    assertFalse(
        java.util.Arrays.equals(
            pki.certificate().getEncoded(), changed.certificate().getEncoded()));
  }

  private Path[] userCertificate(String password) throws Exception {
    KeyPair kp = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate cert =
        new SelfSignedCertificateBuilder(kp)
            .setCommonName("operator")
            .setApplicationUri("urn:u")
            .build();
    Path certFile = dir.resolve("user.pem");
    Files.writeString(certFile, Pem.certificatePem(cert));
    Path keyFile = dir.resolve("user.key");
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      if (password == null) {
        w.writeObject(kp.getPrivate());
      } else {
        OutputEncryptor enc =
            new JceOpenSSLPKCS8EncryptorBuilder(org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .setPassword(password.toCharArray())
                .build();
        w.writeObject(new JcaPKCS8Generator(kp.getPrivate(), enc));
      }
    }
    Files.writeString(keyFile, out.toString());
    return new Path[] {certFile, keyFile};
  }

  @Test
  void x509IdentitiesLoadPlainAndEncryptedKeys() throws Exception {
    Path[] plain = userCertificate(null);
    assertInstanceOf(
        X509IdentityProvider.class,
        Identities.provider(new Identity.X509(plain[0], plain[1], null), "sources[a]"));
    Path[] enc = userCertificate("k3y-pass");
    assertInstanceOf(
        X509IdentityProvider.class,
        Identities.provider(
            new Identity.X509(enc[0], enc[1], Secret.ofValue("k3y-pass")), "sources[a]"));
  }

  @Test
  void unusableIdentityFilesAreNamedWithoutThePassword() throws Exception {
    Path[] enc = userCertificate("k3y-pass");
    OpcUaConfigException wrong =
        assertThrows(
            OpcUaConfigException.class,
            () ->
                Identities.provider(
                    new Identity.X509(enc[0], enc[1], Secret.ofValue("guess-123")), "sources[a]"));
    assertTrue(
        wrong.getMessage().startsWith("sources[a].identity.private-key: cannot decrypt"),
        wrong.getMessage());
    assertTrue(wrong.getMessage().contains(enc[1].toString()), wrong.getMessage());
    assertFalse(wrong.getMessage().contains("guess-123"), wrong.getMessage());
    OpcUaConfigException none =
        assertThrows(
            OpcUaConfigException.class,
            () -> Identities.provider(new Identity.X509(enc[0], enc[1], null), "sources[a]"));
    assertTrue(
        none.getMessage().contains("is encrypted; configure key-password"), none.getMessage());
    OpcUaConfigException missing =
        assertThrows(
            OpcUaConfigException.class,
            () ->
                Identities.provider(
                    new Identity.X509(dir.resolve("nope.pem"), enc[1], null), "sources[a]"));
    assertTrue(missing.getMessage().contains("nope.pem"), missing.getMessage());
  }
}
