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
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * What an evaluation costs: 1,000 rules of the issue's example shape, each over its own tag, fed
 * batches of 1,000 changes. Prints compile time and rules/s, once with values that stay below the
 * limit (evaluation only) and once alternating across it (every evaluation fires or clears, and
 * renders the alarm message). Asserts only that the work was done: timing on a shared 2-core build
 * machine is not something to assert.
 */
class RuleEvaluationBenchmarkTest {
  private static final int RULES = 1000;
  private static final int ROUNDS = 200;

  private final List<TagPath> paths = new ArrayList<>();
  private long sequence;

  @Test
  void measureEvaluationRate() throws Exception {
    Map<TagPath, Value.Type> types = new HashMap<>();
    List<RuleSpec> specs = new ArrayList<>();
    for (int i = 0; i < RULES; i++) {
      TagPath p = TagPath.of("plant/l1/oven" + i + "/temp");
      paths.add(p);
      types.put(p, Value.Type.DOUBLE);
      String t = "\"" + p + "\"";
      specs.add(
          RuleSpec.of(
              "r" + i,
              "tag(" + t + ") > 250.0 && quality(" + t + ") == GOOD",
              new AlarmAction(AlarmSeverity.HIGH, "oven at ${tag(" + t + ")}")));
    }
    long c0 = System.nanoTime();
    CompiledRuleSet set =
        new RuleCompiler(TagCatalog.of(types), UnknownTagPolicy.REFUSE).compile(specs);
    long compileNanos = System.nanoTime() - c0;
    System.out.printf(
        "rule engine: compiled %d rules in %d ms (%.2f ms/rule)%n",
        RULES, compileNanos / 1_000_000, compileNanos / 1e6 / RULES);

    int[] actions = new int[1];
    RuleEngine engine = new RuleEngine(set, Clock.systemUTC(), at -> {}, r -> actions[0]++);
    IntToDoubleFunction steady = round -> 200.0 + round % 10;
    IntToDoubleFunction flapping = round -> round % 2 == 0 ? 200.0 : 260.0;

    run(engine, steady, ROUNDS / 4);
    report("steady (no transitions)", run(engine, steady, ROUNDS));
    assertEquals(0, actions[0]);

    run(engine, flapping, ROUNDS / 4);
    actions[0] = 0;
    report("firing and clearing", run(engine, flapping, ROUNDS));
    assertEquals(RULES * ROUNDS, actions[0], "every evaluation fired or cleared its rule");
  }

  private long run(RuleEngine engine, IntToDoubleFunction value, int rounds) {
    long total = 0;
    for (int round = 0; round < rounds; round++) {
      List<Reading> batch = new ArrayList<>(RULES);
      Instant now = Instant.now();
      for (TagPath p : paths) {
        batch.add(
            new Reading(
                p,
                Value.of(value.applyAsDouble(round)),
                Quality.GOOD,
                null,
                null,
                now,
                "n1",
                ++sequence));
      }
      long t0 = System.nanoTime();
      engine.onChanges(batch);
      total += System.nanoTime() - t0;
    }
    return total;
  }

  private static void report(String what, long nanos) {
    double evaluations = (double) RULES * ROUNDS;
    System.out.printf(
        "rule engine, %s: %,.0f evaluations in %d ms = %,.0f rules/s (%.2f µs each)%n",
        what,
        evaluations,
        nanos / 1_000_000,
        evaluations / (nanos / 1e9),
        nanos / 1e3 / evaluations);
  }
}
