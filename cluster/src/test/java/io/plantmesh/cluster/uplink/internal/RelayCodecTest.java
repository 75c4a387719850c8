package io.plantmesh.cluster.uplink.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.internal.ClusterKeys;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Refusal;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Refused;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Request;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Result;
import io.plantmesh.cluster.uplink.internal.RelayCodec.Results;
import io.plantmesh.core.Secret;
import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.UplinkException.Kind;
import io.plantmesh.kafka.forward.UplinkRecord;
import io.plantmesh.outbox.Priority;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RelayCodecTest {
  private static final Instant T = Instant.parse("2026-11-25T06:00:00.123Z");

  @Test
  void aRequestSurvivesTheTripWithHeadersInOrder() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("plantmesh-node", "node-a");
    headers.put("plantmesh-id", "ä-1");
    UplinkRecord a =
        new UplinkRecord(
            Priority.ALARM, "plant1/line1/temp", "ä-1", headers, "{\"v\":1}".getBytes(), true);
    UplinkRecord b = new UplinkRecord(Priority.SUMMARY, "", "s-2", Map.of(), new byte[0], false);
    Request r = new Request(UUID.randomUUID(), 7, UUID.randomUUID(), T, List.of(a, b));
    Request back = RelayCodec.decodeRequest(RelayCodec.encode(r));
    assertEquals(r, back);
    assertEquals(
        List.copyOf(headers.keySet()), List.copyOf(back.records().get(0).headers().keySet()));
  }

  @Test
  void answersSurviveTheTrip() {
    UUID id = UUID.randomUUID();
    Results results =
        new Results(
            id,
            List.of(
                Result.ACKNOWLEDGED, new Result(Kind.STALLED, "no metadata"), Result.ACKNOWLEDGED));
    assertEquals(results, RelayCodec.decodeAnswer(RelayCodec.encode(results)));
    Refused refused = new Refused(id, Refusal.LINK_DOWN, "node-b's own uplink is DOWN");
    assertEquals(refused, RelayCodec.decodeAnswer(RelayCodec.encode(refused)));
  }

  @Test
  void malformedInputIsRefusedWithAReason() {
    byte[] full =
        RelayCodec.encode(
            new Request(
                UUID.randomUUID(),
                0,
                UUID.randomUUID(),
                T,
                List.of(
                    new UplinkRecord(Priority.EVENT, "k", "i", Map.of(), new byte[10], false))));
    for (int cut : new int[] {0, 1, 20, full.length - 1}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> RelayCodec.decodeRequest(Arrays.copyOf(full, cut)));
      assertTrue(
          e.getMessage().contains("malformed") || e.getMessage().contains("version"),
          e.getMessage());
    }
    byte[] longer = Arrays.copyOf(full, full.length + 1);
    assertThrows(IllegalArgumentException.class, () -> RelayCodec.decodeRequest(longer));
    byte[] huge = full.clone();
    // The record count (after version, stream, seq, batch, expiry) claims more than is there.
    huge[1 + 16 + 8 + 16 + 8] = 0x7f;
    assertThrows(IllegalArgumentException.class, () -> RelayCodec.decodeRequest(huge));
  }

  @Test
  void aPlainRefusalIsCutShortAndStrippedOfControlCharacters() {
    RelayCodec.Reply r =
        RelayCodec.reply(RelayCodec.plainReply("refused\n\u001b[31m" + "x".repeat(1000)));
    assertNull(r.sealed());
    assertTrue(r.plainRefusal().startsWith("refused  [31m"), r.plainRefusal());
    assertTrue(r.plainRefusal().length() < 420);
    byte[] sealed = "sealed".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(sealed, RelayCodec.reply(RelayCodec.sealedReply(sealed)).sealed());
  }

  @Test
  void aLinkRecordOpensOnlyUnderItsMembersKeyAndName() throws Exception {
    Sealer sealer =
        ClusterKeys.derive(Secret.ofValue("test-cluster-key-0123456789abcdef"), "c").sealer();
    UUID member = UUID.randomUUID();
    LinkRecord r =
        new LinkRecord(member, "node-b", LinkState.UP, T, "delivering", T.plusSeconds(1));
    byte[] sealed = r.seal(sealer);
    assertEquals(r, LinkRecord.open(sealer, member.toString(), sealed));
    // Filed under another member's id: does not open (the structure names the member).
    assertThrows(
        SealException.class, () -> LinkRecord.open(sealer, UUID.randomUUID().toString(), sealed));
    // Sealed by one member under another's id: refused.
    UUID other = UUID.randomUUID();
    byte[] forged = sealer.seal(LinkRecord.structure(member), other, Arrays.copyOf(sealed, 0));
    SealException e =
        assertThrows(SealException.class, () -> LinkRecord.open(sealer, member.toString(), forged));
    assertTrue(e.getMessage().contains("not by"), e.getMessage());
    Sealer foreign =
        ClusterKeys.derive(Secret.ofValue("another-key-0123456789abcdef"), "c").sealer();
    assertThrows(SealException.class, () -> LinkRecord.open(foreign, member.toString(), sealed));
  }
}
