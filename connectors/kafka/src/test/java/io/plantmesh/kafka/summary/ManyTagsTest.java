package io.plantmesh.kafka.summary;

import static io.plantmesh.kafka.summary.Harness.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Thousands of tags in two groups, a clock ticking every half second, then a release. */
class ManyTagsTest {
  private static final int TAGS = 2000;

  @Test
  void everyTagGetsContiguousWindowsWithTheExpectedAggregates() {
    SummaryConfig config =
        SummaryConfig.fromMap(
            Map.of(
                "groups",
                List.of(Map.of("prefix", "plant1/line1", "window", "1s")),
                "default-window",
                "5s",
                "allowed-lateness",
                "1s"));
    Instant start = at(0);
    SummaryAggregator agg = new SummaryAggregator(config, start);
    List<TagPath> tags = new ArrayList<>();
    for (int i = 0; i < TAGS; i++) {
      tags.add(TagPath.of(i % 2 == 0 ? "plant1/line1/t" + i : "plant1/line2/t" + i));
    }
    Map<TagPath, List<Summary>> byTag = new HashMap<>();
    long seq = 0;
    int fed = 0;
    // 20 s of readings, four a second per tag: value i + step
    for (int step = 0; step < 80; step++) {
      Instant t = start.plusMillis(250L * step);
      List<Reading> batch = new ArrayList<>(TAGS);
      for (int i = 0; i < TAGS; i++) {
        batch.add(
            new Reading(
                tags.get(i), Value.of((double) i + step), Quality.GOOD, t, null, t, "n", ++seq));
      }
      agg.accept(batch);
      fed += batch.size();
      if (step % 2 == 1) {
        collect(byTag, agg.advanceTo(t));
      }
    }
    collect(byTag, agg.stop(at(20)));

    SummaryMetrics m = agg.metrics();
    assertEquals(fed, m.accepted());
    assertEquals(TAGS, m.tags());
    assertEquals(0, m.openWindows());
    assertEquals(0, m.partialSummaries(), "the run started and stopped on window boundaries");

    long counted = 0;
    for (int i = 0; i < TAGS; i++) {
      List<Summary> list = byTag.get(tags.get(i));
      Duration w = config.windowOf(tags.get(i));
      assertEquals(20_000 / w.toMillis(), list.size(), tags.get(i).toString());
      int perWindow = (int) (w.toMillis() / 250);
      for (int k = 0; k < list.size(); k++) {
        Summary s = list.get(k);
        assertEquals(start.plus(w.multipliedBy(k)), s.windowStart(), "contiguous");
        assertFalse(s.partial());
        assertEquals(perWindow, s.count());
        double first = i + (double) k * perWindow;
        double mean = first + (perWindow - 1) / 2.0;
        assertEquals(mean, s.numeric().mean(), 1e-9);
        // every value is held for 250 ms, so the time-weighted mean is the mean
        assertEquals(mean, s.numeric().timeWeightedMean(), 1e-9);
        assertEquals(first, s.numeric().min());
        counted += s.count();
      }
    }
    assertEquals(fed, counted, "each reading in exactly one summary");
  }

  private static void collect(Map<TagPath, List<Summary>> byTag, List<Summary> out) {
    SchemaCheck.check(out);
    for (Summary s : out) {
      byTag.computeIfAbsent(s.tag(), k -> new ArrayList<>()).add(s);
    }
    assertTrue(out.stream().allMatch(s -> s.count() > 0));
  }
}
