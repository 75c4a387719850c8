package io.plantmesh.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.WriteCommand;
import io.plantmesh.cluster.WriteInterlock;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Audit records and the interlock a routed write carries, through their binary forms. */
class AuditAndInterlockCodecTest {
  private static final TagPath FAN = TagPath.of("plant/l1/oven/fan");

  @Test
  void auditRecordsRoundTrip() {
    Instant at = Instant.parse("2026-11-25T08:00:00.5Z");
    UUID id = UUID.randomUUID();
    WriteAuditRecord ok =
        new WriteAuditRecord(
            at, "rule:cool", "node-c", id, "plc-a", FAN, Value.of(100.0), Quality.GOOD, null, "");
    assertEquals(ok, AuditLog.decode(AuditLog.encode(ok)));
    WriteAuditRecord refused =
        new WriteAuditRecord(
            at,
            "rest@node-b",
            "node-b",
            id,
            "",
            FAN,
            new Value.Text("x"),
            null,
            WriteRejectedException.Reason.INTERLOCK,
            "interlock 'x' is FALSE");
    assertEquals(refused, AuditLog.decode(AuditLog.encode(refused)));
    assertEquals("INTERLOCK", refused.result());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new WriteAuditRecord(
                at,
                "x",
                "n",
                id,
                "s",
                FAN,
                Value.of(1.0),
                Quality.GOOD,
                WriteRejectedException.Reason.STALE,
                "both"));
  }

  @Test
  void auditKeysSortByTime() {
    UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
    for (long ms : new long[] {0, 7, 1_764_057_600_500L, 9_999_999_999_999L}) {
      assertEquals(String.format("%013d-%s", ms, id), AuditLog.key(ms, id));
    }
    assertTrue(AuditLog.key(999, id).compareTo(AuditLog.key(1_000, id)) < 0);
  }

  @Test
  void theInterlockTravelsWithTheCommandAndCommandsWithoutOneKeepTheirForm() {
    WriteCommand plain =
        new WriteCommand(
            UUID.randomUUID(), "plc-a", FAN, Value.of(1.0), Instant.now().plusSeconds(5), "op");
    byte[] plainBytes = CommandCodec.encode(new CommandCodec.Request(plain, 3));
    CommandCodec.Request back = CommandCodec.decodeRequest(plainBytes);
    assertEquals(plain, back.command());
    assertNull(back.command().interlock());

    WriteCommand guarded =
        plain.withInterlock(
            new WriteInterlock(
                "tag(\"plant/l1/oven/door\") == false", Duration.ofMillis(1500), true));
    CommandCodec.Request g =
        CommandCodec.decodeRequest(CommandCodec.encode(new CommandCodec.Request(guarded, 4)));
    assertEquals(guarded, g.command());
    assertEquals(4, g.epoch());
    WriteCommand noStale = plain.withInterlock(WriteInterlock.of("true"));
    assertEquals(
        noStale,
        CommandCodec.decodeRequest(CommandCodec.encode(new CommandCodec.Request(noStale, 1)))
            .command());
    assertThrows(IllegalArgumentException.class, () -> WriteInterlock.of(" "));
  }
}
