package io.plantmesh.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.kafka.decision.AlarmStep;
import io.plantmesh.kafka.decision.RuleEvent;
import io.plantmesh.kafka.forward.UpstreamRecords;
import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxConfig;
import io.plantmesh.outbox.OutboxRecord;
import io.plantmesh.outbox.Position;
import io.plantmesh.outbox.Priority;
import io.plantmesh.outbox.StoredRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarm steps and events into a real Outbox: in order, at their priorities; when the Outbox refuses
 * them (full, nothing it may evict) they wait in memory and go in, in order, once there is room;
 * after close they are counted as lost.
 */
class DecisionAppenderTest {
  private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

  @TempDir Path dir;

  private static OutboxRecord step(UUID id, int seq, String pad) {
    String transition = seq == 0 ? "RAISE" : "ACKNOWLEDGE";
    return UpstreamRecords.alarm(
        new AlarmStep(
            id,
            seq,
            "r1",
            "HIGH",
            750,
            "m" + pad,
            seq == 0 ? "ACTIVE" : "ACKNOWLEDGED",
            seq > 0,
            transition,
            seq == 0 ? "rule:r1" : "op-7",
            seq == 0 ? null : "checked",
            T0.plusSeconds(seq),
            T0,
            "gw-1"));
  }

  private static List<String> ids(Outbox o, Priority p) {
    return o.readBacklog(p, 10_000).stream().map(StoredRecord::id).toList();
  }

  @Test
  void stepsAndEventsGoInAtTheirPriorities() {
    try (Outbox o = Outbox.open(OutboxConfig.of(dir))) {
      DecisionAppender a = new DecisionAppender(o);
      UUID id = UUID.randomUUID();
      assertTrue(a.append(step(id, 0, "")));
      UUID ev = UUID.randomUUID();
      assertTrue(a.append(UpstreamRecords.event(new RuleEvent(ev, "r1", "e", "m", T0, "gw-1"))));
      assertTrue(a.append(step(id, 1, "")));
      assertEquals(List.of(id + "#0", id + "#1"), ids(o, Priority.ALARM));
      assertEquals(List.of(ev.toString()), ids(o, Priority.EVENT));
      assertEquals(2, a.alarmsAppended());
      assertEquals(1, a.eventsAppended());
    }
  }

  @Test
  void refusedRecordsWaitInOrderAndGoInOnceThereIsRoom() {
    // 16 KiB in 4 KiB segments and nothing evictable: a few alarm steps of 1 KiB fill it.
    try (Outbox o =
        Outbox.open(OutboxConfig.of(dir).withSizes(16 << 10, 4 << 10).withEvictable(Set.of()))) {
      DecisionAppender a = new DecisionAppender(o);
      String pad = "x".repeat(1000);
      List<String> sent = new ArrayList<>();
      int refusedAt = -1;
      for (int i = 0; i < 40 && refusedAt < 0; i++) {
        OutboxRecord r = step(UUID.randomUUID(), 0, pad);
        sent.add(r.id());
        if (!a.append(r)) {
          refusedAt = i;
        }
      }
      assertTrue(refusedAt > 0, "the Outbox never filled");
      OutboxRecord later = step(UUID.randomUUID(), 0, pad);
      sent.add(later.id());
      assertFalse(a.append(later), "waits behind the refused one");
      assertEquals(2, a.pending());
      assertTrue(a.failedAppends() >= 2);

      // Kafka acknowledges what is in: room again, and the waiting ones go in, in order.
      List<Position> done = new ArrayList<>();
      for (StoredRecord r : o.readBacklog(Priority.ALARM, 10_000)) {
        done.add(r.position());
      }
      o.acknowledge(done);
      a.flush();
      assertEquals(0, a.pending());
      assertEquals(sent.subList(refusedAt, sent.size()), ids(o, Priority.ALARM));
      assertEquals(sent.size(), a.alarmsAppended());
      assertEquals(0, a.lost());

      a.close();
      assertFalse(a.append(step(UUID.randomUUID(), 0, "")));
      assertEquals(1, a.lost(), "after close: counted as lost");
    }
  }
}
