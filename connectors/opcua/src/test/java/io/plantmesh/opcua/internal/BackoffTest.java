package io.plantmesh.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.opcua.ReconnectPolicy;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final ReconnectPolicy POLICY =
      new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30));

  @Test
  void doublesUpToTheCap() {
    Backoff b = new Backoff(POLICY, () -> 0.999999);
    long[] expectedCeilings = {1, 2, 4, 8, 16, 30, 30, 30};
    for (long s : expectedCeilings) {
      Duration d = b.next();
      assertTrue(
          d.compareTo(Duration.ofSeconds(s)) <= 0
              && d.compareTo(Duration.ofSeconds(s).minusMillis(1)) >= 0,
          s + "s: " + d);
    }
  }

  @Test
  void jitterStaysBetweenHalfAndAllOfTheCeiling() {
    Backoff low = new Backoff(POLICY, () -> 0.0);
    assertEquals(Duration.ofMillis(500), low.next());
    assertEquals(Duration.ofSeconds(1), low.next());
    Random random = new Random(42);
    Backoff b = new Backoff(POLICY, random::nextDouble);
    for (int i = 0; i < 50; i++) {
      Duration ceiling = b.ceiling(i);
      Duration d = b.next();
      assertTrue(d.compareTo(ceiling.dividedBy(2)) >= 0 && d.compareTo(ceiling) <= 0, i + ": " + d);
    }
    assertEquals(Duration.ofSeconds(30), b.ceiling(1000));
  }

  @Test
  void resetStartsOver() {
    Backoff b = new Backoff(POLICY, () -> 0.0);
    b.next();
    b.next();
    b.next();
    assertEquals(3, b.attempts());
    b.reset();
    assertEquals(Duration.ofMillis(500), b.next());
  }
}
