package io.plantmesh.cluster.rules;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A rule fired or cleared. The engine reports it before the actions of that transition, so that a
 * host can record it (cluster-wide, for the next evaluator after a failover) before it runs them.
 *
 * @param rule the rule
 * @param firing true when it fired, false when it cleared
 * @param at when, by the engine's clock
 * @param alarmIds the alarms of the transition by the index of their action in the rule: raised
 *     (firing) or cleared (clearing)
 */
public record RuleTransition(String rule, boolean firing, Instant at, Map<Integer, UUID> alarmIds) {
  public RuleTransition {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(at, "at");
    alarmIds = Map.copyOf(alarmIds);
  }
}
