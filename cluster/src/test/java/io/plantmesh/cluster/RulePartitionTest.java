package io.plantmesh.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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

  private NetworkNamespaces net;
  private final Map<Integer, ChildMember> members = new HashMap<>();

  @BeforeAll
  void createNetwork() throws Exception {
    String why = NetworkNamespaces.unavailable();
    Assumptions.assumeTrue(why == null, "rule partition test skipped: " + why);
    net = NetworkNamespaces.create(3);
  }

  @AfterAll
  void removeNetwork() throws Exception {
    members.values().forEach(ChildMember::close);
    if (net != null) {
      net.close();
    }
  }

  private ChildMember startMember(int i, String clusterName) throws Exception {
    List<String> props =
        List.of(
            "mesh.cluster-name=" + clusterName,
            "mesh.member.name=node-" + i,
            "mesh.member.sources=plc-1",
            "mesh.discovery.mode=tcp",
            "mesh.discovery.members="
                + IntStream.rangeClosed(1, 3)
                    .mapToObj(n -> NetworkNamespaces.address(n) + ":5701")
                    .collect(Collectors.joining(",")),
            "mesh.network.interfaces=" + NetworkNamespaces.address(i),
            "mesh.network.port=5701",
            "mesh.failure-detection.max-no-heartbeat=3s",
            "mesh.expected-members=3",
            "mesh.hazelcast.hazelcast.merge.first.run.delay.seconds=3",
            "mesh.hazelcast.hazelcast.merge.next.run.delay.seconds=3");
    return ChildMember.launch(net.exec(i), "rules-" + i, props);
  }

  private ChildMember m(int i) {
    return members.get(i);
  }

  private long handled(int i) throws InterruptedException {
    return Long.parseLong(m(i).ask("handled").split(" ")[1]);
  }

  private long handledByAll() throws InterruptedException {
    return handled(1) + handled(2) + handled(3);
  }

  @Test
  void theMinorityDoesNotWriteTheMajorityWritesOnceAndTheHealWritesNothingMore() throws Exception {
    String cluster = "rpart-" + UUID.randomUUID().toString().substring(0, 8);
    List<CompletableFuture<ChildMember>> starting = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      int n = i;
      starting.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return startMember(n, cluster);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (int i = 1; i <= 3; i++) {
      members.put(i, starting.get(i - 1).join());
    }
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
