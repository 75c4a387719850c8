package io.plantmesh.cluster.rules;

import java.util.Objects;

/**
 * Emits an event (a record of something that happened, with no lifecycle) for the upstream systems.
 *
 * @param name the event's type, e.g. {@code oven-overheat}; letters, digits, {@code _ . -}
 * @param message a template as for {@link AlarmAction#message()}
 * @param on whether the event is emitted when the rule fires or when it clears
 */
public record EventAction(String name, String message, Trigger on) implements RuleAction {
  public EventAction {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(on, "on");
    if (!RuleSpec.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "event name '" + name + "' must contain only letters, digits and _ . - (at most 100)");
    }
  }
}
