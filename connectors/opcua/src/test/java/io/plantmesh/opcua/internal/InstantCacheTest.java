package io.plantmesh.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.junit.jupiter.api.Test;

class InstantCacheTest {
  private static final DateTime SOURCE =
      new DateTime(Instant.parse("2026-03-01T10:00:00.1234567Z"));
  private static final DateTime SERVER = new DateTime(Instant.parse("2026-03-01T10:00:00.2Z"));

  @Test
  void convertsLikeTimestampsAndKeepsNullDateTimesNull() {
    InstantCache cache = new InstantCache();
    assertEquals(Timestamps.toInstantOrNull(SOURCE), cache.toInstantOrNull(SOURCE));
    assertEquals(Instant.parse("2026-03-01T10:00:00.1234567Z"), cache.toInstantOrNull(SOURCE));
    assertNull(cache.toInstantOrNull(null));
    assertNull(cache.toInstantOrNull(DateTime.NULL_VALUE));
    assertNull(cache.toInstantOrNull(DateTime.MIN_DATE_TIME));
  }

  @Test
  void sourceAndServerTimesOfAScanShareTheirInstants() {
    InstantCache cache = new InstantCache();
    Instant source = cache.toInstantOrNull(SOURCE);
    Instant server = cache.toInstantOrNull(SERVER);
    for (int i = 0; i < 3; i++) {
      // Fresh DateTimes with the same ticks, as each decoded notification carries.
      assertSame(source, cache.toInstantOrNull(new DateTime(SOURCE.utcTime())));
      assertSame(server, cache.toInstantOrNull(new DateTime(SERVER.utcTime())));
    }
  }

  @Test
  void aThirdTimestampReplacesTheOlderOfTheTwo() {
    InstantCache cache = new InstantCache();
    Instant first = cache.toInstantOrNull(SOURCE);
    Instant second = cache.toInstantOrNull(SERVER);
    DateTime later = new DateTime(SERVER.utcTime() + 10_000_000L);
    Instant third = cache.toInstantOrNull(later);
    assertEquals(Timestamps.toInstant(later), third);
    assertSame(second, cache.toInstantOrNull(SERVER));
    assertSame(third, cache.toInstantOrNull(later));
    Instant again = cache.toInstantOrNull(SOURCE);
    assertEquals(first, again);
    assertNotSame(first, again);
  }
}
