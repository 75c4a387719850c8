package io.plantmesh.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plantmesh.core.TagPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshSmokeTest {
  @Test
  void threeMembers() throws Exception {
    try (MeshFixture f = new MeshFixture(3)) {
      long t0 = System.nanoTime();
      Mesh a = f.start(0, "node-a");
      long t1 = System.nanoTime();
      Mesh b = f.start(1, "node-b");
      long t2 = System.nanoTime();
      Mesh c = f.start(2, "node-c");
      long t3 = System.nanoTime();
      System.out.printf(
          "start a %d ms b %d ms c %d ms%n",
          (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> c.members().size() == 3 && a.members().size() == 3);
      System.out.println(a.members());
      a.tagTable()
          .publish(
              "plc-0", List.of(MeshFixture.reading("plant1/area0/line1/temp", 21.5, "node-a", 1)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> c.tagTable().get(TagPath.of("plant1/area0/line1/temp")).isPresent());
      assertEquals(
          21.5, c.tagTable().get(TagPath.of("plant1/area0/line1/temp")).get().value().toJava());
      System.out.println(c.stats());
    }
  }
}
