package io.plantmesh.kafka.decision;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One step of an alarm's lifecycle (raised, acknowledged, cleared), as sent upstream: the alarm as
 * it is after the step, and the step itself. Each step is a record of its own, so the MES can
 * rebuild the alarm's history; {@link #id()} is stable across retries of the same step.
 *
 * @param alarmId the alarm's id (the same in every step)
 * @param seq the step's place in the alarm's history: 0 for the raise, then 1, 2...
 * @param rule the rule that raised the alarm
 * @param severity {@code LOW}, {@code MEDIUM}, {@code HIGH} or {@code CRITICAL} (ISA-18.2)
 * @param opcUaSeverity the OPC UA Alarms and Conditions severity, 1 to 1000
 * @param message the alarm's rendered message
 * @param state the alarm's state after the step: {@code ACTIVE}, {@code ACKNOWLEDGED} or {@code
 *     CLEARED}
 * @param acknowledged whether someone acknowledged the alarm (also after it cleared)
 * @param transition the step: {@code RAISE}, {@code ACKNOWLEDGE} or {@code CLEAR}
 * @param who who took the step: an operator, or {@code rule:<name>}
 * @param why why (an acknowledgement always says), or null
 * @param when when the step was taken
 * @param raisedAt when the alarm was raised
 * @param node the node that took the step (where the rule ran, or the operator acknowledged)
 */
public record AlarmStep(
    UUID alarmId,
    int seq,
    String rule,
    String severity,
    int opcUaSeverity,
    String message,
    String state,
    boolean acknowledged,
    String transition,
    String who,
    String why,
    Instant when,
    Instant raisedAt,
    String node) {

  static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
  static final Set<String> STATES = Set.of("ACTIVE", "ACKNOWLEDGED", "CLEARED");
  static final Set<String> TRANSITIONS = Set.of("RAISE", "ACKNOWLEDGE", "CLEAR");

  public AlarmStep {
    Objects.requireNonNull(alarmId, "alarmId");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(raisedAt, "raisedAt");
    Objects.requireNonNull(node, "node");
    if (seq < 0) {
      throw new IllegalArgumentException("seq: " + seq + " must not be negative");
    }
    if ((seq == 0) != "RAISE".equals(transition)) {
      throw new IllegalArgumentException(
          "seq " + seq + " with transition " + transition + ": step 0, and only it, is the RAISE");
    }
    check("severity", severity, SEVERITIES);
    check("state", state, STATES);
    check("transition", transition, TRANSITIONS);
    if (opcUaSeverity < 1 || opcUaSeverity > 1000) {
      throw new IllegalArgumentException(
          "opcUaSeverity: " + opcUaSeverity + " must be between 1 and 1000");
    }
  }

  /** {@code <alarm id>#<seq>}: the record's id, the same each time this step is sent. */
  public String id() {
    return alarmId + "#" + seq;
  }

  private static void check(String field, String value, Set<String> allowed) {
    if (value == null || !allowed.contains(value)) {
      throw new IllegalArgumentException(
          field + ": '" + value + "' is not one of " + new java.util.TreeSet<>(allowed));
    }
  }
}
