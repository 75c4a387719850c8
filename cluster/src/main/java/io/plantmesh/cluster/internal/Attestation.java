package io.plantmesh.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;

/**
 * A member's proof that it holds the cluster key: an HMAC-SHA256, under a key derived for this
 * purpose alone, over the cluster name and every {@code plantmesh.*} member attribute (its member
 * id, name, site, area, sources, uplink, start time). A peer that recomputes it knows the
 * attributes came from a key holder and were not altered on the way, so phase 2 can trust the
 * advertised sources when it places PLCs.
 */
public final class Attestation {
  private static final String CONTEXT = "plantmesh member attestation v1\n";
  private final byte[] key;

  Attestation(byte[] key) {
    this.key = key.clone();
  }

  /** The attestation for {@code attributes} (the attestation attribute itself is ignored). */
  public String sign(String clusterName, Map<String, String> attributes) {
    try {
      Mac mac = Hkdf.mac(key);
      return Base64.getEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(canonical(clusterName, attributes)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  /** Whether {@code attestation} is the one a key holder computes; compared in constant time. */
  public boolean verify(String clusterName, Map<String, String> attributes, String attestation) {
    if (attestation == null) {
      return false;
    }
    byte[] expected = sign(clusterName, attributes).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, attestation.getBytes(StandardCharsets.US_ASCII));
  }

  /** Sorted {@code key=value} lines of the plantmesh attributes, length-prefixed: unambiguous. */
  private static byte[] canonical(String clusterName, Map<String, String> attributes) {
    StringBuilder sb =
        new StringBuilder(CONTEXT)
            .append(clusterName.length())
            .append(':')
            .append(clusterName)
            .append('\n');
    new TreeMap<>(attributes)
        .forEach(
            (k, v) -> {
              if (k.startsWith(MemberAttributes.PREFIX)
                  && !k.equals(MemberAttributes.ATTESTATION)) {
                sb.append(k.length()).append(':').append(k).append('=');
                sb.append(v.length()).append(':').append(v).append('\n');
              }
            });
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
