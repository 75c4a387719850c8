package io.plantmesh.cluster.rules;

import java.time.Instant;

/**
 * How the engine asks to be woken for {@code for} durations, staleness and {@code age()} rechecks:
 * the host calls {@link RuleEngine#onTimer()} at or after {@code at}, on the engine's thread. The
 * engine keeps its own timer queue and asks for one wake-up at a time: a later request supersedes
 * an earlier one. Early, late or extra calls of {@code onTimer} are harmless.
 */
@FunctionalInterface
public interface Scheduler {
  void wakeAt(Instant at);
}
