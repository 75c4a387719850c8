package io.plantmesh.cluster.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An alarm and its lifecycle, as plain immutable data the cluster can store: each transition
 * returns a new {@code Alarm} with the step appended to its history, or throws {@link
 * IllegalAlarmTransitionException}.
 *
 * <p>Allowed: acknowledge an ACTIVE alarm; clear an ACTIVE or ACKNOWLEDGED one; acknowledge a
 * CLEARED alarm that nobody acknowledged (the operator still has to see it; the state stays
 * CLEARED). Refused: acknowledging twice, clearing twice, a step dated before the previous one, an
 * acknowledgement without who and why.
 *
 * @param id the id from the {@link ActionRequest.RaiseAlarm}
 * @param rule the rule that raised it
 * @param severity its priority
 * @param message the rendered message
 * @param state where it is
 * @param acknowledged whether someone acknowledged it (also after it cleared)
 * @param history every step, oldest first; the first is the RAISE
 */
public record Alarm(
    UUID id,
    String rule,
    AlarmSeverity severity,
    String message,
    AlarmState state,
    boolean acknowledged,
    List<AlarmTransition> history) {

  static final int MAX_BY = 200;
  static final int MAX_REASON = 1000;

  public Alarm {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(state, "state");
    history = List.copyOf(history);
    if (history.isEmpty() || history.get(0).action() != AlarmTransition.Action.RAISE) {
      throw new IllegalArgumentException("alarm " + id + ": its history must start with RAISE");
    }
  }

  /** A new ACTIVE alarm, raised by its rule. */
  public static Alarm raise(ActionRequest.RaiseAlarm request) {
    AlarmTransition t =
        new AlarmTransition(
            AlarmTransition.Action.RAISE,
            AlarmState.ACTIVE,
            request.at(),
            "rule:" + request.rule(),
            null);
    return new Alarm(
        request.alarmId(),
        request.rule(),
        request.severity(),
        request.message(),
        AlarmState.ACTIVE,
        false,
        List.of(t));
  }

  public Instant raisedAt() {
    return history.get(0).at();
  }

  /** When the last step happened. */
  public Instant updatedAt() {
    return history.get(history.size() - 1).at();
  }

  /**
   * Someone acknowledges the alarm.
   *
   * @param by who (required, at most 200 characters)
   * @param reason why, or what they are doing about it (required, at most 1000 characters)
   * @throws IllegalAlarmTransitionException when it is already acknowledged, or the step is dated
   *     before the last one
   */
  public Alarm acknowledge(String by, String reason, Instant at) {
    requireText("acknowledge", "who", by, MAX_BY);
    requireText("acknowledge", "why", reason, MAX_REASON);
    if (acknowledged) {
      AlarmTransition ack =
          history.stream()
              .filter(t -> t.action() == AlarmTransition.Action.ACKNOWLEDGE)
              .findFirst()
              .orElseThrow();
      throw refused(
          "acknowledge", "it was already acknowledged by " + ack.by() + " at " + ack.at());
    }
    AlarmState next = state == AlarmState.CLEARED ? AlarmState.CLEARED : AlarmState.ACKNOWLEDGED;
    return step(AlarmTransition.Action.ACKNOWLEDGE, next, at, by, reason, true);
  }

  /** The rule cleared the alarm. */
  public Alarm clear(ActionRequest.ClearAlarm request) {
    if (!request.alarmId().equals(id)) {
      throw refused("clear", "the request is for alarm " + request.alarmId());
    }
    return clear("rule:" + request.rule(), null, request.at());
  }

  /**
   * Clears the alarm.
   *
   * @param by who: {@code rule:<name>} or an operator
   * @param reason why, or null
   * @throws IllegalAlarmTransitionException when it is already cleared, or the step is dated before
   *     the last one
   */
  public Alarm clear(String by, String reason, Instant at) {
    requireText("clear", "who", by, MAX_BY);
    if (reason != null && reason.length() > MAX_REASON) {
      throw refused("clear", "the reason is longer than " + MAX_REASON + " characters");
    }
    if (state == AlarmState.CLEARED) {
      throw refused(
          "clear", "it was already cleared at " + updatedAtOf(AlarmTransition.Action.CLEAR));
    }
    return step(AlarmTransition.Action.CLEAR, AlarmState.CLEARED, at, by, reason, acknowledged);
  }

  private Alarm step(
      AlarmTransition.Action action,
      AlarmState next,
      Instant at,
      String by,
      String reason,
      boolean ack) {
    Objects.requireNonNull(at, "at");
    if (at.isBefore(updatedAt())) {
      throw refused(
          action.name().toLowerCase(java.util.Locale.ROOT),
          "the step is dated " + at + ", before the alarm's last step at " + updatedAt());
    }
    List<AlarmTransition> h = new ArrayList<>(history);
    h.add(new AlarmTransition(action, next, at, by, reason));
    return new Alarm(id, rule, severity, message, next, ack, h);
  }

  private Instant updatedAtOf(AlarmTransition.Action action) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).action() == action) {
        return history.get(i).at();
      }
    }
    return updatedAt();
  }

  private void requireText(String what, String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw refused(
          what, "say " + field + (what.equals("acknowledge") ? " (both are required)" : ""));
    }
    if (value.length() > max) {
      throw refused(what, "'" + field + "' is longer than " + max + " characters");
    }
  }

  private IllegalAlarmTransitionException refused(String what, String why) {
    return new IllegalAlarmTransitionException(
        "cannot " + what + " alarm " + id + " of rule '" + rule + "' (" + state + "): " + why);
  }
}
