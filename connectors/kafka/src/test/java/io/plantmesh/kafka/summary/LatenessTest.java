package io.plantmesh.kafka.summary;

import static io.plantmesh.kafka.summary.Harness.at;
import static io.plantmesh.kafka.summary.Harness.secs;
import static io.plantmesh.kafka.summary.Harness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatenessTest {
  private static final String TAG = "plant1/line1/flow";

  @Test
  void aReadingWithinTheAllowedLatenessIsCountedOutOfOrder() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 1, 5).good(TAG, 2, 12);
    assertTrue(h.advance(11).isEmpty());
    h.good(TAG, 3, 8); // behind the tag's latest (12), but its window [0,10) is still open
    Summary s = single(h.advance(12));
    assertEquals(2, s.count());
    assertEquals(1, s.outOfOrder());
    assertEquals(2.0, s.numeric().mean(), 1e-12, "an out-of-order value is a sample");
    assertEquals(3.0, s.numeric().max());
    assertEquals(at(8), s.last().time());
    // ... but not in the sample-and-hold: 1 is held from 5 to the window's end
    assertEquals(1.0, s.numeric().timeWeightedMean());
    assertEquals(secs(5), s.numeric().held());
    assertEquals(3, h.aggregator.metrics().accepted());
  }

  @Test
  void aReadingBeyondTheAllowedLatenessIsCountedAndDropped() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 1, 5);
    assertEquals(1, h.advance(12).size());
    h.good(TAG, 99, 9.5).good(TAG, 2, 13);
    SummaryMetrics m = h.aggregator.metrics();
    assertEquals(1, m.late());
    assertEquals(2, m.accepted());
    Summary next = single(h.advance(22));
    assertEquals(1, next.count());
    assertEquals(2.0, next.numeric().max(), "the late 99 is nowhere");
    assertEquals((3 * 1 + 7 * 2) / 10.0, next.numeric().timeWeightedMean(), 1e-12);
  }

  @Test
  void zeroLatenessClosesAtTheWindowEnd() {
    Harness h =
        new Harness(Harness.config("10s").withAllowedLateness(java.time.Duration.ZERO), at(0));
    h.good(TAG, 1, 5);
    assertTrue(h.advance(9.999).isEmpty());
    assertEquals(1, h.advance(10).size());
    h.good(TAG, 1, 9.999);
    assertEquals(1, h.aggregator.metrics().late());
  }

  @Test
  void aReadingTooFarAheadOfTheClockIsCountedAndDropped() {
    Harness h = Harness.tenSeconds(); // max clock skew 1 min
    h.good(TAG, 1, 60).good(TAG, 2, 60.001);
    SummaryMetrics m = h.aggregator.metrics();
    assertEquals(1, m.accepted());
    assertEquals(1, m.future());
    h.advance(30);
    h.good(TAG, 3, 90);
    assertEquals(1, h.aggregator.metrics().future(), "the limit moves with the clock");
  }

  @Test
  void aClockThatGoesBackClosesNothingAndReopensNothing() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 1, 5);
    assertEquals(1, h.advance(12).size());
    assertTrue(h.advance(3).isEmpty());
    h.good(TAG, 7, 6);
    assertEquals(1, h.aggregator.metrics().late());
  }

  @Test
  void everyReadingIsAccountedFor() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 1, -1).good(TAG, 1, 5).good(TAG, 1, 600);
    h.feed(
        TAG, new io.plantmesh.core.Value.Bytes(new byte[] {2}), io.plantmesh.core.Quality.GOOD, 6);
    List<Summary> out = h.advance(30);
    h.good(TAG, 1, 1);
    SummaryMetrics m = h.aggregator.metrics();
    assertEquals(5, m.received());
    assertEquals(1, m.beforeStart());
    assertEquals(1, m.accepted());
    assertEquals(1, m.future());
    assertEquals(1, m.unsupported());
    assertEquals(1, m.late());
    assertEquals(out.size(), m.summaries());
  }

  @Test
  void aClockJumpOfHoursFlushesAndRestartsInsteadOfEmittingEverySilentWindow() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 1, 5);
    assertEquals(3, h.advance(32).size());
    // NTP steps the clock two hours forward: not 720 silent windows, but a gap
    Summary flushed = single(h.advance(7232));
    assertTrue(flushed.partial());
    assertEquals(at(30), flushed.coveredFrom());
    assertEquals(at(32), flushed.coveredTo());
    assertEquals(1, h.aggregator.metrics().clockJumps());

    h.good(TAG, 2, 7235);
    List<Summary> out = h.advance(7252);
    assertEquals(2, out.size());
    Summary resumed = out.get(0);
    assertTrue(resumed.partial());
    assertEquals(at(7232), resumed.coveredFrom());
    assertEquals(io.plantmesh.core.Value.of(1.0), resumed.initial().value());
    assertEquals((3 * 1 + 5 * 2) / 8.0, resumed.numeric().timeWeightedMean(), 1e-12);
    assertEquals(2.0, out.get(1).numeric().timeWeightedMean());
    assertTrue(!out.get(1).partial());
  }
}
