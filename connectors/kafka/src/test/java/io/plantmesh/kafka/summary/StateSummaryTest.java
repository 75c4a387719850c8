package io.plantmesh.kafka.summary;

import static io.plantmesh.kafka.summary.Harness.BAD;
import static io.plantmesh.kafka.summary.Harness.secs;
import static io.plantmesh.kafka.summary.Harness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Value;
import io.plantmesh.kafka.summary.Summary.Kind;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateSummaryTest {
  private static final String RUNNING = "plant1/line1/press/running";
  private static final String MODE = "plant1/line1/press/mode";

  @Test
  void booleanChangesAndTimeInEachStateAcrossABadGap() {
    Harness h = Harness.tenSeconds();
    h.feed(RUNNING, Value.of(true), Quality.GOOD, 2)
        .feed(RUNNING, Value.of(true), Quality.GOOD, 3)
        .feed(RUNNING, Value.of(false), Quality.GOOD, 5)
        .feed(RUNNING, Value.Null.INSTANCE, BAD, 6)
        .feed(RUNNING, Value.of(false), Quality.GOOD, 7)
        .feed(RUNNING, Value.of(true), Quality.GOOD, 8);
    Summary s = single(h.advance(12));
    assertEquals(Kind.BOOLEAN, s.kind());
    assertEquals(6, s.count());
    assertNull(s.numeric());
    // true -> false at 5, false -> true at 8; false, BAD, false is no change
    assertEquals(2, s.states().changes());
    // true: [2,5) and [8,10); false: [5,6) and [7,8); nothing held during [6,7)
    assertEquals(Map.of("true", secs(5), "false", secs(2)), s.states().timeInState());
    assertEquals(secs(7), s.states().held());
    assertEquals(Value.of(true), s.first().value());
    assertEquals(Value.of(true), s.last().value());

    // The first reading of the next window changes the value carried in.
    h.feed(RUNNING, Value.of(false), Quality.GOOD, 12);
    Summary next = single(h.advance(22));
    assertEquals(Value.of(true), next.initial().value());
    assertEquals(1, next.states().changes());
    assertEquals(Map.of("true", secs(2), "false", secs(8)), next.states().timeInState());

    // A silent window: no change, all the time in the carried state.
    Summary silent = single(h.advance(32));
    assertEquals(0, silent.count());
    assertEquals(0, silent.states().changes());
    assertEquals(Map.of("true", Duration.ZERO, "false", secs(10)), silent.states().timeInState());
  }

  @Test
  void stringChangesAndTimeInEachState() {
    Harness h = Harness.tenSeconds();
    h.feed(MODE, Value.of("idle"), Quality.GOOD, 0)
        .feed(MODE, Value.of("run"), Quality.GOOD, 2)
        .feed(MODE, Value.of("fault"), Quality.GOOD, 5)
        .feed(MODE, Value.of("run"), Quality.GOOD, 6)
        .feed(MODE, Value.of("run"), Quality.GOOD, 9);
    Summary s = single(h.advance(12));
    assertEquals(Kind.STRING, s.kind());
    assertEquals(3, s.states().changes());
    assertEquals(
        Map.of("idle", secs(2), "run", secs(7), "fault", secs(1)), s.states().timeInState());
    assertEquals(secs(10), s.states().held());
    assertEquals(Duration.ZERO, s.states().timeInOtherStates());
  }

  @Test
  void aFreeTextTagKeepsAtMostMaxStatesAndCountsTheRestAsOther() {
    Harness h = Harness.tenSeconds();
    int n = Summary.StateStats.MAX_STATES + 8;
    for (int i = 0; i < n; i++) {
      h.feed(MODE, Value.of("message " + i), Quality.GOOD, i * 0.25);
    }
    Summary s = single(h.advance(12));
    assertEquals(n - 1, s.states().changes());
    assertEquals(Summary.StateStats.MAX_STATES, s.states().timeInState().size());
    // 32 states held 0.25 s each; the rest is in others, up to the window's end
    Map<String, Duration> expected = new HashMap<>();
    for (int i = 0; i < Summary.StateStats.MAX_STATES; i++) {
      expected.put("message " + i, secs(0.25));
    }
    assertEquals(expected, s.states().timeInState());
    assertEquals(secs(10 - 0.25 * Summary.StateStats.MAX_STATES), s.states().timeInOtherStates());
  }

  @Test
  void stateUnderUncertainQualityCounts() {
    Harness h = Harness.tenSeconds();
    h.feed(RUNNING, Value.of(true), Harness.UNCERTAIN, 0)
        .feed(RUNNING, Value.of(false), Quality.GOOD, 4);
    Summary s = single(h.advance(12));
    assertEquals(1, s.states().changes());
    assertEquals(Map.of("true", secs(4), "false", secs(6)), s.states().timeInState());
    assertEquals(0.5, s.quality().goodShare());
  }
}
