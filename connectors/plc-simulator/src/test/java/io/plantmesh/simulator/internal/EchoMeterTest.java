package io.plantmesh.simulator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.simulator.EchoStats;
import org.junit.jupiter.api.Test;

/** The echo's bookkeeping with times given in, so every rule can be checked exactly. */
class EchoMeterTest {
  private static final long MS = 1_000_000L;
  private static final long GRACE = 1_000 * MS;

  private final EchoMeter meter = new EchoMeter(GRACE);

  @Test
  void latencyIsFromSettingTheValueToTheFirstEcho() {
    long v1 = meter.next(0);
    long v2 = meter.next(10 * MS);
    assertEquals(1, v1);
    assertEquals(2, v2);
    assertEquals(EchoMeter.Arrival.FIRST, meter.echo(v1, 3 * MS));
    assertEquals(EchoMeter.Arrival.FIRST, meter.echo(v2, 17 * MS));
    EchoStats s = meter.stats(20 * MS);
    assertEquals(2, s.count());
    assertEquals(3.0, s.p50Millis());
    assertEquals(7.0, s.p99Millis());
    assertEquals(7.0, s.maxMillis());
    assertEquals(2, s.published());
    assertEquals(0, s.missed());
  }

  @Test
  void aDuplicateIsCountedOnceAndIsNoSample() {
    long v = meter.next(0);
    meter.echo(v, 2 * MS);
    assertEquals(EchoMeter.Arrival.DUPLICATE, meter.echo(v, 50 * MS));
    EchoStats s = meter.stats(60 * MS);
    assertEquals(1, s.count());
    assertEquals(1, s.duplicates());
    assertEquals(2.0, s.maxMillis(), "the duplicate's 50 ms is not a latency");
  }

  @Test
  void valuesNeverSetOrFromBeforeTheResetAreUnexpected() {
    long old = meter.next(0);
    meter.reset();
    long v = meter.next(10 * MS);
    assertEquals(EchoMeter.Arrival.UNEXPECTED, meter.echo(old, 11 * MS), "before the window");
    assertEquals(EchoMeter.Arrival.UNEXPECTED, meter.echo(v + 1, 11 * MS), "not set yet");
    assertEquals(EchoMeter.Arrival.UNEXPECTED, meter.echo(0, 11 * MS), "never set");
    EchoStats s = meter.stats(12 * MS);
    assertEquals(3, s.unexpected());
    assertEquals(0, s.count());
    assertEquals(1, s.window());
    assertEquals(1, s.published());
    assertTrue(Double.isNaN(s.p50Millis()) && Double.isNaN(s.maxMillis()));
  }

  @Test
  void aValueWithoutEchoIsMissedOnlyAfterTheGracePeriodAndNotOnceEchoed() {
    long v1 = meter.next(0);
    meter.next(500 * MS);
    assertEquals(0, meter.stats(GRACE).missed(), "v1 still within the grace period");
    assertEquals(1, meter.stats(GRACE + 1).missed());
    assertEquals(2, meter.stats(GRACE + 501 * MS).missed());
    meter.echo(v1, GRACE + 600 * MS);
    EchoStats s = meter.stats(GRACE + 600 * MS);
    assertEquals(1, s.missed(), "a late echo counts, and its value is no longer missed");
    assertEquals(1, s.count());
  }

  @Test
  void valuesForgottenWithoutEchoStayMissedAndTheirEchoIsUnexpected() {
    long first = meter.next(0);
    for (int i = 1; i < EchoMeter.REMEMBERED + 5; i++) {
      meter.next(i * MS);
    }
    assertEquals(EchoMeter.Arrival.UNEXPECTED, meter.echo(first, EchoMeter.REMEMBERED * MS));
    long now = (EchoMeter.REMEMBERED + 5) * MS + GRACE;
    EchoStats s = meter.stats(now);
    assertEquals(EchoMeter.REMEMBERED + 5, s.published());
    assertEquals(EchoMeter.REMEMBERED + 5, s.missed(), "forgotten ones included");
  }

  @Test
  void percentilesAreNearestRank() {
    for (int i = 1; i <= 200; i++) {
      long v = meter.next(0);
      meter.echo(v, i * MS);
    }
    EchoStats s = meter.stats(300 * MS);
    assertEquals(200, s.count());
    assertEquals(100.0, s.p50Millis());
    assertEquals(198.0, s.p99Millis());
    assertEquals(200.0, s.maxMillis());
  }

  @Test
  void aResetStartsAnEmptyWindow() {
    meter.echo(meter.next(0), MS);
    meter.echo(meter.next(0), MS);
    meter.reset();
    EchoStats s = meter.stats(10 * GRACE);
    assertEquals(new EchoStats(1, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0), s);
    assertEquals(EchoMeter.Arrival.FIRST, meter.echo(meter.next(0), 4 * MS));
    assertEquals(4.0, meter.stats(5 * MS).p50Millis());
  }

  @Test
  void aGracePeriodMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new EchoMeter(0));
  }
}
