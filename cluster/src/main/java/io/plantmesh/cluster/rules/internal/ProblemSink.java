package io.plantmesh.cluster.rules.internal;

import io.plantmesh.cluster.rules.RuleProblem;
import io.plantmesh.cluster.rules.RuleProblem.Severity;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of a rule set, so that all of them are reported at once. */
public final class ProblemSink {
  private final List<RuleProblem> problems = new ArrayList<>();

  public void error(String rule, String key, String message) {
    problems.add(new RuleProblem(Severity.ERROR, rule, key, message));
  }

  public void warning(String rule, String key, String message) {
    problems.add(new RuleProblem(Severity.WARNING, rule, key, message));
  }

  /** A view that files everything under one rule and key. */
  public Scoped scoped(String rule, String key) {
    return new Scoped(this, rule, key);
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(RuleProblem::isError);
  }

  public List<RuleProblem> problems() {
    return List.copyOf(problems);
  }

  /** Problems of one field of one rule. */
  public record Scoped(ProblemSink sink, String rule, String key) {
    public void error(String message) {
      sink.error(rule, key, message);
    }

    public void warning(String message) {
      sink.warning(rule, key, message);
    }
  }
}
