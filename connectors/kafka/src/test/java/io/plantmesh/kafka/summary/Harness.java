package io.plantmesh.kafka.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drives an aggregator with readings at explicit times; the clock is moved by hand. Every summary
 * it returns has been validated against the schema and round-tripped through JSON.
 */
final class Harness {
  /** A window boundary for every window length that divides a day. */
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  static final Quality UNCERTAIN = Quality.of(0x40920000L, "Uncertain_SubNormal");
  static final Quality BAD = Quality.of(0x808A0000L, "Bad_NotConnected");

  final SummaryAggregator aggregator;
  private long sequence;

  Harness(SummaryConfig config, Instant start) {
    this.aggregator = new SummaryAggregator(config, start);
  }

  /** Default window 10 s, 2 s allowed lateness, starting at {@link #T0}. */
  static Harness tenSeconds() {
    return new Harness(config("10s"), T0);
  }

  static SummaryConfig config(String window) {
    return SummaryConfig.fromMap(
        java.util.Map.of("default-window", window, "allowed-lateness", "2s"));
  }

  /** {@link #T0} plus {@code seconds} (fractions allowed). */
  static Instant at(double seconds) {
    return T0.plus(Duration.ofNanos(Math.round(seconds * 1e9)));
  }

  Reading reading(String tag, Value v, Quality q, Instant t) {
    return new Reading(TagPath.of(tag), v, q, t, null, t.plusMillis(5), "node-a", ++sequence);
  }

  Harness feed(String tag, Value v, Quality q, double seconds) {
    aggregator.accept(List.of(reading(tag, v, q, at(seconds))));
    return this;
  }

  Harness good(String tag, double value, double seconds) {
    return feed(tag, Value.of(value), Quality.GOOD, seconds);
  }

  List<Summary> advance(double seconds) {
    return SchemaCheck.check(aggregator.advanceTo(at(seconds)));
  }

  List<Summary> stop(double seconds) {
    return SchemaCheck.check(aggregator.stop(at(seconds)));
  }

  /** The one summary in {@code list}, for a test that expects exactly one. */
  static Summary single(List<Summary> list) {
    assertEquals(1, list.size(), () -> "expected one summary: " + list);
    return list.get(0);
  }

  static Duration secs(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }
}
