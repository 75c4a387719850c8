package io.plantmesh.node.config;

import io.smallrye.config.WithParentName;
import java.util.Map;

/**
 * One entry of {@code plantmesh.rules}, as flattened keys ({@code name}, {@code actions[0].write.
 * target}...). The node rebuilds the tree ({@link ConfigTree}) and hands it to the cluster's rule
 * loader, which defines and checks the keys. Values are taken as written: {@code ${...}} in a rule
 * is the rule's own placeholder, not a configuration expression ({@link RuleValuesVerbatim}).
 */
public interface RuleSection {
  /** Every key of the rule, relative to its entry. */
  @WithParentName
  Map<String, String> fields();
}
