/**
 * Rules in the mesh: each rule evaluated by one member at a time ({@link
 * io.plantmesh.cluster.decisions.RuleHost}), its writes routed to the PLC's owner with their
 * interlock and audited, its alarms held cluster-wide ({@link
 * io.plantmesh.cluster.decisions.AlarmStore}), its events handed to the node ({@link
 * io.plantmesh.cluster.decisions.EventSink}).
 */
package io.plantmesh.cluster.decisions;
