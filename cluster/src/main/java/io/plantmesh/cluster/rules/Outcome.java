package io.plantmesh.cluster.rules;

/** The result of evaluating a condition. */
public enum Outcome {
  TRUE,
  FALSE,
  /**
   * An input the result depends on is BAD, missing, stale (or UNCERTAIN, by policy): the rule
   * neither fires nor clears. CEL's logical operators are commutative over this: {@code false &&
   * unknown} is false and {@code true || unknown} is true, so a rule whose result does not depend
   * on the missing input still acts.
   */
  UNKNOWN,
  /** Evaluation failed (division by zero, a value of an unexpected type): the rule is ERRORED. */
  ERROR
}
