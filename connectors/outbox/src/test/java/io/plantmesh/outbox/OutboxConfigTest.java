package io.plantmesh.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxConfigTest {
  @Test
  void propertiesAreReadWithUnits() {
    OutboxConfig c =
        OutboxConfig.fromProperties(
            Map.of(
                "outbox.dir", "/var/lib/plantmesh/outbox",
                "outbox.max-bytes", "2g",
                "outbox.segment-bytes", "16m",
                "outbox.fsync", "interval",
                "outbox.fsync-interval", "200ms",
                "outbox.checkpoint-interval", "PT5S",
                "outbox.evictable-classes", "summary"));
    assertEquals(Path.of("/var/lib/plantmesh/outbox"), c.dir());
    assertEquals(2L << 30, c.maxBytes());
    assertEquals(16L << 20, c.segmentBytes());
    assertEquals(FsyncPolicy.INTERVAL, c.fsyncPolicy());
    assertEquals(Duration.ofMillis(200), c.fsyncInterval());
    assertEquals(Duration.ofSeconds(5), c.checkpointInterval());
    assertEquals(EnumSet.of(Priority.SUMMARY), EnumSet.copyOf(c.evictable()));
  }

  @Test
  void defaults() {
    OutboxConfig c = OutboxConfig.fromProperties(Map.of("outbox.dir", "x"));
    assertEquals(OutboxConfig.of(Path.of("x")), c);
    assertEquals(FsyncPolicy.EVERY_BATCH, c.fsyncPolicy());
    assertEquals(EnumSet.of(Priority.SUMMARY, Priority.EVENT), EnumSet.copyOf(c.evictable()));
    assertTrue(
        OutboxConfig.fromProperties(Map.of("outbox.dir", "x", "outbox.evictable-classes", "none"))
            .evictable()
            .isEmpty());
  }

  @Test
  void badValuesNameTheirKey() {
    assertMessage(Map.of(), "outbox.dir is required");
    assertMessage(Map.of("outbox.dir", "x", "outbox.max-bytes", "lots"), "outbox.max-bytes");
    assertMessage(Map.of("outbox.dir", "x", "outbox.max-bytes", "1m"), "outbox.max-bytes");
    assertMessage(Map.of("outbox.dir", "x", "outbox.segment-bytes", "100"), "outbox.segment-bytes");
    assertMessage(Map.of("outbox.dir", "x", "outbox.fsync", "sometimes"), "outbox.fsync");
    assertMessage(
        Map.of("outbox.dir", "x", "outbox.fsync-interval", "0s"), "outbox.fsync-interval");
    assertMessage(
        Map.of("outbox.dir", "x", "outbox.fsync-interval", "soon"), "outbox.fsync-interval");
    assertMessage(
        Map.of("outbox.dir", "x", "outbox.checkpoint-interval", "-1s"),
        "outbox.checkpoint-interval");
    assertMessage(
        Map.of("outbox.dir", "x", "outbox.evictable-classes", "summary,warning"),
        "outbox.evictable-classes");
  }

  private static void assertMessage(Map<String, String> props, String key) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OutboxConfig.fromProperties(props));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
