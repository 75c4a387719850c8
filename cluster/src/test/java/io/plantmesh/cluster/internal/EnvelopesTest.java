package io.plantmesh.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.Secret;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Opening, as a receiving member does it: what does not open or decode is counted, not applied. */
class EnvelopesTest {
  private final Secret key = Secret.ofValue("0123456789abcdef0123");
  private final UUID sender = UUID.randomUUID();
  private final UUID receiver = UUID.randomUUID();
  private final Counters counters = new Counters();
  private final ClusterKeys keys = ClusterKeys.derive(key, "plant");
  private final Envelopes in = envelopes(receiver, keys, counters);
  private final Envelopes out = envelopes(sender, keys, new Counters());
  private final MeshMessages.Readings message =
      new MeshMessages.Readings(
          1,
          "plc-1",
          List.of(
              new Reading(
                  TagPath.of("a/b"),
                  Value.of(1.0),
                  Quality.GOOD,
                  Instant.now(),
                  null,
                  Instant.now(),
                  "n",
                  1)));

  private static Envelopes envelopes(UUID self, ClusterKeys keys, Counters counters) {
    Membership membership = new Membership("plant", keys.attestation(), counters);
    return new Envelopes(
        self, keys.sealer(), new MeshMessages(new ReadingCodec()), membership, counters);
  }

  @Test
  void aGenuineEnvelopeOpens() {
    Envelopes.Inbound m =
        in.open("plantmesh.readings", out.seal("plantmesh.readings", message), null);
    assertEquals(sender, m.sender());
    assertEquals(message, m.message());
  }

  @Test
  void aTamperedEnvelopeIsCountedAndNotApplied() {
    byte[] env = out.seal("plantmesh.readings", message);
    env[env.length - 1] ^= 0x40;
    assertNull(in.open("plantmesh.readings", env, null));
    assertEquals(1, counters.refusedUnopenable.sum());
  }

  @Test
  void anEnvelopeSealedUnderAnotherKeyIsCountedAndNotApplied() {
    Envelopes forger =
        envelopes(
            sender,
            ClusterKeys.derive(Secret.ofValue("a-guessed-key-0123456789"), "plant"),
            new Counters());
    assertNull(in.open("plantmesh.readings", forger.seal("plantmesh.readings", message), null));
    assertNull(in.open("plantmesh.readings", new byte[] {1, 2, 3}, null));
    assertEquals(2, counters.refusedUnopenable.sum());
  }

  @Test
  void anEnvelopeMovedToAnotherTopicDoesNotOpen() {
    assertNull(in.open("plantmesh.control", out.seal("plantmesh.readings", message), null));
    assertEquals(1, counters.refusedUnopenable.sum());
  }

  @Test
  void aKeyHoldersGarbageIsCountedAsMalformed() {
    byte[] env = keys.sealer().seal("plantmesh.readings", sender, new byte[] {42, 0});
    assertNull(in.open("plantmesh.readings", env, null));
    assertEquals(1, counters.refusedMalformed.sum());
  }

  @Test
  void ownEchoIsSkippedWithoutCounting() {
    assertNull(in.open("plantmesh.readings", in.seal("plantmesh.readings", message), null));
    assertEquals(0, counters.refusedUnopenable.sum() + counters.refusedMalformed.sum());
  }
}
