package io.plantmesh.cluster.rules;

/** A rule's state as people see it. */
public enum RuleState {
  /** Waiting for its condition (or its condition is unknown: see the status' detail). */
  ARMED,
  /** The condition holds, but not yet for the rule's {@code for} duration. */
  PENDING,
  /** Fired and not cleared yet. */
  FIRING,
  /**
   * The last evaluation failed (see the status' detail). Whether the rule was firing is kept: the
   * next successful evaluation continues from there.
   */
  ERRORED
}
