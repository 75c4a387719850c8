package io.plantmesh.opcua.internal;

import io.plantmesh.core.Secret;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/** Reads and writes PEM certificates and private keys (PKCS#1, PKCS#8, encrypted PKCS#8). */
public final class Pem {
  /** Bouncy Castle as an instance: PEM encryption uses algorithms the JDK does not name. */
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private Pem() {}

  /** All certificates in a PEM or DER file, first the end entity. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> out = new ArrayList<>();
      for (var c : cf.generateCertificates(new java.io.ByteArrayInputStream(bytes))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IOException("no certificate found in " + file);
      }
      return out;
    } catch (CertificateException e) {
      throw new IOException("not a PEM or DER certificate: " + file + " (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads a private key; {@code password} decrypts an encrypted key and may be null for a plain
   * one. Messages never contain the password.
   */
  public static PrivateKey readPrivateKey(Path file, Secret password) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    try (Reader r = new StringReader(text);
        PEMParser parser = new PEMParser(r)) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return converter.getPrivateKey(kp.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
        char[] pw = requirePassword(file, password);
        var decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(pw);
        return converter.getPrivateKey(enc.decryptPrivateKeyInfo(decryptor));
      }
      if (o instanceof PEMEncryptedKeyPair enc) {
        char[] pw = requirePassword(file, password);
        var decryptor = new JcePEMDecryptorProviderBuilder().setProvider(BC).build(pw);
        return converter.getPrivateKey(enc.decryptKeyPair(decryptor).getPrivateKeyInfo());
      }
      throw new IOException("no PEM private key found in " + file);
    } catch (OperatorCreationException | PKCSException e) {
      throw new IOException(
          "cannot decrypt the private key in "
              + file
              + ": wrong key password or unsupported"
              + " encryption");
    } catch (org.bouncycastle.openssl.EncryptionException e) {
      throw new IOException("cannot decrypt the private key in " + file + ": wrong key password");
    }
  }

  private static char[] requirePassword(Path file, Secret password) throws IOException {
    if (password == null) {
      throw new IOException(
          "the private key in " + file + " is encrypted; configure key-password (env:/file:)");
    }
    return password.chars();
  }

  /** Writes a private key as unencrypted PKCS#8 PEM. */
  public static String privateKeyPem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** A certificate as PEM. */
  public static String certificatePem(X509Certificate cert) throws IOException {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IOException(e);
    }
  }
}
