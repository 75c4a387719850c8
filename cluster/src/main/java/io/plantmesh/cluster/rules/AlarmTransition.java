package io.plantmesh.cluster.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of an alarm's history.
 *
 * @param action what happened
 * @param state the alarm's state after it
 * @param at when
 * @param by who: an operator's name, or {@code rule:<name>} when the rule raised or cleared it
 * @param reason why; may be null for RAISE and CLEAR
 */
public record AlarmTransition(
    Action action, AlarmState state, Instant at, String by, String reason) {

  public enum Action {
    RAISE,
    ACKNOWLEDGE,
    CLEAR
  }

  public AlarmTransition {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(by, "by");
  }
}
