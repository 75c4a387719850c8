package io.plantmesh.cluster.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule set was refused: nothing of it is loaded. Carries every problem found, not just the first,
 * so that one round of editing fixes them all.
 */
public final class RuleSetException extends Exception {
  private final transient List<RuleProblem> problems;

  public RuleSetException(List<RuleProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, errors and warnings, in the order of the configuration. */
  public List<RuleProblem> problems() {
    return problems;
  }

  /** Only the problems that refused the set. */
  public List<RuleProblem> errors() {
    return problems.stream().filter(RuleProblem::isError).toList();
  }

  private static String describe(List<RuleProblem> problems) {
    List<RuleProblem> errors = problems.stream().filter(RuleProblem::isError).toList();
    return "rule set refused, "
        + errors.size()
        + (errors.size() == 1 ? " error" : " errors")
        + ":\n  "
        + errors.stream().map(RuleProblem::toString).collect(Collectors.joining("\n  "));
  }
}
