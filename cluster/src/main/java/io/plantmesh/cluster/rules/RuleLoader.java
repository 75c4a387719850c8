package io.plantmesh.cluster.rules;

import io.plantmesh.cluster.rules.internal.ProblemSink;
import io.plantmesh.cluster.rules.internal.RuleConfigParser;
import java.util.List;
import java.util.Map;

/**
 * Loads a rule set from configuration as a YAML parser gives it: a list of maps, each rule with
 * {@code name}, {@code condition}, optional {@code description}, {@code for}, {@code clear} or
 * {@code deadband}, {@code stale-after}, {@code uncertain} (accept|unknown), {@code recheck}, and
 * {@code actions}, a list of single-key maps:
 *
 * <pre>
 * - write: {target: plant/l1/oven/fan, value: 100.0, interlock: '...', rate-limit: 6/1m, on: fire}
 * - alarm: {severity: high, message: 'Oven at ${tag("plant/l1/oven/temp")} °C'}
 * - event: {name: oven-overheat, message: '...', on: clear}
 * </pre>
 *
 * Durations are {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601. Every problem is
 * reported with its key; nothing loads when any is an error. See {@link RuleSpec} for each field.
 */
public final class RuleLoader {
  private RuleLoader() {}

  /**
   * Reads and compiles.
   *
   * @param node the list under {@code key} (null: no rules)
   * @param key the configuration key of the list, e.g. {@code plantmesh.rules}
   * @throws RuleSetException with every problem found by reading and compiling, when any is an
   *     error
   */
  public static CompiledRuleSet load(Object node, String key, RuleCompiler compiler)
      throws RuleSetException {
    ProblemSink sink = new ProblemSink();
    Map<Integer, RuleSpec> specs = new RuleConfigParser(sink).parse(node, key);
    CompiledRuleSet set = compiler.compile(specs, key, sink);
    if (sink.hasErrors()) {
      throw new RuleSetException(sink.problems());
    }
    return set;
  }

  /**
   * Only reads (no catalogue needed): the typed rules, or every problem.
   *
   * @throws RuleSetException when any entry cannot be read
   */
  public static List<RuleSpec> read(Object node, String key) throws RuleSetException {
    ProblemSink sink = new ProblemSink();
    Map<Integer, RuleSpec> specs = new RuleConfigParser(sink).parse(node, key);
    if (sink.hasErrors()) {
      throw new RuleSetException(sink.problems());
    }
    return List.copyOf(specs.values());
  }
}
