package io.plantmesh.kafka.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.TagPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryConfigTest {

  @Test
  void readsTheSectionAndTheLongestPrefixWins() {
    SummaryConfig c =
        SummaryConfig.fromMap(
            Map.of(
                "groups",
                List.of(
                    Map.of("prefix", "plant1/line1", "window", "10s"),
                    Map.of("prefix", "plant1/line1/cell2", "window", "1s"),
                    Map.of("prefix", "plant1", "window", "PT5M")),
                "default-window",
                "1m",
                "allowed-lateness",
                "500ms"));
    assertEquals(Duration.ofSeconds(1), c.windowOf(TagPath.of("plant1/line1/cell2/temp")));
    assertEquals(Duration.ofSeconds(10), c.windowOf(TagPath.of("plant1/line1/cell3/temp")));
    assertEquals(Duration.ofSeconds(10), c.windowOf(TagPath.of("plant1/line1")));
    // segment-wise: line10 is not below line1
    assertEquals(Duration.ofMinutes(5), c.windowOf(TagPath.of("plant1/line10/temp")));
    assertEquals(Duration.ofMinutes(1), c.windowOf(TagPath.of("plant2/line1/temp")));
    assertNull(c.groupOf(TagPath.of("plant2/x")));
    assertEquals(Duration.ofMillis(500), c.allowedLateness());
    assertEquals(SummaryConfig.DEFAULT_MAX_CLOCK_SKEW, c.maxClockSkew());
  }

  @Test
  void theAggregatorUsesEachTagsGroupWindow() {
    SummaryConfig c =
        SummaryConfig.defaults()
            .withGroups(
                List.of(
                    SummaryConfig.Group.of("plant1/line1", "10s"),
                    SummaryConfig.Group.of("plant1/line1/cell2", "1s")));
    Harness h = new Harness(c, Harness.T0);
    h.good("plant1/line1/cell2/t", 1, 0.5).good("plant1/line1/cell3/t", 1, 0.5);
    h.good("plant9/t", 1, 0.5);
    List<Summary> out = h.advance(63);
    assertEquals(
        61 + 6 + 1,
        out.size(),
        "1 s windows [0,61), 10 s windows [0,60), the 1 min window [0,60) of the default");
    for (Summary s : out) {
      Duration expected = c.windowOf(s.tag());
      assertEquals(expected, s.windowLength(), s.id());
    }
  }

  @Test
  void everyMistakeIsNamedByItsKey() {
    assertMessage(
        "summaries.groups[1].window: 7s does not divide a day evenly",
        Map.of(
            "groups",
            List.of(
                Map.of("prefix", "a", "window", "10s"), Map.of("prefix", "b", "window", "7s"))));
    assertMessage(
        "summaries.groups[1].prefix: 'a/b' is already the prefix of summaries.groups[0]",
        Map.of(
            "groups",
            List.of(
                Map.of("prefix", "a/b", "window", "10s"),
                Map.of("prefix", "a/b", "window", "1s"))));
    assertMessage(
        "summaries.groups[0].prefix: tag path 'a//b' has an empty segment",
        Map.of("groups", List.of(Map.of("prefix", "a//b", "window", "10s"))));
    assertMessage(
        "summaries.groups[0].window is missing", Map.of("groups", List.of(Map.of("prefix", "a"))));
    assertMessage(
        "summaries.groups[0].size is not a known key",
        Map.of("groups", List.of(Map.of("prefix", "a", "window", "1s", "size", "3"))));
    assertMessage(
        "summaries.default-window: 'ten seconds' is not a duration",
        Map.of("default-window", "ten seconds"));
    assertMessage(
        "summaries.default-window: PT0.05S is out of range", Map.of("default-window", "50ms"));
    assertMessage(
        "summaries.default-window: PT48H is out of range", Map.of("default-window", "2d"));
    assertMessage(
        "summaries.allowed-lateness: PT2H is out of range", Map.of("allowed-lateness", "2h"));
    assertMessage("summaries.max-clock-skew: 'x' is not a duration", Map.of("max-clock-skew", "x"));
    assertMessage("summaries.window is not a known key", Map.of("window", "1s"));
    assertMessage("summaries.groups must be a list", Map.of("groups", "a=1s"));
  }

  @Test
  void defaultsAndValidDurations() {
    SummaryConfig d = SummaryConfig.fromMap(Map.of());
    assertEquals(SummaryConfig.defaults(), d);
    assertEquals(Duration.ofMinutes(1), d.defaultWindow());
    assertEquals(Duration.ofSeconds(2), d.allowedLateness());
    for (String w : List.of("100ms", "250ms", "1s", "5s", "15s", "30s", "1m", "15m", "1h", "1d")) {
      SummaryConfig c = SummaryConfig.fromMap(Map.of("default-window", w));
      assertTrue(c.defaultWindow().toMillis() > 0, w);
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SummaryConfig(
                null, Duration.ofSeconds(1), Duration.ZERO, SummaryConfig.DEFAULT_MAX_CLOCK_SKEW));
  }

  private static void assertMessage(String expected, Map<String, ?> section) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SummaryConfig.fromMap(section));
    assertTrue(
        e.getMessage().startsWith(expected),
        () -> "expected '" + expected + "...' but was '" + e.getMessage() + "'");
  }
}
