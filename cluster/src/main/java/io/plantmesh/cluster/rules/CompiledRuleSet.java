package io.plantmesh.cluster.rules;

import io.plantmesh.core.TagPath;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A rule set that loaded: every rule compiled and checked. Immutable; hand it to a {@link
 * RuleEngine}.
 *
 * @param rules the rules, in the configuration's order
 * @param warnings what loaded but deserves a look (unknown tags under {@link
 *     UnknownTagPolicy#WARN}, rules without actions)
 */
public record CompiledRuleSet(List<CompiledRule> rules, List<RuleProblem> warnings) {
  public CompiledRuleSet {
    rules = List.copyOf(rules);
    warnings = List.copyOf(warnings);
  }

  public Optional<CompiledRule> rule(String name) {
    return rules.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** Every tag some rule reads: what the node must feed the engine. */
  public Set<TagPath> reads() {
    Set<TagPath> out = new LinkedHashSet<>();
    rules.forEach(r -> out.addAll(r.reads()));
    return out;
  }
}
