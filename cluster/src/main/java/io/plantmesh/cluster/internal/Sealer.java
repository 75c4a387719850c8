package io.plantmesh.cluster.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals every payload that crosses the mesh with AES-256-GCM: confidentiality and integrity in one
 * pass, so that a peer without the cluster key can neither read readings nor forge them.
 *
 * <p>Envelope: {@code version(1) | sender member id(16) | nonce(12) | ciphertext + tag(16)}. The
 * associated data binds the version, the Hazelcast structure's name and the sender's id: a payload
 * replayed onto another topic, or re-attributed to another member, does not open. Nonces are random
 * (96 bits); at a few hundred messages per second per member the chance of a repeat under one key
 * stays far below 2^-32 for centuries.
 *
 * <p>Thread-safe: one {@link Cipher} per thread.
 */
public final class Sealer {
  public static final byte VERSION = 1;
  static final int HEADER = 1 + 16 + 12;
  static final int TAG_BITS = 128;

  /**
   * Seals and opens of a small payload that get AES-GCM compiled with its intrinsics before the
   * first readings: until C2 compiles the callers of {@code GHASH.processBlocks} (thousands of
   * calls), GHASH runs as plain Java, and a 1,000-reading message (~60 KB) then takes ~1 ms to seal
   * and as long to open instead of ~15-30 us (measured on the build machine, JDK 17). At 100
   * messages/s that stage would last about a minute after every start, failover survivor included.
   */
  static final int WARM_UP_ROUNDS = 20_000;

  private static final AtomicBoolean WARMED = new AtomicBoolean();

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(Sealer::newCipher);

  Sealer(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
    warmUpOnce();
  }

  /**
   * Once per JVM, on a daemon thread (~0.5 s of CPU): seals and opens {@link #WARM_UP_ROUNDS}
   * payloads of 1 KB under a throwaway key, so no nonce of the cluster key is spent on it.
   */
  private static void warmUpOnce() {
    if (!WARMED.compareAndSet(false, true)) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              byte[] throwaway = new byte[32];
              new SecureRandom().nextBytes(throwaway);
              Sealer s = new Sealer(new SecretKeySpec(throwaway, "AES"));
              UUID sender = new UUID(0, 0);
              byte[] payload = new byte[1024];
              try {
                for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                  s.open("warm-up", s.seal("warm-up", sender, payload));
                }
              } catch (SealException | RuntimeException e) {
                // Only a warm-up: the first real messages compile the same code, later.
              }
            },
            "plantmesh-seal-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private Sealer(SecretKeySpec key) {
    this.key = key;
  }

  /** What came out of an envelope. */
  public record Opened(UUID sender, byte[] plaintext) {}

  public byte[] seal(String structure, UUID sender, byte[] plaintext) {
    return seal(structure, sender, plaintext, plaintext.length);
  }

  /** Seals the first {@code length} bytes of {@code plaintext}. */
  public byte[] seal(String structure, UUID sender, byte[] plaintext, int length) {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    Cipher c = ciphers.get();
    try {
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(structure, sender));
      byte[] out = new byte[HEADER + c.getOutputSize(length)];
      ByteBuffer b = ByteBuffer.wrap(out);
      b.put(VERSION)
          .putLong(sender.getMostSignificantBits())
          .putLong(sender.getLeastSignificantBits());
      b.put(nonce);
      int n = c.doFinal(plaintext, 0, length, out, HEADER);
      if (n != out.length - HEADER) {
        throw new IllegalStateException(
            "AES-GCM produced " + n + " bytes, expected " + (out.length - HEADER));
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to seal: " + e.getMessage(), e);
    }
  }

  /** The sender id an envelope claims, before it is opened (for routing and refusal counts). */
  public static UUID claimedSender(byte[] envelope) throws SealException {
    if (envelope == null || envelope.length < HEADER + TAG_BITS / 8 || envelope[0] != VERSION) {
      throw new SealException("not a plantmesh envelope (too short or unknown version)");
    }
    ByteBuffer b = ByteBuffer.wrap(envelope, 1, 16);
    return new UUID(b.getLong(), b.getLong());
  }

  public Opened open(String structure, byte[] envelope) throws SealException {
    UUID sender = claimedSender(envelope);
    Cipher c = ciphers.get();
    try {
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, envelope, 17, 12));
      c.updateAAD(aad(structure, sender));
      return new Opened(sender, c.doFinal(envelope, HEADER, envelope.length - HEADER));
    } catch (AEADBadTagException e) {
      throw new SealException(
          "authentication failed (tampered, sealed under another cluster key, or meant for"
              + " another structure)");
    } catch (GeneralSecurityException e) {
      throw new SealException("cannot open: " + e.getClass().getSimpleName());
    }
  }

  private static byte[] aad(String structure, UUID sender) {
    byte[] name = structure.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + name.length + 16)
        .put(VERSION)
        .put(name)
        .putLong(sender.getMostSignificantBits())
        .putLong(sender.getLeastSignificantBits())
        .array();
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is not available in this JDK", e);
    }
  }
}
