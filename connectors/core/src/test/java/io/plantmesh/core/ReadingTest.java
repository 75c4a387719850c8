package io.plantmesh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingTest {
  private static final TagPath P = TagPath.of("plant/line1/temp");
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private static Reading r(Instant source, long seq) {
    return new Reading(P, Value.of(1.0), Quality.GOOD, source, null, T0.plusSeconds(60), "n1", seq);
  }

  @Test
  void newerBySourceTimeThenSequence() {
    assertTrue(r(T0.plusMillis(1), 1).isNewerThan(r(T0, 2)));
    assertFalse(r(T0, 2).isNewerThan(r(T0.plusMillis(1), 1)));
    assertTrue(r(T0, 3).isNewerThan(r(T0, 2)));
    assertFalse(r(T0, 2).isNewerThan(r(T0, 2)));
  }

  @Test
  void effectiveTimeFallsBackToServerThenReceived() {
    Reading noTimes = new Reading(P, Value.of(1.0), Quality.GOOD, null, null, T0, "n1", 1);
    assertEquals(T0, noTimes.effectiveTime());
    Reading server =
        new Reading(P, Value.of(1.0), Quality.GOOD, null, T0.plusSeconds(1), T0, "n1", 1);
    assertEquals(T0.plusSeconds(1), server.effectiveTime());
  }
}
