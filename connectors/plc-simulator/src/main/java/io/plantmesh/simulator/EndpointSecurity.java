package io.plantmesh.simulator;

import java.util.Locale;

/**
 * A security policy and message security mode the simulator offers an endpoint for. The CLI names
 * are the policy in lower case with {@code -sign} or {@code -sign-and-encrypt}, e.g. {@code
 * basic256sha256-sign-and-encrypt}.
 */
public enum EndpointSecurity {
  NONE("None", Mode.NONE),
  BASIC256SHA256_SIGN("Basic256Sha256", Mode.SIGN),
  BASIC256SHA256_SIGN_AND_ENCRYPT("Basic256Sha256", Mode.SIGN_AND_ENCRYPT),
  AES128_SHA256_RSAOAEP_SIGN("Aes128_Sha256_RsaOaep", Mode.SIGN),
  AES128_SHA256_RSAOAEP_SIGN_AND_ENCRYPT("Aes128_Sha256_RsaOaep", Mode.SIGN_AND_ENCRYPT),
  AES256_SHA256_RSAPSS_SIGN("Aes256_Sha256_RsaPss", Mode.SIGN),
  AES256_SHA256_RSAPSS_SIGN_AND_ENCRYPT("Aes256_Sha256_RsaPss", Mode.SIGN_AND_ENCRYPT);

  /** OPC UA's MessageSecurityMode, without a dependency on Milo in the public API. */
  public enum Mode {
    NONE,
    SIGN,
    SIGN_AND_ENCRYPT
  }

  private final String policy;
  private final Mode mode;

  EndpointSecurity(String policy, Mode mode) {
    this.policy = policy;
    this.mode = mode;
  }

  /** The SecurityPolicy's short name as OPC UA spells it, e.g. {@code Basic256Sha256}. */
  public String policy() {
    return policy;
  }

  /** The SecurityPolicy URI, e.g. {@code http://opcfoundation.org/UA/SecurityPolicy#None}. */
  public String policyUri() {
    return "http://opcfoundation.org/UA/SecurityPolicy#" + policy;
  }

  public Mode mode() {
    return mode;
  }

  /** The CLI name, e.g. {@code basic256sha256-sign-and-encrypt} or {@code none}. */
  public String cliName() {
    if (this == NONE) {
      return "none";
    }
    return policy.toLowerCase(Locale.ROOT) + (mode == Mode.SIGN ? "-sign" : "-sign-and-encrypt");
  }

  /**
   * Parses a CLI name (see {@link #cliName()}) or the enum name, ignoring case.
   *
   * @throws IllegalArgumentException naming the text and the accepted values
   */
  public static EndpointSecurity parse(String text) {
    String t = text.strip();
    for (EndpointSecurity s : values()) {
      if (s.cliName().equalsIgnoreCase(t) || s.name().equalsIgnoreCase(t)) {
        return s;
      }
    }
    StringBuilder accepted = new StringBuilder();
    for (EndpointSecurity s : values()) {
      accepted.append(accepted.isEmpty() ? "" : ", ").append(s.cliName());
    }
    throw new IllegalArgumentException(
        "unknown security '" + text + "' (accepted: " + accepted + ")");
  }
}
