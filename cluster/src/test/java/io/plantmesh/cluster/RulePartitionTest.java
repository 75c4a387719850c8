package io.plantmesh.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A rule across a real network partition: three member processes in network namespaces (as in
 * {@link PartitionTest}); the rule's evaluator, which also owns the PLC, is cut off. The minority
 * keeps evaluating but does not write; the majority takes the rule and the PLC over and writes
 * once; after the heal the rule goes back to its preferred member, which continues the majority's
 * firing without writing again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulePartitionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private PartitionedTrio net;

  @BeforeAll
  void createNetwork() throws Exception {
    net = PartitionedTrio.createOrSkip("rule partition test");
  }

  @AfterAll
  void removeNetwork() throws Exception {
    if (net != null) {
      net.close();
    }
  }

  private ChildMember m(int i) {
    return net.m(i);
  }

  private long handled(int i) throws InterruptedException {
    return Long.parseLong(m(i).ask("handled").split(" ")[1]);
  }

  private long handledByAll() throws InterruptedException {
    return handled(1) + handled(2) + handled(3);
  }

  @Test
  void theMinorityDoesNotWriteTheMajorityWritesOnceAndTheHealWritesNothingMore() throws Exception {
    net.start("rpart", "rules", List.of("plc-1"));
    for (int i = 1; i <= 3; i++) {
      assertEquals("DECLARED", m(i).ask("declare plc-1=node-3,node-1,node-2"));
      assertEquals("RULES", m(i).ask("rules node-3,node-1,node-2"));
    }
    await().atMost(WAIT).until(() -> m(3).ask("owned").startsWith("OWNED plc-1:"));
    assertEquals("SET", m(3).ask("set plc-1 part/tank/level 1"));
    assertEquals("SET", m(3).ask("set plc-1 part/tank/valve 0"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                m(1).ask("count part/tank").equals("COUNT 2")
                    && m(2).ask("count part/tank").equals("COUNT 2")
                    && m(3).ask("rule guard").startsWith("RULE ARMED"));

    // Cut node-3 off: it owns the PLC and evaluates the rule.
    long t0 = System.nanoTime();
    net.cut(3);
    await()
        .atMost(WAIT)
        .until(
            () ->
                m(1).ask("rule guard").startsWith("RULE ARMED")
                    && m(1).ask("owner plc-1").startsWith("OWNER plc-1 node-1 "));
    System.out.println(
        "The majority evaluates the rule and owns the PLC "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms after the cut");
    await().atMost(WAIT).until(() -> m(3).ask("quorum").startsWith("QUORUM false 1"));

    // The minority sees the level rise: the rule fires there, but nothing is written.
    assertEquals("SET", m(3).ask("set plc-1 part/tank/level 20"));
    await().atMost(WAIT).until(() -> m(3).ask("rule guard").startsWith("RULE FIRING"));
    await().atMost(WAIT).until(() -> m(3).ask("audit rule:guard").equals("AUDIT 1 NO_QUORUM"));
    assertEquals(0, handled(3));
    // Its write failure, raised on its side: the alarm follows the audit record, on its own step.
    await().atMost(WAIT).until(() -> m(3).ask("alarms guard").equals("ALARMS 1"));

    // The majority sees it rise too (from the PLC it took over): written once, there.
    assertEquals("SET", m(1).ask("set plc-1 part/tank/level 30"));
    await().atMost(WAIT).until(() -> handled(1) + handled(2) == 1);
    await().atMost(WAIT).until(() -> m(2).ask("audit rule:guard").equals("AUDIT 1 Good"));

    // Heal: the rule and the PLC go back to node-3, which continues the recorded firing.
    long t1 = System.nanoTime();
    net.heal(3);
    await()
        .atMost(Duration.ofSeconds(45))
        .until(
            () ->
                m(3).ask("quorum").startsWith("QUORUM true 3")
                    && m(1).ask("members").equals("MEMBERS 3"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                m(3).ask("rule guard").startsWith("RULE FIRING")
                    && m(1).ask("rule guard").startsWith("RULE -")
                    && m(2).ask("rule guard").startsWith("RULE -")
                    && m(3).ask("owned").startsWith("OWNED plc-1:"));
    System.out.println(
        "The rule is back on node-3 "
            + (System.nanoTime() - t1) / 1_000_000
            + " ms after the heal");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .until(() -> handledByAll() == 1);
    // Both sides' audit records survive the heal, readable everywhere.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              String audit = m(1).ask("audit rule:guard");
              return audit.startsWith("AUDIT 2 ")
                  && audit.contains("NO_QUORUM")
                  && audit.contains("Good");
            });
    await().atMost(WAIT).until(() -> m(2).ask("alarms guard").equals("ALARMS 1"));
  }
}
