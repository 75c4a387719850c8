package io.plantmesh.kafka.decision;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event a rule emitted (a batch started, a limit was crossed), as sent upstream.
 *
 * @param eventId the event's id, derived by the rule engine from the rule, the instant and the
 *     action: stable across retries, so it is the record's id
 * @param rule the rule that emitted it
 * @param name the event's name from the rule's {@code event} action
 * @param message its rendered message
 * @param at when the rule fired (or cleared) and emitted it
 * @param node the node that evaluated the rule
 */
public record RuleEvent(
    UUID eventId, String rule, String name, String message, Instant at, String node) {
  public RuleEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(node, "node");
  }

  /** The record's id: the event id. */
  public String id() {
    return eventId.toString();
  }
}
