package io.plantmesh.cluster.decisions;

import io.plantmesh.cluster.rules.ActionRequest;

/**
 * Where a rule's events go: the node appends them to its Outbox, which sends them upstream. Called
 * on the rule's action lane, in the order the rule emitted them, once per event on the member that
 * evaluates the rule (an event of a firing that member did not get to run before it died is not
 * emitted again by the next evaluator). An exception is logged and the event is not retried.
 */
@FunctionalInterface
public interface EventSink {
  void emit(ActionRequest.Event event);
}
