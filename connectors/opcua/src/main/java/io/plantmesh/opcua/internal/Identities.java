package io.plantmesh.opcua.internal;

import io.plantmesh.opcua.Identity;
import io.plantmesh.opcua.OpcUaConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;

/** Milo IdentityProviders for the configured {@link Identity}. */
public final class Identities {
  private Identities() {}

  /**
   * Builds the provider; an X.509 identity's files are read now, so that a missing or unreadable
   * file stops {@code start()} with a message naming it.
   */
  public static IdentityProvider provider(Identity identity, String key) {
    if (identity instanceof Identity.UserPassword up) {
      // The password is handed to Milo as bytes only when a Session is activated.
      return new UsernameProvider(up.username(), () -> utf8(up.password().chars()));
    }
    if (identity instanceof Identity.X509 x) {
      List<X509Certificate> chain;
      try {
        chain = Pem.readCertificates(x.certificate());
      } catch (IOException | RuntimeException e) {
        throw new OpcUaConfigException(key + ".identity.certificate", e.getMessage());
      }
      PrivateKey pk;
      try {
        pk = Pem.readPrivateKey(x.privateKey(), x.keyPassword());
      } catch (IOException | RuntimeException e) {
        throw new OpcUaConfigException(key + ".identity.private-key", e.getMessage());
      }
      return new X509IdentityProvider(chain, pk);
    }
    return new AnonymousProvider();
  }

  /** The UserTokenType an endpoint must offer for this identity. */
  public static UserTokenType tokenType(Identity identity) {
    if (identity instanceof Identity.UserPassword) {
      return UserTokenType.UserName;
    }
    if (identity instanceof Identity.X509) {
      return UserTokenType.Certificate;
    }
    return UserTokenType.Anonymous;
  }

  /** What to check when the server refuses to activate a Session with this identity. */
  public static String refusalHint(Identity identity) {
    if (identity instanceof Identity.UserPassword) {
      return "check the user name and password";
    }
    if (identity instanceof Identity.X509) {
      return "the server does not accept this user certificate: have it added to the server's"
          + " trusted user certificates, and check that it is valid and matches the private key";
    }
    return "the server does not accept anonymous users: configure a user identity";
  }

  /** A short description for messages: never the password. */
  public static String describe(Identity identity) {
    if (identity instanceof Identity.UserPassword up) {
      return "user '" + up.username() + "'";
    }
    if (identity instanceof Identity.X509 x) {
      return "X.509 user certificate " + certificateName(x.certificate());
    }
    return "anonymous";
  }

  /** Subject and thumbprint (to match the server's log) and the file, or the file alone. */
  private static String certificateName(Path file) {
    try {
      X509Certificate cert = Pem.readCertificates(file).get(0);
      return "'"
          + cert.getSubjectX500Principal().getName()
          + "' (SHA-1 "
          + ServerCertificateValidator.thumbprint(cert)
          + ") from "
          + file;
    } catch (IOException | RuntimeException e) {
      return String.valueOf(file);
    }
  }

  private static byte[] utf8(char[] chars) {
    ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] out = Arrays.copyOf(bb.array(), bb.limit());
    Arrays.fill(chars, '\0');
    Arrays.fill(bb.array(), (byte) 0);
    return out;
  }
}
