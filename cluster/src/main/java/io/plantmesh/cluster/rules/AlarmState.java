package io.plantmesh.cluster.rules;

/**
 * Where an alarm is in its lifecycle: ACTIVE → ACKNOWLEDGED → CLEARED, or ACTIVE → CLEARED while
 * unacknowledged (ISA-18.2's "return to normal, unacknowledged"; see {@link Alarm#acknowledged()}).
 */
public enum AlarmState {
  /** Raised; nobody has acknowledged it yet. */
  ACTIVE,
  /** Still raised; someone said they are on it. */
  ACKNOWLEDGED,
  /** The rule cleared it (or someone did). Terminal. */
  CLEARED
}
