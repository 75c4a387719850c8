package io.plantmesh.node.config;

import io.plantmesh.cluster.rules.AlarmSeverity;
import io.plantmesh.cluster.rules.UnknownTagPolicy;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the rules are compiled at start-up and how their actions run. */
public interface RuleSettings {
  /**
   * A tag a rule names that the node does not know at start-up: {@code warn} loads the rule (the
   * tag may be collected by a peer, or found by browsing once connected) and checks its type at run
   * time; {@code refuse} stops the node.
   */
  @WithDefault("warn")
  UnknownTagPolicy unknownTags();

  /**
   * How long a rule's write stays valid: the PLC's owner refuses it (EXPIRED) after that. At most
   * {@code plantmesh.mesh.writes.result-ttl}.
   */
  @WithDefault("30s")
  Duration writeExpiry();

  /** The severity of the alarm a refused or failed write of a rule raises. */
  @WithDefault("high")
  AlarmSeverity writeFailureSeverity();

  /** How many rules' actions may run at once (each rule's in order), 1 to 64. */
  @WithDefault("4")
  int actionThreads();

  /** How long a cleared alarm is kept (and listed by {@code GET /api/alarms?state=all}). */
  @WithDefault("7d")
  Duration alarmRetention();
}
