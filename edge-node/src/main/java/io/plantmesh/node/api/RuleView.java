package io.plantmesh.node.api;

import io.plantmesh.cluster.SourceOwnership;
import io.plantmesh.cluster.rules.CompiledRule;
import io.plantmesh.cluster.rules.RuleStatus;
import java.time.Instant;
import java.util.Locale;

/**
 * A rule as {@code GET /api/rules} shows it: who evaluates it and, when this node does, its state.
 * A rule evaluated by a peer shows its evaluator only (ask that node for its state).
 *
 * @param evaluator the node that evaluates the rule now; null while none does
 * @param evaluatedHere whether this node evaluates it
 * @param state armed, pending, firing or errored; null when another node (or none) evaluates it
 * @param since when it entered {@code state}
 * @param lastOutcome the last evaluation's result: true, false, unknown or error
 * @param detail why the last outcome was unknown or an error; for a rule evaluated elsewhere, where
 *     to look
 * @param lastActionProblem the last action skipped or failed, with why
 */
public record RuleView(
    String name,
    String description,
    String condition,
    String evaluator,
    boolean evaluatedHere,
    String state,
    String since,
    String lastEvaluation,
    String lastOutcome,
    String detail,
    String pendingUntil,
    String lastFiring,
    String lastClearing,
    String lastActionProblem) {

  static RuleView of(CompiledRule rule, SourceOwnership owner, RuleStatus status, String self) {
    String evaluator =
        owner == null || owner.owner().isEmpty() || owner.state() != SourceOwnership.State.ACTIVE
            ? null
            : owner.owner();
    if (status == null) {
      return new RuleView(
          rule.name(),
          rule.spec().description(),
          rule.spec().condition(),
          evaluator,
          false,
          null,
          null,
          null,
          null,
          evaluator == null
              ? "no node evaluates the rule now (no eligible member with quorum)"
              : evaluator.equals(self)
                  ? "starting on this node"
                  : "evaluated on " + evaluator + ": its state is shown there (GET /api/rules)",
          null,
          null,
          null,
          null);
    }
    return new RuleView(
        rule.name(),
        rule.spec().description(),
        rule.spec().condition(),
        evaluator,
        true,
        lower(status.state()),
        text(status.since()),
        text(status.lastEvaluation()),
        lower(status.lastOutcome()),
        status.detail(),
        text(status.pendingUntil()),
        text(status.lastFiring()),
        text(status.lastClearing()),
        status.lastActionProblem());
  }

  static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String lower(Enum<?> e) {
    return e == null ? null : e.name().toLowerCase(Locale.ROOT);
  }
}
