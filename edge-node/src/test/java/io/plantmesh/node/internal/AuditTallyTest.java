package io.plantmesh.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plantmesh.cluster.WriteAudit;
import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The audit's reading for the metrics: each attempt this node routed is told once, whatever the
 * bursts between reads, and nothing recorded before the node started is told.
 */
class AuditTallyTest {
  /** The audit's contract as the mesh keeps it: the last {@code capacity} attempts. */
  private static final class BoundedAudit implements WriteAudit {
    private final List<WriteAuditRecord> records = new ArrayList<>();
    private final int capacity;

    BoundedAudit(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public synchronized List<WriteAuditRecord> recent(int limit) {
      List<WriteAuditRecord> out = new ArrayList<>(records);
      out.sort(Comparator.comparing(WriteAuditRecord::at).reversed());
      return out.subList(0, Math.min(limit, out.size()));
    }

    @Override
    public List<WriteAuditRecord> ofCommand(UUID commandId) {
      return records.stream().filter(r -> r.commandId().equals(commandId)).toList();
    }

    @Override
    public synchronized void record(WriteAuditRecord attempt) {
      records.add(attempt);
      records.sort(Comparator.comparing(WriteAuditRecord::at));
      while (records.size() > capacity) {
        records.remove(0);
      }
    }

    @Override
    public int capacity() {
      return capacity;
    }
  }

  private long clock = 1_000_000;

  private WriteAuditRecord attempt(String routedBy, boolean refused) {
    clock += 7;
    return new WriteAuditRecord(
        Instant.ofEpochMilli(clock),
        "rule:r",
        routedBy,
        UUID.randomUUID(),
        "sim",
        TagPath.of("sim/a"),
        Value.of(1.0),
        refused ? null : Quality.GOOD,
        refused ? WriteRejectedException.Reason.INTERLOCK : null,
        refused ? "interlock false" : "");
  }

  @Test
  void eachAttemptOfThisNodeIsToldOnceAcrossBursts() {
    BoundedAudit audit = new BoundedAudit(1000);
    for (int i = 0; i < 300; i++) {
      audit.record(attempt("gw-1", false)); // an earlier run's
    }
    AuditTally tally = new AuditTally(audit, "gw-1");
    List<WriteAuditRecord> told = new ArrayList<>();
    tally.addListener(told::add);
    tally.poll();
    assertEquals(0, told.size(), "what was there before the start is not told");

    List<WriteAuditRecord> mine = new ArrayList<>();
    int[] bursts = {1, 10, 100, 3, 500, 0, 64, 65};
    for (int burst : bursts) {
      for (int i = 0; i < burst; i++) {
        WriteAuditRecord r = attempt(i % 3 == 0 ? "gw-2" : "gw-1", i % 5 == 0);
        audit.record(r);
        if (r.routedBy().equals("gw-1")) {
          mine.add(r);
        }
      }
      tally.poll();
      assertEquals(mine, told, "after a burst of " + burst);
    }
  }

  @Test
  void moreThanTheCapacityBetweenReadsLosesOnlyWhatTheAuditForgot() {
    BoundedAudit audit = new BoundedAudit(100);
    AuditTally tally = new AuditTally(audit, "gw-1");
    List<WriteAuditRecord> told = new ArrayList<>();
    tally.addListener(told::add);
    tally.poll();
    for (int i = 0; i < 250; i++) {
      audit.record(attempt("gw-1", false));
    }
    tally.poll();
    assertEquals(100, told.size(), "the 100 the audit still holds");
    tally.poll();
    assertEquals(100, told.size(), "none twice");
  }
}
