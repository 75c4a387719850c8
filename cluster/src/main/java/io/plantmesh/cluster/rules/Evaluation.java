package io.plantmesh.cluster.rules;

import java.util.Objects;

/**
 * The result of evaluating a condition, with the reason when it is neither true nor false.
 *
 * @param outcome true, false, unknown or error
 * @param detail why the outcome is UNKNOWN (which input, and what is wrong with it) or ERROR (the
 *     failure); null for TRUE and FALSE
 */
public record Evaluation(Outcome outcome, String detail) {
  public Evaluation {
    Objects.requireNonNull(outcome, "outcome");
  }

  public boolean isTrue() {
    return outcome == Outcome.TRUE;
  }
}
