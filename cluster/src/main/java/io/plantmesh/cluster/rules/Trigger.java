package io.plantmesh.cluster.rules;

/** When a write or event action runs. Alarms always raise on FIRE and clear on CLEAR. */
public enum Trigger {
  /** When the rule fires. */
  FIRE,
  /** When the firing rule clears. */
  CLEAR
}
