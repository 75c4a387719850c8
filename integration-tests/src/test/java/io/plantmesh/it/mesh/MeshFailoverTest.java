package io.plantmesh.it.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantmesh.bench.JvmProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three packaged nodes and a PLC simulator, each its own process: the plant-wide table, a write
 * routed across processes, kill -9 of the owner, a late joiner, and the ownership record of the
 * whole run (never two collectors). The tests run in order on one mesh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshFailoverTest {
  private static final Duration START = Duration.ofMinutes(2);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int TAGS = 100;
  private static final List<String> SOURCES = List.of("line1", "line2");

  /** Under target/, so that the processes' logs stay for a look after a failure. */
  private Path dir;

  private NodeProcesses mesh;
  private Instant killedAt;
  private String killedRun;

  @BeforeAll
  void start() throws IOException {
    dir =
        Files.createDirectories(Path.of("target", "it-mesh", "run-" + System.currentTimeMillis()));
    mesh = new NodeProcesses(dir, List.of("n1", "n2", "n3"));
    mesh.startSimulator(TAGS, 100);
    mesh.startNode("n1");
    mesh.startNode("n2");
    mesh.startNode("n3");
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (mesh != null) {
      mesh.close();
    }
  }

  private String owner(String askedNode) {
    return owner(askedNode, "line1");
  }

  private String owner(String askedNode, String source) {
    JsonNode c = mesh.get(askedNode, "/api/cluster");
    for (JsonNode o : c.get("ownership")) {
      if (o.get("source").asText().equals(source) && o.get("state").asText().equals("active")) {
        return o.get("owner").asText();
      }
    }
    return null;
  }

  private JsonNode tags(String node) {
    return mesh.get(node, "/api/tags?prefix=line1&limit=10000");
  }

  private String setpointPath() {
    for (JsonNode t : tags("n3").get("tags")) {
      if (t.get("path").asText().endsWith("/Static/DoubleSetpoint")) {
        return t.get("path").asText();
      }
    }
    throw new AssertionError("no DoubleSetpoint tag on n3");
  }

  @Test
  @Order(1)
  void aTagCollectedOnNode1IsReadableOnNodes2And3() {
    await().atMost(WAIT).until(() -> "n1".equals(owner("n2")));
    await().atMost(WAIT).until(() -> "n1".equals(owner("n2", "line2")));
    for (String n : List.of("n1", "n2", "n3")) {
      await().atMost(WAIT).until(() -> tags(n).get("total").asInt() >= TAGS);
      JsonNode first = tags(n).get("tags").get(0);
      assertEquals("n1", first.get("originNode").asText(), n + ": " + first);
      assertEquals("line1", first.get("sourceId").asText(), n + ": " + first);
    }
    JsonNode cluster = mesh.get("n3", "/api/cluster");
    assertEquals(3, cluster.get("members").size());
    assertEquals(false, cluster.get("partitioned").asBoolean());
  }

  @Test
  @Order(2)
  void aWriteFromNode3ReachesThePlcOwnedByNode1OnceEvenWhenRetried() {
    String path = setpointPath();
    String id = UUID.randomUUID().toString();
    String body = "{\"value\": 12.75, \"commandId\": \"" + id + "\"}";
    for (int attempt = 0; attempt < 2; attempt++) {
      HttpResponse<String> r = mesh.put("n3", "/api/tags/" + path + "/value", body);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(id, NodeProcesses.parse(r.body()).get("commandId").asText());
    }
    assertEquals(1, simulatorWrites("DoubleSetpoint = 12.75"), "the PLC saw one write");

    String stale = "{\"value\": 13.5, \"expiresAt\": \"" + Instant.now().minusSeconds(1) + "\"}";
    HttpResponse<String> r = mesh.put("n2", "/api/tags/" + path + "/value", stale);
    assertEquals(409, r.statusCode(), r.body());
    assertTrue(r.body().contains("EXPIRED"), r.body());
    assertEquals(0, simulatorWrites("DoubleSetpoint = 13.5"), "a stale command never reaches it");
    // The value written comes back to every node through the owner's subscription.
    await()
        .atMost(WAIT)
        .until(() -> mesh.get("n2", "/api/tags/" + path).get("value").asDouble() == 12.75);
  }

  private long simulatorWrites(String what) {
    try {
      return Files.readAllLines(dir.resolve("simulator.log")).stream()
          .filter(l -> l.contains("Write ") && l.contains(what))
          .count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Order(3)
  void killingTheOwnerHandsTheSourceToASurvivor() {
    // Steady state: no partition still migrating (a member dying mid-migration stalls Hazelcast).
    await().atMost(WAIT).until(() -> mesh.get("n2", "/api/cluster").get("safe").asBoolean());
    JvmProcess n1 = mesh.run("n1").process();
    killedRun = "n1";
    killedAt = Instant.now();
    n1.kill();
    // The survivor's first readings: newer than the kill, collected by n2 (next in placement).
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> firstReadingAfterKill("n3") != null);
    Instant first = firstReadingAfterKill("n3");
    Duration failover = Duration.between(killedAt, first);
    System.out.printf(
        "kill -9 of the owner -> first reading of the new owner: %d ms%n", failover.toMillis());
    assertEquals("n2", owner("n3"));
    assertTrue(failover.compareTo(Duration.ofSeconds(10)) < 0, "failover took " + failover);

    // line2 has a hot standby: n2 was connected already and took over warm.
    await().atMost(WAIT).until(() -> "n2".equals(owner("n3", "line2")));
    String warm =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    Files.readAllLines(dir.resolve("n2.log")).stream()
                        .filter(l -> l.contains("Source line2: collecting") && l.contains("warm"))
                        .filter(l -> NodeProcesses.logTime(l).isAfter(killedAt.minusMillis(1)))
                        .findFirst()
                        .orElse(null),
                java.util.Objects::nonNull);
    System.out.printf(
        "kill -9 of the owner -> hot standby collecting: %d ms%n",
        Duration.between(killedAt, NodeProcesses.logTime(warm)).toMillis());
  }

  private Instant firstReadingAfterKill(String node) {
    Instant first = null;
    for (JsonNode t : tags(node).get("tags")) {
      Instant received = Instant.parse(t.get("receivedTime").asText());
      if (t.get("originNode").asText().equals("n2") && received.isAfter(killedAt)) {
        first = first == null || received.isBefore(first) ? received : first;
      }
    }
    return first;
  }

  @Test
  @Order(4)
  void aLateJoinerGetsTheTableAndThePreferredNodeTakesTheSourceBack() throws IOException {
    mesh.startNode("n1");
    // As soon as it serves, it holds the plant's table: from a peer's snapshot, not its source.
    JsonNode table = tags("n1");
    assertTrue(table.get("total").asInt() >= TAGS, "late joiner's table: " + table.get("total"));
    await().atMost(WAIT).until(() -> "n1".equals(owner("n3")));
    await().atMost(WAIT).until(() -> "n1".equals(owner("n3", "line2")));
    await()
        .atMost(WAIT)
        .until(
            () -> {
              JsonNode ts = tags("n3").get("tags");
              for (JsonNode t : ts) {
                if (t.get("originNode").asText().equals("n1")
                    && Instant.parse(t.get("receivedTime").asText()).isAfter(killedAt)) {
                  return true;
                }
              }
              return false;
            });
  }

  @Test
  @Order(5)
  void thereWasNeverAMomentWithTwoCollectors() throws IOException {
    for (String source : SOURCES) {
      neverTwoCollectors(source);
    }
  }

  private void neverTwoCollectors(String source) throws IOException {
    record Interval(String run, long epoch, Instant from, Instant to) {}
    Pattern acquired = Pattern.compile("Acquired source " + source + " at epoch (\\d+)");
    List<Interval> intervals = new ArrayList<>();
    for (NodeProcesses.Run run : mesh.runs) {
      String log = run.log();
      List<String> lines = Files.readAllLines(dir.resolve(log + ".log"));
      Instant from = null;
      long epoch = 0;
      for (String l : lines) {
        Matcher m = acquired.matcher(l);
        if (m.find()) {
          from = NodeProcesses.logTime(l);
          epoch = Long.parseLong(m.group(1));
        } else if (l.contains("Source " + source + ": handed over") && from != null) {
          intervals.add(new Interval(log, epoch, from, NodeProcesses.logTime(l)));
          from = null;
        }
      }
      if (from != null) {
        Instant end = log.equals(killedRun) ? killedAt : Instant.now();
        intervals.add(new Interval(log, epoch, from, end));
      }
    }
    intervals.sort(Comparator.comparing(Interval::from));
    System.out.println(source + " collection intervals: " + intervals);
    assertTrue(intervals.size() >= 3, "acquired by n1, n2, then n1 again: " + intervals);
    for (int i = 1; i < intervals.size(); i++) {
      Interval prev = intervals.get(i - 1);
      Interval next = intervals.get(i);
      assertTrue(
          !next.from().isBefore(prev.to()), "two collectors at once: " + prev + " and " + next);
      assertTrue(next.epoch() > prev.epoch(), "epochs must grow: " + prev + " then " + next);
    }
    // The preferred node's return was a warm handover: it connected while n2 collected, so the
    // window without a collector is the release and acquire only.
    Interval back = intervals.get(intervals.size() - 1);
    Interval before = intervals.get(intervals.size() - 2);
    Duration gap = Duration.between(before.to(), back.from());
    System.out.printf("%s handover n2 -> n1: %d ms without a collector%n", source, gap.toMillis());
    assertTrue(gap.compareTo(Duration.ofSeconds(1)) < 0, "handover gap " + gap);
    assertTrue(
        Files.readAllLines(dir.resolve("n1-run2.log")).stream()
            .anyMatch(l -> l.contains("Source " + source + ": collecting") && l.contains("warm")),
        "n1 took " + source + " over warm");
  }
}
