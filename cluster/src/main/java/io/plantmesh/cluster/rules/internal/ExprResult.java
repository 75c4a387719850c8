package io.plantmesh.cluster.rules.internal;

import io.plantmesh.cluster.rules.Evaluation;
import io.plantmesh.cluster.rules.Outcome;

/**
 * An expression's result.
 *
 * @param outcome for a bool expression TRUE/FALSE; for others TRUE when there is a value
 * @param value the CEL value (Boolean, Double, Long, UnsignedLong, String, java.time.Duration, ...)
 *     or null when UNKNOWN or ERROR
 * @param detail why UNKNOWN or ERROR
 */
public record ExprResult(Outcome outcome, Object value, String detail) {
  static ExprResult value(Object v) {
    if (v instanceof Boolean b) {
      return new ExprResult(b ? Outcome.TRUE : Outcome.FALSE, v, null);
    }
    return new ExprResult(Outcome.TRUE, v, null);
  }

  public boolean hasValue() {
    return outcome == Outcome.TRUE || outcome == Outcome.FALSE;
  }

  public Evaluation toEvaluation() {
    return new Evaluation(outcome, detail);
  }
}
