package io.plantmesh.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.MemberIdentity;
import io.plantmesh.core.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CryptoTest {
  private static final HexFormat HEX = HexFormat.of();
  private final ClusterKeys keys =
      ClusterKeys.derive(Secret.ofValue("0123456789abcdef0123"), "plant");
  private final UUID sender = UUID.randomUUID();

  @Test
  void hkdfMatchesRfc5869TestCases() {
    // RFC 5869, A.1
    byte[] okm =
        Hkdf.derive(
            HEX.parseHex("0b".repeat(22)),
            HEX.parseHex("000102030405060708090a0b0c"),
            HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"),
            42);
    assertEquals(
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        HEX.formatHex(okm));
    // RFC 5869, A.3: empty salt and info
    byte[] okm3 = Hkdf.derive(HEX.parseHex("0b".repeat(22)), new byte[0], new byte[0], 42);
    assertEquals(
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
        HEX.formatHex(okm3));
  }

  @Test
  void sealedPayloadOpensWithTheSameKeyAndStructure() throws Exception {
    Sealer s = keys.sealer();
    byte[] env = s.seal("plantmesh.readings", sender, "hello".getBytes(StandardCharsets.UTF_8));
    Sealer.Opened o = s.open("plantmesh.readings", env);
    assertEquals(sender, o.sender());
    assertEquals("hello", new String(o.plaintext(), StandardCharsets.UTF_8));
    // The plaintext does not appear in the envelope.
    assertFalse(new String(env, StandardCharsets.ISO_8859_1).contains("hello"));
    // Random nonces: the same plaintext seals differently.
    assertFalse(
        Arrays.equals(
            env, s.seal("plantmesh.readings", sender, "hello".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void everyTamperedByteIsRefused() {
    Sealer s = keys.sealer();
    byte[] env = s.seal("t", sender, new byte[40]);
    for (int i = 0; i < env.length; i++) {
      byte[] bad = env.clone();
      bad[i] ^= 0x01;
      int at = i;
      assertThrows(SealException.class, () -> s.open("t", bad), "flipped byte " + at);
    }
    assertThrows(SealException.class, () -> s.open("t", Arrays.copyOf(env, env.length - 1)));
    assertThrows(SealException.class, () -> s.open("t", new byte[5]));
  }

  @Test
  void anotherStructureAnotherKeyOrAnotherClusterDoesNotOpen() {
    byte[] env = keys.sealer().seal("plantmesh.readings", sender, new byte[] {1, 2, 3});
    SealException e =
        assertThrows(SealException.class, () -> keys.sealer().open("plantmesh.control", env));
    assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
    ClusterKeys otherSecret =
        ClusterKeys.derive(Secret.ofValue("another-secret-of-enough-length"), "plant");
    assertThrows(SealException.class, () -> otherSecret.sealer().open("plantmesh.readings", env));
    ClusterKeys otherCluster = ClusterKeys.derive(Secret.ofValue("0123456789abcdef0123"), "plant2");
    assertThrows(SealException.class, () -> otherCluster.sealer().open("plantmesh.readings", env));
  }

  @Test
  void claimingAnotherSenderDoesNotOpen() throws Exception {
    byte[] env = keys.sealer().seal("t", sender, new byte[] {1});
    UUID other = UUID.randomUUID();
    java.nio.ByteBuffer.wrap(env, 1, 16)
        .putLong(other.getMostSignificantBits())
        .putLong(other.getLeastSignificantBits());
    assertEquals(other, Sealer.claimedSender(env));
    assertThrows(SealException.class, () -> keys.sealer().open("t", env));
  }

  @Test
  void attestationVerifiesOnlyUnchangedAttributesUnderTheSameKey() {
    MemberIdentity id =
        new MemberIdentity("node-1", "plant", "press", Set.of("plc-1", "plc-2"), true);
    Map<String, String> attrs =
        MemberAttributes.of(UUID.randomUUID(), id, Instant.now(), "plant", keys.attestation());
    Attestation a = keys.attestation();
    assertTrue(a.verify("plant", attrs, attrs.get(MemberAttributes.ATTESTATION)));
    assertEquals(id, MemberAttributes.identity(attrs));

    Map<String, String> altered = new HashMap<>(attrs);
    altered.put(MemberAttributes.SOURCES, "plc-1,plc-2,plc-3");
    assertFalse(a.verify("plant", altered, altered.get(MemberAttributes.ATTESTATION)));
    Map<String, String> added = new HashMap<>(attrs);
    added.put("plantmesh.extra", "x");
    assertFalse(a.verify("plant", added, added.get(MemberAttributes.ATTESTATION)));
    assertFalse(a.verify("plant2", attrs, attrs.get(MemberAttributes.ATTESTATION)));
    ClusterKeys other =
        ClusterKeys.derive(Secret.ofValue("another-secret-of-enough-length"), "plant");
    assertFalse(
        other.attestation().verify("plant", attrs, attrs.get(MemberAttributes.ATTESTATION)));
    assertFalse(a.verify("plant", attrs, null));
  }

  @Test
  void derivedKeysDifferPerPurpose() {
    byte[] ikm = "secret".getBytes(StandardCharsets.UTF_8);
    byte[] salt = "s".getBytes(StandardCharsets.UTF_8);
    assertNotEquals(
        HEX.formatHex(Hkdf.derive(ikm, salt, "plantmesh seal v1", 32)),
        HEX.formatHex(Hkdf.derive(ikm, salt, "plantmesh member attestation v1", 32)));
    assertArrayEquals(Hkdf.derive(ikm, salt, "a", 32), Hkdf.derive(ikm, salt, "a", 32));
  }
}
