package io.plantmesh.cluster.internal;

import io.plantmesh.core.Secret;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys derived from the cluster secret: one that seals payloads (AES-256-GCM) and one that
 * signs member attestations (HMAC-SHA256). The cluster name is the HKDF salt, so two meshes that
 * share a secret by mistake still cannot read each other.
 */
public final class ClusterKeys {
  private final byte[] sealKey;
  private final byte[] attestationKey;

  private ClusterKeys(byte[] sealKey, byte[] attestationKey) {
    this.sealKey = sealKey;
    this.attestationKey = attestationKey;
  }

  public static ClusterKeys derive(Secret secret, String clusterName) {
    char[] chars = secret.chars();
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] ikm = new byte[encoded.remaining()];
    encoded.get(ikm);
    Arrays.fill(chars, '\0');
    byte[] salt = ("plantmesh/" + clusterName).getBytes(StandardCharsets.UTF_8);
    try {
      return new ClusterKeys(
          Hkdf.derive(ikm, salt, "plantmesh seal v1", 32),
          Hkdf.derive(ikm, salt, "plantmesh member attestation v1", 32));
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  public Sealer sealer() {
    return new Sealer(sealKey);
  }

  public Attestation attestation() {
    return new Attestation(attestationKey);
  }
}
