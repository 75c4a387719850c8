package io.plantmesh.cluster.decisions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.SourceSpec;
import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.WriteCommand;
import io.plantmesh.cluster.WriteInterlock;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.cluster.decisions.DecisionsCluster.Node;
import io.plantmesh.cluster.rules.CompiledRuleSet;
import io.plantmesh.cluster.rules.RuleCompiler;
import io.plantmesh.cluster.rules.RuleSpec;
import io.plantmesh.cluster.rules.TagCatalog;
import io.plantmesh.cluster.rules.UnknownTagPolicy;
import io.plantmesh.cluster.rules.WriteAction;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write audit (every routed write, kept cluster-wide and bounded, outliving its writer), the
 * interlock a routed write carries (checked by the PLC's owner), and rule placement (only members
 * that run a rule host with the rule evaluate it).
 */
class WriteAuditTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final TagPath FAN = TagPath.of("plant/l1/oven/fan");
  private static final List<SourceSpec> SOURCES = List.of(SourceSpec.preferring("plc-a", "node-a"));

  private final DecisionsCluster cluster = new DecisionsCluster(3);

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  @Test
  void everyAttemptIsAuditedTheLastOnesAreKeptAndTheyOutliveTheirWriter() {
    cluster.auditCapacity = 10;
    Node a = cluster.start(0, "node-a", Set.of("plc-a"), SOURCES);
    Node b = cluster.start(1, "node-b", Set.of(), SOURCES);
    Node c = cluster.start(2, "node-c", Set.of(), SOURCES);
    await().atMost(WAIT).until(() -> c.mesh.ownership().get("plc-a").owner().equals("node-a"));

    List<WriteCommand> sent = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      WriteCommand cmd =
          WriteCommand.of("plc-a", FAN, Value.of((double) i), Duration.ofMinutes(1), "rest@node-b");
      b.mesh.commandRouter().write(cmd);
      sent.add(cmd);
    }
    WriteCommand nowhere =
        WriteCommand.of("plc-x", FAN, Value.of(1.0), Duration.ofMinutes(1), "rest@node-b");
    assertThrows(WriteRejectedException.class, () -> b.mesh.commandRouter().write(nowhere));
    assertEquals(25, a.written.size());

    // node-b writes its records off the callers' thread, in order: node-c reads them once written,
    // the last one (nowhere's) included, and the older ones pruned.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              List<WriteAuditRecord> r = c.mesh.writeAudit().recent(100);
              return r.size() == 10 && r.get(0).commandId().equals(nowhere.commandId());
            });
    List<WriteAuditRecord> kept = c.mesh.writeAudit().recent(100);
    WriteAuditRecord last = kept.get(0);
    assertEquals(nowhere.commandId(), last.commandId(), "newest first");
    assertEquals(WriteRejectedException.Reason.NO_OWNER, last.refusal());
    assertTrue(last.message().contains("no member owns the source"), last.message());
    for (int i = 1; i < 10; i++) {
      WriteAuditRecord r = kept.get(i);
      assertEquals(sent.get(25 - i).commandId(), r.commandId());
      assertEquals(Value.of((double) (25 - i)), r.value());
      assertEquals("rest@node-b", r.requestedBy());
      assertEquals("node-b", r.routedBy());
      assertEquals("plc-a", r.sourceId());
      assertTrue(r.written());
    }

    // A retry of a command is an attempt of its own, with the first one's result.
    WriteCommand retried = sent.get(24);
    b.mesh.commandRouter().write(retried);
    await()
        .atMost(WAIT)
        .until(() -> a.mesh.writeAudit().ofCommand(retried.commandId()).size() == 2);
    assertEquals(25, a.written.size(), "not written again");

    // The writer dies: the survivors still read its records.
    List<WriteAuditRecord> before = a.mesh.writeAudit().recent(10);
    b.kill();
    await().atMost(WAIT).until(() -> a.mesh.members().size() == 2);
    assertEquals(before, a.mesh.writeAudit().recent(10));
    assertEquals(before, c.mesh.writeAudit().recent(10));
  }

  @Test
  void theMemberThatRecordsAnAttemptTellsItsListenersOnceStoredInOrder() {
    Node a = cluster.start(0, "node-a", Set.of("plc-a"), SOURCES);
    Node b = cluster.start(1, "node-b", Set.of(), SOURCES);
    cluster.start(2, "node-c", Set.of(), SOURCES);
    await().atMost(WAIT).until(() -> b.mesh.ownership().get("plc-a").owner().equals("node-a"));
    List<WriteAuditRecord> onA = new CopyOnWriteArrayList<>();
    List<WriteAuditRecord> onB = new CopyOnWriteArrayList<>();
    a.mesh.writeAudit().onStored(onA::add);
    Registration registration =
        b.mesh
            .writeAudit()
            .onStored(
                r -> {
                  // Told once stored: another member reads it already.
                  assertEquals(1, a.mesh.writeAudit().ofCommand(r.commandId()).size());
                  onB.add(r);
                });
    List<UUID> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      WriteCommand cmd =
          WriteCommand.of("plc-a", FAN, Value.of((double) i), Duration.ofMinutes(1), "rest@node-b");
      b.mesh.commandRouter().write(cmd);
      sent.add(cmd.commandId());
    }
    await().atMost(WAIT).until(() -> onB.size() == 5);
    assertEquals(sent, onB.stream().map(WriteAuditRecord::commandId).toList());
    assertTrue(onA.isEmpty(), "the owner wrote, but node-b routed and recorded: " + onA);

    // A closed registration hears nothing more.
    registration.close();
    WriteCommand last =
        WriteCommand.of("plc-a", FAN, Value.of(9.0), Duration.ofMinutes(1), "rest@node-b");
    b.mesh.commandRouter().write(last);
    await().atMost(WAIT).until(() -> b.mesh.writeAudit().ofCommand(last.commandId()).size() == 1);
    assertEquals(5, onB.size());
  }

  @Test
  void theOwnerChecksAnInterlockJustBeforeWritingAndARefusalDoesNotSpendTheCommandId() {
    Node a = cluster.start(0, "node-a", Set.of("plc-a"), SOURCES);
    Node b = cluster.start(1, "node-b", Set.of(), SOURCES);
    cluster.start(2, "node-c", Set.of(), SOURCES);
    await().atMost(WAIT).until(() -> b.mesh.ownership().get("plc-a").owner().equals("node-a"));
    TagPath door = TagPath.of("plant/l1/oven/door");
    a.publish("plc-a", door, Value.of(true));
    WriteCommand cmd =
        WriteCommand.of("plc-a", FAN, Value.of(50.0), Duration.ofMinutes(1), "rest@node-b")
            .withInterlock(WriteInterlock.of("!tag(\"plant/l1/oven/door\")"));
    WriteRejectedException e =
        assertThrows(WriteRejectedException.class, () -> b.mesh.commandRouter().write(cmd));
    assertEquals(WriteRejectedException.Reason.INTERLOCK, e.reason());
    assertTrue(
        e.getMessage()
            .contains(
                "refused: interlock '!tag(\"plant/l1/oven/door\")' is FALSE on node-a; inputs:"
                    + " plant/l1/oven/door = true (Good, "),
        e.getMessage());
    assertTrue(a.written.isEmpty());

    // The door closes: the same command, retried, is written (the refusal did not spend its id).
    a.publish("plc-a", door, Value.of(false));
    assertTrue(b.mesh.commandRouter().write(cmd).succeeded());
    assertEquals(1, a.written.size());
    assertEquals(
        List.of("INTERLOCK", "Good"),
        b.mesh.writeAudit().ofCommand(cmd.commandId()).stream()
            .map(WriteAuditRecord::result)
            .toList());

    // A tag nobody delivered is unknown: the interlock is UNKNOWN, which refuses like FALSE.
    WriteCommand unknown =
        WriteCommand.of("plc-a", FAN, Value.of(1.0), Duration.ofMinutes(1), "rest@node-b")
            .withInterlock(WriteInterlock.of("tag(\"plant/l9/nothing\") > 1.0"));
    WriteRejectedException u =
        assertThrows(WriteRejectedException.class, () -> b.mesh.commandRouter().write(unknown));
    assertEquals(WriteRejectedException.Reason.INTERLOCK, u.reason());
    assertTrue(u.getMessage().contains("is UNKNOWN on node-a"), u.getMessage());
    assertTrue(u.getMessage().contains("plant/l9/nothing: no reading"), u.getMessage());
    // One that does not compile says so.
    WriteCommand broken =
        WriteCommand.of("plc-a", FAN, Value.of(1.0), Duration.ofMinutes(1), "rest@node-b")
            .withInterlock(WriteInterlock.of("tag(\"plant/l1/oven/door\") &&"));
    WriteRejectedException c =
        assertThrows(WriteRejectedException.class, () -> b.mesh.commandRouter().write(broken));
    assertEquals(WriteRejectedException.Reason.INTERLOCK, c.reason());
    assertTrue(c.getMessage().contains("does not compile on node-a"), c.getMessage());
    assertEquals(1, a.written.size());
  }

  @Test
  void aRuleGoesOnlyToMembersThatRunItsRuleHost() throws Exception {
    Node a = cluster.start(0, "node-a", Set.of("plc-a"), SOURCES);
    Node b = cluster.start(1, "node-b", Set.of(), SOURCES);
    Node c = cluster.start(2, "node-c", Set.of(), SOURCES);
    RuleSpec spec =
        RuleSpec.of("cool", "tag(\"plant/l1/oven/temp\") > 250.0", WriteAction.of(FAN, "100.0"))
            .withPlacement(List.of("node-c", "node-b"));
    CompiledRuleSet rules =
        new RuleCompiler(TagCatalog.empty(), UnknownTagPolicy.WARN).compile(List.of(spec));
    cluster.host(a, rules);
    cluster.host(b, rules);
    await().atMost(WAIT).until(() -> b.host.ownedRules().contains("cool"));
    long epoch = b.host.evaluators().get("cool").epoch();
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> c.mesh.ruleOwnership().isEmpty() && b.host.ownedRules().contains("cool"));

    // node-c, first in the placement, starts its host: the rule moves there, at the next epoch.
    cluster.host(c, rules);
    await().atMost(WAIT).until(() -> c.host.ownedRules().contains("cool"));
    assertTrue(b.host.ownedRules().isEmpty());
    assertEquals(epoch + 1, c.host.evaluators().get("cool").epoch());
    assertEquals("node-c", a.host.evaluators().get("cool").owner());
  }
}
