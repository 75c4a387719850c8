package io.plantmesh.cluster.rules;

import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a rule asks the node to do. The engine decides; the node executes (routes writes to the
 * owner, stores alarms cluster-wide, sends events through the Outbox). Ids are derived from the
 * rule, the firing's instant and the action's place, so a retried request carries the same id and
 * the executor can apply it once.
 */
public sealed interface ActionRequest {

  /** The rule that asked. */
  String rule();

  /** When the rule fired or cleared. */
  Instant at();

  /**
   * Write {@code value} to {@code target}.
   *
   * @param commandId idempotency key for {@code WriteCommand}
   * @param interlock to re-check on the owner just before writing; null for none
   */
  record Write(
      UUID commandId, String rule, TagPath target, Value value, Interlock interlock, Instant at)
      implements ActionRequest {
    public Write {
      Objects.requireNonNull(commandId, "commandId");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Raise an alarm (see {@link Alarm#raise}). */
  record RaiseAlarm(UUID alarmId, String rule, AlarmSeverity severity, String message, Instant at)
      implements ActionRequest {}

  /** Clear the alarm raised earlier with the same id. */
  record ClearAlarm(UUID alarmId, String rule, Instant at) implements ActionRequest {}

  /** Emit an event. */
  record Event(UUID eventId, String rule, String name, String message, Instant at)
      implements ActionRequest {}
}
