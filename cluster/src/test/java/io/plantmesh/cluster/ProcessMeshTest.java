package io.plantmesh.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member in a separate JVM (launched with this test's classpath) meshes with two members in this
 * JVM; then it dies the hard way.
 */
class ProcessMeshTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private MeshFixture fixture;
  private Mesh a;
  private Mesh b;
  private ChildMember child;

  @BeforeEach
  void start() {
    fixture = new MeshFixture(4);
    a = fixture.start(0, "node-a");
    b = fixture.start(1, "node-b");
  }

  @AfterEach
  void stop() {
    if (child != null) {
      child.process.destroyForcibly();
    }
    fixture.close();
  }

  @Test
  void readingsOfAKilledMemberStayInTheTableOfTheSurvivors() throws Exception {
    child = ChildMember.start(fixture, 2, "node-p");
    await().atMost(WAIT).until(() -> a.members().size() == 3 && b.members().size() == 3);
    assertTrue(
        a.members().stream().filter(m -> m.name().equals("node-p")).allMatch(MeshMember::trusted));

    child.send("publish proc/line1 250");
    assertEquals("PUBLISHED 250", child.next(20));
    TagPath prefix = TagPath.of("proc");
    await().atMost(WAIT).until(() -> a.tagTable().readings(prefix).size() == 250);
    await().atMost(WAIT).until(() -> b.tagTable().readings(prefix).size() == 250);
    List<Reading> before = a.tagTable().readings(prefix);
    assertTrue(before.stream().allMatch(r -> r.originNode().equals("node-p")));

    child.process.destroyForcibly(); // SIGKILL: no goodbye, no flush
    long t0 = System.nanoTime();
    assertTrue(child.process.waitFor(10, TimeUnit.SECONDS));
    await().atMost(WAIT).until(() -> a.members().size() == 2 && b.members().size() == 2);
    System.out.println(
        "Killed member removed after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    assertEquals(before, a.tagTable().readings(prefix));
    assertEquals(before, b.tagTable().readings(prefix));

    // And a member that joins afterwards still gets the dead member's readings from a survivor.
    try (Mesh d = Mesh.start(fixture.config(3, "node-d", MeshFixture.KEY).build())) {
      assertTrue(d.tagTable().awaitSynced(WAIT));
      assertEquals(before, d.tagTable().readings(prefix));
    }
  }

  @Test
  void aHungMemberIsRemovedByFailureDetectionWithinSeconds() throws Exception {
    child = ChildMember.start(fixture, 2, "node-p");
    await().atMost(WAIT).until(() -> a.members().size() == 3);
    child.send("publish hung 10");
    assertEquals("PUBLISHED 10", child.next(20));
    await().atMost(WAIT).until(() -> a.tagTable().readings(TagPath.of("hung")).size() == 10);

    // SIGSTOP: the sockets stay open, only the heartbeats stop (a frozen VM, a pulled cable).
    Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(child.process.pid())).start();
    Assumptions.assumeTrue(
        stop.waitFor(5, TimeUnit.SECONDS) && stop.exitValue() == 0,
        "kill -STOP is not available here");
    long t0 = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> a.members().size() == 2 && b.members().size() == 2);
    long removedMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("Hung member removed after " + removedMs + " ms (max-no-heartbeat 4 s)");
    // Configured: 1 s heartbeats, removed after 4 s of silence; allow for a loaded machine.
    assertTrue(removedMs < 12_000, "removed after " + removedMs + " ms");
    assertEquals(10, a.tagTable().readings(TagPath.of("hung")).size());
  }
}
