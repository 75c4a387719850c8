package io.plantmesh.node.config;

import io.plantmesh.cluster.decisions.RuleHost;
import io.plantmesh.cluster.rules.CompiledRuleSet;
import io.plantmesh.core.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules, alarms and their settings after validation: the rule set compiled against what the node
 * knows of its tags at start-up.
 *
 * @param rules the compiled rules, with the compiler's warnings (unknown tags under the {@code
 *     warn} policy, rules without actions); empty when none are configured
 * @param host how the rule host runs the actions
 * @param alarmRetention how long cleared alarms are kept
 * @param alarmsToken the bearer token for acknowledging alarms over REST; empty: refused
 * @param knownTags how many tags the compiler's catalogue held (explicit tag paths of this node's
 *     sources)
 */
public record DecisionSettings(
    CompiledRuleSet rules,
    RuleHost.Settings host,
    Duration alarmRetention,
    Optional<Secret> alarmsToken,
    int knownTags) {

  public DecisionSettings {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(alarmRetention, "alarmRetention");
    Objects.requireNonNull(alarmsToken, "alarmsToken");
  }

  /** No rules, default settings. */
  public static DecisionSettings none() {
    return new DecisionSettings(
        new CompiledRuleSet(List.of(), List.of()),
        RuleHost.Settings.defaults(),
        io.plantmesh.cluster.decisions.AlarmStore.DEFAULT_RETENTION,
        Optional.empty(),
        0);
  }

  public boolean hasRules() {
    return !rules.rules().isEmpty();
  }
}
