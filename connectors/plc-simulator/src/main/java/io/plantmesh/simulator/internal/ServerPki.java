package io.plantmesh.simulator.internal;

import io.plantmesh.core.PrivateFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.sdk.server.util.HostnameUtil;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's PKI directory in the layout OPC UA applications share: {@code own/certs} and {@code
 * own/private} hold the server's certificate and key (made on first start, reused after, so that a
 * client that trusted the server once still trusts it after a restart), {@code trusted/certs} the
 * client certificates an administrator accepted, {@code rejected/certs} those refused.
 */
public final class ServerPki implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerPki.class);
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
  private static final String CERT_FILE = "plc-simulator.der";
  private static final String KEY_FILE = "plc-simulator.pem";

  private final Path dir;
  private final X509Certificate certificate;
  private final KeyPair keyPair;
  private final String applicationUri;
  private final FileBasedTrustListManager trustList;
  private final CertificateManager certificateManager;

  private ServerPki(Path dir, boolean trustAllClients, String bindAddress) throws Exception {
    this.dir = dir;
    Path certs = Files.createDirectories(dir.resolve("own").resolve("certs"));
    Path priv = PrivateFiles.directory(dir.resolve("own").resolve("private"));
    Path certFile = certs.resolve(CERT_FILE);
    Path keyFile = priv.resolve(KEY_FILE);
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      certificate = readCertificate(certFile);
      keyPair = new KeyPair(certificate.getPublicKey(), readKey(keyFile));
      LOG.info("Reusing server certificate {}", certFile);
    } else {
      keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
      certificate = createCertificate(keyPair, bindAddress);
      writeKey(keyFile, keyPair.getPrivate());
      Files.write(certFile, certificate.getEncoded());
      LOG.info("Created server certificate {}", certFile);
    }
    applicationUri = applicationUriOf(certificate);

    trustList = FileBasedTrustListManager.createAndInitialize(dir);
    FileBasedCertificateQuarantine quarantine =
        FileBasedCertificateQuarantine.create(dir.resolve("rejected").resolve("certs"));
    CertificateValidator validator =
        trustAllClients
            ? (chain, uri, hostnames) -> {}
            : new DefaultServerCertificateValidator(trustList, quarantine);

    CertificateStore store = new MemoryCertificateStore();
    store.set(
        NodeIds.RsaSha256ApplicationCertificateType,
        new CertificateStore.Entry(keyPair.getPrivate(), new X509Certificate[] {certificate}));
    // The group regenerates through this factory only if the store were empty: it never is.
    RsaSha256CertificateFactory factory =
        new RsaSha256CertificateFactory() {
          @Override
          protected KeyPair createRsaSha256KeyPair() {
            return keyPair;
          }

          @Override
          protected X509Certificate[] createRsaSha256CertificateChain(KeyPair kp) {
            return new X509Certificate[] {certificate};
          }
        };
    DefaultApplicationGroup group =
        DefaultApplicationGroup.createAndInitialize(trustList, store, factory, validator);
    certificateManager = new DefaultCertificateManager(quarantine, group);
  }

  /** Opens (and on first use creates) the PKI in {@code dir}. */
  public static ServerPki open(Path dir, boolean trustAllClients, String bindAddress)
      throws Exception {
    return new ServerPki(dir, trustAllClients, bindAddress);
  }

  public Path dir() {
    return dir;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The application URI in the certificate's SubjectAltName, which the server must announce. */
  public String applicationUri() {
    return applicationUri;
  }

  public CertificateManager certificateManager() {
    return certificateManager;
  }

  @Override
  public void close() throws IOException {
    trustList.close();
  }

  private static X509Certificate createCertificate(KeyPair keyPair, String bindAddress)
      throws Exception {
    String host = HostnameUtil.getHostname();
    SelfSignedCertificateBuilder builder =
        new SelfSignedCertificateBuilder(keyPair)
            .setCommonName("plantmesh PLC simulator")
            .setOrganization("plantmesh")
            .setApplicationUri("urn:plantmesh:plc-simulator:" + host);
    Set<String> names = new LinkedHashSet<>();
    names.add(host);
    names.add("localhost");
    names.add("127.0.0.1");
    if ("0.0.0.0".equals(bindAddress) || "::".equals(bindAddress)) {
      names.addAll(HostnameUtil.getHostnames("0.0.0.0", true));
    } else {
      names.add(bindAddress);
      names.add(InetAddress.getByName(bindAddress).getHostAddress());
    }
    for (String name : names) {
      if (IPV4.matcher(name).matches() || name.contains(":")) {
        builder.addIpAddress(name);
      } else {
        builder.addDnsName(name);
      }
    }
    return builder.build();
  }

  private static String applicationUriOf(X509Certificate certificate) throws Exception {
    if (certificate.getSubjectAlternativeNames() != null) {
      for (var san : certificate.getSubjectAlternativeNames()) {
        if (Integer.valueOf(6).equals(san.get(0))) {
          return san.get(1).toString();
        }
      }
    }
    throw new IllegalStateException(
        "server certificate has no application URI in its SubjectAltName");
  }

  private static X509Certificate readCertificate(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static PrivateKey readKey(Path file) throws Exception {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  private static void writeKey(Path file, PrivateKey key) throws IOException {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    PrivateFiles.write(file, pem.getBytes(StandardCharsets.US_ASCII));
  }
}
