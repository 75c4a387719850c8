package io.plantmesh.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869): turns the operator's cluster secret into independent keys, one per
 * purpose, so that the sealing key and the attestation key never coincide and a leak of one derived
 * key does not reveal the secret.
 */
public final class Hkdf {
  private static final String HMAC = "HmacSHA256";
  private static final int HASH_LEN = 32;

  private Hkdf() {}

  /** Extract-then-expand: {@code length} bytes of key material for {@code info}. */
  public static byte[] derive(byte[] secret, byte[] salt, String info, int length) {
    return derive(secret, salt, info.getBytes(StandardCharsets.UTF_8), length);
  }

  /** As {@link #derive(byte[], byte[], String, int)} with binary {@code info}. */
  public static byte[] derive(byte[] secret, byte[] salt, byte[] infoBytes, int length) {
    if (length < 1 || length > 255 * HASH_LEN) {
      throw new IllegalArgumentException("HKDF length " + length + " is out of range");
    }
    try {
      byte[] prk = mac(salt.length == 0 ? new byte[HASH_LEN] : salt).doFinal(secret);
      Mac expand = mac(prk);
      byte[] out = new byte[length];
      byte[] t = new byte[0];
      for (int i = 1, off = 0; off < length; i++) {
        expand.update(t);
        expand.update(infoBytes);
        expand.update((byte) i);
        t = expand.doFinal();
        int n = Math.min(t.length, length - off);
        System.arraycopy(t, 0, out, off, n);
        off += n;
      }
      Arrays.fill(prk, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  static Mac mac(byte[] key) throws GeneralSecurityException {
    Mac mac = Mac.getInstance(HMAC);
    mac.init(new SecretKeySpec(key, HMAC));
    return mac;
  }
}
