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
    return r(source, seq, "n1");
  }

  private static Reading r(Instant source, long seq, String origin) {
    return new Reading(
        P, Value.of(1.0), Quality.GOOD, source, null, T0.plusSeconds(60), origin, seq);
  }

  @Test
  void fromOneOriginTheDeliveryOrderDecides() {
    assertTrue(r(T0, 3).isNewerThan(r(T0, 2)));
    assertFalse(r(T0, 2).isNewerThan(r(T0, 2)));
    assertFalse(r(T0.plusMillis(1), 1).isNewerThan(r(T0, 2)));
    // The device's clock stepped back: the later delivery still wins.
    assertTrue(r(T0.minusSeconds(30), 5).isNewerThan(r(T0, 4)));
    // A status the node made itself (no device time) after a GOOD value from a clock that runs
    // ahead of the node's: it must not be lost.
    Reading bad =
        new Reading(
            P,
            Value.Null.INSTANCE,
            Quality.of(0x808A0000L, "Bad_NotConnected"),
            null,
            null,
            T0,
            "n1",
            7);
    assertTrue(bad.isNewerThan(r(T0.plusSeconds(3600), 6)));
  }

  @Test
  void acrossOriginsSourceTimeThenSequence() {
    assertTrue(r(T0.plusMillis(1), 1, "n2").isNewerThan(r(T0, 2)));
    assertFalse(r(T0, 2, "n2").isNewerThan(r(T0.plusMillis(1), 1)));
    assertTrue(r(T0, 3, "n2").isNewerThan(r(T0, 2)));
    assertFalse(r(T0, 2, "n2").isNewerThan(r(T0, 2)));
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
