package io.plantmesh.cluster.rules;

import java.util.Objects;

/**
 * Raises an alarm when the rule fires and clears it when the rule clears (see {@link Alarm} for its
 * lifecycle).
 *
 * @param severity the alarm's priority
 * @param message a template: text with {@code ${expr}} placeholders, each a CEL expression rendered
 *     when the alarm is raised (e.g. {@code Oven at ${tag("plant/l1/oven/temp")} °C}); an unknown
 *     value renders as {@code ?}
 */
public record AlarmAction(AlarmSeverity severity, String message) implements RuleAction {
  public AlarmAction {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }
}
