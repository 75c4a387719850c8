package io.plantmesh.kafka.summary;

import static io.plantmesh.kafka.summary.Harness.BAD;
import static io.plantmesh.kafka.summary.Harness.UNCERTAIN;
import static io.plantmesh.kafka.summary.Harness.at;
import static io.plantmesh.kafka.summary.Harness.secs;
import static io.plantmesh.kafka.summary.Harness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Value;
import io.plantmesh.kafka.summary.Summary.Kind;
import io.plantmesh.kafka.summary.Summary.NumericStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumericSummaryTest {
  private static final double EPS = 1e-9;
  private static final String TAG = "plant1/line1/temp";

  @Test
  void sampleStatisticsAndTimeWeightedMeanWithCarriedValues() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 10, 1).good(TAG, 20, 4).feed(TAG, Value.of(30.0), UNCERTAIN, 8);
    assertTrue(h.advance(11.999).isEmpty(), "the window waits for the allowed lateness");

    Summary w0 = single(h.advance(12));
    assertEquals(at(0), w0.windowStart());
    assertEquals(at(10), w0.windowEnd());
    assertFalse(w0.partial());
    assertEquals(Kind.NUMERIC, w0.kind());
    assertEquals(3, w0.count());
    NumericStats n = w0.numeric();
    assertEquals(3, n.samples());
    assertEquals(10.0, n.min());
    assertEquals(at(1), n.minTime());
    assertEquals(30.0, n.max());
    assertEquals(at(8), n.maxTime());
    assertEquals(20.0, n.mean(), EPS);
    assertEquals(Math.sqrt(200.0 / 3), n.stddev(), EPS);
    // held from the first reading: [1,4) 10, [4,8) 20, [8,10) 30
    assertEquals((3 * 10 + 4 * 20 + 2 * 30) / 9.0, n.timeWeightedMean(), EPS);
    assertEquals(secs(9), n.held());
    assertNull(w0.initial(), "nothing was held before the first reading");
    assertEquals(Value.of(10.0), w0.first().value());
    assertEquals(at(1), w0.first().time());
    assertEquals(Value.of(30.0), w0.last().value());
    assertEquals(UNCERTAIN, w0.last().quality());
    assertEquals(TAG + "@2026-03-02T10:00:00Z+PT10S", w0.id());

    // Next window: 30 is carried in until the reading at 15.
    h.good(TAG, 40, 15);
    Summary w1 = single(h.advance(22));
    assertEquals(Value.of(30.0), w1.initial().value());
    assertEquals(at(8), w1.initial().time());
    assertEquals(1, w1.count());
    assertEquals(40.0, w1.numeric().mean());
    assertEquals(0.0, w1.numeric().stddev());
    assertEquals((5 * 30 + 5 * 40) / 10.0, w1.numeric().timeWeightedMean(), EPS);
    assertEquals(secs(10), w1.numeric().held());

    // A silent window is still emitted while the tag carries a value.
    Summary w2 = single(h.advance(32));
    assertEquals(at(20), w2.windowStart());
    assertEquals(0, w2.count());
    assertNull(w2.first());
    assertNull(w2.quality().goodShare());
    assertEquals(0, w2.numeric().samples());
    assertNull(w2.numeric().mean());
    assertEquals(40.0, w2.numeric().timeWeightedMean());
    assertEquals(Value.of(40.0), w2.initial().value());
  }

  @Test
  void aReadingExactlyAtTheBoundaryBelongsToTheNextWindow() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 1, 9.999999).good(TAG, 2, 10).good(TAG, 3, 20);
    List<Summary> out = h.advance(32);
    assertEquals(3, out.size());
    assertEquals(1, out.get(0).count());
    assertEquals(1.0, out.get(0).numeric().max());
    assertEquals(at(10), out.get(1).windowStart());
    assertEquals(1, out.get(1).count());
    assertEquals(2.0, out.get(1).first().value().toJava());
    assertEquals(Value.of(1.0), out.get(1).initial().value());
    // The value 2 is held for all of [10, 20): the reading at 20 opens the next window.
    assertEquals(2.0, out.get(1).numeric().timeWeightedMean());
    assertEquals(at(20), out.get(2).first().time());
  }

  @Test
  void qualityMixBadCountsButNeverInTheStatistics() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 10, 1)
        .feed(TAG, Value.of(99.0), BAD, 3) // a BAD reading carrying the last value
        .feed(TAG, Value.of(20.0), UNCERTAIN, 5)
        .feed(TAG, Value.Null.INSTANCE, BAD, 7)
        .good(TAG, 30, 9);
    Summary s = single(h.advance(12));
    assertEquals(5, s.count());
    assertEquals(new Summary.QualityCounts(2, 1, 2), s.quality());
    assertEquals(0.4, s.quality().goodShare(), EPS);
    NumericStats n = s.numeric();
    assertEquals(3, n.samples());
    assertEquals(20.0, n.mean(), EPS);
    assertEquals(30.0, n.max(), "the BAD 99 is not a sample");
    // held: [1,3) 10, [5,7) 20, [9,10) 30; no value after a BAD reading
    assertEquals((2 * 10 + 2 * 20 + 30) / 5.0, n.timeWeightedMean(), EPS);
    assertEquals(secs(5), n.held());
    assertEquals(0, s.excluded());
  }

  @Test
  void afterABadReadingSilentWindowsAreNotEmitted() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 10, 1).feed(TAG, Value.Null.INSTANCE, BAD, 2);
    assertEquals(1, h.advance(12).size());
    assertTrue(h.advance(42).isEmpty(), "a tag that holds no value has no silent windows");
    h.good(TAG, 5, 45);
    Summary s = single(h.advance(52));
    assertNull(s.initial());
    assertEquals(5.0, s.numeric().timeWeightedMean());
    assertEquals(secs(5), s.numeric().held());
  }

  @Test
  void aWindowOfOnlyBadNullsHasCountsButNoStatistics() {
    Harness h = Harness.tenSeconds();
    h.feed(TAG, Value.Null.INSTANCE, BAD, 1).feed(TAG, Value.Null.INSTANCE, BAD, 2);
    Summary s = single(h.advance(12));
    assertEquals(Kind.NONE, s.kind());
    assertEquals(2, s.count());
    assertEquals(0.0, s.quality().goodShare());
    assertNull(s.numeric());
    assertNull(s.states());
  }

  @Test
  void nullNanAndMismatchedValuesAreCountedAndExcluded() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 4, 1)
        .feed(TAG, Value.of(Double.NaN), Quality.GOOD, 2)
        .good(TAG, 6, 3)
        .feed(TAG, Value.Null.INSTANCE, Quality.GOOD, 4)
        .good(TAG, 8, 5)
        .feed(TAG, Value.of("oops"), Quality.GOOD, 6)
        .feed(TAG, new Value.Bytes(new byte[] {1}), Quality.GOOD, 7);
    Summary s = single(h.advance(12));
    assertEquals(6, s.count(), "the byte string is not summarised at all");
    assertEquals(3, s.excluded());
    assertEquals(3, s.numeric().samples());
    assertEquals(6.0, s.numeric().mean(), EPS);
    // held: [1,2) 4, [3,4) 6, [5,6) 8
    assertEquals(6.0, s.numeric().timeWeightedMean(), EPS);
    assertEquals(secs(3), s.numeric().held());
    assertEquals(Value.of("oops"), s.last().value());
    assertEquals(1, h.aggregator.metrics().unsupported());
  }

  @Test
  void integersOfEveryWidthAreNumbers() {
    Harness h = Harness.tenSeconds();
    h.feed(TAG, Value.Int.int32(-5), Quality.GOOD, 1)
        .feed(TAG, new Value.UInt(7, Value.Type.UINT16), Quality.GOOD, 2)
        .feed(TAG, new Value.Float32(1.5f), Quality.GOOD, 3)
        .feed(TAG, new Value.UInt(-1L, Value.Type.UINT64), Quality.GOOD, 4);
    Summary s = single(h.advance(12));
    assertEquals(4, s.numeric().samples());
    assertEquals(-5.0, s.numeric().min());
    assertEquals(18446744073709551615.0, s.numeric().max());
    assertEquals(new Value.UInt(-1L, Value.Type.UINT64), s.last().value());
  }

  @Test
  void minAndMaxTiesKeepTheEarliestTime() {
    Harness h = Harness.tenSeconds();
    h.good(TAG, 5, 1).good(TAG, 9, 2).good(TAG, 5, 3).good(TAG, 9, 4);
    Summary s = single(h.advance(12));
    assertEquals(at(1), s.numeric().minTime());
    assertEquals(at(2), s.numeric().maxTime());
  }
}
