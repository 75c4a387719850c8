package io.plantmesh.opcua;

import io.plantmesh.core.Secret;
import java.nio.file.Path;

/** The user identity the source activates its Session with. */
public sealed interface Identity {

  /** No user: the server's anonymous access. */
  record Anonymous() implements Identity {
    public static final Anonymous INSTANCE = new Anonymous();
  }

  /**
   * A user name and password. The password is a {@link Secret}: never logged, never in a message.
   *
   * @param allowPlaintextPassword whether the source may send the password unencrypted, on an
   *     endpoint with security policy None whose UserName token policy is None as well; refused
   *     otherwise, since anyone on the network could read it
   */
  record UserPassword(String username, Secret password, boolean allowPlaintextPassword)
      implements Identity {
    /** A user whose password is never sent unencrypted. */
    public UserPassword(String username, Secret password) {
      this(username, password, false);
    }

    public UserPassword {
      if (username == null || username.isBlank()) {
        throw new OpcUaConfigException("username", "is required");
      }
      if (password == null) {
        throw new OpcUaConfigException("password", "is required (env:NAME or file:/path)");
      }
    }

    @Override
    public String toString() {
      return "UserPassword[username="
          + username
          + ", password="
          + password
          + ", allowPlaintextPassword="
          + allowPlaintextPassword
          + "]";
    }
  }

  /**
   * An X.509 user certificate and its private key, both PEM files.
   *
   * @param keyPassword the private key's password if the PEM is encrypted, else null
   */
  record X509(Path certificate, Path privateKey, Secret keyPassword) implements Identity {
    public X509 {
      if (certificate == null) {
        throw new OpcUaConfigException("certificate", "is required (a PEM file)");
      }
      if (privateKey == null) {
        throw new OpcUaConfigException("private-key", "is required (a PEM file)");
      }
    }
  }

  static Identity anonymous() {
    return Anonymous.INSTANCE;
  }
}
