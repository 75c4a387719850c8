package io.plantmesh.cluster.rules;

/** A transition the alarm's lifecycle does not allow; the message names the alarm and why. */
public final class IllegalAlarmTransitionException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public IllegalAlarmTransitionException(String message) {
    super(message);
  }
}
