package io.plantmesh.kafka.summary;

import static io.plantmesh.kafka.summary.Harness.at;
import static io.plantmesh.kafka.summary.Harness.secs;
import static io.plantmesh.kafka.summary.Harness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The owner releases a tag mid-window and another acquires it: both halves are partial. */
class FailoverTest {
  private static final String TAG = "plant1/line2/level";

  @Test
  void theWindowSplitByAFailoverIsTwoPartialSummaries() {
    // The old owner collected since 10:00:00 and releases at 10:00:03.
    Harness old = new Harness(Harness.config("10s"), at(0));
    old.good(TAG, 5, 1);
    Summary before = single(old.stop(3));
    assertTrue(before.partial());
    assertEquals(at(0), before.coveredFrom());
    assertEquals(at(3), before.coveredTo());
    assertEquals(5.0, before.numeric().timeWeightedMean());
    assertEquals(secs(2), before.numeric().held());
    assertTrue(old.aggregator.isStopped());
    assertThrows(IllegalStateException.class, () -> old.good(TAG, 1, 3.5));
    assertTrue(old.stop(4).isEmpty(), "stop is idempotent");

    // The new owner acquires at 10:00:04; the warm handover gives it the value read at 1.
    Harness next = new Harness(Harness.config("10s"), at(4));
    next.good(TAG, 5, 1).good(TAG, 10, 6);
    Summary after = single(next.advance(12));
    assertTrue(after.partial());
    assertEquals(at(0), after.windowStart());
    assertEquals(at(4), after.coveredFrom());
    assertEquals(at(10), after.coveredTo());
    assertEquals(1, after.count(), "the value read before the acquisition is the old owner's");
    assertEquals(Value.of(5.0), after.initial().value());
    assertEquals(at(1), after.initial().time());
    // [4,6) 5 carried over, [6,10) 10
    assertEquals((2 * 5 + 4 * 10) / 6.0, after.numeric().timeWeightedMean(), 1e-12);
    assertEquals(secs(6), after.numeric().held());
    assertEquals(1, next.aggregator.metrics().beforeStart());

    assertNotEquals(before.id(), after.id(), "the halves are not duplicates of each other");
    assertEquals(
        TAG + "@2026-03-02T10:00:00Z+PT10S#2026-03-02T10:00:04Z..2026-03-02T10:00:10Z", after.id());

    // Windows after the acquisition are whole.
    Summary whole = single(next.advance(22));
    assertFalse(whole.partial());
    assertEquals(TAG + "@2026-03-02T10:00:10Z+PT10S", whole.id());
  }

  @Test
  void aConstantTagNeverChangingStillGetsItsWindowsAfterAcquisition() {
    // OPC UA sends the current value with its original source time: an hour ago.
    Harness h = new Harness(Harness.config("10s"), at(4));
    h.feed(TAG, Value.of(42L), Quality.GOOD, -3600);
    List<Summary> out = h.advance(32);
    assertEquals(3, out.size());
    assertTrue(out.get(0).partial());
    for (Summary s : out) {
      assertEquals(0, s.count());
      assertEquals(42.0, s.numeric().timeWeightedMean());
      assertEquals(Value.of(42L), s.initial().value());
    }
    assertEquals(secs(6), out.get(0).numeric().held());
    assertEquals(secs(10), out.get(2).numeric().held());
  }

  @Test
  void stopEmitsOpenWindowsWholeUpToTheLastOnePartial() {
    Harness h = new Harness(Harness.config("10s"), at(0));
    h.good(TAG, 1, 2).good(TAG, 2, 12).good(TAG, 3, 21);
    List<Summary> out = h.stop(23); // nothing closed by the clock yet
    assertEquals(3, out.size());
    assertFalse(out.get(0).partial());
    assertFalse(out.get(1).partial());
    Summary last = out.get(2);
    assertTrue(last.partial());
    assertEquals(at(20), last.coveredFrom());
    assertEquals(at(23), last.coveredTo());
    // [20,21) 2 carried in, [21,23) 3
    assertEquals((2 + 2 * 3) / 3.0, last.numeric().timeWeightedMean(), 1e-12);
    assertEquals(0, h.aggregator.metrics().openWindows());
  }

  @Test
  void readingsAheadOfTheStopTimeInLaterWindowsAreCountedAsDiscarded() {
    Harness h = new Harness(Harness.config("10s"), at(0));
    h.good(TAG, 1, 2).good(TAG, 2, 31); // a source clock ahead of the node's
    List<Summary> out = h.stop(23);
    assertEquals(3, out.size(), "[0,10), [10,20) silent, [20,23) silent");
    SummaryMetrics m = h.aggregator.metrics();
    assertEquals(1, m.discardedAtStop());
    assertEquals(1, m.accepted());
    assertEquals(2, m.received());
  }

  @Test
  void startingMidWindowWithoutAValueToCarry() {
    Harness h = new Harness(Harness.config("10s"), at(4));
    h.good(TAG, 8, 7);
    Summary s = single(h.advance(12));
    assertTrue(s.partial());
    assertNull(s.initial());
    assertEquals(8.0, s.numeric().timeWeightedMean());
    assertEquals(secs(3), s.numeric().held());
  }
}
