/**
 * What the rules decide, as the MES receives it: each step of an alarm's lifecycle ({@link
 * io.plantmesh.kafka.decision.AlarmStep}) and each event a rule emits ({@link
 * io.plantmesh.kafka.decision.RuleEvent}), encoded by {@link
 * io.plantmesh.kafka.decision.DecisionJson} per {@code schemas/alarm.schema.json} and {@code
 * schemas/event.schema.json}. Plain data: this module does not depend on the cluster, whose types
 * the node maps onto these.
 */
package io.plantmesh.kafka.decision;
