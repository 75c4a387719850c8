package io.plantmesh.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real network partition: three members in processes of their own, each in a network namespace of
 * its own on a private bridge; one is cut off by taking its link down (packets dropped, no
 * connection reset), then healed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> SOURCES =
      IntStream.rangeClosed(1, 6).mapToObj(i -> "plc-" + i).toList();

  private PartitionedTrio net;

  @BeforeAll
  void createNetwork() throws Exception {
    net = PartitionedTrio.createOrSkip("partition test");
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

  /** Source → the member collecting it; fails when two collect one. */
  private Map<String, String> collecting(int... of) throws InterruptedException {
    Map<String, String> out = collectingOrNull(of);
    assertTrue(out != null, "a source is collected twice");
    return out;
  }

  /** Source → the member collecting it, or null while two collect one. */
  private Map<String, String> collectingOrNull(int... of) throws InterruptedException {
    Map<String, String> out = new HashMap<>();
    for (int i : of) {
      String owned = m(i).ask("owned").substring("OWNED ".length());
      if (owned.equals("-")) {
        continue;
      }
      for (String s : owned.split(",")) {
        if (out.put(s.split(":")[0], "node-" + i) != null) {
          return null;
        }
      }
    }
    return out;
  }

  private Set<String> ownedBy(int i) throws InterruptedException {
    String owned = m(i).ask("owned").substring("OWNED ".length());
    Set<String> out = new TreeSet<>();
    if (!owned.equals("-")) {
      for (String s : owned.split(",")) {
        out.add(s.split(":")[0]);
      }
    }
    return out;
  }

  private String write(int from, String source) throws InterruptedException {
    return m(from).ask("write " + UUID.randomUUID() + " " + source + " line/setpoint 21.5 30000");
  }

  private int count(int i, String prefix) throws InterruptedException {
    return Integer.parseInt(m(i).ask("count " + prefix).split(" ")[1]);
  }

  @Test
  void theMinorityRefusesWritesTheMajorityTakesOverAndTheHealConverges() throws Exception {
    net.start("part", "node", SOURCES);
    String declare =
        "declare " + SOURCES.stream().map(s -> s + "=any").collect(Collectors.joining(" "));
    for (int i = 1; i <= 3; i++) {
      assertEquals("DECLARED", m(i).ask(declare));
    }
    await().atMost(WAIT).until(() -> collecting(1, 2, 3).keySet().equals(new HashSet<>(SOURCES)));
    for (int i = 1; i <= 3; i++) {
      assertEquals("MEMBERS 3", m(i).ask("members"));
      assertEquals("PUBLISHED 5", m(i).ask("publish before/node-" + i + " 5"));
    }
    await()
        .atMost(WAIT)
        .until(
            () -> count(1, "before") == 15 && count(2, "before") == 15 && count(3, "before") == 15);

    // Cut node-3 off.
    Set<String> ownedBy3 = ownedBy(3);
    System.out.println("node-3 owns " + ownedBy3 + " before the partition");
    m(3).events.clear();
    long t0 = System.nanoTime();
    net.cut(3);
    await().atMost(WAIT).until(() -> m(1).ask("members").equals("MEMBERS 2"));
    System.out.println(
        "The majority removed node-3 "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms after the cut");
    await().atMost(WAIT).until(() -> m(3).ask("quorum").startsWith("QUORUM false 1"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                m(1).ask("quorum").equals("QUORUM true 2 2")
                    && m(2).ask("quorum").equals("QUORUM true 2 2"));
    System.out.println(
        "Partition seen by both sides after " + (System.nanoTime() - t0) / 1_000_000 + " ms");

    // The minority refuses writes, to its own sources and to the others'.
    for (String s : List.of(SOURCES.get(0), SOURCES.get(5))) {
      String refused = write(3, s);
      assertTrue(refused.startsWith("WRITE REJECTED NO_QUORUM node-3 is cut off"), refused);
    }
    // The majority takes over what node-3 owned; node-3 keeps collecting what it owns.
    await().atMost(WAIT).until(() -> collecting(1, 2).keySet().equals(new HashSet<>(SOURCES)));
    System.out.println(
        "Majority owns all sources "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms after the cut: "
            + collecting(1, 2));
    assertEquals(ownedBy3, ownedBy(3));
    // And writes there, once.
    String target = ownedBy3.isEmpty() ? SOURCES.get(0) : ownedBy3.iterator().next();
    long handledBefore = handled(1) + handled(2);
    assertEquals("WRITE OK Good", write(1, target));
    assertEquals(handledBefore + 1, handled(1) + handled(2));

    // Both sides keep collecting: readings published on each side during the partition.
    assertEquals("PUBLISHED 7", m(3).ask("publish during/node-3 7"));
    assertEquals("PUBLISHED 9", m(1).ask("publish during/node-1 9"));
    await().atMost(WAIT).until(() -> count(2, "during/node-1") == 9);
    assertEquals(7, count(3, "during/node-3"));
    assertEquals(0, count(3, "during/node-1"));
    assertEquals(0, count(1, "during/node-3"));

    // Heal: Hazelcast merges node-3 back; tables merge both ways; one owner per source.
    long t1 = System.nanoTime();
    net.heal(3);
    await()
        .atMost(Duration.ofSeconds(45))
        .until(
            () ->
                m(3).ask("members").equals("MEMBERS 3")
                    && m(3).ask("quorum").startsWith("QUORUM true 3")
                    && m(1).ask("members").equals("MEMBERS 3"));
    System.out.println("Merged " + (System.nanoTime() - t1) / 1_000_000 + " ms after the heal");
    await()
        .atMost(WAIT)
        .until(
            () ->
                count(1, "during/node-3") == 7
                    && count(2, "during/node-3") == 7
                    && count(3, "during/node-1") == 9
                    && count(3, "before") == 15);
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Map<String, String> owners = collectingOrNull(1, 2, 3);
              if (owners == null || !owners.keySet().equals(new HashSet<>(SOURCES))) {
                return false;
              }
              // Every member's record names the member that collects.
              for (String s : SOURCES) {
                for (int i = 1; i <= 3; i++) {
                  if (!m(i).ask("owner " + s)
                      .startsWith("OWNER " + s + " " + owners.get(s) + " ")) {
                    return false;
                  }
                }
              }
              return true;
            });
    System.out.println(
        "Ownership converged "
            + (System.nanoTime() - t1) / 1_000_000
            + " ms after the heal: "
            + collecting(1, 2, 3));
    // node-3 stopped what the majority had taken over (it learnt from the merged records that it
    // lost them), whatever it got back afterwards through a handover.
    List<String> events = new ArrayList<>(m(3).events);
    for (String s : ownedBy3) {
      assertTrue(
          events.stream().anyMatch(e -> e.startsWith("EVENT RELEASED " + s + " ")),
          s + " not released by node-3: " + events);
    }
    assertTrue(write(3, SOURCES.get(0)).startsWith("WRITE OK"), "writes work again from node-3");
  }

  private long handled(int i) throws InterruptedException {
    return Long.parseLong(m(i).ask("handled").split(" ")[1]);
  }
}
