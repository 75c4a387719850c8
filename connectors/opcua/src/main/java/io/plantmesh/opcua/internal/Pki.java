package io.plantmesh.opcua.internal;

import io.plantmesh.core.PrivateFiles;
import io.plantmesh.opcua.PkiConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's PKI directory in the layout Milo and most OPC UA stacks use:
 *
 * <pre>
 * own/certs/&lt;source id&gt;.der     this client's application instance certificate
 * own/private/&lt;source id&gt;.pem   its private key (PKCS#8, readable by the owner only)
 * trusted/certs/  trusted/crl/   trusted server certificates (or their CAs) and CRLs
 * issuers/certs/  issuers/crl/   intermediate CAs needed to build a chain, not trusted by themselves
 * rejected/                      server certificates that were refused
 * </pre>
 *
 * The own certificate is generated on first start and reused after, so that a server's trust in it
 * survives restarts. Several sources may share one directory: each has its own certificate.
 */
public final class Pki {
  private static final Logger LOG = LoggerFactory.getLogger(Pki.class);

  private final Path dir;
  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final String applicationUri;

  private Pki(Path dir, KeyPair keyPair, X509Certificate certificate, String applicationUri) {
    this.dir = dir;
    this.keyPair = keyPair;
    this.certificate = certificate;
    this.applicationUri = applicationUri;
  }

  /**
   * Opens (creating if needed) the PKI directory and loads or generates the own certificate.
   *
   * @throws IOException naming the file or directory that could not be used
   */
  public static Pki open(PkiConfig config, String sourceId) throws IOException {
    Path dir = config.dir().toAbsolutePath().normalize();
    for (String sub :
        List.of(
            "own/certs",
            "trusted/certs",
            "trusted/crl",
            "issuers/certs",
            "issuers/crl",
            "rejected")) {
      Files.createDirectories(dir.resolve(sub));
    }
    PrivateFiles.directory(dir.resolve("own/private"));
    Path certFile = dir.resolve("own/certs/" + sourceId + ".der");
    Path keyFile = dir.resolve("own/private/" + sourceId + ".pem");
    List<String> hostnames = hostnames(config.hostnames());
    String wantedUri =
        config.applicationUri() != null
            ? config.applicationUri()
            : "urn:plantmesh:" + urnPart(hostnames.get(0)) + ":" + sourceId;

    if (Files.exists(certFile) && Files.exists(keyFile)) {
      X509Certificate cert = Pem.readCertificates(certFile).get(0);
      PrivateKey key = Pem.readPrivateKey(keyFile, null);
      String certUri = CertificateUtil.getSanUri(cert).orElse(null);
      if (config.applicationUri() == null || config.applicationUri().equals(certUri)) {
        return new Pki(dir, new KeyPair(cert.getPublicKey(), key), cert, certUri);
      }
      LOG.warn(
          "Source {}: the certificate in {} has ApplicationUri {} but pki.application-uri is {};"
              + " generating a new certificate (servers that trusted the old one must trust the"
              + " new one)",
          sourceId,
          certFile,
          certUri,
          config.applicationUri());
    }
    return generate(dir, certFile, keyFile, sourceId, wantedUri, hostnames);
  }

  private static Pki generate(
      Path dir,
      Path certFile,
      Path keyFile,
      String sourceId,
      String applicationUri,
      List<String> hostnames)
      throws IOException {
    try {
      KeyPair kp = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
      SelfSignedCertificateBuilder b =
          new SelfSignedCertificateBuilder(kp)
              .setCommonName("plantmesh " + sourceId)
              .setOrganization("plantmesh")
              .setApplicationUri(applicationUri)
              .setValidityPeriod(Period.ofYears(5));
      for (String h : hostnames) {
        if (isIpAddress(h)) {
          b.addIpAddress(h);
        } else {
          b.addDnsName(h);
        }
      }
      X509Certificate cert = b.build();
      Files.write(certFile, cert.getEncoded());
      PrivateFiles.write(
          keyFile, Pem.privateKeyPem(kp.getPrivate()).getBytes(StandardCharsets.US_ASCII));
      LOG.info(
          "Source {}: generated the application instance certificate {} (ApplicationUri {})",
          sourceId,
          certFile,
          applicationUri);
      return new Pki(dir, kp, cert, applicationUri);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot generate a certificate in " + certFile + ": " + e, e);
    }
  }

  static List<String> hostnames(List<String> configured) {
    if (!configured.isEmpty()) {
      return configured;
    }
    Set<String> out = new LinkedHashSet<>();
    try {
      out.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // No resolvable host name: localhost still identifies a local client.
    }
    out.add("localhost");
    out.add("127.0.0.1");
    return new ArrayList<>(out);
  }

  private static boolean isIpAddress(String h) {
    return h.matches("[0-9.]+") || h.contains(":");
  }

  private static String urnPart(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.\\-]", "-");
  }

  public Path dir() {
    return dir;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String applicationUri() {
    return applicationUri;
  }

  public Path trustedCerts() {
    return dir.resolve("trusted/certs");
  }

  public Path rejected() {
    return dir.resolve("rejected");
  }
}
