package io.plantmesh.cluster.rules;

/** What a rule does when it fires or clears. */
public sealed interface RuleAction permits WriteAction, AlarmAction, EventAction {}
