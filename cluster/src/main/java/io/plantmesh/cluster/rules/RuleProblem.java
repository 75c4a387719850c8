package io.plantmesh.cluster.rules;

import java.util.Objects;

/**
 * Something wrong with a rule, found at load.
 *
 * @param severity an ERROR refuses the whole rule set; a WARNING is logged and the set loads
 * @param rule the rule's name, or null when the rule has none (yet)
 * @param key the configuration key, e.g. {@code plantmesh.rules[2].condition}
 * @param message what is wrong, in terms of the rule's own text
 */
public record RuleProblem(Severity severity, String rule, String key, String message) {

  public enum Severity {
    ERROR,
    WARNING
  }

  public RuleProblem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return key + (rule == null ? "" : " (rule '" + rule + "')") + ": " + message;
  }
}
