package io.plantmesh.opcua.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.validation.CertificateValidationUtil;
import org.eclipse.milo.opcua.stack.core.util.validation.ValidationCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the server's certificate against the PKI directory, read afresh on every validation so
 * that a certificate moved from {@code rejected/} to {@code trusted/certs/} is trusted at the next
 * connection attempt without a restart. A refused certificate is written to {@code rejected/} and
 * the failure message names that file and where to move it.
 */
public final class ServerCertificateValidator implements CertificateValidator {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCertificateValidator.class);
  private static final Set<ValidationCheck> CHECKS =
      EnumSet.of(ValidationCheck.VALIDITY, ValidationCheck.APPLICATION_URI);

  private final Pki pki;
  private final boolean autoAccept;
  private final String sourceId;
  private volatile String lastRejection;

  public ServerCertificateValidator(Pki pki, boolean autoAccept, String sourceId) {
    this.pki = pki;
    this.autoAccept = autoAccept;
    this.sourceId = sourceId;
  }

  /** The message about the last refused certificate, or null; cleared by {@link #reset()}. */
  public String lastRejection() {
    return lastRejection;
  }

  public void reset() {
    lastRejection = null;
  }

  @Override
  public void validateCertificateChain(
      List<X509Certificate> chain, String applicationUri, String[] validHostnames)
      throws UaException {
    try {
      PKIXCertPathBuilderResult path =
          CertificateValidationUtil.buildTrustedCertPath(
              chain,
              load(pki.dir().resolve("trusted/certs")),
              load(pki.dir().resolve("issuers/certs")));
      List<X509CRL> crls = new ArrayList<>(crls(pki.dir().resolve("trusted/crl")));
      crls.addAll(crls(pki.dir().resolve("issuers/crl")));
      CertificateValidationUtil.validateTrustedCertPath(
          path.getCertPath(), path.getTrustAnchor(), crls, CHECKS, false);
      if (applicationUri != null) {
        CertificateValidationUtil.checkApplicationUri(chain.get(0), applicationUri);
      }
    } catch (UaException e) {
      X509Certificate cert = chain.get(0);
      if (autoAccept) {
        LOG.warn(
            "!!! Source {}: ACCEPTING an UNTRUSTED server certificate '{}' (thumbprint {}, {})"
                + " because pki.auto-accept-untrusted is true. Anyone can impersonate this server."
                + " Trust the certificate explicitly and turn the option off.",
            sourceId,
            cert.getSubjectX500Principal().getName(),
            thumbprint(cert),
            Qualities.describe(e.getStatusCode()));
        return;
      }
      String message = reject(cert, e);
      lastRejection = message;
      LOG.warn("Source {}: {}", sourceId, message);
      throw new UaException(e.getStatusCode(), message);
    }
  }

  private String reject(X509Certificate cert, UaException e) {
    String subject = cert.getSubjectX500Principal().getName();
    String thumb = thumbprint(cert);
    Path file = pki.rejected().resolve(fileName(cert, thumb));
    try {
      Files.write(file, cert.getEncoded());
    } catch (IOException | java.security.cert.CertificateEncodingException ex) {
      return "server certificate '"
          + subject
          + "' (SHA-1 "
          + thumb
          + ") was refused: "
          + Qualities.describe(e.getStatusCode())
          + "; it could not be saved to "
          + pki.rejected()
          + ": "
          + ex.getMessage();
    }
    long code = e.getStatusCode().value();
    boolean untrusted =
        code == StatusCodes.Bad_CertificateUntrusted
            || code == StatusCodes.Bad_SecurityChecksFailed
            || code == StatusCodes.Bad_CertificateChainIncomplete;
    String head = "server certificate '" + subject + "' (SHA-1 " + thumb + ") ";
    if (!untrusted) {
      // Trusting it would not help: the certificate itself is wrong (expired, wrong URI, ...).
      return head
          + "failed validation: "
          + Qualities.describe(e.getStatusCode())
          + "; it was saved to "
          + file
          + " for inspection; the server needs a valid certificate";
    }
    return head
        + "is not trusted; it was saved to "
        + file
        + ". To trust it, move "
        + file
        + " to "
        + pki.trustedCerts()
        + "/";
  }

  private static String fileName(X509Certificate cert, String thumb) {
    String cn = cert.getSubjectX500Principal().getName();
    int i = cn.indexOf("CN=");
    String name = i >= 0 ? cn.substring(i + 3).split(",")[0] : "server";
    name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (name.length() > 40) {
      name = name.substring(0, 40);
    }
    return name + "_" + thumb + ".der";
  }

  static String thumbprint(X509Certificate cert) {
    try {
      return HexFormat.of().formatHex(CertificateUtil.thumbprint(cert).bytesOrEmpty());
    } catch (UaException e) {
      return "unknown";
    }
  }

  private static List<X509Certificate> load(Path dir) {
    List<X509Certificate> out = new ArrayList<>();
    for (Path p : files(dir)) {
      try {
        out.addAll(Pem.readCertificates(p));
      } catch (IOException e) {
        LOG.warn("Ignoring {}: {}", p, e.getMessage());
      }
    }
    return out;
  }

  private static List<X509CRL> crls(Path dir) {
    List<X509CRL> out = new ArrayList<>();
    for (Path p : files(dir)) {
      try (InputStream in = Files.newInputStream(p)) {
        for (var crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
          out.add((X509CRL) crl);
        }
      } catch (IOException | CRLException | java.security.cert.CertificateException e) {
        LOG.warn("Ignoring CRL {}: {}", p, e.getMessage());
      }
    }
    return out;
  }

  private static List<Path> files(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot list {}: {}", dir, e.getMessage());
    }
    return out;
  }
}
