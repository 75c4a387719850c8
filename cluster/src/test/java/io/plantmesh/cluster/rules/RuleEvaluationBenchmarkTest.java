package io.plantmesh.cluster.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an evaluation costs: 1,000 rules of the example shape, each over its own tag, fed
 * changes in batches. Prints rules/s and compile time; asserts only that the work was done (timing
 * on a shared 2-core build machine is not something to assert).
 */
class RuleEvaluationBenchmarkTest {
  private static final int RULES = 1000;
  private static final int ROUNDS = 200;

  @Test
  void measureEvaluationRate() throws Exception {
    Map<TagPath, Value.Type> types = new HashMap<>();
    List<RuleSpec> specs = new ArrayList<>();
    for (int i = 0; i < RULES; i++) {
      TagPath p = TagPath.of("plant/l1/oven" + i + "/temp");
      types.put(p, Value.Type.DOUBLE);
      String t = "\"" + p + "\"";
      specs.add(
          RuleSpec.of(
              "r" + i,
              "tag(" + t + ") > 250.0 && quality(" + t + ") == GOOD",
              new AlarmAction(AlarmSeverity.HIGH, "hot")));
    }
    long c0 = System.nanoTime();
    CompiledRuleSet set =
        new RuleCompiler(TagCatalog.of(types), UnknownTagPolicy.REFUSE).compile(specs);
    long compileNanos = System.nanoTime() - c0;

    int[] actions = new int[1];
    RuleEngine engine = new RuleEngine(set, Clock.systemUTC(), at -> {}, r -> actions[0]++);
    List<List<Reading>> batches = new ArrayList<>();
    long seq = 0;
    for (int round = 0; round < 2; round++) {
      List<Reading> batch = new ArrayList<>(RULES);
      for (int i = 0; i < RULES; i++) {
        double v = round == 0 ? 200.0 + i % 10 : 260.0 + i % 10;
        batch.add(
            new Reading(
                TagPath.of("plant/l1/oven" + i + "/temp"),
                Value.of(v),
                Quality.GOOD,
                null,
                null,
                Instant.now(),
                "n1",
                ++seq));
      }
      batches.add(batch);
    }
    // Warm up, then measure: alternate below/above the limit so rules fire and clear.
    for (int r = 0; r < ROUNDS / 4; r++) {
      engine.onChanges(renumber(batches.get(r % 2), seq += RULES));
    }
    actions[0] = 0;
    long t0 = System.nanoTime();
    for (int r = 0; r < ROUNDS; r++) {
      engine.onChanges(renumber(batches.get(r % 2), seq += RULES));
    }
    long nanos = System.nanoTime() - t0;
    double evaluations = (double) RULES * ROUNDS;
    System.out.printf(
        "rule engine: compiled %d rules in %d ms (%.2f ms/rule); %,.0f evaluations in %d ms ="
            + " %,.0f rules/s (%.2f µs each, including %d alarm raise/clear requests)%n",
        RULES,
        compileNanos / 1_000_000,
        compileNanos / 1e6 / RULES,
        evaluations,
        nanos / 1_000_000,
        evaluations / (nanos / 1e9),
        nanos / 1e3 / evaluations,
        actions[0]);
    assertEquals(RULES * ROUNDS, actions[0], "every evaluation fired or cleared its rule");
  }

  private static List<Reading> renumber(List<Reading> batch, long base) {
    List<Reading> out = new ArrayList<>(batch.size());
    long s = base;
    for (Reading r : batch) {
      out.add(
          new Reading(r.path(), r.value(), r.quality(), null, null, r.receivedTime(), "n1", ++s));
    }
    return out;
  }
}
