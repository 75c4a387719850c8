package io.plantmesh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QualityTest {

  @Test
  void severityComesFromTheTopTwoBits() {
    assertEquals(Quality.Severity.GOOD, Quality.severityOf(0x00000000L));
    assertEquals(Quality.Severity.GOOD, Quality.severityOf(0x00A60000L)); // Good_Overload-ish
    assertEquals(Quality.Severity.UNCERTAIN, Quality.severityOf(0x40900000L));
    assertEquals(Quality.Severity.BAD, Quality.severityOf(0x80340000L)); // Bad_NodeIdUnknown
    assertEquals(Quality.Severity.BAD, Quality.severityOf(0xC0000000L)); // reserved: treated as bad
  }

  @Test
  void keepsTheRawCodeAndName() {
    Quality q = Quality.of(0x80340000L, "Bad_NodeIdUnknown");
    assertTrue(q.isBad());
    assertEquals(0x80340000L, q.statusCode());
    assertEquals("Bad_NodeIdUnknown", q.symbolicName());
  }

  @Test
  void unknownNameFallsBackToHex() {
    assertEquals("0x808A0000", Quality.of(0x808A0000L, null).symbolicName());
  }

  @Test
  void goodIsShared() {
    assertSame(Quality.GOOD, Quality.of(0, "Good"));
  }

  @Test
  void refusesInconsistentOrOutOfRangeCodes() {
    assertThrows(
        IllegalArgumentException.class, () -> new Quality(Quality.Severity.GOOD, 0x80000000L, "x"));
    assertThrows(IllegalArgumentException.class, () -> Quality.of(-1, "x"));
    assertThrows(IllegalArgumentException.class, () -> Quality.of(0x1_0000_0000L, "x"));
  }
}
