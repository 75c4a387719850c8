package io.plantmesh.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X.509 user certificates an administrator trusts: every DER or PEM file in one directory. The
 * directory is read at each Session activation, so copying a certificate in (or deleting one) takes
 * effect for the next login without a restart. A certificate is trusted when it is exactly one of
 * those files' certificates and within its validity dates; Milo has already checked that the client
 * holds its private key (the token's signature).
 */
public final class TrustedUserCertificates {
  private static final Logger LOG = LoggerFactory.getLogger(TrustedUserCertificates.class);

  private final Path dir;

  public TrustedUserCertificates(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Whether {@code certificate} may activate a Session; a refusal is logged with the reason. */
  public boolean trusts(X509Certificate certificate) {
    if (!load().contains(certificate)) {
      LOG.warn(
          "Refused X.509 user certificate {}: not in {}; copy it there to trust this user",
          describe(certificate),
          dir);
      return false;
    }
    try {
      certificate.checkValidity();
      return true;
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      LOG.warn(
          "Refused X.509 user certificate {}: outside its validity {} to {}",
          describe(certificate),
          certificate.getNotBefore().toInstant(),
          certificate.getNotAfter().toInstant());
      return false;
    }
  }

  /** The certificates in the directory now; a file that is not a certificate is logged, skipped. */
  List<X509Certificate> load() {
    List<X509Certificate> certificates = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      LOG.warn("Cannot read trustedUserCertificates directory {}: {}", dir, e.toString());
      return certificates;
    }
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        // generateCertificates reads DER as well as one or more PEM blocks.
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          if (c instanceof X509Certificate x) {
            certificates.add(x);
          }
        }
      } catch (IOException | CertificateException e) {
        LOG.warn("Skipping {} in trustedUserCertificates: not a certificate ({})", file, e);
      }
    }
    return certificates;
  }

  /** Subject and SHA-1 thumbprint, so an administrator can find the certificate. */
  static String describe(X509Certificate certificate) {
    String thumbprint;
    try {
      thumbprint =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateException e) {
      thumbprint = "unknown";
    }
    return "'" + certificate.getSubjectX500Principal().getName() + "' (SHA-1 " + thumbprint + ")";
  }
}
